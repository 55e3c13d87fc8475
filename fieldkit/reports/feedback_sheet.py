"""The feedback to participants as a report document ("What you told us, and what
happens next"), in the standard, large-print or easy-read variant, and as plain
text for reading aloud or recording. Qt-free: fieldkit.gui.reports.pdf draws it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fieldkit.i18n import N_, _
from fieldkit.reports.document import Block, Document, Heading, IconArray, Paragraph
from fieldkit.reports.fact_sheet import long_date
from fieldkit.reports.feedback import SCALE, Feedback, FeedbackPart
from fieldkit.reports.numerals import native_digits

__all__ = ["LARGE_PRINT", "feedback_document", "feedback_messages", "feedback_text"]

LARGE_PRINT = 1.45  # about 16-17 point body text from the renderer's 11.5


def _escape(text: str) -> str:
    # An icon array's text is a template ({count}, {total}); ours is filled in already.
    return text.replace("{", "{{").replace("}", "}}")


TITLE = N_("What you told us, and what happens next")
EVERYONE = N_("everyone who took part")
SUBTITLE = N_("{survey}: for {who}, {date}")
TOLD = N_("What you told us")
NEXT = N_("What happens next")
NOTHING_YET = N_("Not enough people have answered yet for us to show figures without "
                 "anyone being recognised; we will show them when more have.")
FIGURES_FROM = N_("Figures from: {source}")
ROUNDED = N_("Every count is rounded to the nearest {base}, so that no person can be "
             "recognised.")
SUPPRESSED = N_("Counts below {n} are never shown, so that no person can be recognised.")


def feedback_messages(feedback: Feedback) -> list[str]:
    """fieldkit's own wording in the feedback (for the check of translations)."""
    from fieldkit.reports.slots import FEWER_THAN, IN_SCALE

    return [TITLE, EVERYONE, SUBTITLE, TOLD, NEXT, NOTHING_YET, FIGURES_FROM,
            ROUNDED if feedback.rule.round_to else SUPPRESSED, IN_SCALE, FEWER_THAN,
            "Page {page} of {pages}"]


def _title() -> str:
    return _(TITLE)


def _subtitle(feedback: Feedback, day: date) -> str:
    who = feedback.community_label or _(EVERYONE)
    return _(SUBTITLE).format(survey=feedback.form_title, who=who,
                              date=long_date(day, feedback.language))


def _nothing_yet(feedback: Feedback) -> str:
    return _(NOTHING_YET)


def _notes(feedback: Feedback) -> list[str]:
    lines = [_(FIGURES_FROM).format(source=s) for s in feedback.sources()]
    if feedback.rule.round_to:
        lines.append(_(ROUNDED).format(base=native_digits(str(feedback.rule.round_to),
                                                          feedback.language)))
    else:
        lines.append(_(SUPPRESSED).format(n=native_digits(str(feedback.rule.min_count),
                                                          feedback.language)))
    return lines


def _icon(part: FeedbackPart) -> str:
    if part.icon:
        return part.icon
    return "house" if part.figure is not None and part.figure.unit == "households" \
        else "person"


def _part(part: FeedbackPart, easy: bool) -> list[Block]:
    icon: Literal["person", "house"] = "house" if _icon(part) == "house" else "person"
    if not easy:
        if part.figure is not None:
            return [IconArray(count=part.filled, total=SCALE, text=_escape(part.text),
                              icon=icon)]
        return [Paragraph(part.text)]
    lines = list(part.easy) or [part.text]
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        if part.figure is not None and index == 0:
            blocks.append(IconArray(count=part.filled, total=SCALE, text=_escape(line),
                                    icon=icon))
        else:
            # One idea a line, each with its picture.
            blocks.append(IconArray(count=1, total=1, text=_escape(line), icon=icon))
    return blocks


def feedback_document(feedback: Feedback, *, large_print: bool = False,
                      easy_read: bool = False, organisation: str = "",
                      day: date | None = None) -> Document:
    day = day or date.today()
    blocks: list[Block] = [Heading(_title(), level=1),
                           Paragraph(_subtitle(feedback, day), style="lead")]
    told = feedback.section("told")
    blocks.append(Heading(_(TOLD), level=2))
    if not any(p.figure is not None for p in told):
        blocks.append(Paragraph(_nothing_yet(feedback)))
    for part in told:
        blocks += _part(part, easy_read)
    upcoming = feedback.section("next")
    if upcoming:
        blocks.append(Heading(_(NEXT), level=2))
        for part in upcoming:
            blocks += _part(part, easy_read)
    for line in _notes(feedback):
        blocks.append(Paragraph(line, style="note"))
    scale = LARGE_PRINT if large_print else (1.25 if easy_read else 1.0)
    return Document(title=_title(), language=feedback.language, blocks=tuple(blocks),
                    scale=scale, footer=organisation)


def feedback_text(feedback: Feedback, *, easy_read: bool = False,
                  day: date | None = None) -> str:
    """The feedback as plain text, in reading order, for reading aloud or recording."""
    day = day or date.today()
    out = [_title(), _subtitle(feedback, day), "", _(TOLD), ""]
    told = feedback.section("told")
    if not any(p.figure is not None for p in told):
        out += [_nothing_yet(feedback), ""]
    for part in told:
        out += [*(part.easy if easy_read and part.easy else (part.text,)), ""]
    upcoming = feedback.section("next")
    if upcoming:
        out += [_(NEXT), ""]
        for part in upcoming:
            out += [*(part.easy if easy_read and part.easy else (part.text,)), ""]
    out += _notes(feedback)
    return "\n".join(out) + "\n"
