"""Review sheets: export a language, correct and check rows as a reviewer would, import
them back (into the .po and the forms' markdown), with a conflict for a text changed
since the export."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fieldkit import catalogs
from fieldkit.catalogs import review
from fieldkit.errors import InvalidInput, RejectedInput
from fieldkit.packaged import packaged_dir

REAL = packaged_dir("translations")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the translations and default forms that the review may change."""
    shutil.copytree(REAL, tmp_path / "translations")
    shutil.copytree(REAL.parent / "resources" / "forms", tmp_path / "resources" / "forms")
    monkeypatch.setattr(review, "packaged_dir", lambda kind: tmp_path / kind)
    return tmp_path


def _row(sheet: object, english: str) -> int:
    for cells in sheet.iter_rows(min_row=2):  # type: ignore[attr-defined]
        if cells[2].value == english:
            return int(cells[0].row)
    raise AssertionError(english)


def test_export_has_interface_and_form_texts_with_context(tree: Path) -> None:
    out = tree / "so.xlsx"
    n = review.export_sheet("so", out)
    book = load_workbook(out)
    sheet = book["Review"]
    assert sheet.max_row - 1 == n > 1000
    pin = _row(sheet, "&Change PIN…")
    assert sheet.cell(pin, 2).value == "10-interviewer-sign-in.png"
    assert "profile_dialog.py" in str(sheet.cell(pin, 1).value)
    face = _row(sheet, "Very happy")
    assert str(sheet.cell(face, 1).value).startswith("satisfaction_pictorial: choices/face/5")
    consent = [c[4].value for c in sheet.iter_rows(min_row=2)
               if c[2].value and "consent" in str(c[2].value)]
    assert any("consent = oggolaanshaha" in str(v) for v in consent)
    # Unsure rows first, then the rest; nothing is reviewed yet.
    looks = [c[5].value for c in sheet.iter_rows(min_row=2)]
    assert looks[0] and not looks[-1]
    assert review.review_stats("so")[0] == 0
    assert "Glossary" in book.sheetnames


def test_translators_doubts_about_form_texts_come_first(tree: Path) -> None:
    out = tree / "ar.xlsx"
    review.export_sheet("ar", out)
    sheet = load_workbook(out)["Review"]
    row = _row(sheet, "In between")
    assert "translator: 'بين بين'" in str(sheet.cell(row, 6).value)
    firsts = [c[5].value for c in sheet.iter_rows(min_row=2, max_row=row)]
    assert all(firsts)  # every row above it has a reason to be looked at first


def test_round_trip_applies_corrections_records_reviewer_and_reports_conflict(
        tree: Path) -> None:
    out = tree / "so.xlsx"
    review.export_sheet("so", out)
    book = load_workbook(out)
    sheet = book["Review"]
    sheet.cell(_row(sheet, "&Change PIN…"), 7).value = "&Beddel lambarka sirta…"
    sheet.cell(_row(sheet, "Very happy"), 7).value = "Aad iyo aad ugu faraxsan"
    sheet.cell(_row(sheet, "Unhappy"), 8).value = "x"
    sheet.cell(_row(sheet, "&Current PIN:"), 7).value = "PIN-ka &hadda jira:"
    book.save(out)
    # Someone else changes one of the corrected messages after the export.
    po = tree / "translations" / "so.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgstr "PIN-ka &hadda:"', 'msgstr "PIN-ka &haatan:"'), encoding="utf-8")

    report = review.import_sheet(out, "Hodan Ali", today=dt.date(2026, 12, 7))

    assert sorted(report.applied) == ["&Change PIN…", "satisfaction_pictorial#choices/face/5/label"]
    assert report.checked == ["satisfaction_pictorial#choices/face/2/label"]
    assert len(report.conflicts) == 1 and "&Current PIN:" in report.conflicts[0]
    text = po.read_text(encoding="utf-8")
    assert "# reviewed-by: Hodan Ali 2026-12-07\n" in text
    assert 'msgstr "&Beddel lambarka sirta…"' in text
    assert 'msgstr "PIN-ka &haatan:"' in text  # the conflict is not overwritten
    form = (tree / "resources" / "forms" / "satisfaction_pictorial.md").read_text(
        encoding="utf-8")
    assert "| Aad iyo aad ugu faraxsan |" in form and "| Aad ugu faraxsan |" not in form
    assert form.count("\n") == (REAL.parent / "resources" / "forms" /
                                "satisfaction_pictorial.md").read_text(
        encoding="utf-8").count("\n")
    log = (tree / "translations" / "reviews.csv").read_text(encoding="utf-8")
    assert "Hodan Ali" in log and "Aad iyo aad ugu faraxsan" in log
    assert review.po_review_stats("so")[0] == 1
    assert review.form_review_stats("so")[0] == 2
    # The markdown still parses and every form text is still found.
    assert {c.key for c in review.form_cells(
        tree / "resources" / "forms" / "satisfaction_pictorial.md", "so")} >= {
        "form:satisfaction_pictorial#choices/face/5/label"}


def test_import_refuses_a_sheet_that_is_not_a_review_sheet(tree: Path) -> None:
    from openpyxl import Workbook

    path = tree / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(RejectedInput, match="review-export"):
        review.import_sheet(path, "A", lang="so")


def test_unknown_language_is_one_clear_line(tree: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InvalidInput):
        review.export_sheet("xx", tree / "x.xlsx")
    assert catalogs.main(["review-export", "--lang", "xx", "--out", str(tree / "x.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--lang xx" in err
