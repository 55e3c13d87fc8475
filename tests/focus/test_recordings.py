"""A recording is played only while every participant agrees to recording, and only
from this laptop's copy; memos are edited like any record."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.errors import InvalidInput
from fieldkit.focus.reading import read_focus
from fieldkit.focus.recordings import playable_recording
from tests.focus.conftest import Site


def test_a_recording_plays_only_with_everyones_consent(site: Site, tmp_path: Path) -> None:
    attachments = tmp_path / "attachments"
    with pytest.raises(InvalidInput, match="no recording"):
        playable_recording(read_focus(site.store, site.project_id), site.group, attachments)
    audio = tmp_path / "group.ogg"
    audio.write_bytes(b"OggS fake audio")
    name = site.writer.attach_recording(site.group, attachments, audio)
    data = read_focus(site.store, site.project_id)
    path = playable_recording(data, site.group, attachments)
    assert path.name == name and path.read_bytes() == b"OggS fake audio"

    # Rosa withdraws consent to recording: the file stays, but is not played.
    site.writer.set_participant(site.people["Rosa"], consent_audio=False)
    data = read_focus(site.store, site.project_id)
    with pytest.raises(InvalidInput, match="Rosa"):
        playable_recording(data, site.group, attachments)

    # Consent again, but on another laptop (no copy of the file there).
    site.writer.set_participant(site.people["Rosa"], consent_audio=True)
    data = read_focus(site.store, site.project_id)
    with pytest.raises(InvalidInput, match="not on this laptop"):
        playable_recording(data, site.group, tmp_path / "elsewhere")


def test_a_memo_is_edited_and_moved_to_a_theme(site: Site) -> None:
    memo = site.writer.add_memo(site.group, "Rosa spoke for the others")
    site.writer.set_memo(memo, text="Rosa spoke for most of the others",
                         theme=site.themes["advice"])
    [found] = read_focus(site.store, site.project_id).memos
    assert (found.text, found.theme) == ("Rosa spoke for most of the others",
                                         site.themes["advice"])
    site.writer.set_memo(memo, theme="")
    [found] = read_focus(site.store, site.project_id).memos
    assert found.theme == ""


def test_editing_a_note_moves_its_codings_with_their_words(site: Site) -> None:
    from fieldkit.focus.writes import lost_codings

    note = site.notes["mould"]  # "Casa are mucegai, the landlord never comes."
    mould = site.writer.code(note, site.themes["damp"], 9, 16)  # "mucegai"
    landlord = site.writer.code(note, site.themes["housing"], 22, 30)  # "landlord"
    new = "Acum casa are mucegai, the owner never comes."
    data = read_focus(site.store, site.project_id)
    assert [c.uuid for c in lost_codings(data, note, new)] == [landlord]
    removed = site.writer.set_note(note, text=new, question="")
    assert removed == [landlord]
    data = read_focus(site.store, site.project_id)
    [coding] = [c for c in data.codings if c.note == note]
    assert coding.uuid == mould and data.passage(coding) == "mucegai"
    assert data.note(note).question == ""  # type: ignore[union-attr]
