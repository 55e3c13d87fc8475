"""One interview on screen: its current page, the respondent's language, moving
between pages, finalising, and reopening a finalised interview."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import EnvironmentProblem, FieldkitError
from fieldkit.forms import AnswerError, Page, QuestionState
from fieldkit.gui.interviews.attachment_question import AttachmentQuestion, AttachmentSource
from fieldkit.gui.interviews.directions import (
    language_direction,
    localise_digits,
    respondent_locale,
)
from fieldkit.gui.interviews.form_moves import PageMoves
from fieldkit.gui.interviews.form_rows import RosterRows
from fieldkit.gui.interviews.form_status import InterviewStatus
from fieldkit.gui.interviews.problems_panel import ProblemsPanel
from fieldkit.gui.interviews.question_factory import widget_for
from fieldkit.gui.interviews.question_widgets import PROBLEM_STYLE, QuestionWidget
from fieldkit.gui.interviews.roster_view import RosterView
from fieldkit.gui.uiloader import child, load_ui
from fieldkit.i18n import _

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
        self.handle: InterviewHandle | None = None
        self.widgets: dict[str, QuestionWidget] = {}
        self._page_path: str | None = None
        #: Adds what a widget shows besides editing (pictures); set by the workspace.
        self.decorate: Callable[[QuestionWidget, QuestionState], None] | None = None

        form = load_ui("form_screen.ui", self)
        self.back_button: QPushButton = child(form, QPushButton, "backToList")
        self.back_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.title: QLabel = child(form, QLabel, "interviewTitle")
        #: Tools for the respondent (text size, read aloud), filled by the workspace.
        self.tools: QHBoxLayout = child(form, QHBoxLayout, "tools")
        self.language_combo: QComboBox = child(form, QComboBox, "respondentLanguage")
        self.banner: QFrame = child(form, QFrame, "readOnlyBanner")
        self.banner_text: QLabel = child(form, QLabel, "bannerText")
        self.reopen_button: QPushButton = child(form, QPushButton, "reopen")
        self.notice: QLabel = child(form, QLabel, "formNotice")
        self.notice.setStyleSheet(PROBLEM_STYLE)
        self.notice.hide()
        self.row_bar: QFrame = child(form, QFrame, "rosterRowBar")
        self.row_bar.hide()
        self.row_context: QLabel = child(form, QLabel, "rosterRowContext")
        self.to_table_button: QPushButton = child(form, QPushButton, "backToRoster")
        self.body: QStackedWidget = child(form, QStackedWidget, "body")
        self.scroll_area: QScrollArea = child(form, QScrollArea, "pageScroll")
        self.page_container: QWidget = child(form, QWidget, "formPage")
        self.page_title: QLabel = child(form, QLabel, "pageTitle")
        self.questions: QVBoxLayout = child(form, QVBoxLayout, "questions")
        self.empty_page: QLabel = child(form, QLabel, "emptyPage")
        self.roster: RosterView = RosterView()
        self.body.addWidget(self.roster)
        self.problems: ProblemsPanel = ProblemsPanel()
        screen_layout = child(form, QVBoxLayout, "screenLayout")
        screen_layout.insertWidget(screen_layout.indexOf(self.body) + 1, self.problems)
        self.previous_button: QPushButton = child(form, QPushButton, "previousPage")
        self.position: QLabel = child(form, QLabel, "pagePosition")
        self.next_button: QPushButton = child(form, QPushButton, "nextPage")
        title_font = QFont(self.page_title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self.page_title.setFont(title_font)
        self.rows: RosterRows = RosterRows(self)
        self.moves: PageMoves = PageMoves(self)
        self.interview_status: InterviewStatus = InterviewStatus(self)

        self.back_button.clicked.connect(self._back)
        self.previous_button.clicked.connect(lambda: self.moves.go(-1))
        self.next_button.clicked.connect(self.moves.next_or_finalise)
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.problems.chosen.connect(self.moves.jump_to)
        self._shortcuts: list[tuple[QShortcut, int]] = []
        for key, slot, delta in ((Qt.Key.Key_J, self.moves.open_jump_index, 0),
                                 (Qt.Key.Key_Up, self.rows.back_to_roster, 0),
                                 (Qt.Key.Key_Left, None, -1), (Qt.Key.Key_Right, None, +1)):
            shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            if slot is not None:
                shortcut.activated.connect(slot)
            else:
                shortcut.activated.connect(lambda d=delta: self.moves.arrow(d))
                self._shortcuts.append((shortcut, delta))
        self.retranslate()

    # -- showing an interview -------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.handle is None or self.handle.status != "draft"

    def show_interview(self, handle: InterviewHandle) -> None:
        self.handle = handle
        self.interview_status.flagged.clear()
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
        self.interview_status.show_header()
        self.show_page()

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
            self.rows.show_table(page.path, page.roster, page.label)
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
            flagged = self.interview_status.flagged
            if state.path in flagged:
                widget.flag_required(flagged[state.path])
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
        widget.advance.connect(self.moves.quick_advance)
        return widget

    def _show_page_chrome(self, page: Page | None) -> None:
        handle = self.handle
        assert handle is not None
        self.rows.show_context(page)
        title = page.label if page is not None and page.field_list else ""
        self.page_title.setText(title)
        self.page_title.setVisible(bool(title))
        self.empty_page.setVisible(not self.widgets)
        relevant = handle.session.reachable_page_indexes()
        index = page.index if page is not None else -1
        before = sum(1 for i in relevant if i < index)
        self.moves.is_last = not any(i > index for i in relevant)
        self.previous_button.setEnabled(before > 0)
        here = before + (1 if index in relevant else 0)
        ui = QLocale()  # the interface's digits, like the rest of the chrome
        self.position.setText(_("Page {n} of {total}").format(
            n=ui.toString(max(here, 1)), total=ui.toString(len(relevant))))
        if self.moves.is_last and not self.read_only:
            self.next_button.setText(_("Fi&nalise…"))  # Alt+F is the File menu
            self.next_button.setEnabled(True)
        else:
            self.next_button.setText(_("&Next"))
            self.next_button.setEnabled(not self.moves.is_last)

    def _clear_page(self) -> None:
        for path in list(self.widgets):
            self._drop(path)

    def reload_page(self) -> None:
        """Build the current page anew (its texts or its status changed)."""
        self._clear_page()
        self._page_path = None
        self.show_page()

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
            self.show_notice(str(exc))
            return
        if widget is not None:
            widget.set_error(None)
        if value is not None:
            self.interview_status.flagged.pop(path, None)
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

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def focus_page(self) -> None:
        self.moves.focus_page()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not self.moves.key_press(event):
            super().keyPressEvent(event)

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
            self.show_notice(str(exc))
            return
        self._apply_direction()
        self.reload_page()  # every text changes; choices may too
        if not self.problems.isHidden():
            self.interview_status.show_problems(handle.validate())

    def finalise(self) -> None:
        self.interview_status.finalise()

    # -- language of the interface ---------------------------------------------------------------

    def retranslate(self) -> None:
        # The fixed texts are the .ui file's, translated as it loads and on a change.
        self.problems.retranslate()
        if self.handle is not None:
            self.interview_status.show_header()
            self._show_page_chrome(self.handle.current_page)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
