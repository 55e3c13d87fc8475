"""Figures in the interface language: periods, shares, age bands and p-values in
English and in Sorani (Eastern Arabic-Indic digits, Arabic percent sign)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from fieldkit.gui.insight.formatting import band_text, count_share, p_value, percent, period_label
from fieldkit.gui.qt_i18n import apply_language


def test_english(qapp: QApplication) -> None:
    apply_language(qapp, "en")
    assert [period_label(p) for p in ("2026H1", "2026Q3", "2026-03", "2026", "junk")] == [
        "2026 H1", "2026 Q3", "Mar 2026", "2026", "junk"]
    assert percent(0.426) == "43%"
    assert percent(None) == ""
    assert count_share(52, 52 / 121) == "52 (43%)"
    assert band_text("18-24") == "18\u201324" and band_text("75+") == "75+"
    assert band_text("<0") == "< 0"
    assert p_value("p", 0.0004) == "p < 0.001"
    assert p_value("q", 0.0312) == "q = 0.031"
    assert p_value("", 0.5) == "0.500"


def test_sorani_digits(qapp: QApplication) -> None:
    apply_language(qapp, "ckb")
    # The half-year's word is the catalogue's; the digits are Sorani's.
    label = period_label("2026H1")
    assert label.startswith("٢٠٢٦ ") and label.endswith("١")
    assert not any(c in label for c in "0123456789")
    assert percent(0.4) == "٤٠٪"
    assert band_text("18-24") == "١٨\u2013٢٤"
    assert count_share(1200, 0.5).startswith("١")
