"""The laptop's side of the sync round trip in the GUI: join a project from its pack,
write a data bundle, import a receipt. Each runs the sync service off the UI thread
and ends in one line for the person (never a traceback)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.failures import failure_line, report_unexpected
from fieldkit.gui.locale_numbers import number
from fieldkit.gui.tasks import run_in_background
from fieldkit.i18n import _, isolate, ngettext

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.sync.bundle_out import ExportResult
    from fieldkit.sync.project import JoinResult
    from fieldkit.sync.receipts import ReceiptResult

#: Called with the one line to show, and whether the work succeeded.
Done = Callable[[str, bool], None]


def _run(work: Callable[[], Any], summary: Callable[[Any], str], done: Done) -> None:
    def failed(exc: BaseException) -> None:
        line = failure_line(exc)
        if line is None:
            report_unexpected(exc)
        else:
            done(line, False)

    run_in_background(lambda _progress: work(), on_done=lambda r: done(summary(r), True),
                      on_failed=failed)


def join_summary(result: JoinResult) -> str:
    # The command line's sentences: one translation serves both.
    text = (_("Updated project {name} to pack version {version}.") if result.updated
            else _("Joined project {name} (pack version {version})."))
    lines = [text.format(name=isolate(result.name), version=number(result.pack_version))]
    if result.session_records:
        lines.append(ngettext(
            "Advice sessions: {count} session or attendance from the project.",
            "Advice sessions: {count} sessions and attendances from the project.",
            result.session_records).format(count=number(result.session_records)))
    if result.sessions_removed:
        lines.append(ngettext(
            "Advice sessions: {count} session or attendance no longer in the pack was "
            "removed from this laptop.",
            "Advice sessions: {count} sessions and attendances no longer in the pack were "
            "removed from this laptop.",
            result.sessions_removed).format(count=number(result.sessions_removed)))
    if result.erased:
        lines.append(ngettext(
            "Erasures: {count} record the coordinator erased was erased from this laptop "
            "too.",
            "Erasures: {count} records the coordinator erased were erased from this laptop "
            "too.", result.erased).format(count=number(result.erased)))
    return " ".join(lines)


def write_bundle(ctx: AppContext, path: Path, done: Done) -> None:
    """Write this laptop's data bundle to ``path`` in the background."""
    from fieldkit.sync.bundle_out import export_bundle

    def summary(result: ExportResult) -> str:
        return _("Wrote {path}: bundle {seq}, {interviews} interviews, {versions} records.")\
            .format(path=isolate(result.path), seq=number(result.seq),
                    interviews=number(result.interviews), versions=number(result.versions))

    store = ctx.store
    _run(lambda: export_bundle(store, path), summary, done)


def import_receipt_file(ctx: AppContext, path: Path, done: Done) -> None:
    """Import the coordinator's receipt at ``path`` in the background."""
    from fieldkit.sync.receipts import import_receipt

    def summary(result: ReceiptResult) -> str:
        return _("{file}: {received} records receipted, {purged} interviews purged.").format(
            file=isolate(path.name), received=number(result.versions_received),
            purged=number(result.interviews_purged))

    store = ctx.store
    _run(lambda: import_receipt(store, path), summary, done)


class JoinDialog(QDialog):
    """Pack file, interviewer name and enrolment code; Join runs ``join_pack``."""

    joined = Signal(object)  # the JoinResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.file_dialog: QFileDialog | None = None
        self.setObjectName("joinDialog")
        self.setMinimumWidth(520)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.pack_edit = QLineEdit()
        self.pack_edit.setObjectName("packFile")
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self.browse)
        pack_row = QWidget()
        row_layout = QHBoxLayout(pack_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.pack_edit, 1)
        row_layout.addWidget(self.browse_button)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("interviewerName")
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("enrolmentCode")
        self.labels = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout()
        for label, field, buddy in zip(self.labels, (pack_row, self.name_edit, self.code_edit),
                                       (self.pack_edit, self.name_edit, self.code_edit),
                                       strict=True):
            label.setBuddy(buddy)
            form.addRow(label, field)
        self.message = QLabel()
        self.message.setObjectName("joinMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.join_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.join_button.setDefault(True)
        self.join_button.clicked.connect(self.join)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Join a project"))
        self.intro.setText(_("Choose the project pack from your coordinator, and type "
                             "your name as on the roster and the enrolment code you "
                             "were given."))
        self.browse_button.setText(_("&Browse…"))
        texts = (_("Project &pack:"), _("Interviewer &name:"), _("Enrolment &code:"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.code_edit.setPlaceholderText("ABCD-EFGH-JKLM-NPQR")
        self.join_button.setText(_("&Join"))
        self.close_button.setText(_("Close"))

    def browse(self) -> None:
        dialog = QFileDialog(self, _("Choose the project pack"))
        dialog.setObjectName("packDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_("Project packs (*.fkpack *.zip)"), _("All files (*)")])
        dialog.fileSelected.connect(self.pack_edit.setText)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def _missing(self) -> str:
        """What is still to fill in (one line), or ""."""
        if not self.pack_edit.text().strip():
            return _("Choose the project pack file: type its path, or use Browse…")
        if not self.name_edit.text().strip():
            return _("Type your name as it is on the project's roster.")
        if not self.code_edit.text().strip():
            return _("Type the enrolment code your coordinator gave you.")
        return ""

    def join(self) -> None:
        if self.busy:
            return
        missing = self._missing()
        if missing:
            self.message.setText(missing)
            return
        from fieldkit.sync.project import join_pack

        path = Path(self.pack_edit.text().strip()).expanduser()
        name, code = self.name_edit.text().strip(), self.code_edit.text().strip()
        store = self.ctx.store
        self.busy = True
        self.join_button.setEnabled(False)
        self.message.setText(_("Checking the pack…"))
        result: list[JoinResult] = []

        def keep(summary_of: JoinResult) -> str:
            result.append(summary_of)
            return join_summary(summary_of)

        def finished(line: str, ok: bool) -> None:
            self.busy = False
            self.join_button.setEnabled(True)
            self.message.setText(line)
            if ok:
                self.joined.emit(result[0])

        _run(lambda: join_pack(store, path, name, code), keep, finished)
