"""The report renderer: a document written to PDF holds its figures as text in the
document language's digits (read back with pdftotext), withheld figures as ``c``,
right-to-left text in logical order, a contents page with real page numbers, long
tables broken between rows with the header repeated; pages become PNG images."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from fieldkit.gui.reports.pdf import format_value, write_pdf, write_png
from fieldkit.reports.document import (
    SQUARE,
    Chart,
    Contents,
    Cover,
    Document,
    Figure,
    Figures,
    Heading,
    IconArray,
    Paragraph,
    Series,
    Share,
    Table,
    Withheld,
)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="needs poppler-utils (pdftotext)")

_EASTERN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def _text(pdf: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    out = subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return unicodedata.normalize("NFKC", out)  # the font's "ﬁ" ligature as "fi"


def _logical(pdf: Path) -> str:
    """The text in logical order (pdftotext's default mode), without the bidi
    embedding marks it adds and with presentation forms as plain letters."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return re.sub("[\u202a-\u202e\u2066-\u2069]", "", unicodedata.normalize("NFKC", out))


def _document(language: str, rows: int = 5) -> Document:
    table = Table("Households by community", ("Community", "Households", "Share"),
                  (*((f"Group {i}", 100 + i, Share(i / 100)) for i in range(rows)),
                   ("Small", Withheld(), Withheld("secondary"))),
                  source="fieldkit interviews", name="households")
    return Document("Trend report", language, (
        Cover("Trend report", "January to June 2026", ("Made 7 December 2026",)),
        Contents("Contents"),
        Heading("Headline figures"),
        Figures((Figure("households interviewed", 412, "fieldkit interviews"),
                 Figure("advice sessions", Withheld(), "attendance"))),
        Paragraph("We interviewed {n} households.", {"n": 1234}),
        Heading("Tables"),
        table,
        Chart("Households", "bar", ("2025 H2", "2026 H1"),
              (Series("Polish", (120.0, 135.0)), Series("Roma", (40.0, 52.0))),
              source="fieldkit interviews"),
        IconArray(6, 10, "{count} in {total} households", "fieldkit interviews"),
    ))


def test_figures_are_text_in_the_pdf(qapp: QApplication, tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    pages = write_pdf(_document("en"), pdf)
    assert pages >= 3
    text = _text(pdf)
    assert "412" in text and "1,234 households" in text
    assert "Group 3" in text and "103" in text and "3%" in text
    assert "6 in 10 households" in text
    assert "Source: fieldkit interviews" in text
    # The withheld count and share print as c, never the figure.
    small = next(line for line in text.splitlines() if "Small" in line)
    assert small.split()[1:] == ["c", "c"]
    assert f"Page 2 of {pages}" in text
    assert "Page 1 of" not in text  # the cover has no page number


def test_contents_give_the_pages_of_the_headings(qapp: QApplication,
                                                 tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    write_pdf(_document("en", rows=150), pdf)
    contents = _text(pdf, 2)
    found = {line.split()[0]: int(line.split()[-1]) for line in contents.splitlines()
             if line.strip().startswith(("Headline", "Tables"))}
    assert "Headline" in _text(pdf, found["Headline"])
    assert "Tables" in _text(pdf, found["Tables"])
    # The long table runs over pages, its header repeated on each.
    later = _text(pdf, found["Tables"] + 1)
    assert "(continued)" in later and "Community" in later and "Group 149" in _text(pdf)


def test_right_to_left_in_the_document_language(qapp: QApplication,
                                                tmp_path: Path) -> None:
    # Farsi: pdftotext maps each of its glyphs back to a letter (Sorani's ێ is a
    # glyph it cannot map, so a Sorani sentence cannot be read back whole).
    farsi = "ما {n} خانوار را دیدیم."
    for language in ("ckb", "fa"):
        pdf = tmp_path / f"{language}.pdf"
        document = _document(language)
        write_pdf(Document(document.title, language,
                           (*document.blocks, Paragraph(farsi, {"n": 1234}))), pdf)
        text = _logical(pdf)
        # The language's own digits, never Latin ones...
        assert "412" not in text and "412" in text.translate(_EASTERN)
        assert "1٬234" in text.translate(_EASTERN)
        # ...and the words in their logical (reading) order. (pdftotext places the
        # run holding the number on its own, so the whole sentence is not compared.)
        assert "خانوار را دیدیم" in text


def test_format_value_uses_the_languages_digits(qapp: QApplication) -> None:
    from PySide6.QtCore import QLocale

    assert format_value(Share(0.426), QLocale("en")) == "43%"
    assert format_value(1234, QLocale("en")) == "1,234"
    assert format_value(Withheld(), QLocale("fa")) == "c"
    assert format_value(12, QLocale("fa")).translate(_EASTERN) == "12"
    assert format_value(12, QLocale("fa")) != "12"
    assert format_value(None, QLocale("en")) == ""


def test_pages_as_png(qapp: QApplication, tmp_path: Path) -> None:
    square = Document("Facts", "en", (Heading("Facts"), Paragraph("About {n} in 100.",
                                                                  {"n": 7})), page=SQUARE)
    written = write_png(square, tmp_path / "facts.png", dpi=150)
    assert written == [tmp_path / "facts.png"]
    image = QImage(str(written[0]))
    assert (image.width(), image.height()) == (1080, 1080)
    several = write_png(_document("en"), tmp_path / "report.png", dpi=40,
                        pages=lambda n: n <= 2)
    assert [p.name for p in several] == ["report-1.png", "report-2.png"]
