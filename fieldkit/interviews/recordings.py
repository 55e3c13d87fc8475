"""Recorded prompts: a person's voice reading a form's questions and choices in one
of its languages (issue F18), Qt-free.

A coordinator records a community member reading each prompt in the app (the
*Record prompts* dialog) or adds a WAV file made elsewhere
(``fieldkit prompts add``). Recordings live in the store (``form_recording``), keyed
by form id, the form's language and the prompt: ``q:<path>`` for a question's label
(the template path, so every row of a repeat shares it), ``c:<list>/<value>`` for a
choice (a choice list used by several questions is recorded once). They travel in
the project pack (:mod:`fieldkit.sync.pack_recordings`) and read aloud plays them
before the form file's own audio and before text-to-speech.

Only WAV is taken: every machine's QtMultimedia writes and plays it, and the stdlib
``wave`` module checks it without a decoder. Recordings are kept short so that a
pack with every prompt of the pictorial survey in ten languages stays small.
"""

from __future__ import annotations

import hashlib
import io
import wave
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fieldkit.errors import InvalidInput, UsageError
from fieldkit.forms import Form
from fieldkit.forms.model import Choice, Question, iter_body, plain_text
from fieldkit.i18n import _
from fieldkit.interviews.repeat_rows import template_path
from fieldkit.store import Store
from fieldkit.store.models import Form as FormRow
from fieldkit.store.models import FormRecording

__all__ = [
    "MAX_RECORDING_BYTES",
    "MAX_RECORDING_SECONDS",
    "Coverage",
    "Prompt",
    "RecordingFiles",
    "RecordingInfo",
    "check_wav",
    "choice_key",
    "choice_list",
    "coverage",
    "delete_recording",
    "newest_form",
    "prompts",
    "question_key",
    "recordings",
    "recordings_folder",
    "save_recording",
]

#: A prompt is a sentence or two; a minute is plenty, and keeps packs small
#: (16 kHz mono 16-bit WAV is about 2 MB a minute).
MAX_RECORDING_SECONDS = 60
MAX_RECORDING_BYTES = 12 * 1024 * 1024


def question_key(path: str) -> str:
    return "q:" + template_path(path)


def choice_key(list_name: str, value: str) -> str:
    return f"c:{list_name}/{value}"


@dataclass(frozen=True)
class Prompt:
    """One text of a form a person can read aloud."""

    key: str
    #: "question" or "choice".
    kind: str
    #: The text in the language asked for.
    text: str
    #: The question's name, or the list's name for a choice.
    name: str


@dataclass(frozen=True)
class RecordingInfo:
    key: str
    text: str
    duration_ms: int
    recorded_by: str
    recorded_at: datetime
    sha256: str


@dataclass(frozen=True)
class Coverage:
    """What is recorded of a form in one language, and what is still missing."""

    form_id: str
    language: str
    prompts: list[Prompt]
    recorded: dict[str, RecordingInfo]

    @property
    def missing(self) -> list[Prompt]:
        return [p for p in self.prompts if p.key not in self.recorded]

    @property
    def outdated(self) -> list[Prompt]:
        """Recorded, but the text has changed since (a new form version)."""
        return [p for p in self.prompts
                if p.key in self.recorded and self.recorded[p.key].text != p.text]


def choice_list(form: Form, question: Question) -> tuple[str, tuple[Choice, ...]]:
    if question.choices is not None:
        return question.choices.name or question.name, question.choices.choices
    itemset = question.itemset
    list_id = itemset.instance_id if itemset is not None else None
    if list_id is not None and list_id in form.choice_lists:
        found = form.choice_lists[list_id]
        return found.name or list_id, found.choices
    return "", ()


def prompts(form: Form, language: str | None) -> list[Prompt]:
    """Every question label and choice label of ``form`` in ``language``, in the order
    the interview shows them; a choice list shared by questions appears once."""
    out: list[Prompt] = []
    seen: set[str] = set()
    for node in iter_body(form.body):
        if not isinstance(node, Question) or node.control is None:
            continue
        text = plain_text(form.text(node.label, language)).strip()
        key = question_key(node.path)
        if text and key not in seen:
            seen.add(key)
            out.append(Prompt(key, "question", text, node.name))
        list_name, choices = choice_list(form, node)
        for choice in choices:
            text = plain_text(choice.label(language)).strip()
            key = choice_key(list_name, choice.value)
            if text and key not in seen:
                seen.add(key)
                out.append(Prompt(key, "choice", text, list_name))
    return out


def check_wav(data: bytes, label: str) -> int:
    """The length in milliseconds of the WAV ``data``; an InvalidInput naming
    ``label`` when it is not a WAV file fieldkit can carry."""
    if len(data) > MAX_RECORDING_BYTES:
        raise InvalidInput(_("{file}: the recording is larger than {mb} MB; record the "
                             "prompt alone, a minute at most.").format(
                                 file=label, mb=MAX_RECORDING_BYTES >> 20))
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            frames, rate = reader.getnframes(), reader.getframerate()
    except (wave.Error, EOFError, ValueError) as exc:
        raise InvalidInput(_("{file}: not a WAV sound file ({problem}); record in the app "
                             "or save the recording as .wav.").format(file=label,
                                                                      problem=exc)) from exc
    if rate <= 0 or frames <= 0:
        raise InvalidInput(_("{file}: the recording is empty.").format(file=label))
    millis = frames * 1000 // rate
    if millis > MAX_RECORDING_SECONDS * 1000:
        raise InvalidInput(_("{file}: the recording lasts {seconds} seconds; a prompt may "
                             "last {limit} seconds at most.").format(
                                 file=label, seconds=millis // 1000,
                                 limit=MAX_RECORDING_SECONDS))
    return millis


def newest_form(session: Session, project_id: str, form_id: str) -> Form:
    """The newest version of ``form_id`` in the project, parsed."""
    from fieldkit.interviews.runtime_forms import runtime_form

    pk = session.scalar(select(FormRow.id).where(
        FormRow.project_id == project_id, FormRow.form_id == form_id)
        .order_by(FormRow.id.desc()).limit(1))
    if pk is None:
        raise UsageError(_("The project has no form {form}.").format(form=form_id))
    return runtime_form(session, pk)[1]


def _language(form: Form, language: str) -> str:
    """The form's own name of ``language`` (its name, or a code: ``ckb``, ``fa_AF``)."""
    from fieldkit.forms.language_names import form_language

    if language in form.languages:
        return language
    found = form_language(form.languages, language)
    if found is None:
        raise UsageError(_("The form has no language {language} (it has: {languages}).")
                         .format(language=language,
                                 languages=", ".join(form.languages) or "-"))
    return found


def save_recording(store: Store, project_id: str, form_id: str, language: str, *,
                   key: str, data: bytes, actor: str = "", label: str = "") -> RecordingInfo:
    """Keep ``data`` (WAV) as the recording of prompt ``key``, replacing any earlier one."""
    millis = check_wav(data, label or key)
    digest = hashlib.sha256(data).hexdigest()
    with store.session() as session:
        form = newest_form(session, project_id, form_id)
        language = _language(form, language)
        known = {p.key: p for p in prompts(form, language)}
        if key not in known:
            raise UsageError(_("{form} has no question or choice {prompt} with a text in "
                               "{language}.").format(form=form_id, prompt=key,
                                                     language=language))
        row = session.scalar(select(FormRecording).where(
            FormRecording.project_id == project_id, FormRecording.form_id == form_id,
            FormRecording.language == language, FormRecording.prompt == key))
        if row is None:
            row = FormRecording(project_id=project_id, form_id=form_id, language=language,
                                prompt=key)
            session.add(row)
        row.text, row.audio, row.sha256 = known[key].text, data, digest
        row.duration_ms, row.recorded_by = millis, actor
        row.recorded_at = datetime.now().astimezone()
        session.flush()
        return _info(row)


def delete_recording(store: Store, project_id: str, form_id: str, language: str,
                     key: str) -> bool:
    with store.session() as session:
        result = session.execute(delete(FormRecording).where(
            FormRecording.project_id == project_id, FormRecording.form_id == form_id,
            FormRecording.language == language, FormRecording.prompt == key))
        return bool(getattr(result, "rowcount", 0))


def _info(row: FormRecording) -> RecordingInfo:
    return RecordingInfo(row.prompt, row.text, row.duration_ms, row.recorded_by,
                         row.recorded_at, row.sha256)


def recordings(store: Store, project_id: str, form_id: str,
               language: str) -> dict[str, RecordingInfo]:
    """The recordings of a form in one language, by prompt key (without their sound)."""
    columns = (FormRecording.prompt, FormRecording.text, FormRecording.duration_ms,
               FormRecording.recorded_by, FormRecording.recorded_at, FormRecording.sha256)
    with store.session() as session:
        rows = session.execute(select(*columns).where(
            FormRecording.project_id == project_id, FormRecording.form_id == form_id,
            FormRecording.language == language)).all()
    return {r[0]: RecordingInfo(*r) for r in rows}


def coverage(store: Store, project_id: str, form_id: str, language: str) -> Coverage:
    with store.session() as session:
        form = newest_form(session, project_id, form_id)
        language = _language(form, language)
        listed = prompts(form, language)
    return Coverage(form_id, language, listed,
                    recordings(store, project_id, form_id, language))


def recordings_folder(data_dir: Path) -> Path:
    """Where recordings are written out for playing (a cache: the store holds them)."""
    return data_dir / "recordings"


class RecordingFiles:
    """Recordings as files for a player: each written once into ``folder`` under its
    hash (a sound player reads files, the store holds bytes)."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.store = store
        self.folder = folder

    def find(self, project_id: str, form_id: str, language: str | None,
             keys: Iterable[str]) -> Mapping[str, Path]:
        """The files of those of ``keys`` that are recorded, by key."""
        wanted = list(dict.fromkeys(keys))
        if language is None or not wanted:
            return {}
        with self.store.session() as session:
            rows = session.execute(select(FormRecording.prompt, FormRecording.sha256).where(
                FormRecording.project_id == project_id, FormRecording.form_id == form_id,
                FormRecording.language == language,
                FormRecording.prompt.in_(wanted))).all()
            out: dict[str, Path] = {}
            for key, digest in rows:
                path = self.folder / f"{digest}.wav"
                if not path.is_file():
                    data = session.scalar(select(FormRecording.audio).where(
                        FormRecording.project_id == project_id,
                        FormRecording.form_id == form_id,
                        FormRecording.language == language, FormRecording.prompt == key))
                    if data is None:
                        continue
                    self.folder.mkdir(parents=True, exist_ok=True)
                    partial = path.with_suffix(".part")
                    partial.write_bytes(data)
                    partial.replace(path)
                out[key] = path
        return out
