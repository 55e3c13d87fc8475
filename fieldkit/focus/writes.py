"""Every write of the focus-group feature, in one place.

Records are interviews written through the interview service, so every change is
saved as it is made, with a logical clock, and merges field by field. The consent
rules that guard what is kept live here: a recording is attached only when every
participant of the group agreed to audio recording.
"""

from __future__ import annotations

import json
import uuid as uuid_module
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from fieldkit.errors import InvalidInput
from fieldkit.focus import GROUP_PATH, KIND_PATH, REMOVED_PATH, Kind, own
from fieldkit.focus.consent import recording_refusals
from fieldkit.focus.forms import FocusForms, focus_forms
from fieldkit.focus.reading import read_focus
from fieldkit.focus.records import Coding, FocusData
from fieldkit.i18n import _
from fieldkit.interviews import InterviewHandle, open_interview, start_interview
from fieldkit.store import Store

__all__ = ["GROUP_FIELDS", "FocusWriter", "lost_codings", "moved_span", "now_stamp"]

#: The group form's questions, by name.
GROUP_FIELDS = ("title", "group_date", "venue", "community", "languages", "facilitator",
                "interpreter")


def now_stamp() -> str:
    """Now, on this laptop's clock with its offset (a note's timestamp)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _lines(text: str) -> str:
    """One kind of line end: XML readers turn a CR into a LF, which would shift the
    character positions of coded passages in the .qdpx."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def moved_span(old: str, new: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the passage ``old[start:end]`` is in the edited text ``new``: at the
    same place if its words are still there, else the occurrence nearest to where
    it was (after the words typed or deleted before it); None when it is gone."""
    passage = old[start:end]
    if not passage:
        return None
    if new[start:end] == passage:
        return start, end
    shifted = start + len(new) - len(old)
    found = [i for i in range(len(new) - len(passage) + 1)
             if new.startswith(passage, i)]
    if not found:
        return None
    best = min(found, key=lambda i: (min(abs(i - start), abs(i - shifted)), i))
    return best, best + len(passage)


def lost_codings(data: FocusData, note: str, new_text: str) -> list[Coding]:
    """The codings of ``note`` that editing its text to ``new_text`` would remove
    (their words are gone)."""
    found = data.note(note)
    if found is None:
        return []
    text = _lines(new_text)
    return [c for c in data.codings if c.note == note
            and moved_span(found.text, text, c.start, c.end) is None]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


class FocusWriter:
    """Creates and changes the focus-group records of one project."""

    def __init__(self, store: Store, project_id: str, forms: FocusForms | None = None) -> None:
        self.store = store
        self.project_id = project_id
        self.forms = forms or focus_forms(store, project_id)
        self._handles: dict[str, InterviewHandle] = {}

    def handle(self, uuid: str) -> InterviewHandle:
        handle = self._handles.get(uuid)
        if handle is None:
            handle = self._handles[uuid] = open_interview(self.store, uuid)
        return handle

    def _start(self, form_pk: int, kind: Kind, group: str = "") -> InterviewHandle:
        handle = start_interview(self.store, form_pk=form_pk, respondent_language="")
        self._handles[handle.uuid] = handle
        with handle.batch():
            handle.set_own_field(KIND_PATH, kind.value)
            if group:
                handle.set_own_field(GROUP_PATH, group)
        return handle

    @staticmethod
    def _answer(handle: InterviewHandle, values: Mapping[str, object]) -> None:
        paths = {q.name: path for path, q in handle.form.questions.items()}
        for name, value in values.items():
            if name not in paths:
                raise InvalidInput(_("A focus group has no field {name}.").format(name=name))
            if value is None or value == "":
                if handle.session.value(paths[name]):
                    handle.session.clear(paths[name])
            else:
                handle.session.answer(paths[name], value)

    def _set(self, uuid: str, answers: Mapping[str, object] | None = None,
             own_rows: Mapping[str, str] | None = None) -> None:
        handle = self.handle(uuid)
        with handle.batch():
            if answers:
                self._answer(handle, answers)
            for name, value in (own_rows or {}).items():
                handle.set_own_field(own(name), value)

    # -- groups, guides, themes ----------------------------------------------------------

    def create_group(self, values: Mapping[str, object], *, guide: str = "") -> str:
        """A new group; ``values`` by question name (:data:`GROUP_FIELDS`; the date a
        :class:`date`, the languages space-separated codes)."""
        handle = self._start(self.forms.group_pk, Kind.GROUP)
        self._set(handle.uuid, values, {"guide": guide} if guide else None)
        return handle.uuid

    def set_group(self, uuid: str, values: Mapping[str, object]) -> None:
        self._set(uuid, values)

    def set_guide_of(self, group: str, guide: str) -> None:
        self._set(group, own_rows={"guide": guide})

    def create_guide(self, title: str, questions: Iterable[str]) -> str:
        """A topic guide with ``questions`` (each gets a stable id, so notes keep their
        question when the wording changes)."""
        handle = self._start(self.forms.group_pk, Kind.GUIDE)
        self._set(handle.uuid, {"title": title})
        self.set_guide_questions(handle.uuid, [(None, q) for q in questions])
        return handle.uuid

    def set_guide_questions(self, guide: str, questions: Iterable[tuple[str | None, str]]) -> None:
        """The guide's questions as (id or None for a new one, text), in order."""
        rows = [{"id": qid or uuid_module.uuid4().hex[:12], "text": text}
                for qid, text in questions if text.strip()]
        self._set(guide, own_rows={"questions": json.dumps(rows, ensure_ascii=False)})

    def create_theme(self, name: str, *, parent: str = "", description: str = "",
                     translations: Mapping[str, str] | None = None) -> str:
        if not name.strip():
            raise InvalidInput(_("A theme needs a name."))
        handle = self._start(self.forms.group_pk, Kind.THEME)
        self._set(handle.uuid, {"title": name.strip()}, {
            "parent": parent, "description": description,
            "translations": json.dumps(dict(translations or {}), ensure_ascii=False,
                                       sort_keys=True)})
        return handle.uuid

    def set_theme(self, uuid: str, *, name: str | None = None, parent: str | None = None,
                  description: str | None = None,
                  translations: Mapping[str, str] | None = None) -> None:
        rows: dict[str, str] = {}
        if parent is not None:
            if parent == uuid:
                raise InvalidInput(_("A theme cannot be its own parent."))
            rows["parent"] = parent
        if description is not None:
            rows["description"] = description
        if translations is not None:
            rows["translations"] = json.dumps(dict(translations), ensure_ascii=False,
                                              sort_keys=True)
        self._set(uuid, {"title": name.strip()} if name is not None else None, rows)

    # -- participants ----------------------------------------------------------------------

    def add_participant(self, group: str, *, pseudonym: str = "", age_band: str = "",
                        sex: str = "", consent: bool = True, consent_audio: bool = False,
                        consent_quote: bool = False, number: int | None = None) -> str:
        """Count a participant in (numbered after those already there)."""
        if number is None:
            data = read_focus(self.store, self.project_id)
            number = max((p.number for p in data.participants_of(group)), default=0) + 1
        handle = self._start(self.forms.item_pk, Kind.PARTICIPANT, group)
        self._set(handle.uuid, {"text": pseudonym.strip()}, {
            "number": str(number), "age_band": age_band, "sex": sex,
            "consent": _yes(consent), "consent_audio": _yes(consent_audio),
            "consent_quote": _yes(consent_quote)})
        return handle.uuid

    def set_participant(self, uuid: str, *, pseudonym: str | None = None,
                        **rows: str | bool) -> None:
        """Change a participant: ``pseudonym`` and any of age_band, sex, consent,
        consent_audio, consent_quote (the consents as booleans)."""
        allowed = {"age_band", "sex", "consent", "consent_audio", "consent_quote"}
        unknown = set(rows) - allowed
        if unknown:
            raise InvalidInput(_("A participant has no field {name}.").format(
                name=sorted(unknown)[0]))
        own_rows = {k: (_yes(v) if isinstance(v, bool) else v) for k, v in rows.items()}
        self._set(uuid, {"text": pseudonym.strip()} if pseudonym is not None else None,
                  own_rows)

    # -- notes, codings, memos -------------------------------------------------------------

    def add_note(self, group: str, text: str, *, question: str = "", speaker: str = "",
                 language: str = "", at: str | None = None) -> str:
        """A note typed in the room: what was said (any script), under ``question`` of
        the topic guide, by ``speaker`` (a participant's uuid), timestamped now."""
        handle = self._start(self.forms.item_pk, Kind.NOTE, group)
        self._set(handle.uuid, {"text": _lines(text)}, {
            "question": question, "speaker": speaker, "language": language,
            "at": at or now_stamp()})
        return handle.uuid

    def set_note(self, uuid: str, *, text: str | None = None, speaker: str | None = None,
                 language: str | None = None, question: str | None = None) -> list[str]:
        """Change a saved note. When its text changes, each coded passage moves with
        its words; a coding whose words are gone is removed. Returns the removed
        codings' uuids (:func:`lost_codings` tells beforehand)."""
        rows = {k: v for k, v in (("speaker", speaker), ("language", language),
                                  ("question", question)) if v is not None}
        removed: list[str] = []
        moves: list[tuple[str, int, int]] = []
        if text is not None:
            text = _lines(text)
            data = read_focus(self.store, self.project_id)
            note = data.note(uuid)
            for coding in (c for c in data.codings if c.note == uuid) if note else ():
                assert note is not None
                span = moved_span(note.text, text, coding.start, coding.end)
                if span is None:
                    removed.append(coding.uuid)
                elif span != (coding.start, coding.end):
                    moves.append((coding.uuid, *span))
        self._set(uuid, {"text": text} if text is not None else None, rows)
        for coding_uuid, start, end in moves:
            self._set(coding_uuid, own_rows={"start": str(start), "end": str(end)})
        for coding_uuid in removed:
            self.remove(coding_uuid)
        return removed

    def code(self, note: str, theme: str, start: int = 0, end: int | None = None, *,
             memo: str = "", quote: bool = False) -> str:
        """Tag the passage ``[start, end)`` of ``note`` (the whole note by default)
        with ``theme``; returns the coding's uuid."""
        data = read_focus(self.store, self.project_id)
        found = data.note(note)
        if found is None:
            raise InvalidInput(_("There is no note {id} to code.").format(id=note))
        if data.theme(theme) is None:
            raise InvalidInput(_("There is no theme {id} in the codebook.").format(id=theme))
        end = len(found.text) if end is None else end
        if not 0 <= start < end <= len(found.text):
            raise InvalidInput(_("The passage {start}–{end} is not within the note "
                                 "({length} characters).").format(
                                     start=start, end=end, length=len(found.text)))
        handle = self._start(self.forms.item_pk, Kind.CODING, found.group)
        self._set(handle.uuid, {"text": memo}, {
            "note": note, "theme": theme, "start": str(start), "end": str(end),
            "quote": _yes(quote)})
        return handle.uuid

    def set_coding(self, uuid: str, *, memo: str | None = None,
                   quote: bool | None = None) -> None:
        self._set(uuid, {"text": memo} if memo is not None else None,
                  {"quote": _yes(quote)} if quote is not None else None)

    def add_memo(self, group: str, text: str, *, theme: str = "") -> str:
        handle = self._start(self.forms.item_pk, Kind.MEMO, group)
        self._set(handle.uuid, {"text": text}, {"theme": theme} if theme else None)
        return handle.uuid

    def set_memo(self, uuid: str, *, text: str | None = None,
                 theme: str | None = None) -> None:
        """Change a memo's text or the theme it is about ("" for the group itself)."""
        self._set(uuid, {"text": text} if text is not None else None,
                  {"theme": theme} if theme is not None else None)

    def remove(self, uuid: str) -> None:
        """Remove a record (a group takes its items with it when read)."""
        self.handle(uuid).set_own_field(REMOVED_PATH, "yes")

    # -- recordings ------------------------------------------------------------------------

    def attach_recording(self, group: str, attachments_dir: Path, source: Path) -> str:
        """Attach the group's audio recording: refused (InvalidInput) unless every
        participant counted in agreed to be recorded."""
        from fieldkit.interviews.attachments import attach_file

        data = read_focus(self.store, self.project_id)
        refusals = recording_refusals(data, group)
        if refusals is None:
            raise InvalidInput(_("Count the participants and record their consent to "
                                 "audio recording before attaching a recording."))
        if refusals:
            raise InvalidInput(_("Not every participant agreed to audio recording "
                                 "({names}): the recording cannot be kept.").format(
                                     names=", ".join(refusals)))
        handle = self.handle(group)
        path = next(p for p, q in handle.form.questions.items() if q.name == "recording")
        return attach_file(handle, attachments_dir, path, source)

