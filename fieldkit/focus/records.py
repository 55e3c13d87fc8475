"""What a focus group is made of, as read from the store (frozen snapshots)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fieldkit.i18n import _

__all__ = ["Coding", "FocusData", "Group", "Guide", "GuideQuestion", "Memo", "Note",
           "Participant", "Theme"]


@dataclass(frozen=True)
class GuideQuestion:
    id: str
    text: str


@dataclass(frozen=True)
class Guide:
    """A topic guide: questions or themes to cover, reusable across groups."""

    uuid: str
    title: str
    questions: tuple[GuideQuestion, ...]

    def question(self, question_id: str) -> GuideQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Group:
    uuid: str
    title: str
    date: date | None
    venue: str
    community: str
    languages: tuple[str, ...]
    facilitator: str
    interpreter: str
    guide: str  # the topic guide's uuid, or ""
    recording: str  # the stored audio file's name, or ""


@dataclass(frozen=True)
class Participant:
    uuid: str
    group: str
    number: int
    pseudonym: str
    age_band: str
    sex: str
    consent: bool  # to take part and have what they say noted
    consent_audio: bool
    consent_quote: bool

    @property
    def label(self) -> str:
        """How they are named in notes and quotes: a pseudonym or "participant N"."""
        return self.pseudonym or _("participant {n}").format(n=self.number)


@dataclass(frozen=True)
class Note:
    """What was said, under one question of the topic guide."""

    uuid: str
    group: str
    question: str  # the guide question's id, or ""
    at: str  # when it was typed (ISO 8601 with the laptop's offset)
    speaker: str  # the participant's uuid, or "" (the facilitator, the room)
    language: str
    text: str


@dataclass(frozen=True)
class Coding:
    """A passage of a note tagged with a theme (character offsets into the note)."""

    uuid: str
    group: str
    note: str
    theme: str
    start: int
    end: int
    memo: str
    quote: bool  # selected as a quote for the report


@dataclass(frozen=True)
class Memo:
    uuid: str
    group: str
    theme: str
    text: str


@dataclass(frozen=True)
class Theme:
    uuid: str
    name: str
    parent: str  # the parent theme's uuid, or ""
    description: str
    translations: dict[str, str] = field(default_factory=dict)  # {language: name}

    def label(self, language: str | None = None) -> str:
        return (self.translations.get(language) if language else None) or self.name


@dataclass(frozen=True)
class FocusData:
    """Every live focus-group record of a project."""

    groups: tuple[Group, ...] = ()
    guides: tuple[Guide, ...] = ()
    themes: tuple[Theme, ...] = ()
    participants: tuple[Participant, ...] = ()
    notes: tuple[Note, ...] = ()
    codings: tuple[Coding, ...] = ()
    memos: tuple[Memo, ...] = ()

    def group(self, uuid: str) -> Group | None:
        return next((g for g in self.groups if g.uuid == uuid), None)

    def guide(self, uuid: str) -> Guide | None:
        return next((g for g in self.guides if g.uuid == uuid), None)

    def theme(self, uuid: str) -> Theme | None:
        return next((t for t in self.themes if t.uuid == uuid), None)

    def note(self, uuid: str) -> Note | None:
        return next((n for n in self.notes if n.uuid == uuid), None)

    def participants_of(self, group: str) -> list[Participant]:
        return [p for p in self.participants if p.group == group]

    def notes_of(self, group: str) -> list[Note]:
        return [n for n in self.notes if n.group == group]

    def participant(self, uuid: str) -> Participant | None:
        return next((p for p in self.participants if p.uuid == uuid), None)

    def speaker_label(self, note: Note) -> str:
        person = self.participant(note.speaker) if note.speaker else None
        return person.label if person else ""

    def passage(self, coding: Coding) -> str:
        note = self.note(coding.note)
        return note.text[coding.start:coding.end] if note else ""
