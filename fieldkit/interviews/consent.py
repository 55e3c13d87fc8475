"""The consent record of an interview: who agreed, when, how, and who wrote it down.

It is kept as fieldkit's own answer rows (``@fieldkit/consent/...``), next to the
form's answers, so it travels with the interview and syncs field by field like any
answer, without a schema change. The interview service refuses every form answer
until consent is recorded (see :class:`ConsentRequired`); a refusal closes the
interview with no answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from fieldkit.answer_paths import own_path
from fieldkit.errors import InvalidInput
from fieldkit.i18n import N_, _

if TYPE_CHECKING:
    from fieldkit.forms import FormSession

__all__ = [
    "CONSENT_METHODS",
    "CONSENT_PREFIX",
    "GIVEN_METHODS",
    "REFUSED",
    "Consent",
    "ConsentInvalid",
    "ConsentRequired",
    "ConsentText",
    "consent_from_rows",
    "consent_rows",
    "consent_text",
    "method_name",
]

CONSENT_PREFIX = own_path("consent/")
METHOD_PATH = CONSENT_PREFIX + "method"
GIVEN_BY_PATH = CONSENT_PREFIX + "given_by"
RELATIONSHIP_PATH = CONSENT_PREFIX + "relationship"
AT_PATH = CONSENT_PREFIX + "at"
RECORDED_BY_PATH = CONSENT_PREFIX + "recorded_by"

#: Ways consent is given. ``on_behalf``: someone else agreed for the respondent
#: (a parent, a carer), named with their relationship.
GIVEN_METHODS = ("signed", "verbal", "on_behalf")
REFUSED = "refused"
CONSENT_METHODS = (*GIVEN_METHODS, REFUSED)

_METHOD_NAMES = {
    "signed": N_("Signed consent form"),
    "verbal": N_("Verbal consent"),
    "on_behalf": N_("Consent given on the respondent's behalf"),
    REFUSED: N_("Refused"),
}


def method_name(method: str) -> str:
    """The method as the interviewer reads it (translated)."""
    name = _METHOD_NAMES.get(method)
    return _(name) if name is not None else method


class ConsentRequired(InvalidInput):
    """An answer to an interview whose consent is not recorded (or was refused)."""

    def __init__(self, uuid: str, refused: bool = False) -> None:
        self.uuid = uuid
        if refused:
            message = _("The respondent refused consent for interview {uuid}, so it "
                        "cannot take answers; record consent again if they change "
                        "their mind.").format(uuid=uuid)
        else:
            message = _("Record the respondent's consent for interview {uuid} before "
                        "any answer.").format(uuid=uuid)
        super().__init__(message)


class ConsentInvalid(InvalidInput):
    """A consent record that is incomplete (e.g. "on behalf" without a name)."""


@dataclass(frozen=True)
class Consent:
    """One consent record. ``given_by`` is the respondent's name (may be empty when
    they agree themselves) or the name of who agreed on their behalf; ``recorded_by``
    is the id of the interviewer profile that recorded it ("" without a profile)."""

    method: str
    given_by: str = ""
    relationship: str = ""
    at: datetime | None = None
    recorded_by: str = ""

    @property
    def given(self) -> bool:
        return self.method in GIVEN_METHODS

    def checked(self) -> Consent:
        """This record with its text trimmed, or :class:`ConsentInvalid` saying what is missing."""
        method = self.method.strip()
        given_by, relationship = self.given_by.strip(), self.relationship.strip()
        if method not in CONSENT_METHODS:
            raise ConsentInvalid(
                _("Consent method {method!r} is not one of: {methods}.").format(
                    method=self.method, methods=", ".join(CONSENT_METHODS)))
        if method == "on_behalf" and not (given_by and relationship):
            raise ConsentInvalid(_("Consent on the respondent's behalf needs the name of "
                                   "who gave it and their relationship to the respondent."))
        return Consent(method, given_by, relationship, self.at, self.recorded_by.strip())


def consent_rows(consent: Consent, at: datetime) -> dict[str, str | None]:
    """The answer rows of ``consent`` recorded at ``at``."""
    return {
        METHOD_PATH: consent.method,
        GIVEN_BY_PATH: consent.given_by,
        RELATIONSHIP_PATH: consent.relationship,
        AT_PATH: at.astimezone(UTC).isoformat(timespec="seconds"),
        RECORDED_BY_PATH: consent.recorded_by,
    }


def consent_from_rows(rows: Mapping[str, str]) -> Consent | None:
    """The consent stored in an interview's live rows, or None if none was recorded."""
    method = rows.get(METHOD_PATH)
    if not method:
        return None
    at_text = rows.get(AT_PATH, "")
    try:
        at: datetime | None = datetime.fromisoformat(at_text) if at_text else None
    except ValueError:
        at = None
    return Consent(method=method, given_by=rows.get(GIVEN_BY_PATH, ""),
                   relationship=rows.get(RELATIONSHIP_PATH, ""), at=at,
                   recorded_by=rows.get(RECORDED_BY_PATH, ""))


@dataclass(frozen=True)
class ConsentText:
    """The form's own consent question in the respondent's language, to read out."""

    path: str
    label: str
    hint: str
    language: str


def consent_text(session: FormSession) -> ConsentText | None:
    """The form's consent question (the first field named ``consent``, the
    convention of the default forms) in the session's language; None without one."""
    for page in session.pages():
        for question in page.questions:
            if question.name == "consent" and question.label:
                return ConsentText(question.path, question.label, question.hint,
                                   session.language or "")
    return None
