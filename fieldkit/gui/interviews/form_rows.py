"""A roster on the interview screen: its table, opening a row's pages, adding and
removing rows (asked first), the bar above a row's pages ("Person 2 of 5 · Anna")
and the way back to the table, which then has the row just left chosen again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from fieldkit.errors import FieldkitError
from fieldkit.gui.locale_numbers import number as ui_number
from fieldkit.i18n import _, isolate
from fieldkit.interviews.repeat_rows import template_path
from fieldkit.interviews.roster import editable, instance_place, roster_columns

if TYPE_CHECKING:
    from fieldkit.forms import Page
    from fieldkit.gui.interviews.form_screen import FormScreen
    from fieldkit.interviews import InterviewHandle


class RosterRows(QObject):
    def __init__(self, screen: FormScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.confirm_dialog: QMessageBox | None = None
        self.came_from_row: int | None = None  # the row to choose in the table shown next
        screen.roster.edit_requested.connect(self.edit_row)
        screen.roster.add_requested.connect(self.add_row)
        screen.roster.remove_requested.connect(self.ask_remove_row)
        screen.to_table_button.clicked.connect(self.back_to_roster)

    def _roster_page(self) -> tuple[InterviewHandle, Page] | None:
        """The interview and its page, when that page is a roster's table."""
        handle = self.screen.handle
        page = handle.current_page if handle is not None else None
        if handle is None or page is None or page.roster is None:
            return None
        return handle, page

    def show_table(self, collection: str, repeat: str, title: str) -> None:
        screen = self.screen
        handle = screen.handle
        assert handle is not None
        screen.body.setCurrentWidget(screen.roster)
        screen.roster.show_roster(handle.session, collection, repeat, title,
                                  editable=editable(handle.form, repeat),
                                  read_only=screen.read_only, row=self.came_from_row)
        self.came_from_row = None

    def show_context(self, page: Page | None) -> None:
        """"Person 2 of 5 · Anna" above a roster row's pages."""
        screen = self.screen
        handle = screen.handle
        places = instance_place(handle.session, page.path) \
            if handle is not None and page is not None else []
        if handle is None or not places:
            screen.row_bar.hide()
            return
        parts: list[str] = []
        for collection, number, count in places:
            instance = f"{collection}[{number}]"
            label = handle.session.label(instance)
            columns = roster_columns(handle.session, template_path(collection))
            name = handle.session.value(instance + columns[0].suffix) if columns else ""
            n, total = screen.digits(str(number)), screen.digits(str(count))
            where = _("{label} {n} of {total}").format(
                label=label, n=n, total=total) if label else _("Row {n} of {total}") \
                .format(n=n, total=total)
            parts.append(f"{where} · {name}" if name and columns[0].type == "text" else where)
        screen.row_context.setText(" › ".join(parts))  # the name as given: only numbers
        screen.row_bar.show()

    def remember_row(self) -> None:
        """The row being left, to choose it again in its roster table."""
        handle = self.screen.handle
        page = handle.current_page if handle is not None else None
        if handle is None or page is None:
            return
        places = instance_place(handle.session, page.path)
        if places:
            self.came_from_row = places[-1][1]

    def edit_row(self, row: int) -> None:
        """Open row ``row`` (1-based) of the roster shown: its first page."""
        found = self._roster_page()
        if found is not None:
            self._open_instance(f"{found[1].path}[{row}]")

    def _open_instance(self, instance: str) -> None:
        screen = self.screen
        handle = screen.handle
        assert handle is not None
        try:
            opened = handle.jump_to(instance)
            if not opened.relevant:
                handle.next_page()
        except FieldkitError as exc:
            screen.show_notice(str(exc))
            return
        screen.show_page()
        screen.scroll_area.verticalScrollBar().setValue(0)
        screen.focus_page()

    def add_row(self) -> None:
        found = self._roster_page()
        if found is None or self.screen.read_only:
            return
        handle, page = found
        try:
            added = handle.add_repeat(page.path)
        except FieldkitError as exc:
            self.screen.show_notice(str(exc))
            return
        self.screen.interview_changed.emit()
        self._open_instance(added)

    def ask_remove_row(self, row: int) -> None:
        """Ask first: removing a row removes every answer in it."""
        found = self._roster_page()
        if found is None or self.screen.read_only:
            return
        handle, page = found
        columns = roster_columns(handle.session, page.roster or "")
        name = handle.session.value(f"{page.path}[{row}]{columns[0].suffix}") \
            if columns and columns[0].type == "text" else ""
        dialog = QMessageBox(self.screen)
        dialog.setObjectName("confirmRemoveRow")
        dialog.setIcon(QMessageBox.Icon.Warning)
        dialog.setWindowTitle(_("Remove row"))
        what = _("Remove row {n} ({name}) and all its answers?").format(
            n=ui_number(row), name=isolate(name)) if name else \
            _("Remove row {n} and all its answers?").format(n=ui_number(row))
        dialog.setText(what)
        dialog.setInformativeText(_("The rows after it move up by one."))
        remove = dialog.addButton(_("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        keep = dialog.addButton(_("Keep"), QMessageBox.ButtonRole.RejectRole)
        dialog.setDefaultButton(keep)
        remove.clicked.connect(lambda: self.remove_row(page.path, row))
        self.confirm_dialog = dialog
        dialog.open()

    def remove_row(self, collection: str, row: int) -> None:
        screen = self.screen
        handle = screen.handle
        if handle is None or screen.read_only:
            return
        try:
            handle.remove_repeat(collection, row)
        except FieldkitError as exc:
            screen.show_notice(str(exc))
            return
        self.came_from_row = row
        screen.interview_changed.emit()
        screen.show_page()
        screen.roster.focus_table()

    def back_to_roster(self) -> None:
        """From a row's page, back to its roster table."""
        screen = self.screen
        handle = screen.handle
        page = handle.current_page if handle is not None else None
        places = instance_place(handle.session, page.path) \
            if handle is not None and page is not None else []
        if handle is None or not places:
            return
        screen.commit_pending()
        collection, number, _count = places[-1]  # on a nested table: the row's own table
        self.came_from_row = number
        try:
            handle.jump_to(collection)
        except FieldkitError as exc:
            screen.show_notice(str(exc))
            return
        screen.show_page()
        screen.roster.focus_table()
