"""The records a coordinator's store holds about people, and the fields of each.

A *record* is the part of an interview that is about one person:

- a household member: the fields of one instance of a roster repeat
  (``/data/.../member[2]/``) that holds a name question;
- a customer profile or a survey respondent: a whole interview whose name question
  is outside any repeat;
- an advice-session attendance and a focus-group participant: a whole item record;
- a consent record: an interview's ``@fieldkit/consent/`` rows when someone gave
  consent under their name (``given_by``).

Which question holds the name is read from the form: a personal (``sensitive``) text
question whose name ends in ``name`` (``member_name``, ``full_name``,
``attendee_name``); a focus-group participant's name is its pseudonym field. Year of
birth, phone and postcode, when the record has them, help tell people of the same
name apart (see people.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.answer_paths import HEADER_PATH, is_form_path
from fieldkit.exports.layout import is_personal, text_of
from fieldkit.focus import KIND_PATH, Kind
from fieldkit.form_roles import FOCUS_ITEM_FORM_ID, Role, role_of
from fieldkit.forms.errors import FormError
from fieldkit.forms.language_names import form_language
from fieldkit.forms.model import Form as RuntimeForm
from fieldkit.forms.model import Question
from fieldkit.i18n import N_
from fieldkit.interviews.consent import CONSENT_PREFIX, GIVEN_BY_PATH
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.store.chunks import chunks
from fieldkit.store.models import Answer, Form, Interview

__all__ = ["KIND_NAMES", "HeldField", "HeldRecord", "RecordKind", "field_question",
           "held_records", "record_fields", "record_paths", "split_ref"]

_INDEX = re.compile(r"\[\d+\]")
_NAME_QUESTION = re.compile(r"(^|_)name$")
_CUSTOMER_FORM = "customer_profile"


class RecordKind(StrEnum):
    HOUSEHOLD_MEMBER = "household_member"
    SURVEY_RESPONDENT = "survey_respondent"
    CUSTOMER_PROFILE = "customer_profile"
    ATTENDANCE = "advice_attendance"
    FOCUS_PARTICIPANT = "focus_participant"
    CONSENT = "consent_record"


#: How each kind is named to people (translated where shown).
KIND_NAMES: dict[RecordKind, str] = {
    RecordKind.HOUSEHOLD_MEMBER: N_("Household member (household survey)"),
    RecordKind.SURVEY_RESPONDENT: N_("Survey respondent"),
    RecordKind.CUSTOMER_PROFILE: N_("Customer profile"),
    RecordKind.ATTENDANCE: N_("Advice-session attendance"),
    RecordKind.FOCUS_PARTICIPANT: N_("Focus-group participant"),
    RecordKind.CONSENT: N_("Consent record"),
}


@dataclass(frozen=True)
class HeldRecord:
    """One record about one person (see the module's docstring)."""

    #: Stable reference: the interview uuid, plus ``#`` and the scope for a part of it.
    ref: str
    kind: RecordKind
    interview_uuid: str
    form_pk: int
    form_id: str
    #: "" for the whole interview, else the path prefix of its fields (ends in "/").
    scope: str
    name: str
    year_of_birth: int | None
    phone: str  # digits only, "" when none
    postcode: str  # upper case without spaces, "" when none
    #: The respondent language as the form names it (``Polski (pl)``), or "".
    language: str
    created_at: datetime


@dataclass(frozen=True)
class HeldField:
    """One stored value of a record, as a person reads it."""

    path: str
    label: str
    value: str | None
    #: The value with choice codes shown as their labels.
    shown: str
    personal: bool


def split_ref(ref: str) -> tuple[str, str]:
    """(interview uuid, scope) of a record reference."""
    uuid, _sep, scope = ref.partition("#")
    return uuid, scope


def _ref(uuid: str, scope: str) -> str:
    return f"{uuid}#{scope}" if scope else uuid


def field_question(form: RuntimeForm, path: str) -> Question | None:
    """The question of an answer path (repeat indexes dropped)."""
    return form.questions.get(_INDEX.sub("", path))


def _scope_of(path: str) -> str:
    """The innermost repeat instance holding ``path`` ("" outside any repeat)."""
    cut = path.rfind("]/")
    return path[:cut + 2] if cut >= 0 else ""


@dataclass(frozen=True)
class _FormFacts:
    role: Role
    form_id: str
    names: frozenset[str]  # question paths (without indexes) that hold a name
    years: frozenset[str]  # year of birth (integer) or date of birth (date)
    phones: frozenset[str]
    postcodes: frozenset[str]


def _facts(session: Session, form_pk: int, form_id: str) -> _FormFacts:
    _ref_row, form = runtime_form(session, form_pk)
    names, years, phones, postcodes = set(), set(), set(), set()
    for path, question in form.questions.items():
        lowered = question.name.lower()
        if form_id == FOCUS_ITEM_FORM_ID and question.name == "text":
            names.add(path)  # a participant's pseudonym (or name)
        elif question.type == "text" and is_personal(question) \
                and _NAME_QUESTION.search(lowered):
            names.add(path)
        if "birth" in lowered and question.type in ("integer", "date"):
            years.add(path)
        if "phone" in lowered:
            phones.add(path)
        if "postcode" in lowered:
            postcodes.add(path)
    return _FormFacts(role_of(form_id).role, form_id, frozenset(names), frozenset(years),
                      frozenset(phones), frozenset(postcodes))


def _year(value: str) -> int | None:
    found = re.match(r"\s*(\d{4})", value)
    return int(found.group(1)) if found else None


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def postcode_key(value: str) -> str:
    return "".join(value.split()).upper()


def _kind(facts: _FormFacts, scope: str) -> RecordKind | None:
    if facts.role is Role.ADVICE_ATTENDANCE:
        return RecordKind.ATTENDANCE
    if facts.role is Role.FOCUS_ITEM:
        return RecordKind.FOCUS_PARTICIPANT
    if facts.role is not Role.SURVEY:
        return None  # sessions and groups: the staff who ran them, not the people served
    if scope:
        return RecordKind.HOUSEHOLD_MEMBER
    return RecordKind.CUSTOMER_PROFILE if facts.form_id == _CUSTOMER_FORM \
        else RecordKind.SURVEY_RESPONDENT


def held_records(session: Session, project_id: str) -> list[HeldRecord]:
    """Every record about a person in the project, in a fixed order."""
    forms: dict[int, str] = {pk: form_id for pk, form_id in session.execute(
        select(Form.id, Form.form_id).where(Form.project_id == project_id))}
    facts: dict[int, _FormFacts] = {}
    for pk, form_id in forms.items():
        try:
            facts[pk] = _facts(session, pk, form_id)
        except FormError:  # an unreadable form: its records cannot be told apart
            continue
    interviews = {uuid: (pk, language, created) for uuid, pk, language, created in
                  session.execute(select(Interview.uuid, Interview.form_pk,
                                         Interview.respondent_language,
                                         Interview.created_at)
                                  .where(Interview.project_id == project_id))}
    wanted: dict[int, set[str]] = {pk: set(f.names | f.years | f.phones | f.postcodes)
                                   for pk, f in facts.items()}
    values: dict[str, dict[str, str]] = defaultdict(dict)
    for chunk in chunks(sorted(interviews)):
        for uuid, path, value in session.execute(
                select(Answer.interview_uuid, Answer.path, Answer.value)
                .where(Answer.interview_uuid.in_(chunk), Answer.value.is_not(None),
                       Answer.value != "")):
            pk = interviews[uuid][0]
            if pk not in facts:
                continue
            if path in (GIVEN_BY_PATH, KIND_PATH) \
                    or (is_form_path(path) and _INDEX.sub("", path) in wanted[pk]):
                values[uuid][path] = value or ""
    out: list[HeldRecord] = []
    for uuid in sorted(values):
        pk, language, created = interviews[uuid]
        fact, vals = facts[pk], values[uuid]
        if fact.role is Role.FOCUS_ITEM and vals.get(KIND_PATH) != Kind.PARTICIPANT:
            continue
        # Identifiers by scope: a member's own, else the interview's.
        by_scope: dict[str, dict[str, str]] = defaultdict(dict)
        for path, value in vals.items():
            if not is_form_path(path):
                continue
            bare = _INDEX.sub("", path)
            scope = _scope_of(path)
            if bare in fact.years:
                by_scope[scope].setdefault("year", value)
            if bare in fact.phones:
                by_scope[scope].setdefault("phone", value)
            if bare in fact.postcodes:
                by_scope[scope].setdefault("postcode", value)
        household = by_scope.get("", {})
        for path, value in sorted(vals.items()):
            if not is_form_path(path) or _INDEX.sub("", path) not in fact.names:
                continue
            scope = _scope_of(path)
            kind = _kind(fact, scope)
            if kind is None:
                continue
            own = by_scope.get(scope, {})
            year = own.get("year")
            out.append(HeldRecord(
                ref=_ref(uuid, scope), kind=kind, interview_uuid=uuid, form_pk=pk,
                form_id=fact.form_id, scope=scope, name=value.strip(),
                year_of_birth=_year(year) if year else None,
                phone=_digits(own.get("phone", "")),
                postcode=postcode_key(own.get("postcode", household.get("postcode", ""))),
                language=language, created_at=created))
        given_by = vals.get(GIVEN_BY_PATH, "").strip()
        if given_by and _kind(fact, "") is not None:
            out.append(HeldRecord(
                ref=_ref(uuid, CONSENT_PREFIX), kind=RecordKind.CONSENT, interview_uuid=uuid,
                form_pk=pk, form_id=fact.form_id, scope=CONSENT_PREFIX, name=given_by,
                year_of_birth=None, phone="", postcode="", language=language,
                created_at=created))
    return out


def record_paths(session: Session, record: HeldRecord) -> list[str]:
    """The answer paths that make up ``record`` (what an erasure replaces): a scope's
    fields, or a whole interview's form answers and consent record."""
    paths = session.scalars(select(Answer.path).where(
        Answer.interview_uuid == record.interview_uuid).order_by(Answer.id))
    return [p for p in paths if _in_record(record, p)]


def _in_record(record: HeldRecord, path: str) -> bool:
    if path == HEADER_PATH:
        return False
    if record.scope:
        return path.startswith(record.scope)
    return is_form_path(path) or path.startswith(CONSENT_PREFIX)


def _shown(question: Question | None, form: RuntimeForm, value: str, lang: str | None) -> str:
    if question is None or question.choices is None:
        return value
    labels = {c.value: text_of(c.label(lang)) or c.value for c in question.choices.choices}
    codes = value.split() if question.type.startswith("select_multiple") else [value]
    return "; ".join(labels.get(code, code) for code in codes)


def record_fields(session: Session, record: HeldRecord, language: str = "",
                  *, context: bool = True) -> list[HeldField]:
    """The stored values of ``record``, labelled in ``language`` (an interface
    language code; the form's default when it lacks it). With ``context``, a household
    member's record also lists the household's personal fields (its address is theirs
    too)."""
    _row, form = runtime_form(session, record.form_pk)
    lang = form_language(form.languages, language) if language else None
    lang = lang or form.default_language
    rows = session.execute(select(Answer.path, Answer.value).where(
        Answer.interview_uuid == record.interview_uuid).order_by(Answer.id)).all()
    out: list[HeldField] = []
    for path, value in rows:
        question = field_question(form, path) if is_form_path(path) else None
        inside = _in_record(record, path)
        shared = (context and record.kind is RecordKind.HOUSEHOLD_MEMBER and not inside
                  and is_form_path(path) and not _scope_of(path)
                  and question is not None and is_personal(question))
        if not (inside or shared) or value in (None, "") or "/meta/" in path:
            continue
        label = text_of(form.text(question.label, lang)) if question is not None \
            and question.label is not None else ""
        name = question.name if question is not None else path.rsplit("/", 1)[-1]
        out.append(HeldField(path=path, label=label or name, value=value,
                             shown=_shown(question, form, value or "", lang),
                             personal=(question is not None and is_personal(question))
                             or path.startswith(CONSENT_PREFIX)))
    return out


def records_by_ref(records: Iterable[HeldRecord]) -> dict[str, HeldRecord]:
    return {r.ref: r for r in records}
