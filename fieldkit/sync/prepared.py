"""What a bundle's versions say on their own, worked out before the store is touched.

An import reads and verifies the next bundle while the previous one commits (see
bundle_in.import_bundles): whatever needs only the bundle is done then, off the
path that holds the store's write lock. For an interview the store has no version
of yet (most of a first import) the bundle holds all of its versions, so its heads,
its answer rows, its header and its household are already known here; interviews
the store knows are merged from the store's versions as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fieldkit.sync.formats import HEADER_PATH
from fieldkit.sync.households import (
    HOUSEHOLD_ENDINGS,
    Household,
    household_of,
    is_household_path,
)
from fieldkit.sync.versions import (
    Version,
    display_head,
    encode_versions,
    heads,
    is_conflict,
)

__all__ = ["PreparedVersions", "prepare"]


@dataclass
class PreparedVersions:
    uuids: list[str]  # sorted
    ids: set[str]
    devices: set[str]  # the writers
    top_clock: int
    #: The versions that are not answers to a form's fields (headers, "@" paths, and
    #: anything malformed), for the checks that look at each.
    not_fields: list[Version]
    #: Per interview: its versions in this bundle as one pack (count, body), for an
    #: interview the store has no version of (see SyncVersionPack).
    packs: dict[str, tuple[int, bytes]]
    #: The heads of each field, from this bundle's versions alone.
    heads: dict[tuple[str, str], list[Version]]
    #: Per interview: answer rows (merge_store.ANSWER_COLUMNS), fields in conflict,
    #: household fields, as if the bundle held all of its versions.
    answer_rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)
    households: dict[str, Household] = field(default_factory=dict)


def prepare(versions: Sequence[Version],
            stored_time: Callable[[str], Any]) -> PreparedVersions:
    """``stored_time``: an ISO time as the store's driver takes an answer's time."""
    fields: dict[tuple[str, str], list[Version]] = {}
    for version in versions:
        key = (version.interview_uuid, version.path)
        found = fields.get(key)
        if found is None:
            fields[key] = [version]
        elif all(f.id != version.id for f in found):  # listed twice: once
            found.append(version)
    prepared = PreparedVersions(
        uuids=sorted({v.interview_uuid for v in versions}), ids={v.id for v in versions},
        devices={v.device_id for v in versions},
        top_clock=max((v.clock for v in versions), default=0),
        not_fields=[v for v in versions if v.path[0] != "/"],
        packs={}, heads={})
    answer_rows, conflicts = prepared.answer_rows, prepared.conflicts
    household_fields: dict[str, dict[str, str | None]] = {}
    by_interview: dict[str, list[Version]] = {}
    for (uuid, path), field_versions in fields.items():
        listed = by_interview.get(uuid)
        if listed is None:
            by_interview[uuid] = list(field_versions)
        else:
            listed.extend(field_versions)
        if len(field_versions) == 1:  # most fields: one version, its own head
            field_heads = field_versions
        else:
            field_heads = heads(field_versions)
            if is_conflict(field_heads):
                conflicts[uuid] = conflicts.get(uuid, 0) + 1
        prepared.heads[(uuid, path)] = field_heads
        if path == HEADER_PATH or not field_heads:
            continue
        head = display_head(field_heads)
        rows = answer_rows.get(uuid)
        if rows is None:
            rows = answer_rows[uuid] = []
        rows.append((uuid, path, head.value, head.clock, head.device_id,
                     stored_time(head.written_at)))
        if path.endswith(HOUSEHOLD_ENDINGS) and is_household_path(path):
            household_fields.setdefault(uuid, {})[path] = head.value
    prepared.households = {uuid: household_of(answers)
                           for uuid, answers in household_fields.items()}
    prepared.packs = {uuid: (len(listed), encode_versions(listed))
                      for uuid, listed in by_interview.items()}
    return prepared
