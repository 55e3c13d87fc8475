"""What the interview service hands out: plain frozen dataclasses, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

__all__ = ["InterviewInfo", "InterviewSummary", "parse_date"]


def parse_date(text: str) -> date | None:
    """The day an answer (a date, or a date and time) names; None when it names none."""
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class InterviewInfo:
    """One interview's row, as an open interview knows it."""

    uuid: str
    project_id: str
    form_pk: int
    form_id: str
    form_title: str
    status: str
    label: str
    respondent_language: str
    interviewer_id: str | None
    interviewer_name: str
    #: The device that started the interview (not necessarily this one).
    device_id: str
    created_at: datetime
    updated_at: datetime
    finalized_at: datetime | None


@dataclass(frozen=True)
class InterviewSummary:
    """One line of the interview list."""

    uuid: str
    form_pk: int
    form_title: str
    label: str
    status: str
    created_at: datetime
    updated_at: datetime
    respondent_language: str
    interviewer_id: str | None
    interviewer_name: str
    #: Form fields with a non-empty stored answer (relevant or not).
    answered: int
    #: The consent method recorded ("" before consent; "refused" for a refusal).
    consent: str = ""
