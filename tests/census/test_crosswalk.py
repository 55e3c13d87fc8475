"""Crosswalks from form choices to census categories: defaults, CSV round trip,
unmapped choices kept, bad files refused."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from fieldkit.census.catalog import known_tables
from fieldkit.census.crosswalk import import_crosswalk, load_crosswalk
from fieldkit.cli import main
from fieldkit.errors import InvalidInput
from fieldkit.packaged import resource
from fieldkit.project_forms import add_form
from fieldkit.projects import current_project
from fieldkit.store import Store, open_store

FORM = "customer_profile"


@pytest.fixture
def store(data_dir: Path) -> Store:
    """The data folder's store (the CLI's too) with the customer profile form."""
    data_dir.mkdir(parents=True, exist_ok=True)
    s = open_store(f"sqlite:///{data_dir / 'fieldkit.sqlite3'}")
    add_form(s, current_project(s).id, resource("forms", "customer_profile.md"))
    yield s  # type: ignore[misc]
    s.close()


def _choices(list_name: str) -> list[str]:
    """The list's choice names, read from the form file itself."""
    text = resource("forms", "customer_profile.md").read_text(encoding="utf-8")
    return [cells[3].strip() for line in text.splitlines()
            if len(cells := line.split("|")) > 4 and cells[2].strip() == list_name]


@pytest.mark.parametrize(("field", "table", "list_name", "unmapped"), [
    ("ethnicity", "TS021", "ethnicity", ["prefer_not"]),
    ("nationality", "TS013", "nationality", ["other", "prefer_not"]),
    ("main_language", "TS024", "language", ["other"]),
])
def test_defaults_cover_every_choice_of_the_default_form(
        store: Store, field: str, table: str, list_name: str, unmapped: list[str]) -> None:
    crosswalk = load_crosswalk(store, FORM, field, table)
    assert crosswalk.source == "default"
    assert [r.choice for r in crosswalk.rows] == _choices(list_name)
    assert crosswalk.unmapped == unmapped
    labels = {c.label for c in known_tables()[table].categories}
    assert set(crosswalk.mapping.values()) <= labels


def test_the_issue_examples(store: Store) -> None:
    mapping = load_crosswalk(store, FORM, "ethnicity", "TS021").mapping
    assert mapping["white_polish"] == "White: Other White"
    assert mapping["roma"] == "White: Roma"


def test_csv_round_trip_keeps_unmapped_choices(store: Store, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ethnicity.csv"
    assert main(["census", "crosswalk", "export", "--form", FORM, "--field", "ethnicity",
                 "--table", "TS021", "--out", str(out)]) == 0
    assert "unmapped: prefer_not" in capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["choice", "census_category"]
    assert ["prefer_not", ""] in rows and ["roma", "White: Roma"] in rows
    # The coordinator changes two lines and leaves 'mixed' unmapped on purpose.
    edited = [r if r[0] not in ("kurdish", "mixed") else
              [r[0], "Other ethnic group: Any other ethnic group" if r[0] == "kurdish" else ""]
              for r in rows]
    edited = [r if r[0] != "iranian" else [r[0], "Other ethnic group: Arab"] for r in edited]
    with out.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(edited)
    assert main(["census", "crosswalk", "import", str(out), "--form", FORM, "--field",
                 "ethnicity", "--table", "TS021", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["source"] == "project"
    assert shown["unmapped"] == ["mixed", "prefer_not"]
    again = tmp_path / "again.csv"
    assert main(["census", "crosswalk", "export", "--form", FORM, "--field", "ethnicity",
                 "--table", "TS021", "--out", str(again)]) == 0
    assert list(csv.reader(io.StringIO(again.read_text(encoding="utf-8")))) == edited
    # Stored with the project: a new run reads the same.
    crosswalk = load_crosswalk(store, FORM, "ethnicity", "TS021")
    assert crosswalk.mapping["iranian"] == "Other ethnic group: Arab"
    assert "mixed" not in crosswalk.mapping


def test_a_crosswalk_file_without_rows_returns_to_the_default(store: Store,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("choice,census_category\nroma,White: Other White\n", encoding="utf-8")
    imported = import_crosswalk(store, path, FORM, "ethnicity", "TS021")
    assert imported.source == "project"
    # Choices the file leaves out are unmapped, and said so.
    assert imported.mapping == {"roma": "White: Other White"}
    assert len(imported.unmapped) == len(imported.rows) - 1
    path.write_text("choice,census_category\n", encoding="utf-8")
    assert import_crosswalk(store, path, FORM, "ethnicity", "TS021").source == "default"


@pytest.mark.parametrize(("text", "message"), [
    ("choice,category\n", "row 1: a crosswalk has the columns choice,census_category"),
    ("choice,census_category\nklingon,White: Roma\n",
     "row 2, column 'choice': 'klingon' is not a choice of ethnicity"),
    ("choice,census_category\nroma,Roma\n",
     "row 2, column 'census_category': 'Roma' is not a category of census table TS021"),
    ("choice,census_category\nroma,White: Roma\nroma,White: Roma\n",
     "row 3, column 'choice': 'roma' appears twice"),
    ("choice,census_category\nroma,White: Roma,extra\n", "row 2: 3 fields"),
])
def test_bad_crosswalk_files_are_refused_and_nothing_changes(
        store: Store, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        import_crosswalk(store, path, FORM, "ethnicity", "TS021")
    assert load_crosswalk(store, FORM, "ethnicity", "TS021").source == "default"


def test_wrong_table_or_field(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["census", "crosswalk", "show", "--form", FORM, "--field", "ethnicity",
                 "--table", "TS999"]) == 1
    assert "not a census table fieldkit knows" in capsys.readouterr().err
    assert main(["census", "crosswalk", "show", "--form", FORM, "--field", "nosuch",
                 "--table", "TS021"]) == 1
    assert "--field" in capsys.readouterr().err
    # A field with no default crosswalk: every choice unmapped, none dropped.
    assert main(["census", "crosswalk", "show", "--form", FORM, "--field", "ethnicity",
                 "--table", "TS054", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["source"] == "none" and len(shown["unmapped"]) == len(shown["rows"]) > 10
