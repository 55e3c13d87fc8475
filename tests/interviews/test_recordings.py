"""Recorded prompts, Qt-free: which texts of a form can be recorded, WAV checks,
saving, replacing and deleting, what is still unrecorded, files for the player."""

from __future__ import annotations

import io
import math
import struct
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.errors import InvalidInput, UsageError
from fieldkit.interviews.recordings import (
    MAX_RECORDING_SECONDS,
    RecordingFiles,
    check_wav,
    coverage,
    delete_recording,
    newest_form,
    prompts,
    recordings,
    save_recording,
)
from fieldkit.store import Store, open_store
from fieldkit.sync.project import init_project

PICTORIAL = "satisfaction_pictorial"
SORANI = "کوردی (ckb)"


def tone_wav(seconds: float = 0.5, rate: int = 16000, pitch: float = 440.0) -> bytes:
    """A generated recording (a sine tone), for machines without a microphone."""
    frames = int(seconds * rate)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * pitch * n / rate)))
            for n in range(frames)))
    return buffer.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    store = open_store(f"sqlite:///{tmp_path / 'coordinator.sqlite3'}")
    project = init_project(store, "Recording")
    yield store, project.id
    store.close()


def test_prompts_are_every_question_and_each_choice_list_once(
        project: tuple[Store, str]) -> None:
    store, project_id = project
    with store.session() as session:
        form = newest_form(session, project_id, PICTORIAL)
    listed = prompts(form, SORANI)
    keys = [p.key for p in listed]
    assert len(keys) == len(set(keys))
    assert keys[:3] == ["q:/data/agree", "c:yes_no_pic/yes", "c:yes_no_pic/no"]
    # Five questions share the faces: each face is one prompt, recorded once.
    assert [k for k in keys if k.startswith("c:face/")] == [f"c:face/{n}" for n in range(1, 6)]
    assert sum(p.kind == "question" for p in listed) == 8
    by_key = {p.key: p.text for p in listed}
    assert by_key["c:yes_no_pic/yes"] == "بەڵێ"
    assert prompts(form, "English (en)")[0].text.startswith("Would you like to tell us")


def test_only_short_wav_files_are_taken() -> None:
    assert check_wav(tone_wav(1.5), "a.wav") == 1500
    with pytest.raises(InvalidInput, match=r"b\.mp3: not a WAV sound file"):
        check_wav(b"ID3\x03\x00 an mp3", "b.mp3")
    with pytest.raises(InvalidInput, match="empty"):
        check_wav(tone_wav(0), "c.wav")
    with pytest.raises(InvalidInput, match=f"{MAX_RECORDING_SECONDS} seconds at most"):
        check_wav(tone_wav(MAX_RECORDING_SECONDS + 1, rate=800), "d.wav")


def test_save_replace_delete_and_what_is_missing(project: tuple[Store, str],
                                                 tmp_path: Path) -> None:
    store, project_id = project
    before = coverage(store, project_id, PICTORIAL, "ckb")
    assert before.language == SORANI and len(before.missing) == len(before.prompts) == 15

    first = save_recording(store, project_id, PICTORIAL, "ckb", key="q:/data/agree",
                           data=tone_wav(1.0), actor="sam")
    assert (first.duration_ms, first.recorded_by) == (1000, "sam")
    save_recording(store, project_id, PICTORIAL, SORANI, key="c:face/1", data=tone_wav(0.5))
    again = save_recording(store, project_id, PICTORIAL, SORANI, key="q:/data/agree",
                           data=tone_wav(2.0, pitch=220))
    assert again.duration_ms == 2000 and again.sha256 != first.sha256
    after = coverage(store, project_id, PICTORIAL, "ckb")
    assert set(after.recorded) == {"q:/data/agree", "c:face/1"}
    assert len(after.missing) == 13 and after.outdated == []
    # Other languages are separate.
    assert coverage(store, project_id, PICTORIAL, "fa").recorded == {}

    files = RecordingFiles(store, tmp_path / "cache")
    found = files.find(project_id, PICTORIAL, SORANI, ["q:/data/agree", "c:face/2"])
    assert list(found) == ["q:/data/agree"]
    assert check_wav(found["q:/data/agree"].read_bytes(), "cached") == 2000

    assert delete_recording(store, project_id, PICTORIAL, SORANI, "c:face/1")
    assert not delete_recording(store, project_id, PICTORIAL, SORANI, "c:face/1")
    assert set(recordings(store, project_id, PICTORIAL, SORANI)) == {"q:/data/agree"}


def test_a_prompt_or_language_the_form_lacks_is_refused(project: tuple[Store, str]) -> None:
    store, project_id = project
    with pytest.raises(UsageError, match="no question or choice q:/data/nothing"):
        save_recording(store, project_id, PICTORIAL, "ckb", key="q:/data/nothing",
                       data=tone_wav())
    with pytest.raises(UsageError, match="no language de"):
        save_recording(store, project_id, PICTORIAL, "de", key="q:/data/agree",
                       data=tone_wav())
    with pytest.raises(UsageError, match="no form nope"):
        coverage(store, project_id, "nope", "ckb")
    assert recordings(store, project_id, PICTORIAL, SORANI) == {}


def test_a_changed_text_makes_a_recording_outdated(project: tuple[Store, str]) -> None:
    from sqlalchemy import update

    from fieldkit.store.models import FormRecording

    store, project_id = project
    save_recording(store, project_id, PICTORIAL, "ckb", key="c:face/3", data=tone_wav())
    with store.session() as session:  # as if recorded from an earlier wording
        session.execute(update(FormRecording).values(text="old words"))
    found = coverage(store, project_id, PICTORIAL, "ckb")
    assert [p.key for p in found.outdated] == ["c:face/3"]
    assert "c:face/3" not in {p.key for p in found.missing}
