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
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication

from fieldkit.errors import EnvironmentProblem
from fieldkit.gui.reports.context import (
    FOOTER_MM,
    GREY,
    MARGIN_MM,
    Context,
    format_value,
    locale_for,
)
from fieldkit.gui.reports.pieces import BreakPiece, HeadingPiece, Piece, pieces_of
from fieldkit.i18n import _
from fieldkit.reports.document import Cover, Document

# format_value: re-exported, the reports' one way to print a figure.
__all__ = ["ensure_app", "format_value", "write_pdf", "write_png"]


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



def _paginate(ctx: Context) -> list[list[tuple[Piece, float]]]:
    from fieldkit.reports.document import headings as list_headings

    contents_headings = list(list_headings(ctx.document))
    queue: list[Piece] = []
    for block in ctx.document.blocks:
        queue.extend(pieces_of(ctx, block, contents_headings))
    body = ctx.body
    pages: list[list[tuple[Piece, float]]] = [[]]
    y = body.top()
    index = 0
    while index < len(queue):
        piece = queue[index]
        page = pages[-1]
        if isinstance(piece, BreakPiece):
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
        if isinstance(piece, HeadingPiece):
            ctx.headings[id(piece.heading)] = len(pages)
        y += piece.height
        index += 1
        if piece.new_page_after:
            pages.append([])
            y = body.top()
    if not pages[-1] and len(pages) > 1:
        pages.pop()
    return pages


def _footer(painter: QPainter, ctx: Context, number: int, count: int) -> None:
    page = ctx.page
    text = _("Page {page} of {pages}").format(page=ctx.locale.toString(number),
                                              pages=ctx.locale.toString(count))
    if ctx.document.footer:
        text = f"{ctx.document.footer}  \u00b7  {text}"
    doc = ctx.text_document(f'<p style="color:{GREY};font-size:{ctx.pt(8):.1f}pt" '
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


def _paint(ctx: Context, painter: QPainter, pages: list[list[tuple[Piece, float]]],
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
        ctx = Context(document, writer, 300.0, locale_for(document.language), _font(document))
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
    ctx = Context(document, image, dpi, locale_for(document.language), _font(document))
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
