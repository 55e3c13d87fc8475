"""Recorded prompts in the project pack: the coordinator's recordings go to every
laptop, each sound once under ``media/<sha256>.wav`` with a ``recordings`` list in
``pack.json`` saying which prompt of which form and language it reads.

The pack's signature covers the list and every member's hash (see project.py), so a
laptop installs only what the coordinator recorded. The coordinator's set is the
whole truth: a laptop replaces its recordings with the pack's, so a recording the
coordinator deleted goes from the laptops too. A pack without the key (an older
coordinator) leaves a laptop's recordings alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fieldkit.errors import InvalidInput, RejectedInput
from fieldkit.i18n import _
from fieldkit.interviews.recordings import check_wav
from fieldkit.store.models import FormRecording
from fieldkit.sync.formats import MAX_MEMBERS, MAX_TOTAL_BYTES, sha256_hex

__all__ = ["PackRecording", "build_recordings", "install_recordings", "read_recordings"]

PREFIX = "media/"
#: Room left in a pack for its forms, register and sessions.
_BUDGET = MAX_TOTAL_BYTES * 3 // 4


@dataclass(frozen=True)
class PackRecording:
    form_id: str
    language: str
    prompt: str
    text: str
    sha256: str
    duration_ms: int
    recorded_by: str
    audio: bytes


def build_recordings(session: Session, project_id: str
                     ) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """The pack's ``recordings`` entry and its ``media/`` members. An InvalidInput
    (nothing written) when they would not fit in a pack."""
    entries: list[dict[str, Any]] = []
    members: dict[str, bytes] = {}
    total = 0
    for row in session.scalars(select(FormRecording).where(
            FormRecording.project_id == project_id).order_by(FormRecording.id)):
        name = f"{PREFIX}{row.sha256}.wav"
        if name not in members:
            members[name] = row.audio
            total += len(row.audio)
        entries.append({"form_id": row.form_id, "language": row.language,
                        "prompt": row.prompt, "text": row.text, "media": name,
                        "duration_ms": row.duration_ms, "recorded_by": row.recorded_by})
    if total > _BUDGET or len(members) > MAX_MEMBERS // 2:
        raise InvalidInput(_(
            "The recorded prompts ({count} files, {mb} MB) are too many for one pack "
            "(at most {limit} MB): delete recordings of forms the laptops do not use, or "
            "record shorter prompts.").format(count=len(members), mb=total >> 20,
                                             limit=_BUDGET >> 20))
    return entries, members


def read_recordings(data: Any, members: dict[str, bytes], label: str
                    ) -> list[PackRecording] | None:
    """Check the pack's ``recordings`` entry against its members, touching nothing.
    None: the pack carries no entry (an older coordinator)."""
    if data is None:
        return None

    def malformed(why: str) -> RejectedInput:
        return RejectedInput(_("{path}: the pack's recorded prompts are malformed ({why}).")
                             .format(path=label, why=why))

    if not isinstance(data, list):
        raise malformed(_("not a list"))
    out: list[PackRecording] = []
    seen: set[tuple[str, str, str]] = set()
    for entry in data:
        try:
            form_id, language = str(entry["form_id"]), str(entry["language"])
            prompt, text, name = str(entry["prompt"]), str(entry["text"]), str(entry["media"])
            duration, by = int(entry["duration_ms"]), str(entry["recorded_by"])
        except (KeyError, TypeError, ValueError) as exc:
            raise malformed(_("an entry lacks a field")) from exc
        if not name.startswith(PREFIX) or name not in members:
            raise malformed(_("{name} is not in the pack").format(name=name))
        if not prompt.startswith(("q:", "c:")) or (form_id, language, prompt) in seen:
            raise malformed(_("prompt {prompt}").format(prompt=prompt))
        seen.add((form_id, language, prompt))
        audio = members[name]
        try:
            check_wav(audio, f"{label}: {name}")
        except InvalidInput as exc:
            raise RejectedInput(str(exc)) from exc
        out.append(PackRecording(form_id, language, prompt, text, sha256_hex(audio),
                                 duration, by, audio))
    return out


def install_recordings(session: Session, project_id: str,
                       recordings: list[PackRecording] | None) -> int:
    """Replace the laptop's recordings with the pack's, inside the join's transaction."""
    if recordings is None:
        return 0
    session.execute(delete(FormRecording).where(FormRecording.project_id == project_id))
    for r in recordings:
        session.add(FormRecording(
            project_id=project_id, form_id=r.form_id, language=r.language, prompt=r.prompt,
            text=r.text, audio=r.audio, sha256=r.sha256, duration_ms=r.duration_ms,
            recorded_by=r.recorded_by))
    session.flush()
    return len(recordings)
