"""select_one_from_file / select_multiple_from_file with CSV, XML and GeoJSON
files, and pulldata(): the files next to the form are read (F14 item 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fieldkit.forms import FormError, FormSession, check_form, load_form
from fieldkit.forms.session import AnswerError

EXTERNAL = Path(__file__).parent.parent / "data" / "odk" / "external"


def test_choices_and_pulldata_come_from_the_files_next_to_the_form() -> None:
    session = FormSession(load_form(EXTERNAL / "form.md"))
    assert [c.value for c in session.choices("/data/fruit")] == ["apple", "banana"]
    assert [c.label for c in session.choices("/data/places")] == ["Paris", "Rome"]
    assert [(c.value, c.label) for c in session.choices("/data/site")] == [
        ("s1", "Site one"),
        ("s2", "Site two"),
    ]
    session.answer("/data/fruit", "banana")
    assert session.value("/data/colour") == "yellow"
    with pytest.raises(AnswerError, match="not one of the choices"):
        session.answer("/data/fruit", "cherry")
    result = check_form(EXTERNAL / "form.md")
    assert result.ok and not [w for w in result.warnings if "next to the form" in w]


def test_a_missing_file_is_named_by_form_check_and_at_the_question(tmp_path: Path) -> None:
    shutil.copy(EXTERNAL / "form.md", tmp_path / "form.md")
    shutil.copy(EXTERNAL / "places.xml", tmp_path / "places.xml")
    result = check_form(tmp_path / "form.md")
    assert result.ok
    named = [w for w in result.warnings if "next to the form" in w]
    assert len(named) == 2
    assert "fruits.csv" in named[0] and "sites.geojson" in named[1]
    session = FormSession(load_form(tmp_path / "form.md"))
    assert session.choices("/data/fruit") == []
    with pytest.raises(AnswerError, match=r"fruits\.csv"):
        session.answer("/data/fruit", "apple")  # not accepted blindly
    assert [c.value for c in session.choices("/data/places")] == ["paris", "rome"]


def test_a_damaged_file_is_a_form_error(tmp_path: Path) -> None:
    for name in ("form.md", "fruits.csv", "places.xml"):
        shutil.copy(EXTERNAL / name, tmp_path / name)
    (tmp_path / "sites.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(FormError, match=r"sites\.geojson"):
        load_form(tmp_path / "form.md")
    assert not check_form(tmp_path / "form.md").ok
