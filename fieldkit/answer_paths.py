"""The kinds of path in an interview's rows and field versions, told apart in one place.

An interview's answer rows (and the field versions that carry them in bundles and
packs) hold three kinds of path:

- form paths, ``/data/...``: answers to the form's questions (the XForm's own paths);
- fieldkit's own rows, ``@fieldkit/...``: per-interview facts that are not form data
  (where the interview was left, its consent record, the advice session it belongs to);
- sync rows, ``@sync/...``: the interview's header version in bundles and packs.

Readers ask :func:`path_kind` (or :func:`is_form_path`) instead of looking at the first
character themselves. Stdlib only: the lowest layer, imported everywhere.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "FORM_PREFIX",
    "HEADER_PATH",
    "OWN_PREFIX",
    "SYNC_PREFIX",
    "PathKind",
    "is_form_path",
    "is_stored_path",
    "own_path",
    "path_kind",
]

#: Form paths start with this (hot loops may compare ``path[0]`` against it).
FORM_PREFIX = "/"
#: fieldkit's own per-interview rows.
OWN_PREFIX = "@fieldkit/"
#: Rows that exist only in field versions (bundles, packs), never as answers.
SYNC_PREFIX = "@sync/"
#: Every ``@`` path is fieldkit's, not the form's (a later fieldkit may add kinds).
_FIELDKIT_MARK = "@"

#: The path of an interview's header version (form, label, language, interviewer,
#: times) among its field versions.
HEADER_PATH = SYNC_PREFIX + "header"


class PathKind(StrEnum):
    FORM = "form"  # an answer to one of the form's questions
    OWN = "own"  # fieldkit's own per-interview row (also an unknown ``@`` row)
    SYNC = "sync"  # a sync header, only in field versions


def path_kind(path: str) -> PathKind | None:
    """The kind of ``path``, or None for a path of no kind (malformed input)."""
    if path.startswith(FORM_PREFIX):
        return PathKind.FORM
    if path.startswith(SYNC_PREFIX):
        return PathKind.SYNC
    if path.startswith(_FIELDKIT_MARK):
        return PathKind.OWN
    return None


def is_form_path(path: str) -> bool:
    """True for a field of the form, False for fieldkit's own and sync rows."""
    return path.startswith(FORM_PREFIX)


def is_stored_path(path: str) -> bool:
    """True for a path of any kind: what a bundle or pack may carry."""
    return path.startswith((FORM_PREFIX, _FIELDKIT_MARK))


def own_path(name: str) -> str:
    """The path of fieldkit's own row ``name`` (e.g. ``"current"``)."""
    return OWN_PREFIX + name
