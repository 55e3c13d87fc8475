"""Moving through an interview: Next and Previous (Ctrl+arrows, mirrored in a
right-to-left interface), Enter from question to question and on to the next page,
a page's required questions and problems checked before Next leaves it, the index of
pages (Ctrl+J) and jumping to a question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

from fieldkit.errors import FieldkitError
from fieldkit.gui.interviews.jump_index import JumpIndex

if TYPE_CHECKING:
    from fieldkit.gui.interviews.form_screen import FormScreen
    from fieldkit.gui.interviews.question_widgets import QuestionWidget


class PageMoves(QObject):
    def __init__(self, screen: FormScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.jump_index: JumpIndex | None = None
        self.is_last = False  # the page shown is the last one reachable
        screen.page_container.installEventFilter(self)

    def arrow(self, delta: int) -> None:
        # Arrows point the way the buttons are laid out (mirrored in a right-to-left UI).
        if self.screen.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            delta = -delta
        if delta > 0:
            self.next_or_finalise()
        else:
            self.go(-1)

    def go(self, delta: int) -> None:
        handle = self.screen.handle
        if handle is None:
            return
        self.screen.commit_pending()
        if delta > 0 and not self.screen.read_only and not self.check_page():
            return
        self.screen.rows.remember_row()
        try:
            handle.next_page() if delta > 0 else handle.previous_page()
        except FieldkitError as exc:
            self.screen.show_notice(str(exc))
            return
        self.screen.show_notice("")
        self.screen.show_page()
        self.screen.scroll_area.verticalScrollBar().setValue(0)
        self.focus_page()

    def check_page(self) -> bool:
        """Whether Next may leave the page: every required question answered and
        every answer allowed. Otherwise the first one in the way shows its message
        and takes the focus."""
        handle = self.screen.handle
        page = handle.current_page if handle is not None else None
        if handle is None or page is None:
            return True
        blocked: QuestionWidget | None = None
        for state in page.questions:
            widget = self.screen.widgets.get(state.path)
            if widget is None or state.readonly or state.type in ("note", "calculate"):
                continue
            if state.required and not state.value:
                message = handle.session.required_message(state.path)
                self.screen.interview_status.flagged[state.path] = message
                widget.flag_required(message)
            elif state.constraint_message is None and not widget.has_error():
                continue
            blocked = blocked or widget
        if blocked is None:
            return True
        target = blocked.focus_widget()
        if target is not None:
            target.setFocus()
        self.screen.scroll_area.ensureWidgetVisible(blocked)
        return False

    def focus_page(self) -> None:
        """Put the keyboard on the page's first question (or the roster table)."""
        if self.screen.body.currentWidget() is self.screen.roster:
            self.screen.roster.focus_table()
            return
        for widget in self.screen.widgets.values():
            target = widget.focus_widget()
            if target is not None and target.isEnabled():
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return
        self.screen.next_button.setFocus()

    def quick_advance(self) -> None:
        """A ``quick`` choice was made: on to the next page if it was the only question."""
        if len(self.screen.widgets) == 1:
            self.next_or_finalise()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Enter on the page moves to the next question, then to the next page.
        if watched is self.screen.page_container and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.advance_focus()
            return True
        return super().eventFilter(watched, event)

    def key_press(self, event: QKeyEvent) -> bool:
        """Enter in a field of the page: on to the next question (True: done)."""
        screen = self.screen
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and screen.body.currentWidget() is screen.scroll_area \
                and screen.page_container.isAncestorOf(screen.focusWidget()):
            self.advance_focus()
            return True
        return False

    def advance_focus(self) -> None:
        """The next question on the page, or the next page after the last one."""
        focused = self.screen.focusWidget()
        widgets = list(self.screen.widgets.values())
        current = next((i for i, w in enumerate(widgets)
                        if focused is not None and w.isAncestorOf(focused)), -1)
        if current >= 0:
            widgets[current].commit()
        for widget in widgets[current + 1:]:
            target = widget.focus_widget()
            if target is not None and target.isEnabled():
                target.setFocus(Qt.FocusReason.TabFocusReason)
                self.screen.scroll_area.ensureWidgetVisible(widget)
                return
        self.next_or_finalise()

    def open_jump_index(self) -> None:
        """Ctrl+J: a searchable list of the pages, by section, that jumps anywhere."""
        handle = self.screen.handle
        if handle is None:
            return
        self.screen.commit_pending()
        dialog = JumpIndex(handle.session, self.screen)
        dialog.setLayoutDirection(self.screen.page_container.layoutDirection())
        dialog.chosen.connect(self.jump_to)
        self.jump_index = dialog
        dialog.open()

    def next_or_finalise(self) -> None:
        if self.is_last:
            if not self.screen.read_only:
                self.screen.finalise()
            return
        self.go(+1)

    def jump_to(self, path: str) -> None:
        handle = self.screen.handle
        if handle is None:
            return
        self.screen.commit_pending()
        try:
            handle.jump_to(path)
        except FieldkitError as exc:
            self.screen.show_notice(str(exc))
            return
        self.screen.show_page()
        widget = self.screen.widgets.get(path)
        if widget is not None:
            target = widget.focus_widget()
            if target is not None:
                target.setFocus()
            self.screen.scroll_area.ensureWidgetVisible(widget)
        else:
            self.focus_page()
