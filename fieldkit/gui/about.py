"""The About dialog: versions, and where this laptop keeps its data and logs."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

import fieldkit
from fieldkit import i18n
from fieldkit.gui.locale_numbers import number
from fieldkit.gui.uiloader import child, load_ui
from fieldkit.i18n import _, isolate, paragraphs
from fieldkit.packaged import build_info
from fieldkit.paths import AppPaths


def build_line() -> str:
    """Which build this is: the installed app's platform, date and commit, or a
    developer's install from source."""
    info = build_info()
    if info is None:
        return _("Build: from source (developer install)")
    return _("Build: {platform}, {date}, commit {commit}").format(
        platform=isolate(info.get("platform", "?")), date=isolate(info.get("date", "?")),
        commit=isolate(info.get("commit", "?")))
def review_text() -> str:
    """How much of each language native speakers have reviewed (the interface and the
    default forms), from the catalogues' reviewed-by marks."""
    from fieldkit.catalogs.review import progress

    rows = progress()
    if not rows:
        return ""
    parts = [_("{language}: {reviewed} of {total} reviewed").format(
        language=isolate(i18n.language_name(code)), reviewed=number(done),
        total=number(total)) for code, done, total in rows]
    return paragraphs(_("Translations checked by native speakers:"), *parts)


class AboutDialog(QDialog):
    def __init__(self, paths: AppPaths, store_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About fieldkit"))
        self.setMinimumWidth(480)
        QVBoxLayout(self)
        form = load_ui("about.ui", self)
        title: QLabel = child(form, QLabel, "title")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setText(paragraphs(_("fieldkit {version}").format(version=fieldkit.__version__)))
        self.details: QLabel = child(form, QLabel, "details")
        self.details.setText(paragraphs(*(
            build_line(),
            _("Data folder: {path}").format(path=isolate(paths.data_dir)),
            _("Data store: {store}").format(store=isolate(store_text)),
            _("Log file: {path}").format(path=isolate(paths.log_file)),
            _("Python {python}, Qt {qt}, PySide6 {pyside}").format(
                python=platform.python_version(), qt=qVersion(), pyside=pyside_version),
        )))
        self.review = QLabel(review_text())
        self.review.setObjectName("reviewProgress")
        self.review.setWordWrap(True)
        buttons: QDialogButtonBox = child(form, QDialogButtonBox, "buttons")
        layout = form.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(layout.indexOf(buttons), self.review)
        buttons.rejected.connect(self.reject)
