"""An interview's status, defined once (stdlib only: the command line's parser and the
store's check constraint both read it).

draft → finalized (by the interviewer) → sent (in a bundle) → receipted (the
coordinator confirmed it; the laptop may purge it).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["INTERVIEW_STATUSES", "InterviewStatus"]


class InterviewStatus(StrEnum):
    DRAFT = "draft"
    FINALIZED = "finalized"
    SENT = "sent"
    RECEIPTED = "receipted"


#: The statuses as plain strings, in their order (the store's check constraint).
INTERVIEW_STATUSES: tuple[str, ...] = tuple(s.value for s in InterviewStatus)
