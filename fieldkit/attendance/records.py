"""What the attendance service hands out: plain frozen dataclasses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from fieldkit.interviews.records import parse_date

__all__ = ["AttendanceRecord", "SessionInfo"]


@dataclass(frozen=True)
class SessionInfo:
    uuid: str
    values: Mapping[str, str] = field(default_factory=dict)
    series: str = ""
    attendances: int = 0

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    @property
    def title(self) -> str:
        return self.value("title")

    @property
    def date(self) -> date | None:
        return parse_date(self.value("session_date"))

    @property
    def start_time(self) -> str:
        return self.value("start_time")[:5]

    @property
    def end_time(self) -> str:
        return self.value("end_time")[:5]

    @property
    def venue(self) -> str:
        return self.value("venue")

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.value("languages").split())


@dataclass(frozen=True)
class AttendanceRecord:
    """One person's visit to one session. ``values`` are the form's answers by
    question name (stored ODK text)."""

    uuid: str
    session_uuid: str
    person: str
    values: Mapping[str, str]
    created_at: datetime
    followup_done: date | None = None

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    @property
    def consented(self) -> bool:
        return self.value("consent") == "yes"

    @property
    def name(self) -> str:
        """The name (or chosen pseudonym), "" when the visit is not recorded by name."""
        return self.value("attendee_name").strip() if self.value("consent") != "no" else ""

    @property
    def anonymous(self) -> bool:
        return not self.name

    @property
    def returning(self) -> bool:
        return not self.anonymous and self.value("visit_type") == "returning"

    def number(self, name: str) -> int:
        try:
            return int(self.value(name))
        except ValueError:
            return 0

    def choices(self, name: str) -> tuple[str, ...]:
        return tuple(self.value(name).split())

    @property
    def followup_due(self) -> date | None:
        if self.value("followup") != "yes":
            return None
        return parse_date(self.value("followup_date"))

    @property
    def needs_followup(self) -> bool:
        return self.consented and self.value("followup") == "yes"
