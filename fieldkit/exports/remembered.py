"""The Export tab's remembered choices (in ``ui_state.json``): written as plain JSON,
read back checked field by field, so a damaged or older file costs only the fields
that no longer make sense (Qt-free; the tab shows what this returns)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fieldkit.exports.options import FORMATS, PERSONAL_CHOICES
from fieldkit.statuses import INTERVIEW_STATUSES

__all__ = ["STATE_KEY", "RememberedExport", "read_remembered"]

#: The key the choices are remembered under in ui_state.json.
STATE_KEY = "export"
_LABEL_CHOICES = ("codes", "labels")


@dataclass(frozen=True)
class RememberedExport:
    """The last export's choices; None (or empty) for what is not remembered."""

    format: str | None = None  # an ExportFormat
    zip: bool | None = None
    personal: str | None = None  # a PersonalData
    choices: str | None = None  # "codes" or "labels"
    language: str | None = None
    statuses: tuple[str, ...] = ()  # in the store's order
    path: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"format": self.format, "zip": self.zip, "personal": self.personal,
                "choices": self.choices, "language": self.language or "",
                "statuses": list(self.statuses), "path": self.path}


def read_remembered(state: object) -> RememberedExport:
    """What ``state`` (the JSON value under :data:`STATE_KEY`) remembers: a field of
    the wrong type, or a choice not offered any more, reads as not remembered."""
    if not isinstance(state, dict):
        return RememberedExport()

    def one_of(key: str, allowed: tuple[str, ...]) -> str | None:
        value = state.get(key)
        return value if isinstance(value, str) and value in allowed else None

    zip_ = state.get("zip")
    language = state.get("language")
    statuses = state.get("statuses")
    path = state.get("path")
    return RememberedExport(
        format=one_of("format", FORMATS),
        zip=zip_ if isinstance(zip_, bool) else None,
        personal=one_of("personal", PERSONAL_CHOICES),
        choices=one_of("choices", _LABEL_CHOICES),
        language=language if isinstance(language, str) and language else None,
        statuses=tuple(s for s in INTERVIEW_STATUSES if s in statuses)
        if isinstance(statuses, list) else (),
        path=path if isinstance(path, str) and "\0" not in path else None)
