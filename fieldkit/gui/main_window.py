"""The main window: the three workspaces as navigation, menus and a status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from fieldkit.context import AppContext
from fieldkit.gui.coordinator import CoordinatorWorkspace
from fieldkit.gui.focus import FocusWorkspace
from fieldkit.gui.fonts import apply_app_font
from fieldkit.gui.interviews import InterviewsWorkspace
from fieldkit.gui.qt_i18n import apply_language
from fieldkit.gui.sessions import SessionsWorkspace
from fieldkit.gui.workspaces import WORKSPACES, WorkspaceSpec
from fieldkit.i18n import _, isolate, paragraphs

if TYPE_CHECKING:
    from fieldkit.gui.laptop_sync import JoinDialog
    from fieldkit.gui.lock import IdleLock
    from fieldkit.projects import ProjectOverview

Workspace = InterviewsWorkspace | SessionsWorkspace | CoordinatorWorkspace | FocusWorkspace


def _open_data_folder(folder: Path, db_url: str) -> bool:
    from fieldkit.gui.open_folder import open_data_folder

    return open_data_folder(folder, db_url)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, project_id: str | None = None) -> None:
        """``project_id`` may come later (:meth:`set_project`): the window is shown
        first and the store opened right after, so start-up feels immediate."""
        super().__init__()
        self.ctx = ctx
        self.project_id = project_id
        self.overview: ProjectOverview | None = None
        #: The laptop-sync dialogs open now (kept so tests can drive them).
        self.join_dialog: JoinDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.sync_message: QMessageBox | None = None
        self.wizard: QDialog | None = None
        #: Locks the app after idle time on an encrypted store (set by gui.app).
        self.idle_lock: IdleLock | None = None
        #: Opens another data folder in a window of its own (tests replace it).
        self.open_folder: Callable[[Path, str], bool] = _open_data_folder
        self.setObjectName("MainWindow")
        self.resize(1000, 680)
        self.setMinimumSize(QSize(640, 420))

        central = QWidget()
        layout = QHBoxLayout(central)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(24, 24))
        self.navigation.setFixedWidth(210)
        self.navigation.setSpacing(2)
        self.stack = QStackedWidget()
        self.pages: list[Workspace] = []
        style = self.style()
        for spec in WORKSPACES:
            item = QListWidgetItem(style.standardIcon(spec.icon), "")
            item.setSizeHint(QSize(0, 40))
            self.navigation.addItem(item)
            page = self._make_page(spec)
            self.pages.append(page)
            self.stack.addWidget(page)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.navigation.setCurrentRow(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status_label = QLabel()
        self.status_label.setObjectName("statusProject")
        self.statusBar().addWidget(self.status_label, 1)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(200)
        self.statusBar().addPermanentWidget(self.progress_label)
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.hide_progress()

        self._actions: dict[str, tuple[QAction, Callable[[], str]]] = {}
        self.file_menu = self.menuBar().addMenu("")
        self.help_menu = self.menuBar().addMenu("")
        self._add_action(self.file_menu, "new_project",
                         lambda: _("&New coordinator project…"), self.open_new_project)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addSeparator()
        self._add_action(self.file_menu, "join_project", lambda: _("&Join a project…"),
                         lambda: self.open_join())  # noqa: PLW0108 - not triggered(checked)
        self._add_action(self.file_menu, "write_bundle", lambda: _("&Write data bundle…"),
                         self.choose_bundle_path)
        self._add_action(self.file_menu, "import_receipt", lambda: _("Import &receipt…"),
                         self.choose_receipt)
        self.file_menu.addSeparator()
        self._add_action(self.file_menu, "preferences", lambda: _("&Preferences…"),
                         self.open_preferences, QKeySequence.StandardKey.Preferences)
        self.file_menu.addSeparator()
        self._add_action(self.file_menu, "quit", lambda: _("&Quit"), self.close,
                         QKeySequence.StandardKey.Quit)
        self._add_action(self.help_menu, "log_folder", lambda: _("Open &log folder"),
                         self.open_log_folder)
        self._add_action(self.help_menu, "about", lambda: _("&About fieldkit"), self.open_about)
        for index in range(len(WORKSPACES)):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(
                lambda _checked=False, i=index: self.navigation.setCurrentRow(i))
            self.addAction(action)
        self.retranslate()

    def _make_page(self, spec: WorkspaceSpec) -> Workspace:
        kinds: dict[str, type[Workspace]] = {
            "interviews": InterviewsWorkspace, "sessions": SessionsWorkspace,
            "coordinator": CoordinatorWorkspace, "focus": FocusWorkspace}
        page = kinds[spec.key](spec, self.ctx)
        page.changed.connect(self.refresh)
        if isinstance(page, CoordinatorWorkspace):
            page.new_project_requested.connect(self.open_new_project)
        return page

    def _add_action(self, menu: object, key: str, text: Callable[[], str],
                    slot: Callable[[], object],
                    shortcut: QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(self)
        action.setObjectName(f"action_{key}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        self._actions[key] = (action, text)
        return action

    @property
    def store_text(self) -> str:
        url = self.ctx.store.engine.url
        if url.get_backend_name() == "sqlite":
            return str(url.database)
        return url.render_as_string(hide_password=True)

    def show_progress(self, text: str, done: int, total: int) -> None:
        self.progress_label.setText(text)
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_label.show()
        self.progress_bar.show()

    def hide_progress(self) -> None:
        self.progress_label.hide()
        self.progress_bar.hide()

    def set_project(self, project_id: str) -> None:
        self.project_id = project_id
        self.refresh()

    def refresh(self) -> None:
        """Re-read the project overview from the store and show it."""
        from fieldkit.projects import project_overview

        if self.project_id is None:
            return
        self.overview = project_overview(self.ctx.store, self.project_id)
        self._remember()
        for page in self.pages:
            page.set_overview(self.overview, self.store_text)
        self._show_status()
        # Bundles and receipts are a laptop's; its project comes with a pack.
        laptop = self.overview.role == "laptop"
        self._actions["write_bundle"][0].setEnabled(laptop)
        self._actions["import_receipt"][0].setEnabled(laptop)

    # -- projects: new, recent -----------------------------------------------------------

    def _remember(self) -> None:
        from fieldkit.recent_projects import remember

        if self.overview is not None:
            db_url = "" if self.ctx.db_url == self.ctx.paths.default_db_url else self.ctx.db_url
            remember(self.ctx.paths.data_dir, self.overview.name, self.overview.role, db_url)

    def _fill_recent(self) -> None:
        from fieldkit.paths import resolve_paths
        from fieldkit.recent_projects import recent_projects

        self.recent_menu.clear()
        here = self.ctx.paths.data_dir.resolve()
        practice = resolve_paths(None).data_dir
        entries = [(Path(r.data_dir), r.db_url, _(r.name) if r.role == "practice" else r.name)
                   for r in recent_projects()]
        if all(Path(folder).resolve() != practice.resolve() for folder, _u, _n in entries):
            entries.append((practice, "", _("Practice project")))
        for folder, db_url, name in entries:
            action = self.recent_menu.addAction(_("{project} — {folder}").format(
                project=name, folder=folder))
            action.setEnabled(folder.resolve() != here)
            action.triggered.connect(
                lambda _checked=False, f=folder, u=db_url: self.open_other(f, u))

    def open_other(self, folder: Path, db_url: str = "") -> None:
        if not self.open_folder(folder, db_url):
            self.statusBar().showMessage(_("Could not start fieldkit on {folder}.")
                                         .format(folder=isolate(folder)))

    def open_new_project(self) -> None:
        from fieldkit.gui.coordinator.new_project import NewProjectWizard

        wizard = NewProjectWizard(self)
        wizard.created.connect(self.open_other)
        wizard.finished.connect(wizard.deleteLater)
        self.wizard = wizard
        wizard.open()

    def _project_name(self) -> str:
        if self.overview is None:
            return ""
        ov = self.overview
        return _(ov.name) if ov.role == "practice" else ov.name

    def _show_status(self) -> None:
        if self.overview is None:
            self.status_label.setText(_("Opening the data store…"))
            return
        self.status_label.setText(paragraphs(_("{project} · data folder {folder}").format(
            project=isolate(self._project_name()), folder=isolate(self.ctx.paths.data_dir))))
        # No isolates in the title: window managers may draw them as boxes.
        self.setWindowTitle(_("{project} — fieldkit").format(project=self._project_name()))

    def retranslate(self) -> None:
        self.setWindowTitle(_("fieldkit"))
        self.file_menu.setTitle(_("&File"))
        self.recent_menu.setTitle(_("Open &recent"))
        self.help_menu.setTitle(_("&Help"))
        for action, text in self._actions.values():
            action.setText(text())
        for row, spec in enumerate(WORKSPACES):
            item = self.navigation.item(row)
            item.setText(_(spec.title))
            item.setToolTip(_(spec.purpose))
        self._show_status()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def open_preferences(self) -> None:
        from fieldkit.gui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.ctx.settings, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        for name, value in dialog.values().items():
            self.ctx.settings.set(name, value)
        self.ctx.settings.save()
        self.ctx.ui_language = apply_language(
            QApplication.instance(), str(self.ctx.settings.get("ui_language")))  # type: ignore[arg-type]
        apply_app_font(int(self.ctx.settings.get("font_size")))

    # -- the laptop's sync round trip (fieldkit/gui/laptop_sync.py) -------------------------

    def open_join(self, pack: Path | None = None) -> None:
        from fieldkit.gui.laptop_sync import JoinDialog

        dialog = JoinDialog(self.ctx, self)
        if pack is not None:
            dialog.pack_edit.setText(str(pack))
            dialog.name_edit.setFocus()
        dialog.joined.connect(lambda _result: self._after_join())
        dialog.finished.connect(dialog.deleteLater)
        self.join_dialog = dialog
        dialog.open()

    def _after_join(self) -> None:
        from fieldkit.projects import current_project

        # A joined project takes the place of the practice project.
        self.set_project(current_project(self.ctx.store).id)

    def _choose_file(self, title: str, save: bool, then: Callable[[Path], None]) -> None:
        dialog = QFileDialog(self, title)
        dialog.setObjectName("syncFileDialog")
        filters = [_("Zip files (*.zip)"), _("All files (*)")]
        if save:  # a data bundle: .fkbundle opens on the coordinator's Import
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix("fkbundle")
            filters.insert(0, _("Data bundles (*.fkbundle)"))
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(filters)
        dialog.fileSelected.connect(lambda name: then(Path(name)))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def choose_bundle_path(self) -> None:
        self._choose_file(_("Write data bundle"), True, self.write_bundle)

    def choose_receipt(self) -> None:
        self._choose_file(_("Import receipt"), False, self.import_receipt)

    def write_bundle(self, path: Path) -> None:
        from fieldkit.gui.laptop_sync import write_bundle

        self.show_progress(_("Writing the data bundle…"), 0, 0)
        write_bundle(self.ctx, path, self._sync_done)

    def import_receipt(self, path: Path) -> None:
        from fieldkit.gui.laptop_sync import import_receipt_file

        self.show_progress(_("Importing the receipt…"), 0, 0)
        import_receipt_file(self.ctx, path, self._sync_done)

    def _sync_done(self, line: str, ok: bool) -> None:
        self.hide_progress()
        self.refresh()  # interviews became sent, receipted or purged
        self.show_message(line, ok=ok)

    def show_message(self, line: str, *, ok: bool) -> None:
        icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
        box = QMessageBox(icon, _("fieldkit"), line, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("syncMessage")
        box.finished.connect(box.deleteLater)
        self.sync_message = box
        box.open()

    def open_file(self, kind: str, path: Path) -> None:
        """A file opened from outside (``fieldkit open FILE``, a double-click): a pack
        on Join, a bundle on the coordinator's Import, a receipt imported."""
        if kind == "pack":
            self.open_join(path)
            return
        if kind == "receipt":
            self.import_receipt(path)
            return
        for row, page in enumerate(self.pages):
            if isinstance(page, CoordinatorWorkspace):
                self.navigation.setCurrentRow(row)
                if page.import_bundles([path]):
                    return
        self.show_message(_("{file} is a data bundle from an interviewer's laptop: import "
                            "it in the coordinator's fieldkit (Coordinator → Import "
                            "bundles).").format(file=isolate(path.name)), ok=False)

    def open_about(self) -> None:
        from fieldkit.gui.about import AboutDialog

        AboutDialog(self.ctx.paths, self.store_text, self).exec()

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.paths.log_dir)))
