"""What every tab of the Coordinator workspace shares: the context, a ``changed``
signal, background loading that drops stale results, and a one-line status."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QDateTime, QEvent, QLocale, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QWidget

from fieldkit.gui.failures import failure_line, report_unexpected
from fieldkit.gui.locale_numbers import number
from fieldkit.gui.tasks import Progress, run_in_background

if TYPE_CHECKING:
    from fieldkit.context import AppContext

# number: re-exported for the tabs (fieldkit/gui/locale_numbers.py holds it).
__all__ = ["CoordinatorTab", "actor_name", "iso_time", "local_time", "make_table", "number",
           "selected_item"]

T = TypeVar("T")


def make_table(name: str, columns: int, *, single: bool = True) -> QTableWidget:
    """The tabs' read-only table of whole rows, columns sized to their contents and the
    last one stretched; ``single``: one row at a time is selected."""
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def selected_item(table: QTableWidget, items: Sequence[T]) -> T | None:
    """The entry of ``items`` shown in the table's selected row (None: no selection,
    or a row the items no longer have)."""
    rows = table.selectionModel().selectedRows()
    if not rows or rows[0].row() >= len(items):
        return None
    return items[rows[0].row()]


def actor_name() -> str:
    """Who acts, for the audit log: the login name of this computer's user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this user id (containers)
        return "coordinator"


def local_time(moment: datetime | None) -> str:
    """A stored UTC moment in the interface locale, short form ("" if none)."""
    if moment is None:
        return ""
    shown = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()
    return QLocale().toString(shown, QLocale.FormatType.ShortFormat)


def iso_time(text: str) -> str:
    """A version's ISO 8601 time (as written on the laptop) in the interface locale."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return local_time(moment)


class CoordinatorTab(QWidget):
    """A tab: ``refresh()`` re-reads the store, ``retranslate()`` re-sets texts,
    ``title()`` names it in the tab bar. ``changed`` says the store changed here
    (the workspace then refreshes the other tabs and the window's counts)."""

    changed = Signal()
    #: The tab's title changed (e.g. a count in it).
    title_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation: dict[str, int] = {}
        self._running: set[str] = set()

    def title(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Re-read what the tab shows (default: nothing to read)."""

    def retranslate(self) -> None:
        """Set the texts again in the current interface language."""

    def busy(self, key: str = "refresh") -> bool:
        """Whether background work of kind ``key`` is running."""
        return key in self._running

    def run(self, work: Callable[[Progress], Any], on_done: Callable[[Any], None],
            status: QLabel | None = None, *, key: str = "refresh",
            on_progress: Progress | None = None,
            after_failure: Callable[[], None] | None = None) -> None:
        """``work`` off the UI thread; of several runs of the same ``key`` only the
        newest one's result is shown. A FieldkitError or a file error is shown in
        ``status`` (one line, see :func:`~fieldkit.gui.failures.failure_line`);
        anything else is a bug."""
        generation = self._generation.get(key, 0) + 1
        self._generation[key] = generation
        self._running.add(key)

        def current() -> bool:
            if self._generation.get(key) != generation:
                return False
            self._running.discard(key)
            return True

        def done(result: Any) -> None:
            if current():
                on_done(result)

        def failed(exc: BaseException) -> None:
            if not current():
                return
            if after_failure is not None:
                after_failure()
            line = failure_line(exc)
            if line is not None and status is not None:
                status.setText(line)
            else:
                report_unexpected(exc)

        run_in_background(work, on_done=done, on_failed=failed, on_progress=on_progress)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
