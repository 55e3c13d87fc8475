"""The interview statuses as the interviewer reads them."""

from __future__ import annotations

from fieldkit.i18n import N_, _

#: Stored status -> the name shown (N_-marked; translated when shown).
STATUS_NAMES: dict[str, str] = {
    "draft": N_("Draft"),
    "finalized": N_("Finalised"),
    "sent": N_("Sent"),
    "receipted": N_("Received"),
}


def status_name(status: str) -> str:
    """The translated name of ``status`` (an unknown status is shown as it is)."""
    name = STATUS_NAMES.get(status)
    return _(name) if name is not None else status


def interview_state(status: str, consent: str) -> str:
    """What the list shows for an interview: its status, or "Refused" for an
    interview closed because the respondent refused consent."""
    if consent == "refused" and status != "draft":
        return _("Refused")
    return status_name(status)
