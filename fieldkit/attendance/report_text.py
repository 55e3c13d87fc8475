"""The figures as text lines (``fieldkit sessions report`` without ``--json``)."""

from __future__ import annotations

from collections.abc import Iterator

from fieldkit.attendance.figures import Figures
from fieldkit.attendance.labels import choice_labels
from fieldkit.forms import Form
from fieldkit.i18n import _

__all__ = ["count_lines", "report_lines"]


def count_lines(figures: Figures) -> list[tuple[str, int]]:
    """(label, number) of the headline figures, in the order people read them."""
    return [
        (_("Sessions"), figures.sessions),
        (_("Attendances"), figures.attendances),
        (_("Unique people"), figures.unique_people),
        (_("New"), figures.new),
        (_("Returning"), figures.returning),
        (_("Not recorded by name"), figures.anonymous),
        (_("Children in their households"), figures.children),
        (_("Interpreter used"), figures.interpreter_used),
        (_("Referrals made"), figures.referrals_made),
        (_("Follow-ups open"), figures.followups_open),
        (_("Follow-ups overdue"), figures.followups_overdue),
        (_("Follow-ups done"), figures.followups_closed),
    ]


def report_lines(figures: Figures, attendee_form: Form, language: str) -> Iterator[str]:
    period = "{start} – {end}".format(
        start=figures.date_from.isoformat() if figures.date_from else "…",
        end=figures.date_to.isoformat() if figures.date_to else "…")
    yield _("Advice sessions {period}").format(period=period)
    for label, number in count_lines(figures):
        yield f"  {label}: {number}"
    for title, name, counts in ((_("Languages"), "preferred_language", figures.languages),
                                (_("Issues raised"), "issues", figures.issues),
                                (_("Referred to"), "referral_to", figures.referrals)):
        labels = choice_labels(attendee_form, name, language)
        yield title + ":"
        if not counts:
            yield "  " + _("none")
        for code, number in counts.items():
            yield f"  {labels.get(code, code)}: {number}"
