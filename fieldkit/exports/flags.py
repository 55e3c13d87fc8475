"""Per-interview review flags for the export's metadata columns, from merging data
bundles (fieldkit.sync): a field with competing values, and a household flagged
as a possible duplicate of another (or marked as one by a person).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from fieldkit.sync.duplicates import flagged_in, marked_in
from fieldkit.sync.review import interviews_in_conflict

__all__ = ["interview_flags"]


def interview_flags(session: Session, uuids: Sequence[str]) -> dict[str, tuple[bool, bool]]:
    """{uuid: (has open conflicts, is a possible duplicate)} for the interviews that
    have either; an interview left out has neither."""

    conflicts = interviews_in_conflict(session, uuids)
    duplicates = flagged_in(session, uuids) | marked_in(session, uuids)
    return {uuid: (uuid in conflicts, uuid in duplicates) for uuid in conflicts | duplicates}
