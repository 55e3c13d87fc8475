"""Duplicate households: pairs of interviews that may have recorded the same home
(flagged at bundle import, ``fieldkit.sync.duplicates``). The list shows the open
pairs, most alike first (settled ones too on request); the selected pair's two
households stand side by side with the fields they share highlighted and the reasons
in words. The coordinator settles it: different households, or the same household
with the left or the right interview as the duplicate (``resolve_duplicate``
records and audits it; nothing is deleted). Settled pairs show who decided and when;
the service has no way back to "open", so their buttons stay disabled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from fieldkit.gui.coordinator.base import CoordinatorTab, actor_name, local_time, number
from fieldkit.gui.coordinator.duplicate_texts import alike_text, decision_text, reason_texts
from fieldkit.gui.coordinator.household_card import HouseholdCard, matching_fields, side_label
from fieldkit.gui.uiloader import child, load_ui
from fieldkit.i18n import _, isolate, ngettext, paragraphs

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.sync.duplicates import DuplicateFlag, DuplicateSide



class DuplicatesTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorDuplicates")
        #: Every flag of the project, open and settled (a few: read in one go).
        self.all_flags: list[DuplicateFlag] = []
        #: Those in the list, row by row: the open ones, the settled too on request.
        self.flags: list[DuplicateFlag] = []
        self.cards: list[HouseholdCard] = []
        #: After a decision: (flag id, its row) so the next open flag gets selected.
        self._settled_last: tuple[int, int] | None = None

        form = load_ui("duplicates_tab.ui", self)
        self.summary = child(form, QLabel, "duplicateSummary")
        self.show_settled = child(form, QCheckBox, "showSettled")
        self.show_settled.toggled.connect(self._show_flags)
        self.pages = child(form, QStackedWidget, "pages")
        self.empty = child(form, QLabel, "nothingToReview")
        bigger = QFont(self.empty.font())
        bigger.setPointSizeF(bigger.pointSizeF() * 1.2)
        self.empty.setFont(bigger)
        self.pair_list = child(form, QListWidget, "duplicateList")
        self.pair_list.itemSelectionChanged.connect(self._show_selected)
        splitter = child(form, QSplitter, "splitter")
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        self.detail = child(form, QWidget, "detail")
        self.heading = child(form, QLabel, "duplicateHeading")
        self.reasons = child(form, QLabel, "duplicateReasons")
        self.cards_box = child(form, QWidget, "cardsBox")
        self.cards_layout = child(form, QHBoxLayout, "cardsLayout")
        # The window's colour behind the cards, not a grey box (setWidget sets it).
        self.cards_box.setAutoFillBackground(False)
        child(form, QScrollArea, "cardsScroll").viewport().setAutoFillBackground(False)
        self.different_button = child(form, QPushButton, "differentHouseholds")
        self.different_button.clicked.connect(lambda: self.settle(None))
        #: "... is the duplicate", one under each card (made with the cards).
        self.duplicate_buttons: list[QPushButton] = []
        self.settled = child(form, QLabel, "settledNote")
        self.result = child(form, QLabel, "resolveResult")
        self.retranslate()
        self._show_selected()

    # -- texts ------------------------------------------------------------------------

    def open_count(self) -> int:
        return sum(1 for f in self.all_flags if f.status == "open")

    def title(self) -> str:
        count = self.open_count()
        if not count:
            return _("Duplicates")
        return _("Duplicates ({n})").format(n=number(count))

    def retranslate(self) -> None:
        # The fixed texts are the .ui file's, translated as it loads and on a change.
        self._show_flags()

    def _side_is_left(self, index: int) -> bool:
        """Whether card ``index`` (0: the flag's first interview) is on the left: the
        cards follow the layout direction, so in right-to-left the first is on the
        right."""
        return (index == 0) == (self.layoutDirection() == Qt.LayoutDirection.LeftToRight)

    def _name_buttons(self) -> None:
        for index, button in enumerate(self.duplicate_buttons):
            button.setText(_("Same household: &left is the duplicate")
                           if self._side_is_left(index)
                           else _("Same household: &right is the duplicate"))
            button.setToolTip(_("Both interviews recorded one home: this one is left "
                                "out of exports that leave out duplicates. Nothing is "
                                "deleted."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._name_buttons()
        super().changeEvent(event)

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store

        def work(_progress: object) -> list[DuplicateFlag]:
            from fieldkit.sync.duplicates import list_duplicates

            flags = list_duplicates(store, include_resolved=True)
            # Those to decide first (most alike first, as listed), then the settled.
            return sorted(flags, key=lambda f: f.status != "open")

        self.summary.setText(_("Looking for possible duplicates…"))
        self.run(work, self._loaded, self.summary)

    def _loaded(self, flags: list[DuplicateFlag]) -> None:
        self.all_flags = flags
        self._show_flags()
        self.title_changed.emit()

    def _show_flags(self) -> None:
        """List the open flags, and the settled ones if asked; keep the selection."""
        chosen = self.selected()
        keep = chosen.id if chosen is not None else None
        settled = self.show_settled.isChecked()
        self.flags = [f for f in self.all_flags if settled or f.status == "open"]
        self._fill_list()
        self._show_summary()
        row = self._row_to_select(keep)
        if row is not None:
            self.pair_list.setCurrentRow(row)
        else:
            self.pair_list.clearSelection()
        self._show_selected()  # the pair may have changed even if the row did not

    def _row_to_select(self, keep: int | None) -> int | None:
        ids = [f.id for f in self.flags]
        if self._settled_last is not None:
            # Just decided one: on to the next open flag below it, else any open one.
            settled_id, settled_row = self._settled_last
            self._settled_last = None
            opened = [i for i, f in enumerate(self.flags) if f.status == "open"]
            later = [i for i in opened if i >= settled_row]
            if later or opened:
                return (later or opened)[0]
            keep = settled_id
        if keep in ids:
            return ids.index(keep)
        return 0 if self.flags else None

    def _fill_list(self) -> None:
        self.pair_list.blockSignals(True)  # the selection is set again by the caller
        self.pair_list.clear()
        self.pair_list.blockSignals(False)
        for flag in self.flags:
            address = " · ".join(t for t in (flag.a.postcode, flag.a.address) if t)
            how = alike_text(flag.score)
            if flag.status != "open":
                how = _("{alike} · {decision}").format(alike=how,
                                                       decision=decision_text(flag))
            item = QListWidgetItem(paragraphs(isolate(address or "?"), how))
            item.setToolTip(paragraphs(address, _("{a} ({who_a}) and {b} ({who_b})").format(
                a=isolate(side_label(flag.a)), who_a=isolate(flag.a.interviewer),
                b=isolate(side_label(flag.b)), who_b=isolate(flag.b.interviewer))))
            if flag.status != "open":
                item.setForeground(self.palette().placeholderText())
            self.pair_list.addItem(item)

    def _show_summary(self) -> None:
        count = self.open_count()
        if self.busy():
            pass  # it says it is looking
        elif count:
            self.summary.setText(ngettext(
                "{n} pair of interviews may be the same household. Decide for each.",
                "{n} pairs of interviews may be the same household. Decide for each.",
                count).format(n=number(count)))
        elif self.flags:
            self.summary.setText(_("Nothing left to decide."))
        else:
            self.summary.setText("")
        decided = len(self.all_flags)
        self.empty.setText(paragraphs(
            ngettext("Nothing left to review: {n} possible duplicate was decided.",
                     "Nothing left to review: all {n} possible duplicates were decided.",
                     decided).format(n=number(decided)),
            _("Tick “Show settled flags too” to see the decisions."))
            if decided else
            _("Nothing to review: no two interviews look like the same household."))
        self.pages.setCurrentIndex(1 if self.flags else 0)

    # -- one pair ---------------------------------------------------------------------

    def selected(self) -> DuplicateFlag | None:
        rows = self.pair_list.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.flags):
            return None
        return self.flags[rows[0].row()]

    def _show_selected(self) -> None:
        for card in self.cards:
            self.cards_layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        self.duplicate_buttons = []
        flag = self.selected()
        self.detail.setEnabled(flag is not None)
        if flag is None:
            self.heading.setText(_("Choose a pair in the list."))
            self.reasons.setText("")
            self.settled.setText("")
            return
        same = matching_fields(flag)
        for index, side in enumerate((flag.a, flag.b)):
            card = HouseholdCard(side, same, self.cards_box)
            card.setObjectName(f"household_{index}")
            card.mark_duplicate(flag.duplicate_uuid == side.interview_uuid)
            button = QPushButton(card)
            button.setObjectName("isDuplicate")
            button.clicked.connect(lambda _checked=False, i=index: self.settle(i))
            card.button_row.addWidget(button)
            self.cards_layout.addWidget(card)
            self.cards.append(card)
            self.duplicate_buttons.append(button)
        self._name_buttons()
        self.heading.setText(_("May be the same household ({alike})").format(
            alike=alike_text(flag.score)))
        self.reasons.setText(" · ".join(reason_texts(flag)))
        is_open = flag.status == "open"
        for button in (self.different_button, *self.duplicate_buttons):
            button.setEnabled(is_open and not self.busy("write"))
        self.settled.setText("" if is_open else self._settled_text(flag))

    def _settled_text(self, flag: DuplicateFlag) -> str:
        who = isolate(flag.resolved_by or _("someone"))
        when = isolate(local_time(flag.resolved_at))
        if flag.status == "not_duplicate":
            return _("Settled by {name} on {time}: different households.").format(
                name=who, time=when)
        marked = next((s for s in (flag.a, flag.b)
                       if s.interview_uuid == flag.duplicate_uuid), None)
        return _("Settled by {name} on {time}: the same household; {label} is the "
                 "duplicate.").format(name=who, time=when,
                                      label=isolate(side_label(marked) if marked else "?"))

    def settle(self, duplicate_index: int | None) -> None:
        """Decide the selected pair: different households (None), or the same one
        with the interview of card ``duplicate_index`` as the duplicate."""
        flag = self.selected()
        if flag is None or flag.status != "open" or self.busy("write"):
            return
        row = self.flags.index(flag)
        side: DuplicateSide | None = None
        if duplicate_index is not None:
            side = (flag.a, flag.b)[duplicate_index]
        store, actor = self.ctx.store, actor_name()

        def work(_progress: object) -> str:
            from fieldkit.sync.duplicates import FlagSettled, NoSuchFlag, resolve_duplicate

            # A decision made meanwhile by another coordinator (PostgreSQL) stands: the
            # service checks the flag is still open in the write itself (a read first
            # would leave a gap for theirs to land in).
            try:
                resolve_duplicate(store, flag.id, same_household=side is not None,
                                  duplicate=side.interview_uuid if side else None,
                                  actor=actor, only_if_open=True)
            except NoSuchFlag:  # an import withdrew it meanwhile
                return "gone"
            except FlagSettled:
                return "settled"
            return "resolved"

        def done(outcome: str) -> None:
            if outcome == "gone":
                self.result.setText(_("This pair is no longer flagged: an import changed "
                                      "its interviews. The list was read again."))
                self.refresh()
                return
            if outcome == "settled":
                self.result.setText(_("Someone else settled this pair meanwhile; their "
                                      "decision stands."))
                self.show_settled.setChecked(True)  # so it stays in view, with who and when
                self.refresh()
                return
            if side is None:
                self.result.setText(_("{a} and {b}: marked as different households.").format(
                    a=isolate(side_label(flag.a)), b=isolate(side_label(flag.b))))
            else:
                self.result.setText(_("{label} marked as the duplicate.").format(
                    label=isolate(side_label(side))))
            self._settled_last = (flag.id, row)
            self.changed.emit()
            self.refresh()

        def failed() -> None:  # e.g. the shared store could not be reached: look again
            self._show_selected()
            self.refresh()

        for button in (self.different_button, *self.duplicate_buttons):
            button.setEnabled(False)
        self.result.setText("")
        self.run(work, done, self.result, key="write", after_failure=failed)
