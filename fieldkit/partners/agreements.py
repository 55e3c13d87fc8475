"""Data-sharing agreements: what may be shared with a partner, and on what terms.

Every agreement is checked when it is made (a lawful basis, an Article 9 condition
when special-category fields such as ethnicity are shared, dates in order, a
threshold of at least 3), kept in versions and written to the audit log; ending an
agreement keeps it (and its releases) on record.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import select

from fieldkit.disclosure import DEFAULT_MIN_COUNT, LOWEST_MIN_COUNT, DisclosureRule
from fieldkit.errors import InvalidInput, OptionError
from fieldkit.i18n import _
from fieldkit.insight.fields import fields_of, form_versions, resolve_field
from fieldkit.store import Store
from fieldkit.store.audit import record_event as audit
from fieldkit.store.models import ShareAgreement, ShareAgreementVersion

__all__ = ["LEVELS", "SPECIAL_CATEGORY_HINTS", "Agreement", "AgreementDraft",
           "add_agreement", "end_agreement", "get_agreement", "list_agreements"]

LEVELS = ("aggregate", "records")
#: Field names that suggest special-category data (UK GDPR Article 9): sharing one
#: needs an Article 9 condition named in the agreement.
SPECIAL_CATEGORY_HINTS = ("ethnic", "religion", "faith", "health", "disab", "sexual",
                          "biometric", "genetic", "trade_union", "political")


@dataclass(frozen=True)
class AgreementDraft:
    partner: str
    purpose: str
    basis: str
    form_id: str
    fields: tuple[str, ...]
    level: str
    ends: date
    signed_by: str
    condition: str = ""
    contact: str = ""
    min_count: int = DEFAULT_MIN_COUNT
    round_to: int | None = None
    starts: date = field(default_factory=date.today)
    review: date | None = None


@dataclass(frozen=True)
class Agreement:
    id: int
    version: int
    partner: str
    contact: str
    purpose: str
    basis: str
    condition: str
    form_id: str
    fields: tuple[str, ...]
    level: str
    min_count: int
    round_to: int | None
    starts: date
    review: date | None
    ends: date
    signed_by: str
    ended_on: date | None
    created_by: str

    @property
    def rule(self) -> DisclosureRule:
        return DisclosureRule(min_count=self.min_count, round_to=self.round_to)

    def status(self, today: date | None = None) -> str:
        """"active", "ended" (ended by hand or past its end date) or "not started"."""
        today = today or date.today()
        if self.ended_on is not None or today > self.ends:
            return "ended"
        if today < self.starts:
            return "not started"
        return "active"

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["fields"] = list(self.fields)
        for key in ("starts", "review", "ends", "ended_on"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        data["status"] = self.status()
        return data


def _from_row(row: ShareAgreement) -> Agreement:
    return Agreement(
        id=row.id, version=row.version, partner=row.partner, contact=row.contact,
        purpose=row.purpose, basis=row.basis, condition=row.condition, form_id=row.form_id,
        fields=tuple(f for f in row.fields.split(",") if f), level=row.level,
        min_count=row.min_count, round_to=row.round_to, starts=row.starts,
        review=row.review, ends=row.ends, signed_by=row.signed_by, ended_on=row.ended_on,
        created_by=row.created_by)


def special_fields(fields: tuple[str, ...]) -> list[str]:
    return [f for f in fields if any(h in f.lower() for h in SPECIAL_CATEGORY_HINTS)]


def check_draft(draft: AgreementDraft) -> None:
    """Refuse an agreement a data protection officer would send back."""
    for option, value in (("--partner", draft.partner), ("--purpose", draft.purpose),
                          ("--basis", draft.basis), ("--form", draft.form_id),
                          ("--signed-by", draft.signed_by)):
        if not value.strip():
            raise OptionError(option, _("must not be empty."))
    if not draft.fields or any(not f.strip() for f in draft.fields):
        raise OptionError("--fields", _("name the fields that may be shared, separated by "
                                        "commas."))
    if draft.level not in LEVELS:
        raise OptionError("--level", _("use aggregate or records."))
    if draft.min_count < LOWEST_MIN_COUNT:
        raise OptionError("--min-count", _("must be at least {n}.").format(
            n=LOWEST_MIN_COUNT))
    if draft.round_to is not None and draft.round_to != 5:
        raise OptionError("--round-to", _("only base 5 is supported (as the ONS rounds)."))
    if draft.ends < draft.starts:
        raise OptionError("--ends", _("the agreement would end before it starts ({day})."
                                      ).format(day=draft.starts.isoformat()))
    if draft.review is not None and not draft.starts <= draft.review <= draft.ends:
        raise OptionError("--review", _("the review date must fall between the start and "
                                        "the end."))
    special = special_fields(draft.fields)
    if special and not draft.condition.strip():
        raise OptionError("--condition", _(
            "{fields}: special-category data (UK GDPR Article 9); name the Article 9 "
            "condition that allows sharing it.").format(fields=", ".join(special)))


def _snapshot(row: ShareAgreement) -> str:
    return json.dumps(_from_row(row).to_json() | {"status": None}, ensure_ascii=False,
                      sort_keys=True)


def add_agreement(store: Store, project_id: str, draft: AgreementDraft, *,
                  actor: str = "") -> Agreement:
    check_draft(draft)

    fields = fields_of(form_versions(store, draft.form_id))  # refuses an unknown form
    for name in draft.fields:
        resolve_field(fields, name, "--fields", ("select", "number", "text", "date",
                                                 "derived"))
    with store.session() as session:
        row = ShareAgreement(
            project_id=project_id, version=1, partner=draft.partner.strip(),
            contact=draft.contact.strip(), purpose=draft.purpose.strip(),
            basis=draft.basis.strip(), condition=draft.condition.strip(),
            form_id=draft.form_id, fields=",".join(f.strip() for f in draft.fields),
            level=draft.level, min_count=draft.min_count, round_to=draft.round_to,
            starts=draft.starts, review=draft.review, ends=draft.ends,
            signed_by=draft.signed_by.strip(), created_by=actor)
        session.add(row)
        session.flush()
        session.add(ShareAgreementVersion(agreement_id=row.id, version=1,
                                          snapshot=_snapshot(row), actor=actor))
        audit(session, "share_agreement_add", object_type="share_agreement",
              object_id=str(row.id), device_id=None, actor=actor,
              detail={"partner": row.partner, "form_id": row.form_id,
                      "fields": row.fields, "level": row.level})
        return _from_row(row)


def list_agreements(store: Store, project_id: str) -> list[Agreement]:
    with store.session() as session:
        return [_from_row(r) for r in session.scalars(
            select(ShareAgreement).where(ShareAgreement.project_id == project_id)
            .order_by(ShareAgreement.id))]


def get_agreement(store: Store, project_id: str, agreement_id: int) -> Agreement:
    with store.session() as session:
        row = session.get(ShareAgreement, agreement_id)
        if row is None or row.project_id != project_id:
            raise InvalidInput(_("No agreement {id}; 'fieldkit share agreement list' shows "
                                 "them.").format(id=agreement_id))
        return _from_row(row)


def agreement_versions(store: Store, agreement_id: int) -> list[dict[str, object]]:
    with store.session() as session:
        return [{"version": v.version, "at": v.at.isoformat(), "actor": v.actor,
                 "agreement": json.loads(v.snapshot)}
                for v in session.scalars(select(ShareAgreementVersion).where(
                    ShareAgreementVersion.agreement_id == agreement_id)
                    .order_by(ShareAgreementVersion.version))]


def end_agreement(store: Store, project_id: str, agreement_id: int, *, actor: str = "",
                  on: date | None = None) -> Agreement:
    """End the agreement (a new version); releases under it are refused from then on."""
    get_agreement(store, project_id, agreement_id)
    with store.session() as session:
        row = session.get_one(ShareAgreement, agreement_id)
        if row.ended_on is not None:
            raise InvalidInput(_("Agreement {id} already ended on {day}.").format(
                id=agreement_id, day=row.ended_on.isoformat()))
        row.ended_on = on or date.today()
        row.ended_by = actor
        row.version += 1
        session.flush()
        session.add(ShareAgreementVersion(agreement_id=row.id, version=row.version,
                                          snapshot=_snapshot(row), actor=actor))
        audit(session, "share_agreement_end", object_type="share_agreement",
              object_id=str(row.id), device_id=None, actor=actor,
              detail={"ended_on": row.ended_on.isoformat(), "version": row.version})
        return _from_row(row)
