"""Refusals of the interview service; each is shown to the user as one clear line."""

from __future__ import annotations

from fieldkit.errors import InvalidInput
from fieldkit.i18n import _

__all__ = [
    "InterviewNotFound",
    "InterviewReadOnly",
    "InterviewStateError",
    "ReasonRequired",
    "UnknownRecord",
]


class InterviewNotFound(InvalidInput):
    """No interview with that id in this store."""

    def __init__(self, uuid: str) -> None:
        self.uuid = uuid
        super().__init__(_("There is no interview {uuid} in this data store.").format(uuid=uuid))


class UnknownRecord(InvalidInput):
    """The form or interviewer an interview should use is not in this store."""


class InterviewReadOnly(InvalidInput):
    """A change to an interview that is no longer a draft."""

    def __init__(self, uuid: str, status: str) -> None:
        self.uuid = uuid
        self.status = status
        super().__init__(
            _("Interview {uuid} is {status} and cannot be changed; reopen it first.").format(
                uuid=uuid, status=status))


class InterviewStateError(InvalidInput):
    """A status change the interview's current status does not allow."""


class ReasonRequired(InvalidInput):
    """Reopening a finalized interview needs a reason for the audit log."""
