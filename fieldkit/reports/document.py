"""The report document model (Qt-free): what a report says, not how it looks.

Reports (the trend report, fact sheets, feedback to participants) are built as a
:class:`Document`, a sequence of blocks, and written by a renderer: PDF and PNG by
:mod:`fieldkit.gui.reports.pdf` (Qt), tables to XLSX by :mod:`fieldkit.reports.xlsx`.
Nothing here formats a number: figures stay typed (:data:`Value`) so the renderer
writes them in the document language's digits and percent sign, the XLSX keeps them
as numbers, and tests compare them with the engine's figures.

API (stable; add, don't rename)
-------------------------------
Values, wherever a block holds a figure:

* ``int`` / ``float`` — a count or measure (floats shown with ``Measure`` decimals 1);
* :class:`Share` — a fraction 0..1 shown as a percentage (``decimals`` places);
* :class:`Withheld` — a figure suppressed by the disclosure rule, shown ``c``;
* :class:`Day` — a date, printed in the language's long form ("7 December 2026");
* ``str`` — text as is (a name, a period label); ``None`` — an empty cell.

Text with figures in it: a translated template with ``{name}`` fields and its
``values`` (``Paragraph(_("{n} households"), {"n": 12})``); the renderer formats
each value, then substitutes. Text without fields is used as is.

Blocks:

* :class:`Cover` — a title page (title, subtitle, lines such as the period and date);
* :class:`Contents` — the table of contents, made from level 1 and 2 headings;
* :class:`Heading` — ``level`` 1 (a chapter), 2 or 3;
* :class:`Paragraph` — ``style`` ``body``, ``lead`` (larger), ``note`` (small, grey),
  ``quote`` (someone's words, indented);
* :class:`Bullets` — a list of :class:`Paragraph`;
* :class:`Figure` — a headline number with its label and source (a "number card");
  :class:`Figures` — a row of them;
* :class:`Table` — caption, headers, rows of values, source line; ``name`` is the
  XLSX sheet name;
* :class:`Chart` — ``kind`` ``bar``, ``hbar``, ``stacked``, ``line``; categories,
  :class:`Series` of values, axis titles, ``percent`` for shares; ``table`` (optional)
  is its numbers, printed in the appendix by the report that makes the chart;
* :class:`IconArray` — "6 in 10": ``count`` of ``total`` icons filled, with text;
* :class:`PageBreak`.

A :class:`Document` has a title, a ``language`` (any language code Qt knows: the
digits and text direction follow it), ``direction`` (``auto``: from the language),
a :class:`PageSize` (A4 by default; a square for social media), ``scale`` (1.0;
1.4 or so for large print) and ``footer`` text (the page number is added).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeAlias

from fieldkit.i18n import is_rtl

__all__ = [
    "A4",
    "SQUARE",
    "Block",
    "Bullets",
    "Chart",
    "Contents",
    "Cover",
    "Day",
    "Document",
    "Figure",
    "Figures",
    "Heading",
    "IconArray",
    "PageBreak",
    "PageSize",
    "Paragraph",
    "Series",
    "Share",
    "Table",
    "Value",
    "Withheld",
    "headings",
    "tables",
]


@dataclass(frozen=True)
class Share:
    """A fraction (0..1) printed as a percentage."""

    value: float
    decimals: int = 0


@dataclass(frozen=True)
class Withheld:
    """A figure withheld by the disclosure rule (printed ``c``, as the ONS does);
    ``reason``: ``primary`` (too small) or ``secondary`` (would reveal another)."""

    reason: str = "primary"


@dataclass(frozen=True)
class Day:
    """A date, printed in the document language's long form."""

    value: date


Value: TypeAlias = "str | int | float | Share | Withheld | Day | None"


@dataclass(frozen=True)
class PageSize:
    width_mm: float
    height_mm: float


A4 = PageSize(210.0, 297.0)
#: A square page, 1080 × 1080 pixels at 150 dpi: the size social media show.
SQUARE = PageSize(182.88, 182.88)


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str = ""
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contents:
    title: str


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    values: Mapping[str, Value] = field(default_factory=dict)


ParagraphStyle = Literal["body", "lead", "note", "quote"]


@dataclass(frozen=True)
class Paragraph:
    text: str
    values: Mapping[str, Value] = field(default_factory=dict)
    style: ParagraphStyle = "body"


@dataclass(frozen=True)
class Bullets:
    items: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Figure:
    """A headline figure: ``value`` large, ``label`` under it, then its source."""

    label: str
    value: Value
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Figures:
    items: tuple[Figure, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    source: str = ""
    #: The XLSX sheet name (short; the caption when empty).
    name: str = ""
    note: str = ""


ChartKind = Literal["bar", "hbar", "stacked", "line"]


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    title: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_title: str = ""
    y_title: str = ""
    source: str = ""
    #: Values are shares (0..1), drawn as percentages.
    percent: bool = False
    #: The chart's numbers, for the appendix (the report decides where it goes).
    table: Table | None = None
    #: Height relative to the page width (0.5: half as high as wide).
    aspect: float = 0.5


@dataclass(frozen=True)
class IconArray:
    """``count`` of ``total`` icons filled (e.g. 6 of 10), and ``text`` beside them
    (a template; ``{count}`` and ``{total}`` are filled in)."""

    count: int
    total: int
    text: str
    source: str = ""
    icon: Literal["person", "house"] = "person"


@dataclass(frozen=True)
class PageBreak:
    pass


Block: TypeAlias = (
    "Cover | Contents | Heading | Paragraph | Bullets | Figure | Figures | Table | Chart"
    " | IconArray | PageBreak"
)


@dataclass(frozen=True)
class Document:
    title: str
    language: str
    blocks: tuple[Block, ...]
    direction: Literal["auto", "ltr", "rtl"] = "auto"
    page: PageSize = A4
    scale: float = 1.0
    footer: str = ""

    @property
    def rtl(self) -> bool:
        if self.direction == "auto":
            return is_rtl(self.language)
        return self.direction == "rtl"


def headings(document: Document, max_level: int = 2) -> Iterator[Heading]:
    """The headings a table of contents lists."""
    for block in document.blocks:
        if isinstance(block, Heading) and block.level <= max_level:
            yield block


def tables(document: Document) -> Iterator[Table]:
    """Every table of the document, charts' tables included (for the XLSX)."""
    seen: set[int] = set()
    for block in document.blocks:
        table = block if isinstance(block, Table) else (
            block.table if isinstance(block, Chart) else None)
        if table is not None and id(table) not in seen:
            seen.add(id(table))
            yield table
