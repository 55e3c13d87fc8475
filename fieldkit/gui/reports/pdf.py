"""Writing a report :class:`~fieldkit.reports.document.Document` to PDF (Qt's PDF
writer) or to PNG images of its pages.

Text blocks are laid out by :class:`QTextDocument` (rich text, so Qt shapes
Arabic-script text and runs it right to left where the document's language does),
charts are Qt Charts drawn through a graphics scene (:mod:`fieldkit.gui.reports.charts`),
icon arrays are painted. Everything goes through one painter, so the PDF holds real
text (``pdftotext`` reads it) and vector charts; a PNG is the same page painted into
an image.

Pages are filled block after block: a heading stays with what follows it, a
paragraph breaks between lines leaving at least two lines on either page (no widows
or orphans), a long table breaks between rows and repeats its header row. The cover
(if any) has a page of its own and no page number; the contents list the level 1
and 2 headings with their pages.

Command-line use has no window system: :func:`ensure_app` starts Qt on its
``offscreen`` platform when no application exists yet.
"""

from __future__ import annotations

import html
import os
import re
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QImage,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QApplication

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _
from fieldkit.reports.document import (
    Block,
    Bullets,
    Chart,
    Contents,
    Cover,
    Day,
    Document,
    Figure,
    Figures,
    Heading,
    IconArray,
    PageBreak,
    Paragraph,
    Share,
    Table,
    Value,
    Withheld,
)

__all__ = ["ensure_app", "format_value", "write_pdf", "write_png"]

MARGIN_MM = 18.0
FOOTER_MM = 9.0
_INK = "#1a1a1a"
_GREY = "#5a5a5a"
_ACCENT = "#0b4f79"
_RULE = "#b8c4ce"
_HEADER_BG = "#e6eef4"
#: Tables of this many rows or fewer are never broken across pages.
SHORT_TABLE = 12


def ensure_app() -> QApplication:
    """The running Qt application, or a new one on the offscreen platform (the
    command line has no window to show, and may have no display at all)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if existing is not None:
        raise EnvironmentProblem(_("Reports need Qt's widget application; another kind "
                                   "is running."))
    from fieldkit.gui.fonts import register_bundled_fonts

    app = QApplication([sys.argv[0] if sys.argv else "fieldkit", "-platform", "offscreen"])
    register_bundled_fonts()
    return app


def _locale(language: str) -> QLocale:
    # British English: the projects are in the UK ("30 June 2026", not "June 30").
    code = language.replace("-", "_")
    return QLocale("en_GB" if code == "en" else code)


def format_value(value: Value, locale: QLocale) -> str:
    """A figure as printed: the locale's digits, decimal and percent signs; ``c``
    for a withheld figure."""
    if value is None:
        return ""
    if isinstance(value, Withheld):
        return "c"
    if isinstance(value, Day):
        # The long form without the weekday: "30 June 2026", "30 czerwca 2026".
        pattern = re.sub(r"[,،]?\s*dddd[,،]?\s*", " ",
                         locale.dateFormat(QLocale.FormatType.LongFormat)).strip()
        return locale.toString(QDate(value.value.year, value.value.month, value.value.day),
                               pattern)
    if isinstance(value, Share):
        return locale.toString(value.value * 100, "f", value.decimals) + locale.percent()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return locale.toString(value)
    if isinstance(value, float):
        return locale.toString(value, "f", 1)
    return str(value)


def _is_number(value: Value) -> bool:
    return isinstance(value, (int, float, Share, Withheld)) and not isinstance(value, bool)


@dataclass
class _Context:
    document: Document
    device: QPaintDevice
    dpi: float
    locale: QLocale
    font: QFont
    headings: dict[int, int] = field(default_factory=dict)  # id(heading) -> page

    def mm(self, value: float) -> float:
        return value / 25.4 * self.dpi

    @property
    def rtl(self) -> bool:
        return self.document.rtl

    @property
    def page(self) -> QRectF:
        return QRectF(0.0, 0.0, self.mm(self.document.page.width_mm),
                      self.mm(self.document.page.height_mm))

    @property
    def body(self) -> QRectF:
        margin = self.mm(MARGIN_MM * min(self.document.page.width_mm / 210.0, 1.0))
        page = self.page
        return QRectF(margin, margin, page.width() - 2 * margin,
                      page.height() - 2 * margin - self.mm(FOOTER_MM))

    def pt(self, size: float) -> float:
        return size * self.document.scale

    def text(self, template: str, values: Mapping[str, Value]) -> str:
        if not values:
            return template
        return template.format(**{k: format_value(v, self.locale) for k, v in values.items()})

    def html(self, template: str, values: Mapping[str, Value] | None = None) -> str:
        return html.escape(self.text(template, values or {})).replace("\n", "<br>")

    def text_document(self, body: str, width: float) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self.device)
        doc.setDefaultFont(self.font)
        option = QTextOption()
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if self.rtl
                                else Qt.LayoutDirection.LeftToRight)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        doc.setDocumentMargin(0.0)
        align = "right" if self.rtl else "left"
        direction = "rtl" if self.rtl else "ltr"
        doc.setHtml(f'<html><body dir="{direction}" style="color:{_INK};'
                    f'font-size:{self.pt(10):.1f}pt"><div dir="{direction}" '
                    f'align="{align}">{body}</div></body></html>')
        doc.setTextWidth(width)
        return doc


class _Piece:
    """Something placed on a page: its height (device units) and how to draw it."""

    keep_with_next = False
    new_page_after = False

    def __init__(self, height: float) -> None:
        self.height = height

    def draw(self, painter: QPainter, ctx: _Context, x: float, y: float, page: int) -> None:
        raise NotImplementedError

    def split(self, ctx: _Context, room: float) -> tuple[_Piece, _Piece] | None:
        """A head that fits in ``room`` and the rest, or None when it cannot split."""
        return None


class _Text(_Piece):
    """A slice (``top`` to ``bottom``) of a laid-out rich-text document."""

    def __init__(self, doc: QTextDocument, top: float = 0.0, bottom: float | None = None,
                 space_after: float = 0.0) -> None:
        self.doc = doc
        self.top = top
        self.bottom = doc.size().height() if bottom is None else bottom
        self.space_after = space_after
        super().__init__(self.bottom - self.top + space_after)

    def draw(self, painter: QPainter, ctx: _Context, x: float, y: float, page: int) -> None:
        painter.save()
        painter.translate(x, y - self.top)
        self.doc.drawContents(painter, QRectF(0.0, self.top, self.doc.textWidth(),
                                              self.bottom - self.top))
        painter.restore()

    def _line_bottoms(self) -> list[float]:
        layout = self.doc.documentLayout()
        bottoms: list[float] = []
        block = self.doc.begin()
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            lines = block.layout()
            for i in range(lines.lineCount()):
                line = lines.lineAt(i)
                bottoms.append(rect.top() + line.y() + line.height())
            block = block.next()
        return sorted(b for b in bottoms if self.top < b <= self.bottom)

    def split(self, ctx: _Context, room: float) -> tuple[_Piece, _Piece] | None:
        bottoms = self._line_bottoms()
        # At least two lines on each page: no orphan, no widow.
        usable = [b for i, b in enumerate(bottoms)
                  if i >= 1 and i <= len(bottoms) - 3 and b - self.top <= room]
        if not usable:
            return None
        cut = usable[-1]
        return (_Text(self.doc, self.top, cut),
                _Text(self.doc, cut, self.bottom, self.space_after))


class _Quote(_Text):
    """Someone's words: indented, with a rule on the side the text starts from (a
    rich-text table would not put it on the right in a right-to-left document)."""

    def __init__(self, doc: QTextDocument, indent: float, top: float = 0.0,
                 bottom: float | None = None, space_after: float = 0.0) -> None:
        super().__init__(doc, top, bottom, space_after)
        self.indent = indent

    def draw(self, painter: QPainter, ctx: _Context, x: float, y: float, page: int) -> None:
        rule = ctx.mm(0.8)
        left = x + ctx.body.width() - rule if ctx.rtl else x
        painter.fillRect(QRectF(left, y, rule, self.bottom - self.top), QColor(_RULE))
        super().draw(painter, ctx, x if ctx.rtl else x + self.indent, y, page)

    def split(self, ctx: _Context, room: float) -> tuple[_Piece, _Piece] | None:
        parts = super().split(ctx, room)
        if parts is None:
            return None
        head, tail = parts
        assert isinstance(head, _Text) and isinstance(tail, _Text)
        return (_Quote(self.doc, self.indent, head.top, head.bottom),
                _Quote(self.doc, self.indent, tail.top, tail.bottom, self.space_after))


class _Heading(_Text):
    keep_with_next = True

    def __init__(self, doc: QTextDocument, heading: Heading, space_after: float) -> None:
        super().__init__(doc, space_after=space_after)
        self.heading = heading

    def draw(self, painter: QPainter, ctx: _Context, x: float, y: float, page: int) -> None:
        super().draw(painter, ctx, x, y, page)

    def split(self, ctx: _Context, room: float) -> tuple[_Piece, _Piece] | None:
        return None


class _Table(_Piece):
    """A table, or the rows ``start``..``stop`` of one (its header row repeated)."""

    def __init__(self, ctx: _Context, table: Table, start: int = 0,
                 stop: int | None = None) -> None:
        self.table = table
        self.start = start
        self.stop = len(table.rows) if stop is None else stop
        self.doc = self._layout(ctx, self.start, self.stop)
        super().__init__(self.doc.size().height() + ctx.mm(5))

    def _layout(self, ctx: _Context, start: int, stop: int) -> QTextDocument:
        table = self.table
        parts: list[str] = []
        if start == 0:
            parts.append(f'<p style="margin-bottom:4pt"><b>{ctx.html(table.caption)}</b></p>')
        else:
            parts.append(f'<p style="margin-bottom:4pt"><b>{ctx.html(table.caption)}</b> '
                         f'<span style="color:{_GREY}">{ctx.html(_("(continued)"))}'
                         f"</span></p>")
        numbers = [any(_is_number(row[i]) for row in table.rows if i < len(row))
                   for i in range(len(table.headers))]
        end = "left" if ctx.rtl else "right"
        start_side = "right" if ctx.rtl else "left"
        cells: list[str] = []
        head = "".join(
            f'<th bgcolor="{_HEADER_BG}" align="{end if numbers[i] else start_side}">'
            f"{ctx.html(h)}</th>" for i, h in enumerate(table.headers))
        cells.append(f"<tr>{head}</tr>")
        for row in table.rows[start:stop]:
            cells.append("<tr>" + "".join(
                f'<td align="{end if _is_number(v) else start_side}">'
                f"{html.escape(format_value(v, ctx.locale))}</td>" for v in row) + "</tr>")
        direction = "rtl" if ctx.rtl else "ltr"
        parts.append(f'<table dir="{direction}" width="100%" cellspacing="0" cellpadding="3" '
                     f'border="0.5" style="border-color:{_RULE};border-style:solid;'
                     f'font-size:{ctx.pt(8.5):.1f}pt">{"".join(cells)}</table>')
        if stop >= len(table.rows):
            if table.note:
                parts.append(f'<p style="color:{_GREY};font-size:{ctx.pt(8):.1f}pt">'
                             f"{ctx.html(table.note)}</p>")
            if table.source:
                parts.append(f'<p style="color:{_GREY};font-size:{ctx.pt(8):.1f}pt">'
                             f'{ctx.html(_("Source: {source}").format(source=table.source))}'
                             "</p>")
        return ctx.text_document("".join(parts), ctx.body.width())

    def draw(self, painter: QPainter, ctx: _Context, x: float, y: float, page: int) -> None:
        painter.save()
        painter.translate(x, y)
        self.doc.drawContents(painter)
        painter.restore()

    def split(self, ctx: _Context, room: float) -> tuple[_Piece, _Piece] | None:
        if self.stop - self.start <= SHORT_TABLE:
            return None  # a short table moves to the next page whole
        low, high = self.start + 1, self.stop - 1  # at least one row on each side
        best = None
        while low <= high:
            middle = (low + high) // 2
            if self._layout(ctx, self.start, middle).size().height() + ctx.mm(5) <= room:
                best, low = middle, middle + 1
            else:
                high = middle - 1
        if best is None or best - self.start < 3 or self.stop - best < 2:
            return None  # a few rows alone on a page help nobody: move it whole
        return _Table(ctx, self.table, self.start, best), _Table(ctx, self.table, best,
                                                                  self.stop)


class _Chart(_Piece):
    def __init__(self, ctx: _Context, chart: Chart) -> None:
        self.chart = chart
        width = ctx.body.width()
        self.title = ctx.text_document(
            f'<p style="font-size:{ctx.pt(10.5):.1f}pt"><b>{ctx.html(chart.title)}</b></p>',
            width)
        legend = ""
        if len(chart.series) > 1:
            from fieldkit.gui.reports.charts import PALETTE

            legend = "&nbsp;&nbsp;&nbsp; ".join(
                f'<span style="color:{PALETTE[i % len(PALETTE)]}">\u25a0</span>&nbsp;'
                f"{ctx.html(s.name).replace(' ', '&nbsp;')}"
                for i, s in enumerate(chart.series))
        source = (_("Source: {source}").format(source=chart.source) if chart.source else "")
        self.below = ctx.text_document(
            (f'<p style="font-size:{ctx.pt(8.5):.1f}pt">{legend}</p>' if legend else "")
            + (f'<p style="color:{_GREY};font-size:{ctx.pt(8):.1f}pt">{ctx.html(source)}</p>'
               if source else ""), width)
        self.plot = width * chart.aspect
        super().__init__(self.title.size().height() + self.plot + self.below.size().height()
                         + ctx.mm(6))

    def draw(self, painter: QPainter, ctx: _Context, x: float, y: float, page: int) -> None:
        from fieldkit.gui.reports.charts import draw_chart

        width = ctx.body.width()
        painter.save()
        painter.translate(x, y)
        self.title.drawContents(painter)
        painter.restore()
        top = y + self.title.size().height()
        font = QFont(ctx.font)
        font.setPointSizeF(ctx.pt(8.0))
        percent = self.chart.percent
        draw_chart(painter, QRectF(x, top, width, self.plot), self.chart, font=font,
                   rtl=ctx.rtl,
                   label=(lambda v: format_value(Share(v / 100), ctx.locale)) if percent
                   else (lambda v: format_value(round(v) if v >= 10 or v == int(v) else v,
                                                ctx.locale)),
                   logical_width=width / ctx.dpi * 96.0)
        painter.save()
        painter.translate(x, top + self.plot)
        self.below.drawContents(painter)
        painter.restore()


class _Icons(_Piece):
    """``count`` of ``total`` icons filled, ten to a row, with the words beside them."""

    def __init__(self, ctx: _Context, icons: IconArray) -> None:
        self.icons = icons
        self.size = ctx.mm(6.0 * ctx.document.scale)
        self.columns = min(10, max(icons.total, 1))
        # Large print: ten in a row would leave the words a narrow column, so two
        # rows of five (still read as "out of ten").
        if self.columns == 10 and self.columns * self.size * 1.15 > ctx.body.width() * 0.42:
            self.columns = 5
        self.rows = -(-max(icons.total, 1) // self.columns)
        grid = self.columns * self.size * 1.15
        self.grid_width = grid
        words = ctx.text(icons.text, {"count": icons.count, "total": icons.total})
        body = f'<p style="font-size:{ctx.pt(12):.1f}pt"><b>{html.escape(words)}</b></p>'
        if icons.source:
            body += (f'<p style="color:{_GREY};font-size:{ctx.pt(8):.1f}pt">'
                     f'{ctx.html(_("Source: {source}").format(source=icons.source))}</p>')
        self.words = ctx.text_document(body, max(ctx.body.width() - grid - ctx.mm(6),
                                                 ctx.mm(40)))
        super().__init__(max(self.rows * self.size * 1.25, self.words.size().height())
                         + ctx.mm(5))

    def _icon(self, painter: QPainter, x: float, y: float, filled: bool) -> None:
        s = self.size
        path = QPainterPath()
        if self.icons.icon == "house":
            path.moveTo(x + s * 0.5, y + s * 0.05)
            path.lineTo(x + s * 0.95, y + s * 0.45)
            path.lineTo(x + s * 0.82, y + s * 0.45)
            path.lineTo(x + s * 0.82, y + s * 0.95)
            path.lineTo(x + s * 0.18, y + s * 0.95)
            path.lineTo(x + s * 0.18, y + s * 0.45)
            path.lineTo(x + s * 0.05, y + s * 0.45)
            path.closeSubpath()
        else:
            path.addEllipse(QPointF(x + s * 0.5, y + s * 0.2), s * 0.17, s * 0.17)
            path.addRoundedRect(QRectF(x + s * 0.22, y + s * 0.42, s * 0.56, s * 0.55),
                                s * 0.18, s * 0.18)
        colour = QColor(_ACCENT if filled else "#c9d3db")
        painter.fillPath(path, colour)

    def draw(self, painter: QPainter, ctx: _Context, x: float, y: float, page: int) -> None:
        width = ctx.body.width()
        for n in range(self.icons.total):
            row, column = divmod(n, self.columns)
            offset = column * self.size * 1.15
            left = x + width - offset - self.size if ctx.rtl else x + offset
            self._icon(painter, left, y + row * self.size * 1.25, n < self.icons.count)
        painter.save()
        words_x = x if ctx.rtl else x + self.grid_width + ctx.mm(6)
        if ctx.rtl:
            words_x = x + width - self.grid_width - ctx.mm(6) - self.words.textWidth()
        painter.translate(words_x, y)
        self.words.drawContents(painter)
        painter.restore()


class _Cover(_Piece):
    new_page_after = True

    def __init__(self, ctx: _Context, cover: Cover) -> None:
        body = ctx.body
        self.doc = ctx.text_document(
            f'<p style="font-size:{ctx.pt(26):.1f}pt;color:{_ACCENT}"><b>'
            f"{ctx.html(cover.title)}</b></p>"
            + (f'<p style="font-size:{ctx.pt(15):.1f}pt">{ctx.html(cover.subtitle)}</p>'
               if cover.subtitle else "")
            + "".join(f'<p style="font-size:{ctx.pt(11):.1f}pt;color:{_GREY}">'
                      f"{ctx.html(line)}</p>" for line in cover.lines),
            body.width())
        super().__init__(body.height())

    def draw(self, painter: QPainter, ctx: _Context, x: float, y: float, page: int) -> None:
        painter.fillRect(QRectF(0.0, 0.0, ctx.page.width(), ctx.mm(12)), QColor(_ACCENT))
        painter.save()
        painter.translate(x, y + ctx.body.height() * 0.28)
        self.doc.drawContents(painter)
        painter.restore()


class _Contents(_Piece):
    """The contents: a title, then a line per heading with its page number at the
    far end (laid out here: a rich-text table does not span the width right to left)."""

    def __init__(self, ctx: _Context, contents: Contents, headings: list[Heading]) -> None:
        self.contents = contents
        self.headings = headings
        width = ctx.body.width()
        self.number_width = ctx.mm(14)
        self.title = ctx.text_document(
            f'<p style="font-size:{ctx.pt(16):.1f}pt;color:{_ACCENT}"><b>'
            f"{ctx.html(contents.title)}</b></p>", width)
        self.lines = [ctx.text_document(
            f'<p style="font-size:{ctx.pt(10 if h.level == 1 else 9.5):.1f}pt">'
            + (f"<b>{ctx.html(h.text, h.values)}</b>" if h.level == 1
               else ctx.html(h.text, h.values)) + "</p>",
            width - self.number_width - ctx.mm(6) * (h.level - 1)) for h in headings]
        self.gap = ctx.mm(1.8)
        super().__init__(self.title.size().height() + ctx.mm(3)
                         + sum(d.size().height() + self.gap for d in self.lines))

    def draw(self, painter: QPainter, ctx: _Context, x: float, y: float, page: int) -> None:
        width = ctx.body.width()
        painter.save()
        painter.translate(x, y)
        self.title.drawContents(painter)
        painter.restore()
        top = y + self.title.size().height() + ctx.mm(3)
        font = QFont(ctx.font)
        font.setPointSizeF(ctx.pt(10))
        for heading, doc in zip(self.headings, self.lines, strict=True):
            indent = ctx.mm(6) * (heading.level - 1)
            left = x + self.number_width if ctx.rtl else x + indent
            painter.save()
            painter.translate(left, top)
            doc.drawContents(painter)
            painter.restore()
            number = ctx.locale.toString(ctx.headings.get(id(heading), 0))
            box = QRectF(x, top, width, doc.size().height())
            painter.save()
            painter.setFont(QFont(font, ctx.device))
            painter.setPen(QColor(_INK))
            painter.drawText(box, int((Qt.AlignmentFlag.AlignLeft if ctx.rtl
                                       else Qt.AlignmentFlag.AlignRight)
                                      | Qt.AlignmentFlag.AlignVCenter), number)
            painter.restore()
            top += doc.size().height() + self.gap


class _Break(_Piece):
    def __init__(self) -> None:
        super().__init__(0.0)

    def draw(self, painter: QPainter, ctx: _Context, x: float, y: float, page: int) -> None:
        return


_HEADING_SIZES = {1: 17.0, 2: 13.0, 3: 11.0}


def _figure_cell(ctx: _Context, figure: Figure) -> str:
    source = (f'<br><span style="color:{_GREY};font-size:{ctx.pt(7.5):.1f}pt">'
              f'{ctx.html(_("Source: {source}").format(source=figure.source))}</span>'
              if figure.source else "")
    note = (f'<br><span style="color:{_GREY};font-size:{ctx.pt(8):.1f}pt">'
            f"{ctx.html(figure.note)}</span>" if figure.note else "")
    return (f'<td bgcolor="#f2f6f9" style="padding:6pt"><span style="font-size:'
            f'{ctx.pt(20):.1f}pt;color:{_ACCENT}"><b>'
            f"{html.escape(format_value(figure.value, ctx.locale))}</b></span><br>"
            f"{ctx.html(figure.label)}{note}{source}</td>")


def _pieces(ctx: _Context, block: Block, headings: list[Heading]) -> list[_Piece]:
    width = ctx.body.width()
    gap = ctx.mm(3)
    if isinstance(block, Heading):
        size = _HEADING_SIZES.get(block.level, 11.0)
        colour = _ACCENT if block.level == 1 else _INK
        doc = ctx.text_document(
            f'<p style="font-size:{ctx.pt(size):.1f}pt;color:{colour}"><b>'
            f"{ctx.html(block.text, block.values)}</b></p>", width)
        return [_Heading(doc, block, gap * 0.7)]
    if isinstance(block, Paragraph):
        style = {"body": "", "lead": f"font-size:{ctx.pt(12):.1f}pt;",
                 "note": f"font-size:{ctx.pt(8.5):.1f}pt;color:{_GREY};",
                 "quote": "font-style:italic;"}[block.style]
        text = ctx.html(block.text, block.values)
        if block.style == "quote":
            indent = ctx.mm(5)
            return [_Quote(ctx.text_document(f'<p style="{style}">{text}</p>', width - indent),
                           indent, space_after=gap)]
        return [_Text(ctx.text_document(f'<p style="{style}">{text}</p>', width),
                      space_after=gap)]
    if isinstance(block, Bullets):
        items = "".join(f"<li>{ctx.html(p.text, p.values)}</li>" for p in block.items)
        return [_Text(ctx.text_document(f"<ul>{items}</ul>", width), space_after=gap)]
    if isinstance(block, (Figure, Figures)):
        figures = block.items if isinstance(block, Figures) else (block,)
        rows = [figures[i:i + 3] for i in range(0, len(figures), 3)]
        direction = "rtl" if ctx.rtl else "ltr"
        body = "".join(
            f'<table dir="{direction}" width="100%" cellspacing="6"><tr>'
            + "".join(_figure_cell(ctx, f) for f in row) + "</tr></table>" for row in rows)
        return [_Text(ctx.text_document(body, width), space_after=gap)]
    if isinstance(block, Table):
        return [_Table(ctx, block)]
    if isinstance(block, Chart):
        return [_Chart(ctx, block)]
    if isinstance(block, IconArray):
        return [_Icons(ctx, block)]
    if isinstance(block, Cover):
        return [_Cover(ctx, block)]
    if isinstance(block, Contents):
        return [_Contents(ctx, block, headings), _Break()]
    if isinstance(block, PageBreak):
        return [_Break()]
    raise TypeError(f"not a report block: {block!r}")


def _paginate(ctx: _Context) -> list[list[tuple[_Piece, float]]]:
    from fieldkit.reports.document import headings as list_headings

    contents_headings = list(list_headings(ctx.document))
    queue: list[_Piece] = []
    for block in ctx.document.blocks:
        queue.extend(_pieces(ctx, block, contents_headings))
    body = ctx.body
    pages: list[list[tuple[_Piece, float]]] = [[]]
    y = body.top()
    index = 0
    while index < len(queue):
        piece = queue[index]
        page = pages[-1]
        if isinstance(piece, _Break):
            if page:
                pages.append([])
                y = body.top()
            index += 1
            continue
        room = body.bottom() - y
        need = piece.height
        if piece.keep_with_next and index + 1 < len(queue):
            following = queue[index + 1]
            need += min(following.height, ctx.mm(25))
        if need > room and page:
            parts = piece.split(ctx, room) if not piece.keep_with_next else None
            if parts is not None:
                head, tail = parts
                page.append((head, y))
                queue[index] = tail
            pages.append([])
            y = body.top()
            continue
        if piece.height > body.height():
            parts = piece.split(ctx, body.height())
            if parts is not None:
                queue[index:index + 1] = list(parts)
                continue
        page.append((piece, y))
        if isinstance(piece, _Heading):
            ctx.headings[id(piece.heading)] = len(pages)
        y += piece.height
        index += 1
        if piece.new_page_after:
            pages.append([])
            y = body.top()
    if not pages[-1] and len(pages) > 1:
        pages.pop()
    return pages


def _footer(painter: QPainter, ctx: _Context, number: int, count: int) -> None:
    page = ctx.page
    text = _("Page {page} of {pages}").format(page=ctx.locale.toString(number),
                                              pages=ctx.locale.toString(count))
    if ctx.document.footer:
        text = f"{ctx.document.footer}  \u00b7  {text}"
    doc = ctx.text_document(f'<p style="color:{_GREY};font-size:{ctx.pt(8):.1f}pt" '
                            f'align="center">{html.escape(text)}</p>', ctx.body.width())
    painter.save()
    painter.translate(ctx.body.left(), page.height() - ctx.mm(MARGIN_MM * 0.5)
                      - ctx.mm(FOOTER_MM) * 0.6)
    doc.drawContents(painter)
    painter.restore()


def _font(document: Document) -> QFont:
    from fieldkit.gui.fonts import ARABIC_SCRIPT_FAMILY

    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
    font = QFont()
    # The Arabic-script font first for a right-to-left document (its letters have
    # one design), after the system font otherwise (it has no Latin letters).
    font.setFamilies([ARABIC_SCRIPT_FAMILY, system] if document.rtl
                     else [system, ARABIC_SCRIPT_FAMILY])
    font.setPointSizeF(10.0 * document.scale)
    return font


def _paint(ctx: _Context, painter: QPainter, pages: list[list[tuple[_Piece, float]]],
           number: int, has_cover: bool) -> None:
    painter.fillRect(ctx.page, QColor("white"))
    for piece, y in pages[number]:
        piece.draw(painter, ctx, ctx.body.left(), y, number)
    if not (has_cover and number == 0):
        _footer(painter, ctx, number + 1, len(pages))


def write_pdf(document: Document, path: Path) -> int:
    """Write ``document`` to ``path`` (written beside it, then moved into place);
    returns the number of pages."""
    ensure_app()
    fd, temp = tempfile.mkstemp(prefix=".fieldkit-", suffix=".pdf", dir=path.parent)
    os.close(fd)
    try:
        writer = QPdfWriter(temp)
        writer.setResolution(300)
        writer.setPageSize(QPageSize(QSizeF(document.page.width_mm, document.page.height_mm),
                                     QPageSize.Unit.Millimeter))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0))
        writer.setTitle(document.title)
        writer.setCreator("fieldkit")
        ctx = _Context(document, writer, 300.0, _locale(document.language), _font(document))
        pages = _paginate(ctx)
        has_cover = any(isinstance(b, Cover) for b in document.blocks[:1])
        painter = QPainter()
        if not painter.begin(writer):
            raise EnvironmentProblem(_("Cannot write the PDF {path}.").format(path=path))
        try:
            for number in range(len(pages)):
                if number:
                    writer.newPage()
                _paint(ctx, painter, pages, number, has_cover)
        finally:
            painter.end()
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(pages)


def write_png(document: Document, path: Path, *, dpi: float = 150.0,
              pages: Callable[[int], bool] | None = None) -> list[Path]:
    """Paint the pages of ``document`` into PNG images at ``dpi``: ``path`` itself for
    a one-page document, else ``<stem>-<n>.png`` beside it; ``pages`` picks pages by
    number (from 1). Returns the files written."""
    ensure_app()
    width = round(document.page.width_mm / 25.4 * dpi)
    height = round(document.page.height_mm / 25.4 * dpi)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    ctx = _Context(document, image, dpi, _locale(document.language), _font(document))
    laid_out = _paginate(ctx)
    has_cover = any(isinstance(b, Cover) for b in document.blocks[:1])
    written: list[Path] = []
    for number in range(len(laid_out)):
        if pages is not None and not pages(number + 1):
            continue
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        try:
            _paint(ctx, painter, laid_out, number, has_cover)
        finally:
            painter.end()
        out = path if len(laid_out) == 1 else path.with_name(
            f"{path.stem}-{number + 1}{path.suffix or '.png'}")
        # PySide6 takes the format as str (its stubs say bytes).
        if not image.save(str(out), "PNG"):  # type: ignore[call-overload]
            raise EnvironmentProblem(_("Cannot write the image {path}.").format(path=out))
        written.append(out)
    return written
