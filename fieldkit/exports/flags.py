"""Per-interview review flags for the export's metadata columns.

Sync (merging data bundles, issue F4) is being built separately: it will record
conflicting edits of the same field and possible duplicate households. Until that
data exists in the store, every interview is reported with no open conflicts and
not a possible duplicate. This is the one place to change when it does.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

__all__ = ["interview_flags"]


def interview_flags(session: Session, uuids: Sequence[str]) -> dict[str, tuple[bool, bool]]:
    """{uuid: (has open conflicts, is a possible duplicate)} for the interviews that
    have either; an interview left out has neither."""
    del session, uuids  # no conflict or duplicate records exist in the store yet
    return {}
