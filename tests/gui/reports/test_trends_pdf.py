"""``fieldkit report trends`` end to end: the PDF's figures (read back with
pdftotext) are F7's and the register's for the period, withheld ones print ``c``,
the settings given once are reused, Farsi gets its own digits, an empty period
still writes a report that says so, and bad input is one line and its exit code."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit.cli import main
from fieldkit.insight import ProfileQuery, build_profile
from fieldkit.projects import current_project
from fieldkit.reports.settings import load_settings
from fieldkit.store import open_store
from tests.reports.seeded import copy_of, seeded_store

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="needs poppler-utils (pdftotext)")

GP = """period,area,category,count
2024H2,SO14,Romanian,25
2025H1,SO14,Romanian,28
2025H2,SO14,Romanian,31
2026H1,SO14,Romanian,74
2025H2,SO14,Afghan,6
2026H1,SO14,Afghan,12
"""

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_store(tmp_path_factory)


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return unicodedata.normalize("NFKC", out)


def _run(db: Path, *words: str) -> int:
    return main(["--db", f"sqlite:///{db}", *words])


def test_the_pdf_holds_f7s_figures(qapp: QApplication, seeded: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = copy_of(seeded, tmp_path)
    pdf, xlsx = tmp_path / "trends.pdf", tmp_path / "trends.xlsx"
    partner = tmp_path / "gp.csv"
    partner.write_text(GP, encoding="utf-8")
    assert _run(db, "partners", "import", str(partner), "--source", "GP registrations") == 0
    assert _run(db, "report", "trends", "--from", "2026-01-01", "--to", "2026-06-30",
                "--out", str(pdf), "--xlsx", str(xlsx), "--form", "household_survey",
                "--by", "ethnicity", "--measure", "household_type") == 0
    assert "Wrote" in capsys.readouterr().out and xlsx.exists()
    text = _text(pdf)
    store = open_store(f"sqlite:///{db}")
    try:
        profile = build_profile(store, ProfileQuery("household_survey", "ethnicity",
                                                    ("household_type",)))
        saved = load_settings(store, current_project(store).id)
    finally:
        store.close()
    assert saved.form == "household_survey" and saved.measures == ("household_type",)
    start = text.index("Interviews by community")
    lines = text[start:start + 3000].splitlines()
    total = 0
    for group in profile.groups:
        n = profile.interviews.get((group, "2026H1"), 0)
        total += n
        if not n:
            continue
        label = profile.group_label(group, "en")
        row = next(li for li in lines if li.strip().startswith(label))
        figure = row.split()[-1]
        assert figure == str(n) or (figure == "c" and (n < 10 or "c" in text)), row
        if n < 10:
            assert figure == "c"
    total_row = next(li for li in lines if li.strip().startswith("Total"))
    assert total_row.split()[-1] == str(total)
    assert "Source: Household housing-needs survey" in text
    # Partners' figures with their source; the one below 10 withheld. The chart's
    # numbers are in the appendix.
    appendix = text[text.index("Appendix: the numbers behind the charts"):]
    rows = [li.split() for li in appendix.splitlines() if len(li.split()) > 3]
    assert ["Afghan", "in", "SO14", "c", "12"] in [r[:3] + r[-2:] for r in rows]
    assert ["Romanian", "in", "SO14", "25", "28", "31", "74"] in rows
    assert "Source: GP registrations" in appendix


def test_settings_are_reused_and_farsi_has_its_digits(
        qapp: QApplication, seeded: Path, tmp_path: Path) -> None:
    db = copy_of(seeded, tmp_path)
    first = tmp_path / "en.pdf"
    assert _run(db, "report", "trends", "--from", "2026-01-01", "--to", "2026-06-30",
                "--out", str(first), "--form", "household_survey", "--by", "ethnicity",
                "--measure", "household_type") == 0
    farsi = tmp_path / "fa.pdf"
    # No --form or --by: the saved settings are used.
    assert _run(db, "--lang", "fa", "report", "trends", "--from", "2026-01-01",
                "--to", "2026-06-30", "--out", str(farsi)) == 0
    english, persian = _text(first), _text(farsi)
    total = re.search(r"^\s*Total\s+(\d+)\s*$", english, re.MULTILINE)
    assert total is not None
    assert re.search(r"[۰-۹]", persian)
    assert total.group(1) in persian.translate(_DIGITS)


def test_an_empty_period_writes_a_report_that_says_so(
        qapp: QApplication, seeded: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = copy_of(seeded, tmp_path)
    pdf = tmp_path / "empty.pdf"
    assert _run(db, "report", "trends", "--from", "2019-01-01", "--to", "2019-06-30",
                "--out", str(pdf), "--form", "household_survey", "--by", "ethnicity") == 0
    assert "Nothing to report" in capsys.readouterr().err
    assert "Nothing to report for this period" in _text(pdf)


def test_bad_input_is_one_line(qapp: QApplication, seeded: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    db = copy_of(seeded, tmp_path)
    out = str(tmp_path / "x.pdf")
    assert _run(db, "report", "trends", "--from", "2026-02-30", "--to", "2026-06-30",
                "--out", out) == 2
    assert _run(db, "report", "trends", "--from", "2026-06-30", "--to", "2026-01-01",
                "--out", out) == 2
    assert _run(db, "report", "trends", "--from", "2026-01-01", "--to", "2026-06-30",
                "--out", out) == 1  # no form chosen yet
    assert _run(db, "report", "trends", "--from", "2026-01-01", "--to", "2026-06-30",
                "--out", str(tmp_path / "no" / "x.pdf"), "--form", "f", "--by", "g") == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and all(line.startswith("fieldkit: ") for line in err)
    assert "--form" in err[2]
    assert not Path(out).exists()


def test_settings_that_fail_are_not_saved(qapp: QApplication, seeded: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = copy_of(seeded, tmp_path)
    assert _run(db, "report", "trends", "--from", "2026-01-01", "--to", "2026-06-30",
                "--out", str(tmp_path / "x.pdf"), "--form", "household_survey",
                "--by", "no_such_field") == 1
    assert "no_such_field" in capsys.readouterr().err
    store = open_store(f"sqlite:///{db}")
    try:
        assert load_settings(store, current_project(store).id).by == ""
    finally:
        store.close()
    assert not (tmp_path / "x.pdf").exists()
