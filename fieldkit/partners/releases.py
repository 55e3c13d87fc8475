"""Releases out: a signed zip of what an agreement allows, made safe.

An aggregate release counts through the F7 profile engine (:func:`build_profile`,
the one way fieldkit counts) and applies THE disclosure rule
(:mod:`fieldkit.disclosure`). A record-level release holds only the fields asked
for (each one the agreement names), with a pseudonym per interview keyed by a
secret of that agreement alone, so two partners cannot join their copies.

The zip: ``table.csv`` (long layout: one column per ``--by`` field, then ``count``;
totals are rows whose value is ``Total``; a withheld count is ``c``) or
``records.csv``, the same as ``table.xlsx``/``records.xlsx``, ``data_dictionary.csv``,
``README.txt``, and ``release.json`` signed (Ed25519, the project's signing key, as
packs are) in ``release.sig``.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from fieldkit.disclosure import SUPPRESSED, TOTAL, Protected, protect_grid, protect_list
from fieldkit.errors import EnvironmentProblem, InvalidInput
from fieldkit.i18n import _
from fieldkit.insight import ProfileQuery, build_profile
from fieldkit.insight.counting import COUNTED_STATUSES, first_row_filter
from fieldkit.insight.fields import fields_of, form_versions, resolve_field
from fieldkit.insight.periods import period_range
from fieldkit.partners.agreements import Agreement, get_agreement
from fieldkit.store import Store
from fieldkit.store.audit import record_event as audit
from fieldkit.store.models import Answer, Interview, Project, ShareRelease
from fieldkit.store.secrets import get_or_create_secret
from fieldkit.sync import keys
from fieldkit.sync.formats import canonical, sha256_hex
from fieldkit.sync.safezip import write_file_atomic, write_zip

__all__ = ["RELEASE_FORMAT", "Release", "ReleasePreview", "ReleaseRequest", "make_release",
           "preview_release", "pseudonym_key_name"]

RELEASE_FORMAT = "fieldkit-release"
RELEASE_VERSION = 1


def pseudonym_key_name(agreement_id: int) -> str:
    return f"partners/agreement-{agreement_id}/pseudonym-key"


@dataclass(frozen=True)
class ReleaseRequest:
    agreement_id: int
    by: tuple[str, ...]
    out: Path
    records: bool = False
    form_id: str | None = None  # when given, must be the agreement's form
    period: str | None = None  # e.g. 2026H1: count only that period


@dataclass
class Release:
    id: int
    agreement: Agreement
    path: Path
    level: str
    by: tuple[str, ...]
    rows: int
    withheld: int
    sha256: str
    period: str | None
    #: The long table as published (aggregate) — what the preview shows.
    table: list[dict[str, str]] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"release": self.id, "agreement": self.agreement.id,
                "agreement_version": self.agreement.version, "partner":
                    self.agreement.partner, "level": self.level, "by": list(self.by),
                "period": self.period, "out": str(self.path), "rows": self.rows,
                "withheld": self.withheld, "sha256": self.sha256}


def check_request(agreement: Agreement, request: ReleaseRequest,
                  today: date | None = None) -> None:
    """Refuse (one line, exit 1) what the agreement does not allow."""
    status = agreement.status(today)
    if status == "ended":
        raise InvalidInput(_("Agreement {id} with {partner} has ended ({day}); nothing may "
                             "be released under it.").format(
            id=agreement.id, partner=agreement.partner,
            day=(agreement.ended_on or agreement.ends).isoformat()))
    if status == "not started":
        raise InvalidInput(_("Agreement {id} with {partner} starts on {day}; nothing may "
                             "be released before then.").format(
            id=agreement.id, partner=agreement.partner, day=agreement.starts.isoformat()))
    if request.form_id is not None and request.form_id != agreement.form_id:
        raise InvalidInput(_("--form {form}: agreement {id} covers only the form {agreed}."
                             ).format(form=request.form_id, id=agreement.id,
                                      agreed=agreement.form_id))
    if request.records and agreement.level != "records":
        raise InvalidInput(_("Agreement {id} allows aggregate tables only, not records."
                             ).format(id=agreement.id))
    if not request.by:
        raise InvalidInput(_("--by: name at least one field."))
    for name in request.by:
        if name not in agreement.fields:
            raise InvalidInput(_("--by {field}: agreement {id} does not cover this field "
                                 "(it covers: {fields}).").format(
                field=name, id=agreement.id, fields=", ".join(agreement.fields)))
    if len(set(request.by)) != len(request.by):
        raise InvalidInput(_("--by: a field is named twice."))
    if not request.records and len(request.by) > 2:
        raise InvalidInput(_("--by: an aggregate release crosses at most two fields (more "
                             "would leave most cells too small to publish)."))


@dataclass
class _Counts:
    """A table counted by the profile engine, before the disclosure rule."""

    rows: list[str]
    columns: list[str] | None  # None: a one-way table
    counts: dict[tuple[str, ...], int]
    unit: str
    source: str
    labels: dict[str, dict[str, str]]  # field -> code -> label
    area: str | None = None  # the --by field counted as an area (a postcode district)


def _period_length(period: str) -> str:
    if "Q" in period:
        return "quarter"
    if "H" in period:
        return "half"
    if "-" in period:
        return "month"
    return "year"


def count_table(store: Store, agreement: Agreement, by: tuple[str, ...],
                period: str | None) -> _Counts:
    """Counts of interviews by the ``by`` fields, through build_profile."""

    fields = fields_of(form_versions(store, agreement.form_id))
    length = _period_length(period) if period else "year"
    if period:

        try:
            period_range(period)
        except ValueError:
            raise InvalidInput(_("--period {period}: write a period as 2026, 2026H1, "
                                 "2026Q3 or 2026-03.").format(period=period)) from None
    first = by[0]
    area = None
    measure = first
    if len(by) == 2:
        second = resolve_field(fields, by[1], "--by", ("select", "number", "derived", "text"))
        if second.kind == "text":
            area = by[1]  # a postcode or area name: counted by district, as in F7
        else:
            measure = by[1]
    profile = build_profile(store, ProfileQuery(
        form_id=agreement.form_id, by=first, measures=(measure,), period=length,
        area_field=area))

    def wanted(p: str) -> bool:
        return period is None or p == period

    labels = {first: {g: profile.group_label(g) for g in profile.groups}}
    if len(by) == 1:
        counts: dict[tuple[str, ...], int] = defaultdict(int)
        for (group, p), n in profile.interviews.items():
            if wanted(p):
                counts[(group,)] += n
        return _Counts(list(profile.groups), None, dict(counts), profile.unit,
                       profile.source, labels)
    grid: dict[tuple[str, ...], int] = defaultdict(int)
    if area is not None:
        places: set[str] = set()
        for (group, p, place), n in profile.area_interviews.items():
            if wanted(p):
                grid[(group, place)] += n
                places.add(place)
        columns = sorted(places)
        unit = profile.unit
    else:
        for cell in profile.cells:
            if cell.area is None and wanted(cell.period):
                grid[(cell.group, cell.category)] += cell.count
        columns = profile.categories(measure)
        labels[measure] = {c: profile.category_label(measure, c) for c in columns}
        unit = next((c.unit for c in profile.cells), profile.unit)
    return _Counts(list(profile.groups), columns, dict(grid), unit, profile.source, labels,
                   area)


def _protected_rows(counted: _Counts, table: Protected[tuple[str, ...]],
                    by: tuple[str, ...]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    if counted.columns is None:
        for key in [*((r,) for r in counted.rows), (TOTAL,)]:
            rows.append({by[0]: key[0], "count": table.text(key)})
        return rows
    for r in [*counted.rows, TOTAL]:
        for c in [*counted.columns, TOTAL]:
            rows.append({by[0]: r, by[1]: c, "count": table.text((r, c))})
    return rows


def _csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx(header: list[str], rows: list[dict[str, str]], about: list[str]) -> bytes:
    # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "table"
    sheet.append(header)
    for row in rows:
        # Counts as numbers (so a spreadsheet can add them), "c" as text.
        sheet.append([int(v) if k == "count" and v.isdigit() else v
                      for k, v in ((h, row[h]) for h in header)])
    notes = book.create_sheet("about")
    for line in about:
        notes.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _records(store: Store, agreement: Agreement, by: tuple[str, ...], key: bytes,
             project_id: str) -> tuple[list[str], list[dict[str, str]]]:
    """One row per counted interview: a pseudonym and the first answer of each field."""

    versions = form_versions(store, agreement.form_id)
    infos = [resolve_field(fields_of(versions), name, "--by",
                           ("select", "number", "text", "date"))
             for name in by]
    rows: dict[str, dict[str, str]] = {}
    with store.session() as session:
        uuids = session.scalars(select(Interview.uuid).where(
            Interview.project_id == project_id, Interview.form_pk.in_(versions.pks),
            Interview.status.in_(COUNTED_STATUSES)).order_by(Interview.uuid)).all()
        for uuid in uuids:
            rows[uuid] = {name: "" for name in by}
        for name, info in zip(by, infos, strict=True):
            answer = aliased(Answer)
            found = session.execute(
                select(answer.interview_uuid, answer.value)
                .join(Interview, and_(Interview.uuid == answer.interview_uuid))
                .where(Interview.project_id == project_id,
                       Interview.form_pk.in_(versions.pks),
                       Interview.status.in_(COUNTED_STATUSES),
                       first_row_filter(answer.path, info))).all()
            for uuid, value in found:
                if uuid in rows:
                    rows[uuid][name] = value or ""
    out = []
    for uuid, row in rows.items():
        code = hmac.new(key, f"{project_id}:{uuid}".encode(), hashlib.sha256).hexdigest()
        out.append({"pseudonym": code[:20], **row})
    out.sort(key=lambda r: r["pseudonym"])  # no order that hints at when or who
    return ["pseudonym", *by], out


def _aggregate(store: Store, agreement: Agreement, request: ReleaseRequest
               ) -> tuple[_Counts, list[dict[str, str]], dict[str, str]]:
    """The counted table, its published rows, and why each withheld entry is
    withheld ("primary": below the threshold; "secondary": it would give one away)."""
    counted = count_table(store, agreement, request.by, request.period)
    rule = agreement.rule
    if counted.columns is None:
        table = protect_list({r: counted.counts.get((r,), 0) for r in counted.rows}, rule)
    else:
        table = protect_grid({k: v for k, v in counted.counts.items() if len(k) == 2},
                             counted.rows, counted.columns, rule)
    reasons = {" / ".join(k): "primary" for k in table.primary}
    reasons |= {" / ".join(k): "secondary" for k in table.secondary}
    return counted, _protected_rows(counted, table, request.by), reasons


@dataclass(frozen=True)
class ReleasePreview:
    """What an aggregate release would publish (nothing written, nothing recorded)."""

    rows: list[dict[str, str]]
    #: Withheld entry ("group / area") -> "primary" or "secondary".
    reasons: dict[str, str]
    rule: str
    source: str


def preview_release(store: Store, project_id: str, request: ReleaseRequest, *,
                    today: date | None = None) -> ReleasePreview:
    """The table a release would hold, checked against the agreement as a release is
    (for a screen that shows what will be withheld before anything is written)."""
    agreement = get_agreement(store, project_id, request.agreement_id)
    check_request(agreement, request, today)
    if request.records:
        raise InvalidInput(_("A record-level release has no table to preview."))
    counted, rows, reasons = _aggregate(store, agreement, request)
    return ReleasePreview(rows, reasons, agreement.rule.describe(), counted.source)


def make_release(store: Store, project_id: str, request: ReleaseRequest, *,
                 actor: str = "", today: date | None = None) -> Release:
    """Check, count, protect, write and register one release."""

    agreement = get_agreement(store, project_id, request.agreement_id)
    check_request(agreement, request, today)
    by = request.by
    now = datetime.now(UTC)
    members: dict[str, bytes] = {}
    reasons: dict[str, str] = {}
    withheld = 0
    preview: list[dict[str, str]] = []
    if request.records:
        key = get_or_create_secret(store, project_id, pseudonym_key_name(agreement.id))
        header, rows = _records(store, agreement, by, key, project_id)
        source = ""
        unit = "interviews"
        stem = "records"
        labels: dict[str, dict[str, str]] = {}
        area = None
    else:
        counted, rows, reasons = _aggregate(store, agreement, request)
        header = [*by, "count"]
        preview = rows
        withheld = len(reasons)
        source, unit, stem, labels = counted.source, counted.unit, "table", counted.labels
        area = counted.area
    project_name = _project_name(store, project_id)
    readme = _readme(agreement, request, project_name, now, withheld=withheld, unit=unit,
                     source=source, rows=len(rows))
    members[f"{stem}.csv"] = _csv(header, rows)
    members[f"{stem}.xlsx"] = _xlsx(header, rows, readme.splitlines())
    members["data_dictionary.csv"] = _dictionary(header, labels, unit, request.records,
                                                 agreement)
    members["README.txt"] = readme.encode("utf-8")
    signing = keys.signing_key(store, project_id)
    manifest: dict[str, Any] = {
        "format": RELEASE_FORMAT, "version": RELEASE_VERSION, "project": project_name,
        "made_at": now.isoformat(timespec="seconds"),
        "agreement": {"id": agreement.id, "version": agreement.version,
                      "partner": agreement.partner, "purpose": agreement.purpose,
                      "basis": agreement.basis, "condition": agreement.condition,
                      "min_count": agreement.min_count, "round_to": agreement.round_to},
        "level": "records" if request.records else "aggregate", "form_id": agreement.form_id,
        "by": list(by), "area": area, "period": request.period, "unit": unit, "source": source,
        "table": f"{stem}.csv", "withheld": withheld,
        "verify_key": bytes(signing.verify_key).hex(),
        "members": {name: sha256_hex(data) for name, data in members.items()},
    }
    body = canonical(manifest)
    members["release.json"] = body
    members["release.sig"] = keys.sign(signing, body)
    data = write_zip(members)
    try:
        write_file_atomic(request.out, data)
    except OSError as exc:

        raise EnvironmentProblem(_("--out {path}: cannot be written ({reason}).").format(
            path=request.out, reason=exc.strerror or exc)) from exc
    digest = hashlib.sha256(data).hexdigest()

    with store.session() as session:
        entry = ShareRelease(
            agreement_id=agreement.id, agreement_version=agreement.version,
            level=manifest["level"], by_fields=",".join(by), file_name=str(request.out),
            sha256=digest, rows=len(rows), withheld=withheld, actor=actor,
            detail=json.dumps({"period": request.period, "withheld": reasons},
                              ensure_ascii=False, sort_keys=True))
        session.add(entry)
        session.flush()
        audit(session, "share_release", object_type="share_agreement",
              object_id=str(agreement.id), device_id=None, actor=actor,
              detail={"release": entry.id, "level": entry.level, "by": entry.by_fields,
                      "sha256": digest, "rows": len(rows), "withheld": withheld})
        release_id = entry.id
    return Release(release_id, agreement, request.out, manifest["level"], by, len(rows),
                   withheld, digest, request.period, preview, reasons)


def list_releases(store: Store, agreement_id: int) -> list[dict[str, object]]:
    with store.session() as session:
        return [{"release": r.id, "agreement_version": r.agreement_version,
                 "level": r.level, "by": r.by_fields.split(","), "out": r.file_name,
                 "sha256": r.sha256, "rows": r.rows, "withheld": r.withheld,
                 "actor": r.actor, "at": r.at.isoformat()}
                for r in session.scalars(select(ShareRelease).where(
                    ShareRelease.agreement_id == agreement_id).order_by(ShareRelease.id))]


def _project_name(store: Store, project_id: str) -> str:

    with store.session() as session:
        return session.get_one(Project, project_id).name


def _dictionary(header: list[str], labels: dict[str, dict[str, str]], unit: str,
                records: bool, agreement: Agreement) -> bytes:
    rows = []
    for column in header:
        if column == "count":
            text = _("number of {unit}; {c} where withheld by the disclosure rule").format(
                unit=unit, c=SUPPRESSED)
            values = ""
        elif column == "pseudonym":
            text = _("a code standing for one interview, made with a key kept only for "
                     "this agreement; it cannot be turned back into a person or joined "
                     "with another partner's release")
            values = ""
        else:
            text = _("field {field} of the form {form}; {total} in a total row").format(
                field=column, form=agreement.form_id, total=TOTAL) if not records else _(
                "field {field} of the form {form}, the answer as recorded").format(
                field=column, form=agreement.form_id)
            values = "; ".join(f"{code} = {label}" for code, label in
                               labels.get(column, {}).items())
        rows.append({"column": column, "description": text, "values": values})
    return _csv(["column", "description", "values"], rows)


def _readme(agreement: Agreement, request: ReleaseRequest, project: str, now: datetime, *,
            withheld: int, unit: str, source: str, rows: int) -> str:
    lines = [
        _("What this is: a release of figures from the fieldkit project {project} to "
          "{partner}, made on {day}.").format(project=project, partner=agreement.partner,
                                              day=now.date().isoformat()),
        _("Under which agreement: data-sharing agreement {id} (version {version}), signed "
          "off by {signed}; purpose: {purpose}; lawful basis (UK GDPR Article 6): "
          "{basis}.").format(id=agreement.id, version=agreement.version,
                             signed=agreement.signed_by, purpose=agreement.purpose,
                             basis=agreement.basis),
    ]
    if agreement.condition:
        lines.append(_("Article 9 condition (special-category data): {condition}.").format(
            condition=agreement.condition))
    lines.append(_("The agreement ends on {day}; do not keep or use these figures beyond "
                   "what it allows.").format(day=agreement.ends.isoformat()))
    if request.records:
        lines += [
            _("Contents: records.csv and records.xlsx, one row per interview ({rows} "
              "rows), with only the fields {fields}.").format(
                rows=rows, fields=", ".join(request.by)),
            _("Each row carries a pseudonym made with a key used for this agreement "
              "alone: it identifies no one and does not match codes in any other "
              "release."),
        ]
    else:
        lines += [
            _("Contents: table.csv and table.xlsx, the number of {unit} by {fields}{period}"
              "; rows whose value is Total are totals.").format(
                unit=unit, fields=", ".join(request.by),
                period=_(" in {period}").format(period=request.period)
                if request.period else ""),
            _("Disclosure control: {rule}.").format(rule=agreement.rule.describe()),
            _("Withheld in this release: {n} figures.").format(n=withheld) if withheld
            else _("Nothing needed to be withheld in this release."),
            _("Source: {source}.").format(source=source),
        ]
    lines += [
        _("data_dictionary.csv explains every column. release.json describes the release "
          "and release.sig is its signature (Ed25519): fieldkit checks it when the release "
          "is imported with 'fieldkit partners import'."),
    ]
    return "\n\n".join(lines) + "\n"
