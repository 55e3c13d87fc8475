"""Focus groups: groups, participants and their consent, notes in the room, a
codebook of themes, coded passages, quotes and the REFI-QDA export (Qt-free).

Everything is stored as interviews of two built-in forms, so it travels in data
bundles and the project pack and merges field by field like advice sessions do
(their role and policy: fieldkit.form_roles):

- a record of the *group form* (``focus_group``) is a group, a topic guide or a
  codebook theme, as its :data:`KIND_PATH` row says;
- a record of the *item form* (``focus_item``) is a participant, a note or a
  coding, linked to its group by :data:`GROUP_PATH`.

One record per note and per coding means two laptops typing notes or coding
passages of the same group never write the same field.
"""

from __future__ import annotations

from enum import StrEnum

from fieldkit.answer_paths import own_path
from fieldkit.form_roles import ATTENDS_PATH, FOCUS_GROUP_FORM_ID, FOCUS_ITEM_FORM_ID

__all__ = ["GROUP_FORM_ID", "GROUP_PATH", "ITEM_FORM_ID", "KIND_PATH", "Kind", "own"]

GROUP_FORM_ID = FOCUS_GROUP_FORM_ID
ITEM_FORM_ID = FOCUS_ITEM_FORM_ID

#: Which kind of focus-group record an interview is.
KIND_PATH = own_path("focus_kind")
#: The group an item belongs to (the group's interview uuid).
GROUP_PATH = ATTENDS_PATH


class Kind(StrEnum):
    GROUP = "group"
    GUIDE = "guide"
    THEME = "theme"
    PARTICIPANT = "participant"
    NOTE = "note"
    CODING = "coding"
    MEMO = "memo"


def own(name: str) -> str:
    """fieldkit's own row ``name`` of a focus-group record."""
    return own_path("focus_" + name)


#: A record removed by its author (kept, so the removal merges like any change).
REMOVED_PATH = own("removed")
