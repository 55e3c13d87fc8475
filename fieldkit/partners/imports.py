"""Partners' figures in: three table layouts and fieldkit's own releases.

* **long**: ``period,area,category,count`` (other column names through a mapping);
* **wide**: a period column, an optional area column and one column per category
  (like the census bulk files), a ``Total`` column checked when present;
* **Stat-Xplore** (DWP): the CSV export with title lines above the table, periods
  across and categories down (or the other way round), a ``Total`` row and column
  (checked), footnotes below;
* a **fieldkit release** (a signed zip from another fieldkit), its signature checked.

Every row is checked before anything is stored; one bad row rejects the file (exit
3) with every bad row listed by line number, and the store is left as it was.
Periods are written as in F7 (``2026``, ``2026H1``, ``2026Q3``, ``2026-03``), as
Stat-Xplore writes them (``2026 Q3``, ``Mar 2026``, ``Mar-26``) or as a date
(``2026-03-31``: its month).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from fieldkit.errors import InvalidInput, RejectedInput
from fieldkit.i18n import _, ngettext
from fieldkit.partners.releases import RELEASE_FORMAT
from fieldkit.store import Store
from fieldkit.store.audit import record_event as audit
from fieldkit.store.models import PartnerFigure, PartnerImport, PartnerMapping
from fieldkit.sync import keys
from fieldkit.sync.formats import sha256_hex
from fieldkit.sync.safezip import read_file_bounded, read_zip

__all__ = ["ImportResult", "Parsed", "import_figures", "list_sources", "parse_file",
           "parse_period", "preview_file", "remembered_mapping"]

#: What a partner writes for a figure it does not give (withheld or not available).
NOT_GIVEN = {"", "..", ".", "c", "x", "*", "-", ":", "z", "[c]", "[x]", "[z]"}
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    start=1)}
_F7 = re.compile(r"^([0-9]{4})(?:-(0[1-9]|1[0-2])|Q([1-4])|H([12]))?$")
_SPACED = re.compile(r"^([0-9]{4})\s+([QH])([1-4])$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_MONTH_NAME = re.compile(r"^([A-Za-z]{3})[A-Za-z]*[\s-]+([0-9]{2}|[0-9]{4})$")
MAX_MESSAGES = 20


def parse_period(text: str) -> str | None:
    """The F7 period key of ``text``, or None when it is not a period."""
    text = text.strip()
    match = _F7.match(text)
    if match:
        if match.group(4) and int(match.group(4)) > 2:
            return None
        return text
    match = _SPACED.match(text)
    if match:
        if match.group(2) == "H" and match.group(3) not in ("1", "2"):
            return None
        return f"{match.group(1)}{match.group(2)}{match.group(3)}"
    match = _DATE.match(text)
    if match:
        try:
            date.fromisoformat(text)
        except ValueError:
            return None
        return f"{match.group(1)}-{match.group(2)}"
    match = _MONTH_NAME.match(text)
    if match and match.group(1).lower() in _MONTHS:
        year = match.group(2)
        year = f"20{year}" if len(year) == 2 else year
        return f"{year}-{_MONTHS[match.group(1).lower()]:02d}"
    return None


@dataclass
class Parsed:
    """A file read and checked: its figures, or the problems found (line numbers)."""

    layout: str
    figures: dict[tuple[str, str, str], int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    signed_by: str = ""
    skipped: int = 0  # figures the partner withheld or did not give
    #: (area, category, period) -> line, for the messages.
    lines: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def add(self, line: int, area: str, category: str, period_text: str,
            count_text: str) -> None:
        period = parse_period(period_text)
        if period is None:
            self.problems.append(_("line {line}: {period!r} is not a period (write 2026, "
                                   "2026H1, 2026Q3, 2026-03 or a date).").format(
                line=line, period=period_text))
            return
        count = _count(count_text)
        if count is None:
            self.skipped += 1
            return
        if isinstance(count, str):
            self.problems.append(_("line {line}: count {value!r} {why}.").format(
                line=line, value=count_text, why=count))
            return
        key = (area.strip(), category.strip(), period)
        if not key[1]:
            self.problems.append(_("line {line}: the category is empty.").format(line=line))
            return
        if key in self.figures:
            self.problems.append(_("line {line}: {category} in {area} for {period} is given "
                                   "twice (first on line {first}).").format(
                line=line, category=key[1], area=key[0] or "-", period=period,
                first=self.lines[key]))
            return
        self.figures[key] = count
        self.lines[key] = line

    def check_total(self, line: int, what: str, parts: list[str], total: str) -> None:
        """A Total the file gives must equal its parts (when all of them are given)."""
        values = [_count(p) for p in parts]
        given = _count(total)
        if any(not isinstance(v, int) for v in values) or not isinstance(given, int):
            return
        added = sum(v for v in values if isinstance(v, int))
        if added != given:
            self.problems.append(_("line {line}: the total of {what} is {total} but its "
                                   "parts add up to {sum}.").format(
                line=line, what=what, total=given, sum=added))


def _count(text: str) -> int | str | None:
    """An int, None for a figure not given, or why it is wrong."""
    value = text.strip().replace(",", "")
    if value.lower() in NOT_GIVEN:
        return None
    try:
        number = float(value)
    except ValueError:
        return _("is not a number")
    if number < 0:
        return _("is negative")
    if number != int(number):
        return _("is not a whole number")
    return int(number)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _is_total(text: str) -> bool:
    return text.strip().lower() in ("total", "all", "totals")


def _decode(data: bytes, label: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RejectedInput(_("{path}: not a text (CSV) file.").format(path=label))


def parse_file(path: Path, mapping: dict[str, Any] | None = None,
               verify_key: str | None = None) -> Parsed:
    """Read ``path`` in whichever layout it is (or ``mapping['layout']``)."""

    data = read_file_bounded(path)
    mapping = mapping or {}
    if data[:4] == b"PK\x03\x04":
        return _parse_release(data, str(path), verify_key)
    text = _decode(data, str(path))
    rows = _rows(text)
    layout = mapping.get("layout") or _guess(rows, mapping)
    if layout == "statxplore":
        return _parse_statxplore(rows, mapping)
    if layout == "long":
        return _parse_long(rows, mapping, str(path))
    if layout == "wide":
        return _parse_wide(rows, mapping, str(path))
    raise RejectedInput(_("{path}: layout {layout!r} unknown; use long, wide or "
                          "statxplore.").format(path=path, layout=layout))


def _header(rows: list[list[str]]) -> list[str]:
    return [h.strip().lower() for h in rows[0]] if rows else []


def _guess(rows: list[list[str]], mapping: dict[str, Any]) -> str:
    if not rows:
        return "long"
    first = rows[0][0].strip().lower() if rows[0] else ""
    if first.endswith(":") or len([c for c in rows[0] if c.strip()]) <= 1:
        return "statxplore"  # title lines ("Dataset:", a title alone)
    header = _header(rows)
    count_column = str(mapping.get("count", "count")).lower()
    return "long" if count_column in header else "wide"


def _column(header: list[str], mapping: dict[str, Any], role: str, label: str,
            required: bool = True) -> int | None:
    name = str(mapping.get(role, role)).strip().lower()
    if name in header:
        return header.index(name)
    if required:
        raise RejectedInput(_("{path}: no {role} column (looked for {name!r}); name it "
                              "with --mapping.").format(path=label, role=role, name=name))
    return None


def _parse_long(rows: list[list[str]], mapping: dict[str, Any], label: str) -> Parsed:
    parsed = Parsed("long")
    header = _header(rows)
    period = _column(header, mapping, "period", label)
    area = _column(header, mapping, "area", label, required=False)
    category = _column(header, mapping, "category", label)
    count = _column(header, mapping, "count", label)
    assert period is not None and category is not None and count is not None
    totals: list[tuple[int, str, str, str]] = []
    width = max(period, category, count, area or 0) + 1
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < width:
            parsed.problems.append(_("line {line}: {n} columns, expected {width}.").format(
                line=line, n=len(row), width=width))
            continue
        where = row[area] if area is not None else str(mapping.get("area_value", ""))
        if _is_total(row[category]):
            totals.append((line, where, row[period], row[count]))
            continue
        parsed.add(line, where, row[category], row[period], row[count])
    for line, where, period_text, total in totals:
        key_period = parse_period(period_text)
        parts = [str(v) for (a, _c, p), v in parsed.figures.items()
                 if a == where.strip() and p == key_period]
        parsed.check_total(line, f"{where or '-'} {period_text}", parts, total)
    return parsed


def _parse_wide(rows: list[list[str]], mapping: dict[str, Any], label: str) -> Parsed:
    parsed = Parsed("wide")
    header = _header(rows)
    period = _column(header, mapping, "period", label, required="date" not in header)
    if period is None:  # census bulk files call it "date"
        period = header.index("date")
    area = _column(header, mapping, "area", label, required=False)
    if area is None and "geography code" in header:
        area = header.index("geography code")
    skip = {period, area, *(i for i, h in enumerate(header)
                            if h in ("geography", "geography code", "date", "period",
                                     "area"))}
    categories = [(i, rows[0][i].strip()) for i in range(len(header)) if i not in skip]
    total = next((i for i, name in categories if _is_total(name)), None)
    categories = [(i, name) for i, name in categories if i != total]
    if not categories:
        raise RejectedInput(_("{path}: no category columns found.").format(path=label))
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header):
            parsed.problems.append(_("line {line}: {n} columns, expected {width}.").format(
                line=line, n=len(row), width=len(header)))
            continue
        assert period is not None
        where = row[area] if area is not None else str(mapping.get("area_value", ""))
        for i, name in categories:
            parsed.add(line, where, name, row[period], row[i])
        if total is not None:
            parsed.check_total(line, row[period], [row[i] for i, _n in categories],
                               row[total])
    return parsed


def _numeric(text: str) -> bool:
    return isinstance(_count(text), int)


def _parse_statxplore(rows: list[list[str]], mapping: dict[str, Any]) -> Parsed:
    """Title lines, then a header row (the row field's name, then column labels),
    data rows (label, figures...), a Total row, then footnotes."""
    parsed = Parsed("statxplore")
    start = None
    for i in range(len(rows) - 1):
        cells = [c for c in rows[i] if c.strip()]
        below = rows[i + 1] if i + 1 < len(rows) else []
        below2 = rows[i + 2] if i + 2 < len(rows) else []
        if len(cells) >= 2 and any(not c.strip().endswith(":") for c in cells) and (
                any(_numeric(c) for c in below[1:]) or any(_numeric(c) for c in below2[1:])):
            start = i
            break
    if start is None:
        parsed.problems.append(_("no table found below the title lines."))
        return parsed
    header = [c.strip() for c in rows[start]]
    area = str(mapping.get("area_value", ""))
    body: list[tuple[int, list[str]]] = []
    for line, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(c.strip() for c in row):
            if body:
                break  # footnotes follow a blank line
            continue
        label = row[0].strip()
        if not label or not any(_numeric(c) or c.strip() in NOT_GIVEN for c in row[1:]):
            if body:
                break
            continue  # a second header line (the row field's name alone)
        body.append((line, row))
    # Columns: those whose header is not empty (Stat-Xplore may leave one blank).
    columns = [(j, h) for j, h in enumerate(header) if j > 0 and h]
    total_col = next((j for j, h in columns if _is_total(h)), None)
    columns = [(j, h) for j, h in columns if j != total_col]
    periods_across = sum(parse_period(h) is not None for _j, h in columns) >= max(
        1, len(columns) // 2)
    data_rows = [(line, row) for line, row in body if not _is_total(row[0])]
    total_row = next(((line, row) for line, row in body if _is_total(row[0])), None)
    for line, short in data_rows:
        row = short + [""] * (len(header) - len(short))
        for j, name in columns:
            if periods_across:
                parsed.add(line, area, row[0], name, row[j])
            else:
                parsed.add(line, area, name, row[0], row[j])
        if total_col is not None and total_col < len(row):
            parsed.check_total(line, row[0].strip(), [row[j] for j, _h in columns],
                               row[total_col])
    if total_row is not None:
        line, row = total_row
        for j, name in [*columns, *([(total_col, "Total")] if total_col is not None
                                    else [])]:
            if j < len(row):
                parsed.check_total(line, name, [r[j] if j < len(r) else "" for _l, r in
                                                data_rows], row[j])
    return parsed


def _parse_release(data: bytes, label: str, expected_key: str | None) -> Parsed:
    """A fieldkit aggregate release: signature checked, its table read. The
    figures' category is the first ``--by`` field's value; a second field is the
    area when it was one, else joined to the category (``A / B``)."""

    members = read_zip(data, label=label, required=("release.json", "release.sig"),
                       optional=("README.txt", "data_dictionary.csv", "table.csv",
                                 "table.xlsx", "records.csv", "records.xlsx"))
    body = members["release.json"]
    try:
        manifest = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RejectedInput(_("{path}: release.json is not valid JSON.").format(
            path=label)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != RELEASE_FORMAT:
        raise RejectedInput(_("{path}: not a fieldkit release.").format(path=label))
    try:
        public = bytes.fromhex(str(manifest.get("verify_key", "")))
    except ValueError:
        public = b""
    if not public or not keys.verify(public, body, members["release.sig"]):
        raise RejectedInput(_("{path}: the signature does not match; the release was "
                              "changed after it was made.").format(path=label))
    if expected_key and expected_key != public.hex():
        raise RejectedInput(_("{path}: signed by a different key than this source's "
                              "earlier releases; ask the partner whether they changed "
                              "computers.").format(path=label))
    hashes = manifest.get("members", {})
    for name, content in members.items():
        if name not in ("release.json", "release.sig") and hashes.get(name) != \
                sha256_hex(content):
            raise RejectedInput(_("{path}: {name} does not match its signed hash.").format(
                path=label, name=name))
    if manifest.get("level") != "aggregate" or "table.csv" not in members:
        raise RejectedInput(_("{path}: a record-level release holds no figures to take "
                              "in; ask for an aggregate release.").format(path=label))
    period = manifest.get("period")
    if not period:
        raise RejectedInput(_("{path}: the release covers no single period (made without "
                              "--period); ask for one release per period.").format(
            path=label))
    by = [str(b) for b in manifest.get("by", [])]
    parsed = Parsed("fieldkit-release", signed_by=public.hex())
    rows = _rows(members["table.csv"].decode("utf-8"))
    header = rows[0] if rows else []
    second_is_area = len(by) == 2 and manifest.get("area") == by[1]
    for line, row in enumerate(rows[1:], start=2):
        record = dict(zip(header, row, strict=False))
        values = [record.get(b, "") for b in by]
        if any(v == "Total" for v in values):
            continue
        if len(by) == 1:
            parsed.add(line, "", values[0], period, record.get("count", ""))
        elif second_is_area:
            parsed.add(line, values[1], values[0], period, record.get("count", ""))
        else:
            parsed.add(line, "", f"{values[0]} / {values[1]}", period,
                       record.get("count", ""))
    return parsed


@dataclass
class ImportResult:
    source: str
    layout: str
    rows: int
    skipped: int
    periods: list[str]
    areas: list[str]
    categories: list[str]
    import_id: int

    def to_json(self) -> dict[str, object]:
        return {"source": self.source, "layout": self.layout, "rows": self.rows,
                "skipped": self.skipped, "periods": self.periods, "areas": self.areas,
                "categories": self.categories, "import": self.import_id}


def load_mapping(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(_("--mapping {path}: cannot be read ({reason}).").format(
            path=path, reason=exc.strerror or exc)) from exc
    except ValueError as exc:
        raise InvalidInput(_("--mapping {path}: not valid JSON ({reason}).").format(
            path=path, reason=exc)) from exc
    if not isinstance(data, dict):
        raise InvalidInput(_("--mapping {path}: give a JSON object, e.g. {{\"period\": "
                             "\"Quarter\", \"count\": \"Registrations\"}}.").format(path=path))
    return {str(k): v for k, v in data.items()}


def remembered_mapping(store: Store, project_id: str, source: str) -> dict[str, Any] | None:
    """The column mapping last given for ``source`` (None: none yet)."""
    with store.session() as session:
        row = session.get(PartnerMapping, (project_id, source))
        return json.loads(row.mapping) if row is not None else None


def _source_key(store: Store, project_id: str, source: str) -> str | None:
    with store.session() as session:
        return session.scalars(select(PartnerImport.signed_by).where(
            PartnerImport.project_id == project_id, PartnerImport.source == source,
            PartnerImport.signed_by != "").order_by(PartnerImport.id)).first()


def preview_file(store: Store, project_id: str, path: Path, source: str,
                 mapping: dict[str, Any] | None = None) -> Parsed:
    """What an import would store (nothing is stored)."""
    mapping = mapping if mapping is not None else remembered_mapping(store, project_id,
                                                                     source)
    return parse_file(path, mapping, _source_key(store, project_id, source))


def import_figures(store: Store, project_id: str, path: Path, source: str, *,
                   mapping: dict[str, Any] | None = None, actor: str = "") -> ImportResult:
    """Check every row of ``path``; store all of it, or nothing (RejectedInput)."""

    if not source.strip():
        raise InvalidInput(_("--source: name the partner the figures come from."))
    source = source.strip()
    given_mapping = mapping
    parsed = preview_file(store, project_id, path, source, mapping)
    if parsed.problems:
        shown = parsed.problems[:MAX_MESSAGES]
        more = len(parsed.problems) - len(shown)
        text = "; ".join(p.rstrip(".") for p in shown)
        if more:
            text += ngettext(" (and {n} more)", " (and {n} more)", more).format(n=more)
        raise RejectedInput(ngettext("{path}: {n} bad row, nothing stored: {list}",
                                     "{path}: {n} bad rows, nothing stored: {list}",
                                     len(parsed.problems)).format(
            path=path, n=len(parsed.problems), list=text))
    if not parsed.figures:
        raise RejectedInput(_("{path}: no figures found, nothing stored.").format(path=path))
    digest = sha256_hex(read_file_bounded(path))
    with store.session() as session:
        entry = PartnerImport(project_id=project_id, source=source, file_name=str(path),
                              sha256=digest, layout=parsed.layout, rows=len(parsed.figures),
                              signed_by=parsed.signed_by, actor=actor)
        session.add(entry)
        session.flush()
        # A later file replaces the same figures (a partner's revised numbers).
        for (area, category, period), count in parsed.figures.items():
            session.execute(delete(PartnerFigure).where(
                PartnerFigure.project_id == project_id, PartnerFigure.source == source,
                PartnerFigure.area == area, PartnerFigure.category == category,
                PartnerFigure.period == period))
            session.add(PartnerFigure(project_id=project_id, source=source, area=area,
                                      category=category, period=period, count=count,
                                      import_id=entry.id))
        if given_mapping is not None:
            session.merge(PartnerMapping(project_id=project_id, source=source,
                                         mapping=json.dumps(given_mapping, sort_keys=True)))
        audit(session, "partner_import", object_type="partner_import",
              object_id=str(entry.id), device_id=None, actor=actor,
              detail={"source": source, "file": str(path), "sha256": digest,
                      "rows": len(parsed.figures), "layout": parsed.layout})
        import_id = entry.id
    keys = parsed.figures.keys()
    return ImportResult(source, parsed.layout, len(parsed.figures), parsed.skipped,
                        sorted({k[2] for k in keys}), sorted({k[0] for k in keys} - {""}),
                        sorted({k[1] for k in keys}), import_id)


def list_sources(store: Store, project_id: str) -> list[dict[str, object]]:
    """``{"source", "rows", "periods", "areas", "categories"}`` per source."""
    held: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    counts: dict[str, int] = {}
    with store.session() as session:
        for source, n in session.execute(
                select(PartnerFigure.source, func.count()).where(
                    PartnerFigure.project_id == project_id).group_by(PartnerFigure.source)):
            counts[source] = int(n)
        for source, area, category, period in session.execute(
                select(PartnerFigure.source, PartnerFigure.area, PartnerFigure.category,
                       PartnerFigure.period).where(PartnerFigure.project_id == project_id)):
            held[source]["periods"].add(period)
            if area:
                held[source]["areas"].add(area)
            held[source]["categories"].add(category)
    return [{"source": s, "rows": counts[s], "periods": sorted(held[s]["periods"]),
             "areas": sorted(held[s]["areas"]), "categories": sorted(held[s]["categories"])}
            for s in sorted(counts)]
