"""The dialog shown when fieldkit itself fails (see fieldkit.gui.crash)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.i18n import _


class CrashDialog(QDialog):
    def __init__(self, summary: str, details: str, log_file: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("fieldkit ran into a problem"))
        self.log_file = log_file
        layout = QVBoxLayout(self)
        intro = QLabel(
            _("Something went wrong inside fieldkit: {summary}").format(summary=summary)
            + "\n\n"
            + _("Answers are saved as they are given, so what was already entered is kept. "
                "The details are in the log file below; please send it to your coordinator."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.log_label = QLabel(str(log_file))
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.log_label)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox()
        self.show_details = QPushButton(_("Show details"))
        self.show_details.setCheckable(True)
        self.show_details.toggled.connect(self.details.setVisible)
        buttons.addButton(self.show_details, QDialogButtonBox.ButtonRole.ActionRole)
        copy = QPushButton(_("Copy details"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        open_folder = QPushButton(_("Open log folder"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file.parent))))
        buttons.addButton(open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        self.quit_button = QPushButton(_("Quit fieldkit"))
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.continue_button = QPushButton(_("Continue"))
        buttons.addButton(self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
