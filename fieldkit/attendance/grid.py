"""Which attendee-form questions the check-in grid shows, and which the per-attendee
details panel shows. Both come from the form: a project may use its own attendee form."""

from __future__ import annotations

from fieldkit.forms import Form
from fieldkit.i18n import N_, _

__all__ = ["CHECKIN_FIELDS", "ENTRY_TYPES", "SHORT_HEADINGS", "checkin_fields", "detail_fields",
           "short_heading"]

#: The door: consent, who, language, household, new or returning, interpreter.
CHECKIN_FIELDS = ("consent", "attendee_name", "year_of_birth", "phone", "preferred_language",
                  "visit_type", "household_size", "children", "interpreter_used")
# (in this order: the name first, so returning people are found before anything else)
#: A word or two for the grid's column headings, by field name, in the interface
#: language. Form labels are whole questions ("Is the person happy for us to record
#: this visit?") and XLSForm has no translatable column for a short form of them,
#: so the check-in fields, which the grid already knows by name, get theirs here.
#: Other fields show their label (elided); the full label is always the tooltip.
SHORT_HEADINGS = {
    "consent": N_("Consent"),
    "attendee_name": N_("Name"),
    "year_of_birth": N_("Born"),
    "phone": N_("Phone"),
    "preferred_language": N_("Language"),
    "visit_type": N_("Visit"),
    "household_size": N_("Household"),
    "children": N_("Children"),
    "interpreter_used": N_("Interpreter"),
}
#: Question types a person can enter (not notes, calculations, groups or metadata).
ENTRY_TYPES = ("text", "string", "integer", "int", "decimal", "select_one", "select_multiple",
               "date")


def _entry_questions(form: Form) -> list[str]:
    return [q.name for q in form.questions.values()
            if q.type in ENTRY_TYPES and not (q.bind and q.bind.calculate)
            and "/meta/" not in q.path]


def checkin_fields(form: Form) -> list[str]:
    """The grid's columns: the usual check-in questions the form has, in the order
    they are asked at the door; for a form with none of them, its first eight."""
    entry = _entry_questions(form)
    chosen = [n for n in CHECKIN_FIELDS if n in entry]
    return chosen or entry[:8]


def detail_fields(form: Form) -> list[str]:
    """Everything else a person can enter: issues, advice, outcome, referral, follow-up..."""
    grid = set(checkin_fields(form))
    return [n for n in _entry_questions(form) if n not in grid]


def short_heading(name: str) -> str | None:
    """The grid's short heading for field ``name`` in the interface language, if any."""
    text = SHORT_HEADINGS.get(name)
    return _(text) if text else None
