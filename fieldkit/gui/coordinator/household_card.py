"""One household as an interview recorded it (label, head, address, who, when), for
putting two side by side; the fields both interviews share are highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fieldkit.gui.coordinator.base import local_time
from fieldkit.i18n import N_, _, isolate, paragraphs
from fieldkit.sync.households import normalise_name, normalise_postcode

if TYPE_CHECKING:
    from fieldkit.sync.duplicates import DuplicateFlag, DuplicateSide

#: (key, row label) of the card's rows, top to bottom.
FIELDS = (("head_name", N_("Head of household")), ("address", N_("Address")),
          ("postcode", N_("Postcode")), ("interviewer", N_("Interviewer")),
          ("device", N_("Laptop")), ("finalized", N_("Finalised")))

# A highlighter's yellow with its own dark text, so it reads on any palette; bold too,
# so the match does not rest on colour alone.
MATCH_STYLE = ("background-color: #fff0b3; color: #3b2f00; border-radius: 3px; "
               "padding: 1px 4px;")
BADGE_STYLE = ("background-color: #5f6368; color: #ffffff; border-radius: 3px; "
               "padding: 2px 6px; font-weight: bold;")


def matching_fields(flag: DuplicateFlag) -> set[str]:
    """The fields of ``FIELDS`` that say the same on both sides (spelling aside)."""
    a, b = flag.a, flag.b
    same = set()
    if a.head_name and normalise_name(a.head_name) == normalise_name(b.head_name):
        same.add("head_name")
    if flag.reasons.get("address_score") == 100:  # same house/flat numbers, or wording
        same.add("address")
    if a.postcode and normalise_postcode(a.postcode) == normalise_postcode(b.postcode):
        same.add("postcode")
    if flag.reasons.get("same_interviewer") or (a.interviewer and a.interviewer == b.interviewer):
        same.add("interviewer")
    if a.device_id and a.device_id == b.device_id:
        same.add("device")
    return same


def side_label(side: DuplicateSide) -> str:
    """How an interview is named on screen: its label, else the start of its id."""
    return side.label or side.interview_uuid[:8]


class HouseholdCard(QFrame):
    """``side`` of a flag; ``same`` names the highlighted fields (see FIELDS)."""

    def __init__(self, side: DuplicateSide, same: set[str], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.side = side
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        # Data in the interface's direction (a Latin label still starts on the right
        # in Sorani), kept whole by isolate().
        self.heading = QLabel(paragraphs(isolate(side_label(side))))
        self.heading.setObjectName("cardLabel")
        self.heading.setToolTip(side.interview_uuid)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        big = QFont(self.heading.font())
        big.setPointSizeF(big.pointSizeF() * 1.3)
        big.setBold(True)
        self.heading.setFont(big)
        #: Shown once a person marked this interview as the duplicate; beside the
        #: heading, so the two cards' rows stay level.
        self.badge = QLabel()
        self.badge.setObjectName("cardBadge")
        self.badge.setStyleSheet(BADGE_STYLE)
        self.badge.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        texts = {"head_name": side.head_name, "address": side.address,
                 "postcode": side.postcode, "interviewer": side.interviewer,
                 "device": side.device_id[:8], "finalized": local_time(side.finalized_at)}
        #: The value label of each field (key of FIELDS), for tests and screen readers.
        self.values: dict[str, QLabel] = {}
        for key, caption in FIELDS:
            value = QLabel(paragraphs(isolate(texts[key])) if texts[key]
                           else _("(not given)"))
            value.setObjectName(f"value_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            tips = [side.device_id] if key == "device" else []
            if key in same:
                value.setStyleSheet(MATCH_STYLE)
                bold = QFont(value.font())
                bold.setBold(True)
                value.setFont(bold)
                tips.append(_("The same in both interviews"))
            value.setToolTip(paragraphs(*tips) if tips else "")
            value.setProperty("match", key in same)
            name = QLabel(_(caption))
            name.setBuddy(value)
            form.addRow(name, value)
            self.values[key] = value
        layout.addLayout(top)
        layout.addLayout(form)
        #: Where the tab puts this side's "is the duplicate" button.
        self.button_row = QVBoxLayout()
        layout.addStretch(1)
        layout.addLayout(self.button_row)

    def mark_duplicate(self, marked: bool) -> None:
        self.badge.setVisible(marked)
        self.badge.setText(_("Marked as the duplicate") if marked else "")
