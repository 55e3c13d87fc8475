"""The myth-busting fact sheet as a report document: one A4 page to print and hand
out, and the same statements on a square page for social media (written as PNG).
Qt-free: :mod:`fieldkit.gui.reports.pdf` draws it. Also the sheet as plain text."""

from __future__ import annotations

from datetime import date

from fieldkit.i18n import N_, _
from fieldkit.reports.document import (
    A4,
    SQUARE,
    Block,
    Document,
    Figure,
    Heading,
    PageSize,
    Paragraph,
)
from fieldkit.reports.facts import FactSheet
from fieldkit.reports.numerals import native_digits

__all__ = ["fact_sheet_document", "fact_sheet_text", "long_date", "sheet_messages"]


def long_date(day: date, language: str) -> str:
    """``day`` as the language writes it (7 December 2026, 7 grudnia 2026...)."""
    from babel.dates import format_date

    try:
        text = str(format_date(day, format="long", locale=language or "en"))
    except (ValueError, LookupError):
        text = day.isoformat()
    return native_digits(text, language)


TITLE = N_("Myths and facts")
INTRO = N_("Figures as fieldkit holds them on {date}: from our own surveys, the census "
           "and our partners.")
SOURCE = N_("Source: {source}")
ROUNDED = N_("Every count is rounded to the nearest {base}, so that no person can be "
             "recognised.")
SUPPRESSED = N_("Counts below {n} are never published, so that no person can be "
                "recognised.")


def sheet_messages(sheet: FactSheet) -> list[str]:
    """fieldkit's own wording on the sheet (for the check of translations)."""
    from fieldkit.reports.slots import FEWER_THAN, IN_SCALE

    return [TITLE, INTRO, SOURCE, ROUNDED if sheet.rule.round_to else SUPPRESSED,
            IN_SCALE, FEWER_THAN, "Page {page} of {pages}"]


def _intro(sheet: FactSheet, day: date) -> str:
    return _(INTRO).format(date=long_date(day, sheet.language))


def _closing(sheet: FactSheet) -> list[str]:
    lines = []
    attributions = list(dict.fromkeys(line.figure.attribution for line in sheet.lines
                                      if line.figure.attribution))
    lines += attributions
    if sheet.rule.round_to:
        lines.append(_(ROUNDED).format(base=native_digits(str(sheet.rule.round_to),
                                                          sheet.language)))
    else:
        lines.append(_(SUPPRESSED).format(n=native_digits(str(sheet.rule.min_count),
                                                          sheet.language)))
    return lines


def _source(sheet: FactSheet, index: int) -> str:
    figure = sheet.lines[index].figure
    # Every source names its date (a census year, a period, the interviews' dates).
    return _(SOURCE).format(source=figure.source)


def fact_sheet_document(sheet: FactSheet, *, title: str = "", organisation: str = "",
                        day: date | None = None, square: bool = False) -> Document:
    """The sheet as a document: A4, or ``square`` for the social-media image."""
    day = day or date.today()
    heading = title or _(TITLE)
    # Text without values is printed as it is (the statements are filled in already).
    blocks: list[Block] = [Heading(heading, level=1)]
    if not square:
        blocks.append(Paragraph(_intro(sheet, day), style="lead"))
    for line in sheet.lines:
        # The number large, the statement under it, then where the number comes from.
        blocks.append(Figure(label=line.text, value=line.words, source=line.figure.source))
    for note in _closing(sheet):
        blocks.append(Paragraph(note, style="note"))
    page: PageSize = SQUARE if square else A4
    footer = " · ".join(x for x in (organisation, long_date(day, sheet.language)) if x)
    return Document(title=heading, language=sheet.language, blocks=tuple(blocks),
                    page=page, footer=footer)


def fact_sheet_text(sheet: FactSheet, *, title: str = "", day: date | None = None) -> str:
    """The sheet as plain text (for e-mail, a website or reading aloud)."""
    day = day or date.today()
    out = [title or _(TITLE), "", _intro(sheet, day), ""]
    for index, line in enumerate(sheet.lines):
        out += [line.text, _source(sheet, index), ""]
    out += _closing(sheet)
    return "\n".join(out) + "\n"
