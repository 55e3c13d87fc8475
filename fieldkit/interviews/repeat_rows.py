"""Repeat instances as answer rows.

Rows are per leaf, so a repeat instance exists in the store only through the rows
of its leaves. To keep "how many people are in the roster" exact across a restart:

* every leaf of every user-editable repeat instance gets a row as soon as the
  instance exists (``""`` when empty), so an instance never depends on having an
  answer to exist;
* a removed instance leaves tombstones, so a collection whose rows are all
  tombstones is known to be empty (the form's template would otherwise bring back
  its first instance when the interview is rebuilt).

Repeats whose count the form sets (``jr:count``, ``noAddRemove``) are rebuilt by
the form itself and are left alone here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from fieldkit.forms import Form, FormSession, Repeat, SessionError
from fieldkit.forms.model import InstanceNode, iter_body

__all__ = [
    "collection_of",
    "collections",
    "editable_repeats",
    "instance_leaves",
    "marker_rows",
    "reconcile",
    "start_rows",
    "template_path",
    "trim_to_rows",
]

_INDEX = re.compile(r"\[\s*[0-9]+\s*\]")


def template_path(path: str) -> str:
    """``/data/hh[2]/member`` -> ``/data/hh/member``."""
    return _INDEX.sub("", path)


def collection_of(path: str) -> str:
    """A repeat path as the session takes it (no trailing slash or spaces)."""
    return path.strip().rstrip("/")


def _repeats(form: Form) -> list[Repeat]:
    return [node for node in iter_body(form.body) if isinstance(node, Repeat)]


def editable_repeats(form: Form) -> list[Repeat]:
    """Repeats the interviewer adds and removes instances of (outer before inner)."""
    return [r for r in _repeats(form) if not r.count and not r.no_add_remove]


def _find(node: InstanceNode, path: str) -> InstanceNode | None:
    if node.path == path:
        return node
    for child in node.children:
        if path == child.path or path.startswith(child.path + "/"):
            return _find(child, path)
    return None


def instance_leaves(form: Form, repeat_path: str) -> tuple[str, ...]:
    """Leaf paths of one instance of ``repeat_path``, relative to the instance
    (``/name``, ``/group/age``), leaving out nested repeats (a new instance has none)."""
    top = _find(form.instance, template_path(repeat_path))
    if top is None:
        return ()
    out: list[str] = []

    def walk(node: InstanceNode) -> None:
        for child in node.children:
            if child.repeat:
                continue
            if child.path in form.questions:
                out.append(child.path[len(top.path):])
            else:
                walk(child)

    walk(top)
    return tuple(out)


def collections(session: FormSession, form: Form, repeat: Repeat) -> list[str]:
    """Indexed paths of every collection of ``repeat`` (one per enclosing instance)."""
    enclosing = [r for r in _repeats(form) if repeat.path.startswith(r.path + "/")]
    if not enclosing:
        return [repeat.path]
    outer = max(enclosing, key=lambda r: len(r.path))
    rest = repeat.path[len(outer.path):]
    return [f"{coll}[{i}]{rest}"
            for coll in collections(session, form, outer)
            for i in range(1, session.repeat_count(coll) + 1)]


def _instances(session: FormSession, coll: str) -> Iterator[str]:
    for i in range(1, session.repeat_count(coll) + 1):
        yield f"{coll}[{i}]"


def marker_rows(session: FormSession, form: Form, coll: str,
                known: Mapping[str, str | None]) -> dict[str, str]:
    """Rows for the leaves of ``coll``'s instances that ``known`` lacks."""
    suffixes = instance_leaves(form, coll)
    out: dict[str, str] = {}
    for inst in _instances(session, coll):
        for suffix in suffixes:
            path = inst + suffix
            if path not in known:
                out[path] = session.value(path)
    return out


def start_rows(session: FormSession, form: Form) -> dict[str, str]:
    """The first rows of a new interview: its answers, and a row for every leaf of
    every editable repeat instance."""
    rows: dict[str, str] = dict(session.to_dict())
    for repeat in editable_repeats(form):
        for coll in collections(session, form, repeat):
            rows.update(marker_rows(session, form, coll, rows))
    return rows


def reconcile(session: FormSession, form: Form, coll: str,
              stored: Mapping[str, str]) -> dict[str, str | None]:
    """After adding or removing an instance of ``coll``: rows that no longer match
    the session (moved values, tombstones for leaves that are gone) and rows for
    leaves that have none yet."""
    out: dict[str, str | None] = {}
    prefix = coll + "["
    for path, value in stored.items():
        if not path.startswith(prefix):
            continue
        try:
            now = session.value(path)
        except SessionError:
            out[path] = None
            continue
        if now != value:
            out[path] = now
    known: dict[str, str | None] = {**stored, **out}
    out.update(marker_rows(session, form, coll, known))
    return out


def _index_after(path: str, prefix: str) -> int | None:
    end = path.find("]", len(prefix))
    if end < 0:
        return None
    try:
        return int(path[len(prefix):end])
    except ValueError:
        return None


def trim_to_rows(session: FormSession, form: Form, live: Mapping[str, str],
                 dead: frozenset[str]) -> None:
    """Remove instances a rebuilt session has beyond what the rows say (the form's
    template instance of a roster the interviewer emptied)."""
    for repeat in editable_repeats(form):
        for coll in collections(session, form, repeat):
            prefix = coll + "["
            indexes = [_index_after(p, prefix) for p in live if p.startswith(prefix)]
            known = bool(indexes) or any(p.startswith(prefix) for p in dead)
            if not known:
                continue
            keep = max((i for i in indexes if i is not None), default=0)
            while (count := session.repeat_count(coll)) > keep:
                session.remove_repeat(coll, count)
