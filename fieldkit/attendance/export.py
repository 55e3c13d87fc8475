"""Figures to CSV or XLSX: one row per figure, languages, issues and referrals by
label, then one row per session; codes are kept beside labels for analysis."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fieldkit.attendance.figures import Figures
from fieldkit.attendance.labels import choice_labels
from fieldkit.attendance.report_text import count_lines
from fieldkit.errors import EnvironmentProblem
from fieldkit.forms import Form
from fieldkit.i18n import _

__all__ = ["figure_rows", "write_csv", "write_xlsx"]


def figure_rows(figures: Figures, attendee_form: Form, language: str) -> Iterator[list[Any]]:
    yield [_("Section"), _("Code"), _("Label"), _("Number")]
    keys = ("sessions", "attendances", "unique_people", "new", "returning", "anonymous",
            "children", "interpreter_used", "referrals_made", "followups_open",
            "followups_overdue", "followups_closed")
    for key, (label, number) in zip(keys, count_lines(figures), strict=True):
        yield [_("Figures"), key, label, number]
    for section, name, counts in ((_("Languages"), "preferred_language", figures.languages),
                                  (_("Issues raised"), "issues", figures.issues),
                                  (_("Referred to"), "referral_to", figures.referrals),
                                  (_("Outcomes"), "outcome", figures.outcomes)):
        labels = choice_labels(attendee_form, name, language)
        for code, number in counts.items():
            yield [section, code, labels.get(code, code), number]
    for line in figures.per_session:
        yield [_("Session"), line["date"] or "", line["title"], line["attendances"]]


def _writable(path: Path) -> None:
    if not path.parent.is_dir():
        raise EnvironmentProblem(_("{path}: the folder does not exist; choose another.")
                                 .format(path=path))


def write_csv(path: Path, figures: Figures, attendee_form: Form, language: str) -> None:
    _writable(path)
    try:
        with path.open("w", newline="", encoding="utf-8-sig") as out:  # BOM: Excel reads UTF-8
            csv.writer(out).writerows(figure_rows(figures, attendee_form, language))
    except OSError as exc:
        raise EnvironmentProblem(_("{path}: cannot write ({reason}).").format(
            path=path, reason=exc.strerror or exc)) from exc


def write_xlsx(path: Path, figures: Figures, attendee_form: Form, language: str) -> None:
    # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
    from openpyxl import Workbook

    _writable(path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Figures")[:31]
    for row in figure_rows(figures, attendee_form, language):
        sheet.append(row)
    try:
        book.save(path)
    except OSError as exc:
        raise EnvironmentProblem(_("{path}: cannot write ({reason}).").format(
            path=path, reason=exc.strerror or exc)) from exc
