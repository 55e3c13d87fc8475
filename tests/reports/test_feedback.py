"""Feedback to participants: wording per language (missing wording listed, never
filled in from English), figures as 10 icons from an independent count, per
community, easy-read lines, and a sheet with no figures to show says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.i18n import catalog
from fieldkit.projects import current_project
from fieldkit.reports.feedback import Feedback, build_feedback, easy_lines
from fieldkit.reports.feedback_sheet import feedback_document, feedback_text
from fieldkit.reports.slots import in_scale
from fieldkit.store import open_store
from tests.reports.conftest import households_answering

DAMP = ["--by", "ethnicity", "--measure", "damp", "--category", "yes"]


def _item(capsys: pytest.CaptureFixture[str], *args: str) -> int:
    assert main(["report", "feedback-item", "add", "--form", "household_survey",
                 *args]) == 0
    return int(capsys.readouterr().out.strip().splitlines()[-1])


def _build(data: Path, language: str, community: str = "") -> Feedback:
    store = open_store(f"sqlite:///{data / 'fieldkit.sqlite3'}")
    try:
        return build_feedback(store, current_project(store).id, "household_survey",
                              language, community=community)
    finally:
        store.close()


def test_figures_are_ten_icons_of_the_independent_count(
        sheets_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _item(capsys, "--section", "told", "--text", "{figure} households told us of damp.",
          *DAMP)
    _item(capsys, "--section", "next", "--text", "We told the council.")
    feedback = _build(sheets_dir, "en")
    count, total = households_answering(sheets_dir / "fieldkit.sqlite3", "damp", "yes")
    part = feedback.parts[0]
    assert part.figure is not None
    assert part.figure.count == count and part.figure.total == total
    assert part.filled == in_scale(count / total, 10)
    assert part.text == f"{part.filled} in 10 households told us of damp."
    text = feedback_text(feedback)
    assert text.index("What you told us") < text.index(part.text) \
        < text.index("What happens next") < text.index("We told the council.")


def test_one_communitys_feedback(sheets_dir: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    _item(capsys, "--section", "told", "--text", "{figure} households: damp.", *DAMP)
    _item(capsys, "--section", "next", "--community", "roma", "--text",
          "A Romanes-speaking adviser starts in March.")
    _item(capsys, "--section", "next", "--community", "kurdish", "--text",
          "A Sorani-speaking adviser starts in March.")
    feedback = _build(sheets_dir, "en", community="roma")
    count, total = households_answering(sheets_dir / "fieldkit.sqlite3", "damp", "yes",
                                        group="roma")
    figure = feedback.parts[0].figure
    assert figure is not None
    if total >= 10 and count >= 10 and total - count >= 10:
        assert (figure.count, figure.total) == (count, total)
    texts = [p.text for p in feedback.parts]
    assert "A Romanes-speaking adviser starts in March." in texts
    assert "A Sorani-speaking adviser starts in March." not in texts
    assert feedback.community_label == "Roma"


def test_missing_wording_is_listed_and_nothing_written(
        sheets_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _item(capsys, "--section", "told", "--text", "{figure} households: damp.",
                  *DAMP)
    second = _item(capsys, "--section", "next", "--text", "We told the council.")
    assert main(["--lang", "pl", "report", "feedback-item", "text", str(first), "--text",
                 "{figure} gospodarstw: wilgoć."]) == 0
    capsys.readouterr()
    feedback = _build(sheets_dir, "pl")
    assert [m.item_id for m in feedback.missing] == [second]
    out = tmp_path / "pl.pdf"
    assert main(["--lang", "pl", "report", "feedback", "--form", "household_survey",
                 "--out", str(out)]) == 1
    err = capsys.readouterr().err
    # Said in the interface language (Polish here), naming the item and its English.
    line = catalog("pl").gettext("not written in {lang}: item {id} ({section}): {text}")
    assert line != "not written in {lang}: item {id} ({section}): {text}"
    assert line.format(lang="pl", id=second, section="next",
                       text="We told the council.") in err
    assert not out.exists()


def test_a_sheet_with_no_figure_to_show_says_so(
        sheets_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A year with no interviews: the figure is 0 of 0, withheld, and the sheet says why.
    _item(capsys, "--section", "told", "--text", "{figure} households: damp.",
          "--period", "2019", *DAMP)
    feedback = _build(sheets_dir, "en")
    assert feedback.withheld and not feedback.parts
    assert "Not enough people have answered yet" in feedback_text(feedback)


def test_easy_read_lines() -> None:
    assert easy_lines("One. Two? Three!", "") == ("One.", "Two?", "Three!")
    assert easy_lines("Long text. Ignored.", "We listened.\nWe act.") == (
        "We listened.", "We act.")
    assert easy_lines("یک. دو؟ سه.", "") == ("یک.", "دو؟", "سه.")


def test_large_print_and_easy_read_documents(sheets_dir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _item(capsys, "--section", "told", "--text", "{figure} households: damp.", "--easy",
          "{figure} homes have damp.\nDamp makes people ill.", *DAMP)
    feedback = _build(sheets_dir, "en")
    standard = feedback_document(feedback)
    large = feedback_document(feedback, large_print=True)
    easy = feedback_document(feedback, easy_read=True)
    assert large.scale > standard.scale == 1.0
    assert len(easy.blocks) == len(standard.blocks) + 1  # one picture per line
