"""The interview service the interviewer workspace calls (Qt-free).

Answers are saved as they are given, one field per row with a logical clock, so a
crash loses nothing that was answered; finalizing is fsynced and audited. Services
return frozen dataclasses, never ORM rows.
"""

from fieldkit.interviews.answer_rows import CURRENT_PAGE_PATH, is_form_path
from fieldkit.interviews.consent import (
    CONSENT_METHODS,
    GIVEN_METHODS,
    REFUSED,
    Consent,
    ConsentInvalid,
    ConsentRequired,
    ConsentText,
    consent_text,
    method_name,
)
from fieldkit.interviews.errors import (
    InterviewNotFound,
    InterviewReadOnly,
    InterviewStateError,
    ReasonRequired,
    UnknownRecord,
)
from fieldkit.interviews.handle import InterviewHandle, open_interview, start_interview
from fieldkit.interviews.lifecycle import finalize, reopen
from fieldkit.interviews.listing import list_interviews
from fieldkit.interviews.records import InterviewInfo, InterviewSummary
from fieldkit.interviews.runtime_forms import FormLanguages, form_languages

__all__ = [
    "CONSENT_METHODS",
    "CURRENT_PAGE_PATH",
    "GIVEN_METHODS",
    "REFUSED",
    "Consent",
    "ConsentInvalid",
    "ConsentRequired",
    "ConsentText",
    "FormLanguages",
    "InterviewHandle",
    "InterviewInfo",
    "InterviewNotFound",
    "InterviewReadOnly",
    "InterviewStateError",
    "InterviewSummary",
    "ReasonRequired",
    "UnknownRecord",
    "consent_text",
    "finalize",
    "form_languages",
    "is_form_path",
    "list_interviews",
    "method_name",
    "open_interview",
    "reopen",
    "start_interview",
]
