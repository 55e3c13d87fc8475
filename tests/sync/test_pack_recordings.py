"""Recorded prompts travel in the project pack: a laptop gets the coordinator's
recordings, loses those the coordinator deleted, and refuses a pack whose sound was
altered (exit 3, nothing installed). Also `fieldkit prompts status|add`."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.interviews.recordings import delete_recording, recordings, save_recording
from fieldkit.store import open_store
from fieldkit.store.models import FormRecording
from fieldkit.sync.project import add_interviewer, init_project, join_pack, write_pack
from tests.interviews.test_recordings import PICTORIAL, SORANI, tone_wav


def test_recordings_go_to_the_laptop_and_deletions_follow(tmp_path: Path) -> None:
    coordinator = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    laptop = open_store(f"sqlite:///{tmp_path / 'l.sqlite3'}")
    try:
        project = init_project(coordinator, "Voices")
        _entry, code = add_interviewer(coordinator, "Ana")
        same = tone_wav(0.5)
        for key in ("q:/data/agree", "c:face/1"):
            save_recording(coordinator, project.id, PICTORIAL, "ckb", key=key, data=same)
        save_recording(coordinator, project.id, PICTORIAL, "fa", key="q:/data/agree",
                       data=tone_wav(0.7))
        pack = tmp_path / "pack-1.fkpack"
        write_pack(coordinator, pack)
        with zipfile.ZipFile(pack) as archive:
            media = [n for n in archive.namelist() if n.startswith("media/")]
        assert len(media) == 2  # the same sound twice is carried once

        join_pack(laptop, pack, "Ana", code)
        got = recordings(laptop, project.id, PICTORIAL, SORANI)
        assert set(got) == {"q:/data/agree", "c:face/1"}
        assert got["c:face/1"].duration_ms == 500
        assert set(recordings(laptop, project.id, PICTORIAL, "فارسی (fa)")) == {"q:/data/agree"}

        delete_recording(coordinator, project.id, PICTORIAL, SORANI, "c:face/1")
        newer = tmp_path / "pack-2.fkpack"
        write_pack(coordinator, newer)
        join_pack(laptop, newer, "Ana", code)
        assert set(recordings(laptop, project.id, PICTORIAL, SORANI)) == {"q:/data/agree"}
    finally:
        coordinator.close()
        laptop.close()


def test_an_altered_recording_rejects_the_pack(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    coordinator = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    try:
        project = init_project(coordinator, "Voices")
        _entry, code = add_interviewer(coordinator, "Ana")
        save_recording(coordinator, project.id, PICTORIAL, "ckb", key="q:/data/agree",
                       data=tone_wav())
        pack = tmp_path / "pack.fkpack"
        write_pack(coordinator, pack)
    finally:
        coordinator.close()
    altered = tmp_path / "altered.fkpack"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(altered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("media/"):
                data = tone_wav(0.5, pitch=880)  # another voice put in its place
            target.writestr(info, data)
    url = f"sqlite:///{tmp_path / 'l.sqlite3'}"
    assert main(["--db", url, "project", "join", str(altered), "--interviewer", "Ana",
                 "--code", code]) == 3
    err = capsys.readouterr().err
    assert "does not match its hash" in err and "Traceback" not in err
    laptop = open_store(url)
    try:
        with laptop.session() as session:
            assert session.scalars(select(FormRecording)).all() == []
    finally:
        laptop.close()


def test_prompts_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path / "coord")]
    assert main([*data, "project", "init", "--name", "Voices"]) == 0
    capsys.readouterr()
    wav = tmp_path / "agree.wav"
    wav.write_bytes(tone_wav(1.2))
    assert main([*data, "prompts", "add", str(wav), "--form", PICTORIAL, "--language", "ckb",
                 "--prompt", "q:/data/agree"]) == 0
    assert "Recorded q:/data/agree (1.2 s)" in capsys.readouterr().out
    assert main([*data, "prompts", "status", "--form", PICTORIAL, "--language", "ckb",
                 "--json"]) == 0
    [sorani] = json.loads(capsys.readouterr().out)["languages"]
    assert (sorani["language"], sorani["prompts"], sorani["recorded"]) == (SORANI, 15, 1)
    assert "q:/data/agree" not in {m["prompt"] for m in sorani["missing"]}
    assert main([*data, "prompts", "status", "--form", PICTORIAL]) == 0
    out = capsys.readouterr().out
    assert f"{SORANI}: 1 of 15 recorded" in out and "English (en): 0 of 15" in out

    mp3 = tmp_path / "agree.mp3"
    mp3.write_bytes(b"ID3 not a wav")
    assert main([*data, "prompts", "add", str(mp3), "--form", PICTORIAL, "--language", "ckb",
                 "--prompt", "q:/data/agree"]) == 1
    err = capsys.readouterr().err
    assert "agree.mp3: not a WAV sound file" in err and "Traceback" not in err
    assert main([*data, "prompts", "add", str(wav), "--form", PICTORIAL, "--language", "de",
                 "--prompt", "q:/data/agree"]) == 2
