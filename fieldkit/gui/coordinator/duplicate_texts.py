"""A duplicate flag in words: how alike the two households are, why they were
flagged, and what was decided (short, for the Duplicates tab's list)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit.gui.locale_numbers import number
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.sync.duplicates import DuplicateFlag


def alike_text(score: int) -> str:
    """A flag's score (0-100) as a word and the number, e.g. "Very alike · 94"."""
    if score >= 95:
        word = _("Very alike")
    elif score >= 88:
        word = _("Alike")
    else:
        word = _("Somewhat alike")
    return _("{word} · {score}").format(word=word, score=number(score))


def reason_texts(flag: DuplicateFlag) -> list[str]:
    """Why the pair was flagged, in words."""
    out = []
    where = flag.reasons.get("address_score")
    if where == 100:
        out.append(_("Same address"))
    elif isinstance(where, int):
        out.append(_("Addresses {n}% alike").format(n=number(where)))
    who = flag.reasons.get("head_name_score")
    if who is None:
        out.append(_("A household head's name is missing"))
    elif who == 100:
        out.append(_("Same household head's name"))
    elif isinstance(who, int):
        out.append(_("Household heads' names {n}% alike").format(n=number(who)))
    if flag.reasons.get("same_interviewer"):
        out.append(_("Same interviewer"))
    else:
        out.append(_("Different interviewers"))
    return out


def decision_text(flag: DuplicateFlag) -> str:
    """Short, for the list's narrow column (the settled note says it in full)."""
    if flag.status == "not_duplicate":
        return _("Different")
    if flag.status == "duplicate":
        return _("Duplicate")
    return _("To decide")
