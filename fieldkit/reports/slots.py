"""The coordinator's wording with slots for the figure: "Residents born in the
countries that joined the EU in 2004: about {figure} (Census 2021), not the 1 in 5
often claimed". fieldkit fills the slots from the figure it holds, in the reader's
language and digits, so a number is never typed into a sheet.

Slots: ``{figure}`` (the share as "N in 100", or "N in 10" for a feedback picture;
a figure without a total: its count), ``{percent}``, ``{count}``, ``{total}``.
Braces meant as text are doubled: ``{{`` and ``}}``."""

from __future__ import annotations

from string import Formatter

from fieldkit.errors import InvalidInput
from fieldkit.i18n import N_, _
from fieldkit.reports.figures import Figure
from fieldkit.reports.numerals import number, percent

__all__ = ["FEWER_THAN", "IN_SCALE", "SLOTS", "check_text", "figure_words", "fill", "in_scale"]

SLOTS = ("figure", "percent", "count", "total")
#: fieldkit's own wording of a figure (checked for a translation before a sheet).
IN_SCALE = N_("{n} in {scale}")
FEWER_THAN = N_("fewer than {n} in {scale}")


def check_text(text: str, option: str = "--text") -> str:
    """``text`` if its slots are all known and it has at least one, else refused."""
    text = text.strip()
    if not text:
        raise InvalidInput(_("{option}: the text is empty.").format(option=option))
    try:
        names = [name for _lit, name, _spec, _conv in Formatter().parse(text)
                 if name is not None]
    except ValueError:
        raise InvalidInput(_("{option}: a brace is not closed; write {{figure}} for the "
                             "figure and {{{{ }}}} for a brace itself.").format(
            option=option)) from None
    for name in names:
        if name not in SLOTS:
            raise InvalidInput(_("{option}: {{{slot}}} is not a slot; use {slots}.").format(
                option=option, slot=name, slots=", ".join("{" + s + "}" for s in SLOTS)))
    if not names:
        raise InvalidInput(_("{option}: put {{figure}} where the number goes; fieldkit "
                             "fills it in from the figure it holds, so it is never "
                             "typed.").format(option=option))
    return text


def in_scale(share: float, scale: int) -> int:
    """The share as a whole number of ``scale`` (6 in 10, 47 in 100), half up."""
    return int(share * scale + 0.5)


def figure_words(figure: Figure, scale: int, language: str) -> str:
    """"6 in 10", "fewer than 1 in 100", or the count when the figure has no total."""
    share = figure.share
    if share is None:
        return number(figure.count or 0, language)
    n = in_scale(share, scale)
    if n == 0 and figure.count:
        return _(FEWER_THAN).format(n=number(1, language), scale=number(scale, language))
    return _(IN_SCALE).format(n=number(n, language), scale=number(scale, language))


def fill(text: str, figure: Figure, scale: int, language: str) -> str:
    """``text`` with its slots filled from ``figure`` (which must not be withheld)."""
    share = figure.share
    values = {
        "figure": figure_words(figure, scale, language),
        "percent": percent(share, language) if share is not None else "",
        "count": number(figure.count or 0, language),
        "total": number(figure.total, language) if figure.total is not None else "",
    }
    return text.format(**values)
