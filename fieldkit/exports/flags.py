"""Per-interview review flags for the export's metadata columns: open conflicts
come from merged data bundles (fieldkit.sync); possible duplicate households are
not recorded yet, so no interview is flagged as one.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

__all__ = ["interview_flags"]


def interview_flags(session: Session, uuids: Sequence[str]) -> dict[str, tuple[bool, bool]]:
    """{uuid: (has open conflicts, is a possible duplicate)} for the interviews that
    have either; an interview left out has neither."""
    from fieldkit.sync.review import interviews_in_conflict

    return {uuid: (True, False) for uuid in interviews_in_conflict(session, uuids)}
