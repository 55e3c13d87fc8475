"""Form media found by file name, in the data folder first, never outside the folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.forms import FormSession, load_form
from fieldkit.interviews.media import MediaFolders, media_name, recording_of
from fieldkit.packaged import resource


@pytest.mark.parametrize(("uri", "name"), [
    ("jr://images/face_1.png", "face_1.png"),
    ("jr://audio/sat_help_en.wav", "sat_help_en.wav"),
    ("face_1.png", "face_1.png"),
    ("jr://images/../secret.png", None),
    ("jr://images/a/b.png", None),
    ("jr://images/..", None),
    ("", None),
    ("jr://images/c:\\x.png", None),
])
def test_only_plain_file_names(uri: str, name: str | None) -> None:
    assert media_name(uri) == name


def test_data_folder_first_then_default_media(tmp_path: Path) -> None:
    folders = MediaFolders.for_data_dir(tmp_path)
    default = folders.find("jr://images/face_1.png")
    assert default == resource("forms", "media", "face_1.png")
    (tmp_path / "media").mkdir()
    own = tmp_path / "media" / "face_1.png"
    own.write_bytes(b"png")
    assert folders.find("jr://images/face_1.png") == own
    assert folders.find("jr://images/nowhere.png") is None


def test_pictorial_survey_media_per_language(tmp_path: Path) -> None:
    form = load_form(resource("forms", "satisfaction_pictorial.md"))
    folders = MediaFolders.for_data_dir(tmp_path)
    session = FormSession(form, language="English (en)")
    page = session.current_page
    assert page is not None
    [question] = [q for q in page.questions if q.name == "agree"]
    audio = folders.audio(question.media)
    assert audio is not None and audio.name == "sat_agree_en.wav"
    images = [folders.image(c.media) for c in question.choices]
    assert [p.name if p else None for p in images] == ["yes_tick.png", "no_cross.png"]
    session.set_language("کوردی (ckb)")  # pictures in every language, audio only in English
    page = session.current_page
    assert page is not None
    [question] = [q for q in page.questions if q.name == "agree"]
    assert folders.image(question.media) is None  # the question has no picture
    assert recording_of(form, question.path, session.language) is None  # no Sorani voice
    assert recording_of(form, question.path, "English (en)") == "jr://audio/sat_agree_en.wav"
    assert all(folders.image(c.media) is not None for c in question.choices)
