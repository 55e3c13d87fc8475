"""The pieces a report page is filled with, one or more per document block: each
knows its height and how to draw itself, and text and tables know how to break
across pages (between lines, at least two on each page; between rows, the header
repeated). Charts are drawn by :mod:`fieldkit.gui.reports.charts`."""

from __future__ import annotations

import html
from abc import ABC, abstractmethod

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QTextDocument

from fieldkit.gui.reports.context import (
    ACCENT,
    GREY,
    HEADER_BG,
    INK,
    RULE,
    SHORT_TABLE,
    Context,
    format_value,
    is_number,
)
from fieldkit.i18n import _
from fieldkit.reports.document import (
    Block,
    Bullets,
    Chart,
    Contents,
    Cover,
    Figure,
    Figures,
    Heading,
    IconArray,
    PageBreak,
    Paragraph,
    Share,
    Table,
)

__all__ = ["BreakPiece", "HeadingPiece", "Piece", "pieces_of"]


class Piece(ABC):
    """Something placed on a page: its height (device units) and how to draw it."""

    keep_with_next = False
    new_page_after = False

    def __init__(self, height: float) -> None:
        self.height = height

    @abstractmethod
    def draw(self, painter: QPainter, ctx: Context, x: float, y: float, page: int) -> None:
        """Paint the piece with its top left corner at (x, y) of page ``page``."""

    def split(self, ctx: Context, room: float) -> tuple[Piece, Piece] | None:
        """A head that fits in ``room`` and the rest, or None when it cannot split."""
        return None


class TextPiece(Piece):
    """A slice (``top`` to ``bottom``) of a laid-out rich-text document."""

    def __init__(self, doc: QTextDocument, top: float = 0.0, bottom: float | None = None,
                 space_after: float = 0.0) -> None:
        self.doc = doc
        self.top = top
        self.bottom = doc.size().height() if bottom is None else bottom
        self.space_after = space_after
        super().__init__(self.bottom - self.top + space_after)

    def draw(self, painter: QPainter, ctx: Context, x: float, y: float, page: int) -> None:
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

    def split(self, ctx: Context, room: float) -> tuple[Piece, Piece] | None:
        bottoms = self._line_bottoms()
        # At least two lines on each page: no orphan, no widow.
        usable = [b for i, b in enumerate(bottoms)
                  if i >= 1 and i <= len(bottoms) - 3 and b - self.top <= room]
        if not usable:
            return None
        cut = usable[-1]
        return (TextPiece(self.doc, self.top, cut),
                TextPiece(self.doc, cut, self.bottom, self.space_after))


class QuotePiece(TextPiece):
    """Someone's words: indented, with a rule on the side the text starts from (a
    rich-text table would not put it on the right in a right-to-left document)."""

    def __init__(self, doc: QTextDocument, indent: float, top: float = 0.0,
                 bottom: float | None = None, space_after: float = 0.0) -> None:
        super().__init__(doc, top, bottom, space_after)
        self.indent = indent

    def draw(self, painter: QPainter, ctx: Context, x: float, y: float, page: int) -> None:
        rule = ctx.mm(0.8)
        left = x + ctx.body.width() - rule if ctx.rtl else x
        painter.fillRect(QRectF(left, y, rule, self.bottom - self.top), QColor(RULE))
        super().draw(painter, ctx, x if ctx.rtl else x + self.indent, y, page)

    def split(self, ctx: Context, room: float) -> tuple[Piece, Piece] | None:
        parts = super().split(ctx, room)
        if parts is None:
            return None
        head, tail = parts
        assert isinstance(head, TextPiece) and isinstance(tail, TextPiece)
        return (QuotePiece(self.doc, self.indent, head.top, head.bottom),
                QuotePiece(self.doc, self.indent, tail.top, tail.bottom, self.space_after))


class HeadingPiece(TextPiece):
    keep_with_next = True

    def __init__(self, doc: QTextDocument, heading: Heading, space_after: float) -> None:
        super().__init__(doc, space_after=space_after)
        self.heading = heading

    def draw(self, painter: QPainter, ctx: Context, x: float, y: float, page: int) -> None:
        super().draw(painter, ctx, x, y, page)

    def split(self, ctx: Context, room: float) -> tuple[Piece, Piece] | None:
        return None


class TablePiece(Piece):
    """A table, or the rows ``start``..``stop`` of one (its header row repeated)."""

    def __init__(self, ctx: Context, table: Table, start: int = 0,
                 stop: int | None = None) -> None:
        self.table = table
        self.start = start
        self.stop = len(table.rows) if stop is None else stop
        self.doc = self._layout(ctx, self.start, self.stop)
        super().__init__(self.doc.size().height() + ctx.mm(5))

    def _layout(self, ctx: Context, start: int, stop: int) -> QTextDocument:
        table = self.table
        parts: list[str] = []
        if start == 0:
            parts.append(f'<p style="margin-bottom:4pt"><b>{ctx.html(table.caption)}</b></p>')
        else:
            parts.append(f'<p style="margin-bottom:4pt"><b>{ctx.html(table.caption)}</b> '
                         f'<span style="color:{GREY}">{ctx.html(_("(continued)"))}'
                         f"</span></p>")
        numbers = [any(is_number(row[i]) for row in table.rows if i < len(row))
                   for i in range(len(table.headers))]
        end = "left" if ctx.rtl else "right"
        start_side = "right" if ctx.rtl else "left"
        cells: list[str] = []
        head = "".join(
            f'<th bgcolor="{HEADER_BG}" align="{end if numbers[i] else start_side}">'
            f"{ctx.html(h)}</th>" for i, h in enumerate(table.headers))
        cells.append(f"<tr>{head}</tr>")
        for row in table.rows[start:stop]:
            cells.append("<tr>" + "".join(
                f'<td align="{end if is_number(v) else start_side}">'
                f"{html.escape(format_value(v, ctx.locale))}</td>" for v in row) + "</tr>")
        direction = "rtl" if ctx.rtl else "ltr"
        parts.append(f'<table dir="{direction}" width="100%" cellspacing="0" cellpadding="3" '
                     f'border="0.5" style="border-color:{RULE};border-style:solid;'
                     f'font-size:{ctx.pt(8.5):.1f}pt">{"".join(cells)}</table>')
        if stop >= len(table.rows):
            if table.note:
                parts.append(f'<p style="color:{GREY};font-size:{ctx.pt(8):.1f}pt">'
                             f"{ctx.html(table.note)}</p>")
            if table.source:
                parts.append(f'<p style="color:{GREY};font-size:{ctx.pt(8):.1f}pt">'
                             f'{ctx.html(_("Source: {source}").format(source=table.source))}'
                             "</p>")
        return ctx.text_document("".join(parts), ctx.body.width())

    def draw(self, painter: QPainter, ctx: Context, x: float, y: float, page: int) -> None:
        painter.save()
        painter.translate(x, y)
        self.doc.drawContents(painter)
        painter.restore()

    def split(self, ctx: Context, room: float) -> tuple[Piece, Piece] | None:
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
        return TablePiece(ctx, self.table, self.start, best), TablePiece(ctx, self.table, best,
                                                                  self.stop)


class ChartPiece(Piece):
    def __init__(self, ctx: Context, chart: Chart) -> None:
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
            + (f'<p style="color:{GREY};font-size:{ctx.pt(8):.1f}pt">{ctx.html(source)}</p>'
               if source else ""), width)
        self.plot = width * chart.aspect
        super().__init__(self.title.size().height() + self.plot + self.below.size().height()
                         + ctx.mm(6))

    def draw(self, painter: QPainter, ctx: Context, x: float, y: float, page: int) -> None:
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


class IconsPiece(Piece):
    """``count`` of ``total`` icons filled, ten to a row, with the words beside them."""

    def __init__(self, ctx: Context, icons: IconArray) -> None:
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
            body += (f'<p style="color:{GREY};font-size:{ctx.pt(8):.1f}pt">'
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
        colour = QColor(ACCENT if filled else "#c9d3db")
        painter.fillPath(path, colour)

    def draw(self, painter: QPainter, ctx: Context, x: float, y: float, page: int) -> None:
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


class CoverPiece(Piece):
    new_page_after = True

    def __init__(self, ctx: Context, cover: Cover) -> None:
        body = ctx.body
        self.doc = ctx.text_document(
            f'<p style="font-size:{ctx.pt(26):.1f}pt;color:{ACCENT}"><b>'
            f"{ctx.html(cover.title)}</b></p>"
            + (f'<p style="font-size:{ctx.pt(15):.1f}pt">{ctx.html(cover.subtitle)}</p>'
               if cover.subtitle else "")
            + "".join(f'<p style="font-size:{ctx.pt(11):.1f}pt;color:{GREY}">'
                      f"{ctx.html(line)}</p>" for line in cover.lines),
            body.width())
        super().__init__(body.height())

    def draw(self, painter: QPainter, ctx: Context, x: float, y: float, page: int) -> None:
        painter.fillRect(QRectF(0.0, 0.0, ctx.page.width(), ctx.mm(12)), QColor(ACCENT))
        painter.save()
        painter.translate(x, y + ctx.body.height() * 0.28)
        self.doc.drawContents(painter)
        painter.restore()


class ContentsPiece(Piece):
    """The contents: a title, then a line per heading with its page number at the
    far end (laid out here: a rich-text table does not span the width right to left)."""

    def __init__(self, ctx: Context, contents: Contents, headings: list[Heading]) -> None:
        self.contents = contents
        self.headings = headings
        width = ctx.body.width()
        self.number_width = ctx.mm(14)
        self.title = ctx.text_document(
            f'<p style="font-size:{ctx.pt(16):.1f}pt;color:{ACCENT}"><b>'
            f"{ctx.html(contents.title)}</b></p>", width)
        self.lines = [ctx.text_document(
            f'<p style="font-size:{ctx.pt(10 if h.level == 1 else 9.5):.1f}pt">'
            + (f"<b>{ctx.html(h.text, h.values)}</b>" if h.level == 1
               else ctx.html(h.text, h.values)) + "</p>",
            width - self.number_width - ctx.mm(6) * (h.level - 1)) for h in headings]
        self.gap = ctx.mm(1.8)
        super().__init__(self.title.size().height() + ctx.mm(3)
                         + sum(d.size().height() + self.gap for d in self.lines))

    def draw(self, painter: QPainter, ctx: Context, x: float, y: float, page: int) -> None:
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
            painter.setPen(QColor(INK))
            painter.drawText(box, int((Qt.AlignmentFlag.AlignLeft if ctx.rtl
                                       else Qt.AlignmentFlag.AlignRight)
                                      | Qt.AlignmentFlag.AlignVCenter), number)
            painter.restore()
            top += doc.size().height() + self.gap


class BreakPiece(Piece):
    def __init__(self) -> None:
        super().__init__(0.0)

    def draw(self, painter: QPainter, ctx: Context, x: float, y: float, page: int) -> None:
        return


_HEADING_SIZES = {1: 17.0, 2: 13.0, 3: 11.0}


def _figure_cell(ctx: Context, figure: Figure) -> str:
    source = (f'<br><span style="color:{GREY};font-size:{ctx.pt(7.5):.1f}pt">'
              f'{ctx.html(_("Source: {source}").format(source=figure.source))}</span>'
              if figure.source else "")
    note = (f'<br><span style="color:{GREY};font-size:{ctx.pt(8):.1f}pt">'
            f"{ctx.html(figure.note)}</span>" if figure.note else "")
    return (f'<td bgcolor="#f2f6f9" style="padding:6pt"><span style="font-size:'
            f'{ctx.pt(20):.1f}pt;color:{ACCENT}"><b>'
            f"{html.escape(format_value(figure.value, ctx.locale))}</b></span><br>"
            f"{ctx.html(figure.label)}{note}{source}</td>")


def pieces_of(ctx: Context, block: Block, headings: list[Heading]) -> list[Piece]:
    width = ctx.body.width()
    gap = ctx.mm(3)
    if isinstance(block, Heading):
        size = _HEADING_SIZES.get(block.level, 11.0)
        colour = ACCENT if block.level == 1 else INK
        doc = ctx.text_document(
            f'<p style="font-size:{ctx.pt(size):.1f}pt;color:{colour}"><b>'
            f"{ctx.html(block.text, block.values)}</b></p>", width)
        return [HeadingPiece(doc, block, gap * 0.7)]
    if isinstance(block, Paragraph):
        style = {"body": "", "lead": f"font-size:{ctx.pt(12):.1f}pt;",
                 "note": f"font-size:{ctx.pt(8.5):.1f}pt;color:{GREY};",
                 "quote": "font-style:italic;"}[block.style]
        text = ctx.html(block.text, block.values)
        if block.style == "quote":
            indent = ctx.mm(5)
            return [QuotePiece(ctx.text_document(f'<p style="{style}">{text}</p>', width - indent),
                           indent, space_after=gap)]
        piece = TextPiece(ctx.text_document(f'<p style="{style}">{text}</p>', width),
                          space_after=gap)
        # A sentence that introduces what follows ("What moved since…:") stays with it.
        piece.keep_with_next = block.text.rstrip().endswith(":")
        return [piece]
    if isinstance(block, Bullets):
        items = "".join(f"<li>{ctx.html(p.text, p.values)}</li>" for p in block.items)
        return [TextPiece(ctx.text_document(f"<ul>{items}</ul>", width), space_after=gap)]
    if isinstance(block, (Figure, Figures)):
        figures = block.items if isinstance(block, Figures) else (block,)
        rows = [figures[i:i + 3] for i in range(0, len(figures), 3)]
        direction = "rtl" if ctx.rtl else "ltr"
        body = "".join(
            f'<table dir="{direction}" width="100%" cellspacing="6"><tr>'
            + "".join(_figure_cell(ctx, f) for f in row) + "</tr></table>" for row in rows)
        return [TextPiece(ctx.text_document(body, width), space_after=gap)]
    if isinstance(block, Table):
        return [TablePiece(ctx, block)]
    if isinstance(block, Chart):
        return [ChartPiece(ctx, block)]
    if isinstance(block, IconArray):
        return [IconsPiece(ctx, block)]
    if isinstance(block, Cover):
        return [CoverPiece(ctx, block)]
    if isinstance(block, Contents):
        return [ContentsPiece(ctx, block, headings), BreakPiece()]
    if isinstance(block, PageBreak):
        return [BreakPiece()]
    raise TypeError(f"not a report block: {block!r}")


