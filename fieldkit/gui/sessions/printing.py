"""Rich-text HTML to PDF with Qt's own engine (QTextDocument on a QPdfWriter), so
no printer driver is needed; the PDF can be printed or e-mailed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument, QTextOption

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _


def write_pdf(html: str, path: Path, *, right_to_left: bool, title: str = "",
              landscape: bool = True) -> None:
    if not path.parent.is_dir():
        raise EnvironmentProblem(_("{path}: the folder does not exist; choose another.")
                                 .format(path=path))
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("fieldkit")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Landscape if landscape
                                     else QPageLayout.Orientation.Portrait,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if right_to_left
                            else Qt.LayoutDirection.LeftToRight)
    document.setDefaultTextOption(option)
    document.setHtml(html)
    document.print_(writer)  # paginates and scales to the page itself
    if not path.is_file():
        raise EnvironmentProblem(_("{path}: the PDF could not be written.").format(path=path))

