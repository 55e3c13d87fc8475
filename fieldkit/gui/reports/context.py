"""What laying out a report page needs: the page's geometry in device units, the
document language's locale (digits, dates), fonts, and rich-text documents set in
the document's direction; figures as printed (:func:`format_value`)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QDate, QLocale, QRectF, Qt
from PySide6.QtGui import QFont, QPaintDevice, QTextDocument, QTextOption

from fieldkit.reports.document import Day, Document, Share, Value, Withheld

__all__ = ["ACCENT", "FOOTER_MM", "GREY", "HEADER_BG", "INK", "MARGIN_MM", "RULE",
           "SHORT_TABLE", "Context", "format_value", "is_number", "locale_for"]

MARGIN_MM = 18.0
FOOTER_MM = 9.0
INK = "#1a1a1a"
GREY = "#5a5a5a"
ACCENT = "#0b4f79"
RULE = "#b8c4ce"
HEADER_BG = "#e6eef4"
#: Tables of this many rows or fewer are never broken across pages.
SHORT_TABLE = 12



def locale_for(language: str) -> QLocale:
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


def is_number(value: Value) -> bool:
    return isinstance(value, (int, float, Share, Withheld)) and not isinstance(value, bool)


@dataclass
class Context:
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
        doc.setHtml(f'<html><body dir="{direction}" style="color:{INK};'
                    f'font-size:{self.pt(10):.1f}pt"><div dir="{direction}" '
                    f'align="{align}">{body}</div></body></html>')
        doc.setTextWidth(width)
        return doc


