"""The fact sheet and feedback as PDF (and the fact sheet as a square PNG): the
numbers read back with pdftotext equal the independent counts, in the language's
own digits, right-to-left text in logical order, withheld figures left off."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from fieldkit.cli import main
from fieldkit.i18n import catalog
from fieldkit.reports.slots import in_scale
from tests.reports.conftest import census_count, households_answering

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="needs poppler-utils (pdftotext)")

OWN = ["--form", "household_survey", "--by", "ethnicity", "--measure", "damp",
       "--category", "yes"]
CENSUS = ["--census", "TS021", "--area", "E05002455", "E05002456", "--category",
          "White: Other White"]
_EASTERN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def _text(pdf: Path) -> str:
    """The text in logical order, without bidi marks, presentation forms as letters."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return re.sub("[\u202a-\u202e\u2066-\u2069]", "", unicodedata.normalize("NFKC", out))


def _add(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["report", *args]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_fact_sheet_numbers_are_the_counts(qapp: QApplication, sheets_dir: Path,
                                           tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    _add(capsys, "fact", "add", "--text", "Homes with damp: {figure} ({count} of {total})",
         *OWN)
    _add(capsys, "fact", "add", "--text", "Other White residents: about {figure}, not the "
         "1 in 5 often claimed", *CENSUS)
    small = _add(capsys, "fact", "add", "--text", "Iranian homes with damp: {figure}",
                 *OWN, "--group", "iranian", "--period", "2026H1")
    out = tmp_path / "facts.pdf"
    assert main(["report", "facts", "--out", str(out)]) == 0
    assert f"Statement {small} left off" in capsys.readouterr().err
    text = " ".join(_text(out).split())
    count, total = households_answering(sheets_dir / "fieldkit.sqlite3", "damp", "yes")
    assert (f"Homes with damp: {in_scale(count / total, 100)} in 100 "
            f"({count:,} of {total:,})") in text
    other, residents = census_count("White: Other White")
    assert (f"Other White residents: about {in_scale(other / residents, 100)} in 100, "
            "not the 1 in 5 often claimed") in text
    assert "Iranian homes" not in text  # withheld, never printed
    assert "Open Government Licence" in text and "Census 2021, table TS021" in text
    image = QImage(str(out.with_suffix(".png")))
    assert image.width() == image.height() == 1080


def test_fact_sheet_in_farsi_digits_and_logical_order(
        qapp: QApplication, sheets_dir: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    fact = _add(capsys, "fact", "add", "--text", "Homes with damp: {figure}", *OWN)
    out = tmp_path / "fa.pdf"
    # Not written in Farsi: refused, nothing written.
    assert main(["--lang", "fa", "report", "facts", "--out", str(out)]) == 1
    said = catalog("fa").gettext(
        "Statements {ids} are not written in {lang} yet; add them with 'report fact text ID "
        "--lang {lang} --text ...' (nothing was written).").format(ids=fact, lang="fa")
    assert said in capsys.readouterr().err and not out.exists()
    assert main(["--lang", "fa", "report", "fact", "text", fact, "--text",
                 "خانوارهایی که رطوبت دارند: {figure}"]) == 0
    assert main(["--lang", "fa", "report", "facts", "--out", str(out)]) == 0
    capsys.readouterr()
    text = _text(out)
    count, total = households_answering(sheets_dir / "fieldkit.sqlite3", "damp", "yes")
    share = str(in_scale(count / total, 100))
    assert "خانوارهایی که رطوبت دارند" in text
    persian = share.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert persian in text and share in text.translate(_EASTERN)


def test_feedback_pdf_in_sorani_and_english_variants(
        qapp: QApplication, sheets_dir: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    item = _add(capsys, "feedback-item", "add", "--form", "household_survey", "--section",
                "told", "--text", "{figure} households told us of damp.", "--easy",
                "{figure} homes have damp.\nDamp makes people ill.", *OWN[2:])
    assert main(["--lang", "ckb", "report", "feedback-item", "text", item, "--text",
                 "{figure} ماڵ باسی نەم و کەڕوویان کرد."]) == 0
    capsys.readouterr()
    count, total = households_answering(sheets_dir / "fieldkit.sqlite3", "damp", "yes")
    filled = in_scale(count / total, 10)
    plain = tmp_path / "en.pdf"
    spoken = tmp_path / "en.txt"
    assert main(["report", "feedback", "--form", "household_survey", "--out", str(plain),
                 "--text", str(spoken)]) == 0
    assert f"{filled} in 10 households told us of damp." in " ".join(_text(plain).split())
    assert f"{filled} in 10 households told us of damp." in spoken.read_text("utf-8")
    easy = tmp_path / "easy.pdf"
    assert main(["report", "feedback", "--form", "household_survey", "--out", str(easy),
                 "--easy-read", "--large-print"]) == 0
    lines = " ".join(_text(easy).split())
    assert "homes have damp." in lines and "Damp makes people ill." in lines
    sorani = tmp_path / "ckb.pdf"
    assert main(["--lang", "ckb", "report", "feedback", "--form", "household_survey",
                 "--out", str(sorani)]) == 0
    capsys.readouterr()
    text = _text(sorani)
    # The words in logical (reading) order, the figure in Sorani's digits. (pdftotext
    # cannot map Sorani's ە and ێ back to letters, so words without them are compared.)
    line = next(t for t in text.splitlines() if "باسی" in t)
    assert line.index("ماڵ") < line.index("باسی") < line.index("کرد")
    assert str(filled) not in line
    assert chr(0x0660 + filled) in line and "١٠" in line
