"""The consent rules of focus groups: who may be quoted, when a recording may be kept,
played or exported. Quotes and recordings are checked when they leave fieldkit, not
only when they are made, because a participant may withdraw consent afterwards."""

from __future__ import annotations

from fieldkit.focus.records import Coding, FocusData
from fieldkit.i18n import _

__all__ = ["may_quote", "quote_refusal", "recording_allowed", "recording_refusals"]


def recording_refusals(data: FocusData, group: str) -> list[str] | None:
    """The participants of ``group`` who did not agree to audio recording (their
    labels); None when no participant is counted in yet (nobody has agreed)."""
    people = data.participants_of(group)
    if not people:
        return None
    return [p.label for p in people if not p.consent_audio]


def recording_allowed(data: FocusData, group: str) -> bool:
    """The group's recording may be kept, played and exported: every participant
    agreed to audio recording."""
    return recording_refusals(data, group) == []


def quote_refusal(data: FocusData, coding: Coding) -> str | None:
    """Why the passage of ``coding`` may not be quoted, or None when it may: its
    speaker must be a participant who agreed to be quoted."""

    note = data.note(coding.note)
    if note is None:
        return _("its note was removed")
    if not note.speaker:
        return _("no speaker is recorded, so nobody's consent to be quoted is known")
    person = data.participant(note.speaker)
    if person is None:
        return _("the speaker is not a participant of the group")
    if not (person.consent and person.consent_quote):
        return _("{who} did not agree to be quoted").format(who=person.label)
    return None


def may_quote(data: FocusData, coding: Coding) -> bool:
    return quote_refusal(data, coding) is None
