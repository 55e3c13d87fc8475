"""Facts: each tied to a figure fieldkit holds (own interviews, census, partners'
figures), its number equal to an independent count, the disclosure rule applied,
the wording checked for its slots and kept per language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.disclosure import DisclosureRule
from fieldkit.projects import current_project
from fieldkit.reports.facts import build_fact_sheet, list_facts
from fieldkit.store import open_store
from tests.reports.conftest import census_count, households_answering

OWN = ["--form", "household_survey", "--by", "ethnicity", "--measure", "damp",
       "--category", "yes"]
CENSUS = ["--census", "TS021", "--area", "E05002455", "E05002456", "--category",
          "White: Other White"]


def _add(capsys: pytest.CaptureFixture[str], text: str, *figure: str) -> int:
    assert main(["report", "fact", "add", "--text", text, *figure]) == 0
    return int(capsys.readouterr().out.strip().splitlines()[-1])


def _facts(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["report", "fact", "list", "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)["facts"]
    assert isinstance(facts, list)
    return facts


def test_own_figure_is_the_independent_count(sheets_dir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _add(capsys, "Homes with damp: {figure} ({percent})", *OWN)
    count, total = households_answering(sheets_dir / "fieldkit.sqlite3", "damp", "yes")
    now = _facts(capsys)[0]["now"]
    assert isinstance(now, dict)
    assert (now["count"], now["total"]) == (count, total)
    assert now["unit"] == "households" and "household_survey" in str(now["source"])


def test_census_figure_with_its_year_and_attribution(
        sheets_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _add(capsys, "Other White residents: about {figure}, not the 1 in 5 often claimed",
         *CENSUS)
    now = _facts(capsys)[0]["now"]
    assert isinstance(now, dict)
    assert (now["count"], now["total"]) == census_count("White: Other White")
    assert now["as_of"] == "Census 2021"
    assert "Open Government Licence" in str(now["attribution"])


def test_partner_figure_latest_period_and_share(sheets_dir: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    figures = tmp_path / "gp.csv"
    figures.write_text("period,area,category,count\n"
                       "2025H2,SO14,Romanian,31\n2025H2,SO14,Polish,369\n"
                       "2026H1,SO14,Romanian,74\n2026H1,SO14,Polish,336\n", encoding="utf-8")
    assert main(["partners", "import", str(figures), "--source", "GP registrations"]) == 0
    capsys.readouterr()
    _add(capsys, "New GP registrations by Romanian nationals: {figure}", "--partner",
         "GP registrations", "--area", "SO14", "--category", "Romanian", "--of", "Total")
    now = _facts(capsys)[0]["now"]
    assert isinstance(now, dict)
    assert (now["count"], now["total"]) == (74, 410)
    assert "2026" in str(now["as_of"]) and "GP registrations" in str(now["source"])


@pytest.mark.parametrize(("text", "words"), [
    ("Homes with damp: 46 in 100", "put {figure}"),
    ("Homes with damp: {share}", "{share} is not a slot"),
    ("Homes with damp: {figure", "not closed"),
])
def test_wording_must_leave_the_number_to_fieldkit(
        sheets_dir: Path, capsys: pytest.CaptureFixture[str], text: str, words: str) -> None:
    assert main(["report", "fact", "add", "--text", text, *OWN]) == 1
    assert words in capsys.readouterr().err
    assert _facts(capsys) == []


def test_a_figure_fieldkit_cannot_find_is_refused(
        sheets_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "fact", "add", "--text", "{figure}", "--census", "TS021",
                 "--area", "E05002455", "--category", "Martians"]) == 1
    assert "no such category" in capsys.readouterr().err
    assert main(["report", "fact", "add", "--text", "{figure}", "--form",
                 "household_survey", "--by", "ethnicity", "--measure", "damp",
                 "--category", "perhaps"]) == 1
    assert "no such choice" in capsys.readouterr().err
    assert _facts(capsys) == []


def test_small_counts_are_withheld_and_left_off(
        sheets_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # One small community's households with damp in one half-year: below 10.
    small = _add(capsys, "{figure}", "--form", "household_survey", "--by", "ethnicity",
                 "--measure", "damp", "--category", "yes", "--group", "iranian",
                 "--period", "2026H1")
    big = _add(capsys, "Homes with damp: {figure}", *OWN)
    store = open_store(f"sqlite:///{sheets_dir / 'fieldkit.sqlite3'}")
    try:
        project = current_project(store).id
        sheet = build_fact_sheet(store, project, "en", DisclosureRule())
        assert sheet.withheld == [small]
        assert [line.fact_id for line in sheet.lines] == [big]
        # With a lower threshold the figure is published: it was the rule, not a gap.
        low = build_fact_sheet(store, project, "en", DisclosureRule(min_count=3))
        figure = [ln for ln in low.lines if ln.fact_id == small]
        assert not figure or (figure[0].figure.count or 0) >= 3
    finally:
        store.close()
    listed = {f["id"]: f["now"] for f in _facts(capsys)}
    small_now = listed[small]
    assert isinstance(small_now, dict) and small_now["withheld"] is True
    assert small_now["count"] is None


def test_translations_edit_and_remove(sheets_dir: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    first = _add(capsys, "Homes with damp: {figure}", *OWN)
    second = _add(capsys, "Other White: {figure}", *CENSUS)
    assert main(["--lang", "pl", "report", "fact", "text", str(first), "--text",
                 "Domy z wilgocią: {figure}"]) == 0
    assert main(["report", "fact", "edit", str(second), "--position", "1",
                 "--scale", "10"]) == 0
    capsys.readouterr()
    facts = _facts(capsys)
    assert [f["id"] for f in facts] == [second, first]
    assert facts[0]["scale"] == 10
    assert facts[1]["texts"] == {"en": "Homes with damp: {figure}",
                                 "pl": "Domy z wilgocią: {figure}"}
    assert main(["report", "fact", "remove", str(second)]) == 0
    assert main(["report", "fact", "remove", str(second)]) == 1
    capsys.readouterr()
    store = open_store(f"sqlite:///{sheets_dir / 'fieldkit.sqlite3'}")
    try:
        assert [f.id for f in list_facts(store, current_project(store).id)] == [first]
    finally:
        store.close()


def test_household_type_is_a_figure_too(sheets_dir: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    # The derived household type counts like a question (its categories are fieldkit's).
    assert main(["report", "fact", "add", "--text", "Families with children: {figure}",
                 "--form", "household_survey", "--by", "ethnicity", "--measure",
                 "household_type", "--category", "families"]) == 1
    assert "family_with_children" in capsys.readouterr().err
    _add(capsys, "Families with children: {figure}", "--form", "household_survey", "--by",
         "ethnicity", "--measure", "household_type", "--category", "family_with_children")
    now = _facts(capsys)[0]["now"]
    assert isinstance(now, dict) and now["unit"] == "households"
    assert isinstance(now["count"], int) and isinstance(now["total"], int)
    assert 0 < now["count"] < now["total"]
