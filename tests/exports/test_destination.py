"""Where an export goes, as typed: the rules the Export tab asks before it runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.errors import InvalidInput
from fieldkit.exports import destination


@pytest.mark.parametrize(("fmt", "as_zip", "suffix"), [
    ("csv", False, ""), ("csv", True, ".zip"), ("xlsx", False, ".xlsx"),
    ("xlsx", True, ".xlsx"), ("sav", True, ".zip"), ("dta", False, "")])
def test_suffix_for_format(fmt: str, as_zip: bool, suffix: str) -> None:
    assert destination.suffix_for(fmt, as_zip) == suffix
    assert destination.can_zip(fmt) == (fmt != "xlsx")


def test_a_typed_name_follows_the_format() -> None:
    assert destination.follow_format("/tmp/report.zip", ".xlsx") == "/tmp/report.xlsx"
    assert destination.follow_format("/tmp/report", ".zip") == "/tmp/report.zip"
    assert destination.follow_format("/tmp/report.xlsx", "") == "/tmp/report"
    # A folder stays a folder; a name with another suffix is the person's own.
    assert destination.follow_format("/tmp/out", "") == "/tmp/out"
    assert destination.follow_format("/tmp/v1.2", "") == "/tmp/v1.2"
    assert destination.follow_format("  ", ".zip") == ""


def test_resolve_adds_the_suffix_and_names_each_problem(tmp_path: Path) -> None:
    assert destination.resolve(f" {tmp_path}/data ", ".xlsx") == tmp_path / "data.xlsx"
    assert destination.resolve(str(tmp_path / "out"), "") == tmp_path / "out"
    problems = {
        "": "Choose where to write",
        "data.zip": "type the full path",
        f"{tmp_path}/a\0b": "not a possible file name",
        f"{tmp_path}/data.zip": "looks like a file name",
        f"{tmp_path}/missing/data": "there is no such folder",
    }
    for typed, problem in problems.items():
        with pytest.raises(InvalidInput, match=problem):
            destination.resolve(typed, "")


def test_replaces_something(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    assert not destination.replaces_something(folder)
    folder.mkdir()
    assert not destination.replaces_something(folder)  # an empty folder
    (folder / "a.csv").write_text("x")
    assert destination.replaces_something(folder)
    book = tmp_path / "data.xlsx"
    assert not destination.replaces_something(book)
    book.write_bytes(b"x")
    assert destination.replaces_something(book)
    assert not destination.replaces_something(tmp_path / ("x" * 300 + ".zip"))
