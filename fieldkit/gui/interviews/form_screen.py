"""One interview on screen: its current page, the respondent's language, moving
between pages, finalising, and reopening a finalised interview."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import EnvironmentProblem, FieldkitError
from fieldkit.forms import AnswerError, Page, Problem, QuestionState
from fieldkit.gui.interviews.directions import (
    language_direction,
    localise_digits,
    respondent_locale,
)
from fieldkit.gui.interviews.jump_index import JumpIndex
from fieldkit.gui.interviews.more_questions import AttachmentQuestion, AttachmentSource
from fieldkit.gui.interviews.problems_panel import ProblemsPanel
from fieldkit.gui.interviews.question_factory import widget_for
from fieldkit.gui.interviews.question_widgets import PROBLEM_STYLE, QuestionWidget
from fieldkit.gui.interviews.roster_view import RosterView
from fieldkit.gui.interviews.statuses import status_name
from fieldkit.gui.locale_numbers import number as ui_number
from fieldkit.i18n import _, isolate

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.forms import QuestionState
    from fieldkit.interviews import InterviewHandle
    from fieldkit.store import Store


class FormScreen(QWidget):
    back_requested = Signal()
    #: The interview's status or answers changed in the store (lists and counts are stale).
    interview_changed = Signal()
    #: An answer was saved (its path); see consultation_warning.py.
    answered = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 attachments_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formScreen")
        self.store = store
        #: Where attached files are copied (``<data dir>/attachments``).
        self.attachments_dir = attachments_dir
        self._locale = QLocale()  # the respondent's, for the page's numbers
        self.confirm_dialog: QMessageBox | None = None
        self.jump_index: JumpIndex | None = None
        self.handle: InterviewHandle | None = None
        self.widgets: dict[str, QuestionWidget] = {}
        self._page_path: str | None = None
        self._flagged: dict[str, str] = {}  # path -> required message, after finalising
        self._is_last = False
        self._came_from_row: int | None = None
        self.reason_dialog: QInputDialog | None = None
        #: Adds what a widget shows besides editing (pictures); set by the workspace.
        self.decorate: Callable[[QuestionWidget, QuestionState], None] | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setObjectName("backToList")
        self.back_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.title = QLabel()
        self.title.setObjectName("interviewTitle")
        self.title.setWordWrap(True)
        self.language_label = QLabel()
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("respondentLanguage")
        self.language_label.setBuddy(self.language_combo)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        #: Tools for the respondent (text size, read aloud), filled by the workspace.
        self.tools = QHBoxLayout()
        top.addLayout(self.tools)
        top.addWidget(self.language_label)
        top.addWidget(self.language_combo)
        layout.addLayout(top)

        self.banner = QFrame()
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner_layout = QHBoxLayout(self.banner)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.reopen_button = QPushButton()
        self.reopen_button.setObjectName("reopen")
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.reopen_button)
        layout.addWidget(self.banner)

        self.notice = QLabel()
        self.notice.setObjectName("formNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(PROBLEM_STYLE)
        self.notice.hide()
        layout.addWidget(self.notice)

        # Inside a roster row: which row, and the way back to the table.
        self.row_bar = QFrame()
        self.row_bar.setObjectName("rosterRowBar")
        self.row_bar.setFrameShape(QFrame.Shape.StyledPanel)
        row_layout = QHBoxLayout(self.row_bar)
        row_layout.setContentsMargins(8, 4, 8, 4)
        self.row_context = QLabel()
        self.row_context.setObjectName("rosterRowContext")
        self.row_context.setTextFormat(Qt.TextFormat.PlainText)
        self.row_context.setWordWrap(True)
        self.to_table_button = QPushButton()
        self.to_table_button.setObjectName("backToRoster")
        row_layout.addWidget(self.row_context, 1)
        row_layout.addWidget(self.to_table_button)
        self.row_bar.hide()
        layout.addWidget(self.row_bar)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.page_container = QWidget()
        self.page_container.setObjectName("formPage")
        page_layout = QVBoxLayout(self.page_container)
        page_layout.setContentsMargins(12, 8, 12, 8)
        self.page_title = QLabel()
        self.page_title.setObjectName("pageTitle")
        self.page_title.setWordWrap(True)
        self.page_title.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.page_title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.page_title.setFont(font)
        page_layout.addWidget(self.page_title)
        self.questions = QVBoxLayout()
        self.questions.setSpacing(10)
        page_layout.addLayout(self.questions)
        self.empty_page = QLabel()
        self.empty_page.setWordWrap(True)
        page_layout.addWidget(self.empty_page)
        page_layout.addStretch(1)
        self.scroll_area.setWidget(self.page_container)
        self.roster = RosterView()
        self.body = QStackedWidget()
        self.body.addWidget(self.scroll_area)
        self.body.addWidget(self.roster)
        layout.addWidget(self.body, 1)

        self.problems = ProblemsPanel()
        layout.addWidget(self.problems)

        bottom = QHBoxLayout()
        self.previous_button = QPushButton()
        self.previous_button.setObjectName("previousPage")
        self.position = QLabel()
        self.position.setObjectName("pagePosition")
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextPage")
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.position, 1)
        bottom.addWidget(self.next_button)
        layout.addLayout(bottom)

        self.back_button.clicked.connect(self._back)
        self.previous_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(self._next_or_finalise)
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.problems.chosen.connect(self.jump_to)
        self.roster.edit_requested.connect(self.edit_row)
        self.roster.add_requested.connect(self.add_row)
        self.roster.remove_requested.connect(self.ask_remove_row)
        self.to_table_button.clicked.connect(self.back_to_roster)
        self.page_container.installEventFilter(self)
        jump = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_J), self)
        jump.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        jump.activated.connect(self.open_jump_index)
        up = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_Up), self)
        up.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        up.activated.connect(self.back_to_roster)
        self._shortcuts: list[tuple[QShortcut, int]] = []
        for key, delta in ((Qt.Key.Key_Left, -1), (Qt.Key.Key_Right, +1)):
            shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self._arrow(d))
            self._shortcuts.append((shortcut, delta))
        self.retranslate()

    # -- showing an interview -------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.handle is None or self.handle.status != "draft"

    def show_interview(self, handle: InterviewHandle) -> None:
        self.handle = handle
        self._flagged.clear()
        self._page_path = None
        self.problems.show_problems([], lambda _p: "")
        self.notice.hide()
        session = handle.session
        self.language_combo.blockSignals(True)
        self.language_combo.clear()
        for language in session.languages:
            self.language_combo.addItem(language, language)
        current = self.language_combo.findData(session.language)
        self.language_combo.setCurrentIndex(max(current, 0))
        self.language_combo.blockSignals(False)
        self.language_combo.setEnabled(self.language_combo.count() > 1)
        self._apply_direction()
        self._show_header()
        self.show_page()

    def _show_header(self) -> None:
        if self.handle is None:
            return
        info = self.handle.info
        parts = [isolate(info.form_title)]
        if info.label:
            parts.append(isolate(info.label))
        parts.append(status_name(info.status))
        self.title.setText(" · ".join(parts))
        self.banner.setVisible(self.read_only)
        self.reopen_button.setVisible(info.status == "finalized")
        if info.status == "finalized":
            self.banner_text.setText(_("This interview is finalised: you can look at it but "
                                       "not change it. Reopen it to make a correction."))
        else:
            self.banner_text.setText(_("This interview has left this laptop and can only be "
                                       "looked at."))

    def _apply_direction(self) -> None:
        language = self.language_combo.currentData()
        name = language if isinstance(language, str) else ""
        direction = language_direction(name)
        self._locale = respondent_locale(name)
        self.page_container.setLayoutDirection(direction)
        self.page_container.setLocale(self._locale)
        self.roster.setLayoutDirection(direction)
        self.roster.setLocale(self._locale)
        self.roster.model.digits = self.digits
        self.row_context.setLayoutDirection(direction)
        self.problems.list.setLayoutDirection(direction)  # the form's own words

    def digits(self, text: str) -> str:
        """``text`` in the respondent's digits (one kind of digit on a page)."""
        return localise_digits(text, self._locale)

    def set_text_scale(self, percent: int) -> None:
        """Show questions and answers at ``percent`` of the interface text size."""
        base = self.font().pointSizeF()
        base = base if base > 0 else 10.0
        font = QFont()  # only the size set: the rest is inherited as before
        font.setPointSizeF(base * percent / 100)
        self.page_container.setFont(font)
        title = QFont()
        title.setBold(True)
        title.setPointSizeF(base * 1.25 * percent / 100)
        self.page_title.setFont(title)

    # -- the page -------------------------------------------------------------------------

    def show_page(self, changed: frozenset[str] | None = None) -> None:
        """Show the current page; with ``changed``, refresh only those questions'
        widgets (others keep their state), adding or removing questions whose
        relevance changed."""
        handle = self.handle
        if handle is None:
            return
        page = handle.current_page
        if page is None or page.path != self._page_path:
            self._clear_page()
            changed = None
        self._page_path = page.path if page is not None else None
        if page is not None and page.roster is not None:
            self._show_roster(page.path, page.roster, page.label)
            self._show_page_chrome(page)
            return
        self.body.setCurrentWidget(self.scroll_area)
        questions = page.questions if page is not None else ()
        states = {q.path: q for q in questions}
        for path, widget in list(self.widgets.items()):
            if path not in states or widget.kind != states[path].type:
                self._drop(path)
        order: list[QuestionWidget] = []
        for state in questions:
            found = self.widgets.get(state.path)
            if found is None:
                widget = self._new_widget(state)
                self.widgets[state.path] = widget
            else:
                widget = found
                if changed is None or state.path in changed:
                    widget.show_state(state)
            if self.decorate is not None and (found is None or changed is None
                                              or state.path in changed):
                self.decorate(widget, state)
            if state.path in self._flagged:
                widget.flag_required(self._flagged[state.path])
            widget.set_read_only(self.read_only)
            order.append(widget)
        items = (self.questions.itemAt(i) for i in range(self.questions.count()))
        shown = [item.widget() for item in items if item is not None]
        if shown != order:
            for widget in order:
                self.questions.removeWidget(widget)
            for widget in order:
                self.questions.addWidget(widget)
                widget.show()  # at once, not on the next turn of the event loop
        self._show_page_chrome(page)

    def _new_widget(self, state: QuestionState) -> QuestionWidget:
        widget = widget_for(state, locale=self._locale)
        if isinstance(widget, AttachmentQuestion) and self.attachments_dir is not None \
                and self.handle is not None:
            from fieldkit.interviews.attachments import attachment_folder

            widget.folder = attachment_folder(self.attachments_dir, self.handle.uuid)
            widget.set_value(state.value)
        widget.answered.connect(self._answered)
        widget.advance.connect(self._quick_advance)
        return widget

    def _show_roster(self, collection: str, repeat: str, title: str) -> None:
        from fieldkit.interviews.roster import editable

        handle = self.handle
        assert handle is not None
        self.body.setCurrentWidget(self.roster)
        self.roster.show_roster(handle.session, collection, repeat, title,
                                editable=editable(handle.form, repeat),
                                read_only=self.read_only, row=self._came_from_row)
        self._came_from_row = None

    def _show_row_context(self, page: Page | None) -> None:
        """"Person 2 of 5 · Anna" above a roster row's pages."""
        from fieldkit.interviews.repeat_rows import template_path
        from fieldkit.interviews.roster import instance_place, roster_columns

        handle = self.handle
        if handle is None or page is None:
            self.row_bar.hide()
            return
        places = instance_place(handle.session, page.path)
        if not places:
            self.row_bar.hide()
            return
        parts: list[str] = []
        for collection, number, count in places:
            instance = f"{collection}[{number}]"
            label = handle.session.label(instance)
            columns = roster_columns(handle.session, template_path(collection))
            name = handle.session.value(instance + columns[0].suffix) if columns else ""
            n, total = self.digits(str(number)), self.digits(str(count))
            where = _("{label} {n} of {total}").format(
                label=label, n=n, total=total) if label else _("Row {n} of {total}") \
                .format(n=n, total=total)
            parts.append(f"{where} · {name}" if name and columns[0].type == "text" else where)
        self.row_context.setText(" › ".join(parts))  # the name as given: only numbers
        self.row_bar.show()

    def _show_page_chrome(self, page: Page | None) -> None:
        handle = self.handle
        assert handle is not None
        self._show_row_context(page)
        title = page.label if page is not None and page.field_list else ""
        self.page_title.setText(title)
        self.page_title.setVisible(bool(title))
        self.empty_page.setText(_("Nothing to ask on this page now (the answers so far "
                                  "leave it out). Go on with Next."))
        self.empty_page.setVisible(not self.widgets)
        relevant = handle.session.reachable_page_indexes()
        index = page.index if page is not None else -1
        before = sum(1 for i in relevant if i < index)
        self._is_last = not any(i > index for i in relevant)
        self.previous_button.setEnabled(before > 0)
        here = before + (1 if index in relevant else 0)
        ui = QLocale()  # the interface's digits, like the rest of the chrome
        self.position.setText(_("Page {n} of {total}").format(
            n=ui.toString(max(here, 1)), total=ui.toString(len(relevant))))
        if self._is_last and not self.read_only:
            self.next_button.setText(_("Fi&nalise…"))  # Alt+F is the File menu
            self.next_button.setEnabled(True)
        else:
            self.next_button.setText(_("&Next"))
            self.next_button.setEnabled(not self._is_last)

    def _clear_page(self) -> None:
        for path in list(self.widgets):
            self._drop(path)

    def _drop(self, path: str) -> None:
        widget = self.widgets.pop(path)
        self.questions.removeWidget(widget)
        widget.hide()
        widget.setParent(None)  # off the page now; deleted once its signals are done
        widget.deleteLater()

    # -- answers ----------------------------------------------------------------------------

    def _answered(self, path: str, value: object) -> None:
        handle = self.handle
        widget = self.widgets.get(path)
        if handle is None or self.read_only:
            return
        try:
            if isinstance(value, AttachmentSource) or (value is None and isinstance(
                    widget, AttachmentQuestion)):
                changed = self._attach(path, value)
            else:
                changed = handle.clear(path) if value is None else handle.answer(path, value)
        except AnswerError as exc:
            if widget is not None:
                widget.set_error(exc.problem.message)
            return
        except FieldkitError as exc:
            self._show_notice(str(exc))
            return
        if widget is not None:
            widget.set_error(None)
        if value is not None:
            self._flagged.pop(path, None)
        self.show_page(changed | {path})
        self.answered.emit(path)

    def _attach(self, path: str, source: AttachmentSource | None) -> frozenset[str]:
        from fieldkit.interviews.attachments import attach_file, remove_attachment

        handle = self.handle
        assert handle is not None
        if self.attachments_dir is None:
            raise EnvironmentProblem(_("Files cannot be attached here: there is no data "
                                       "folder."))
        if source is None:
            remove_attachment(handle, self.attachments_dir, path)
        else:
            attach_file(handle, self.attachments_dir, path, source.path)
        return handle.session.last_changes

    def commit_pending(self) -> None:
        """Save what is being typed in the page's fields."""
        for widget in list(self.widgets.values()):
            widget.commit()

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- moving -------------------------------------------------------------------------------

    def _arrow(self, delta: int) -> None:
        # Arrows point the way the buttons are laid out (mirrored in a right-to-left UI).
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            delta = -delta
        if delta > 0:
            self._next_or_finalise()
        else:
            self.go(-1)

    def go(self, delta: int) -> None:
        handle = self.handle
        if handle is None:
            return
        self.commit_pending()
        if delta > 0 and not self.read_only and not self.check_page():
            return
        self._remember_row()
        try:
            handle.next_page() if delta > 0 else handle.previous_page()
        except FieldkitError as exc:
            self._show_notice(str(exc))
            return
        self._show_notice("")
        self.show_page()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.focus_page()

    def check_page(self) -> bool:
        """Whether Next may leave the page: every required question answered and
        every answer allowed. Otherwise the first one in the way shows its message
        and takes the focus."""
        handle = self.handle
        page = handle.current_page if handle is not None else None
        if handle is None or page is None:
            return True
        blocked: QuestionWidget | None = None
        for state in page.questions:
            widget = self.widgets.get(state.path)
            if widget is None or state.readonly or state.type in ("note", "calculate"):
                continue
            if state.required and not state.value:
                self._flagged[state.path] = handle.session.required_message(state.path)
                widget.flag_required(self._flagged[state.path])
            elif state.constraint_message is None and not widget.has_error():
                continue
            blocked = blocked or widget
        if blocked is None:
            return True
        target = blocked.focus_widget()
        if target is not None:
            target.setFocus()
        self.scroll_area.ensureWidgetVisible(blocked)
        return False

    def focus_page(self) -> None:
        """Put the keyboard on the page's first question (or the roster table)."""
        if self.body.currentWidget() is self.roster:
            self.roster.focus_table()
            return
        for widget in self.widgets.values():
            target = widget.focus_widget()
            if target is not None and target.isEnabled():
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return
        self.next_button.setFocus()

    def _remember_row(self) -> None:
        """The row being left, to choose it again in its roster table."""
        from fieldkit.interviews.roster import instance_place

        handle = self.handle
        page = handle.current_page if handle is not None else None
        if handle is None or page is None:
            return
        places = instance_place(handle.session, page.path)
        if places:
            self._came_from_row = places[-1][1]

    def _quick_advance(self) -> None:
        """A ``quick`` choice was made: on to the next page if it was the only question."""
        if len(self.widgets) == 1:
            self._next_or_finalise()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter on the page moves to the next question, then to the next page.
        if watched is self.page_container and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.advance_focus()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.body.currentWidget() is self.scroll_area \
                and self.page_container.isAncestorOf(self.focusWidget()):
            self.advance_focus()
            return
        super().keyPressEvent(event)

    def advance_focus(self) -> None:
        """The next question on the page, or the next page after the last one."""
        focused = self.focusWidget()
        widgets = list(self.widgets.values())
        current = next((i for i, w in enumerate(widgets)
                        if focused is not None and w.isAncestorOf(focused)), -1)
        if current >= 0:
            widgets[current].commit()
        for widget in widgets[current + 1:]:
            target = widget.focus_widget()
            if target is not None and target.isEnabled():
                target.setFocus(Qt.FocusReason.TabFocusReason)
                self.scroll_area.ensureWidgetVisible(widget)
                return
        self._next_or_finalise()

    # -- roster rows --------------------------------------------------------------------------

    def edit_row(self, row: int) -> None:
        """Open row ``row`` (1-based) of the roster shown: its first page."""
        handle = self.handle
        page = handle.current_page if handle is not None else None
        if handle is None or page is None or page.roster is None:
            return
        self._open_instance(f"{page.path}[{row}]")

    def _open_instance(self, instance: str) -> None:
        handle = self.handle
        assert handle is not None
        try:
            opened = handle.jump_to(instance)
            if not opened.relevant:
                handle.next_page()
        except FieldkitError as exc:
            self._show_notice(str(exc))
            return
        self.show_page()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.focus_page()

    def add_row(self) -> None:
        handle = self.handle
        page = handle.current_page if handle is not None else None
        if handle is None or page is None or page.roster is None or self.read_only:
            return
        try:
            added = handle.add_repeat(page.path)
        except FieldkitError as exc:
            self._show_notice(str(exc))
            return
        self.interview_changed.emit()
        self._open_instance(added)

    def ask_remove_row(self, row: int) -> None:
        """Ask first: removing a row removes every answer in it."""
        handle = self.handle
        page = handle.current_page if handle is not None else None
        if handle is None or page is None or page.roster is None or self.read_only:
            return
        from fieldkit.interviews.roster import roster_columns

        columns = roster_columns(handle.session, page.roster)
        name = handle.session.value(f"{page.path}[{row}]{columns[0].suffix}") \
            if columns and columns[0].type == "text" else ""
        dialog = QMessageBox(self)
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
        handle = self.handle
        if handle is None or self.read_only:
            return
        try:
            handle.remove_repeat(collection, row)
        except FieldkitError as exc:
            self._show_notice(str(exc))
            return
        self._came_from_row = row
        self.interview_changed.emit()
        self.show_page()
        self.roster.focus_table()

    def back_to_roster(self) -> None:
        """From a row's page, back to its roster table."""
        from fieldkit.interviews.roster import instance_place

        handle = self.handle
        page = handle.current_page if handle is not None else None
        if handle is None or page is None:
            return
        places = instance_place(handle.session, page.path)
        if not places:
            return
        self.commit_pending()
        collection, number, _count = places[-1]  # on a nested table: the row's own table
        self._came_from_row = number
        try:
            handle.jump_to(collection)
        except FieldkitError as exc:
            self._show_notice(str(exc))
            return
        self.show_page()
        self.roster.focus_table()

    # -- the index of pages ------------------------------------------------------------------

    def open_jump_index(self) -> None:
        """Ctrl+J: a searchable list of the pages, by section, that jumps anywhere."""
        handle = self.handle
        if handle is None:
            return
        self.commit_pending()
        dialog = JumpIndex(handle.session, self)
        dialog.setLayoutDirection(self.page_container.layoutDirection())
        dialog.chosen.connect(self.jump_to)
        self.jump_index = dialog
        dialog.open()

    def _next_or_finalise(self) -> None:
        if self._is_last:
            if not self.read_only:
                self.finalise()
            return
        self.go(+1)

    def jump_to(self, path: str) -> None:
        handle = self.handle
        if handle is None:
            return
        self.commit_pending()
        try:
            handle.jump_to(path)
        except FieldkitError as exc:
            self._show_notice(str(exc))
            return
        self.show_page()
        widget = self.widgets.get(path)
        if widget is not None:
            target = widget.focus_widget()
            if target is not None:
                target.setFocus()
            self.scroll_area.ensureWidgetVisible(widget)
        else:
            self.focus_page()

    def _back(self) -> None:
        self.commit_pending()
        self.back_requested.emit()

    # -- languages ----------------------------------------------------------------------------

    def _language_chosen(self, _index: int) -> None:
        handle = self.handle
        language = self.language_combo.currentData()
        if handle is None or not isinstance(language, str):
            return
        self.commit_pending()
        try:
            if self.read_only:
                handle.session.set_language(language)  # only looked at: nothing to save
            else:
                handle.set_language(language)
        except FieldkitError as exc:
            self._show_notice(str(exc))
            return
        self._apply_direction()
        self._clear_page()  # every text changes; choices may too
        self._page_path = None
        self.show_page()
        if not self.problems.isHidden():
            self._show_problems(handle.validate())

    # -- finalising and reopening ---------------------------------------------------------------

    def finalise(self) -> None:
        handle = self.handle
        if handle is None:
            return
        self.commit_pending()
        try:
            problems = handle.finalize()
        except FieldkitError as exc:
            self._show_notice(str(exc))
            return
        if problems:
            self._flagged = {p.path: p.message for p in problems if p.kind == "required"}
            self._show_problems(problems)
            self.show_page()
            return
        self._flagged.clear()
        self.problems.show_problems([], lambda _p: "")
        self._after_status_change()

    def _show_problems(self, problems: list[Problem]) -> None:
        handle = self.handle
        assert handle is not None

        def label(path: str) -> str:
            try:
                return handle.session.label(path)
            except FieldkitError:
                return ""

        self.problems.show_problems(problems, label)

    def ask_reopen(self) -> None:
        """Ask why (for the audit log), then make the interview a draft again."""
        dialog = QInputDialog(self)
        dialog.setObjectName("reopenReason")
        dialog.setWindowTitle(_("Reopen interview"))
        dialog.setLabelText(_("Why does this finalised interview need to change? "
                              "The reason is kept in the audit log."))
        dialog.setOkButtonText(_("&Reopen"))
        dialog.setCancelButtonText(_("Cancel"))
        dialog.textValueSelected.connect(self.reopen)
        self.reason_dialog = dialog
        dialog.open()

    def reopen(self, reason: str) -> None:
        from fieldkit.interviews import reopen

        handle = self.handle
        if handle is None:
            return
        try:
            reopen(self.store, handle.uuid, handle.info.interviewer_name, reason)
        except FieldkitError as exc:
            self._show_notice(str(exc))
            return
        handle.reload()
        self._after_status_change()

    def _after_status_change(self) -> None:
        self._show_notice("")
        self._show_header()
        self._page_path = None
        self.show_page()
        self.interview_changed.emit()

    # -- language of the interface ---------------------------------------------------------------

    def retranslate(self) -> None:
        self.back_button.setText(_("&Back to list"))
        self.language_label.setText(_("Respondent &language:"))
        self.reopen_button.setText(_("&Reopen…"))
        self.to_table_button.setText(_("Back to the &table"))
        self.to_table_button.setToolTip(_("Back to the roster table (Ctrl+Up)"))
        self.previous_button.setText(_("&Previous"))
        self.previous_button.setToolTip(_("Previous page (Ctrl+Left)"))
        self.next_button.setToolTip(_("Next page (Ctrl+Right)"))
        self.problems.retranslate()
        if self.handle is not None:
            self._show_header()
            self._show_page_chrome(self.handle.current_page)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
