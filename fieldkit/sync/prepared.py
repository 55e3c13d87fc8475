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
from itertools import groupby
from operator import attrgetter
from typing import Any

from fieldkit.answer_paths import FORM_PREFIX
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
    versions: Sequence[Version]
    uuids: list[str]  # sorted
    ids: set[str]
    devices: set[str]  # the writers
    top_clock: int
    #: The versions that are not answers to a form's fields (headers, "@" paths, and
    #: anything malformed), for the checks that look at each.
    not_fields: list[Version]
    #: Per interview: its versions in this bundle as one pack (count, body), for an
    #: interview the store has no version of (see SyncVersionPack).
    packs: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    #: Per interview, from this bundle's versions alone: the heads of its header,
    #: its answer rows (merge_store.ANSWER_COLUMNS), how many of its fields are in
    #: conflict, its household fields.
    header_heads: dict[str, list[Version]] = field(default_factory=dict)
    answer_rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)
    households: dict[str, Household] = field(default_factory=dict)

    def field_heads(self, uuid: str) -> dict[tuple[str, str], list[Version]]:
        """The heads of every field of ``uuid`` (worked out again: seldom needed)."""
        fields: dict[tuple[str, str], dict[str, Version]] = {}
        for v in self.versions:
            if v.interview_uuid == uuid:
                fields.setdefault((uuid, v.path), {})[v.id] = v
        return {key: heads(found.values()) for key, found in fields.items()}


def prepare(versions: Sequence[Version],
            stored_time: Callable[[str], Any]) -> PreparedVersions:
    """``stored_time``: an ISO time as the store's driver takes an answer's time.
    Written for speed (it runs for every version of an import): most fields have
    one version in a bundle, its own head; the few with several are kept aside."""
    single: dict[tuple[str, str], Version] = {}
    several: dict[tuple[str, str], list[Version]] = {}
    for version in versions:
        key = (version.interview_uuid, version.path)
        first = single.setdefault(key, version)
        if first is not version:
            listed = several.setdefault(key, [first])
            if all(f.id != version.id for f in listed):  # listed twice: once
                listed.append(version)
    prepared = PreparedVersions(
        versions=versions, uuids=sorted({v.interview_uuid for v in versions}),
        ids={v.id for v in versions}, devices={v.device_id for v in versions},
        top_clock=max((v.clock for v in versions), default=0),
        not_fields=[v for v in versions if v.path[0] != FORM_PREFIX])
    answer_rows, conflicts = prepared.answer_rows, prepared.conflicts
    header_heads = prepared.header_heads
    household_fields: dict[str, dict[str, str | None]] = {}
    rows: list[tuple[Any, ...]] = []
    last = None
    for key, first in single.items():
        uuid, path = key
        if several and key in several:
            field_heads = heads(several[key])
            if is_conflict(field_heads):
                conflicts[uuid] = conflicts.get(uuid, 0) + 1
            head = display_head(field_heads)
        else:
            head, field_heads = first, [first]
        if path == HEADER_PATH:
            header_heads[uuid] = field_heads
            continue
        if uuid != last:
            rows, last = answer_rows.setdefault(uuid, []), uuid
        rows.append((uuid, path, head.value, head.clock, head.device_id,
                     stored_time(head.written_at)))
        if path.endswith(HOUSEHOLD_ENDINGS) and is_household_path(path):
            household_fields.setdefault(uuid, {})[path] = head.value
    prepared.households = {uuid: household_of(answers)
                           for uuid, answers in household_fields.items()}
    prepared.packs = _packs(versions, len(prepared.ids) < len(versions))
    return prepared


def _packs(versions: Sequence[Version], repeated: bool) -> dict[str, tuple[int, bytes]]:
    """Each interview's versions as a pack. A bundle lists an interview's versions
    together (bundle_out sorts them); ``repeated``: some version is listed twice."""
    grouped: dict[str, list[Version]] = {}
    for uuid, group in groupby(versions, key=attrgetter("interview_uuid")):
        listed = grouped.get(uuid)
        if listed is None:
            grouped[uuid] = list(group)
        else:  # not together after all
            listed.extend(group)
    if repeated:
        grouped = {uuid: list({v.id: v for v in listed}.values())
                   for uuid, listed in grouped.items()}
    return {uuid: (len(listed), encode_versions(listed)) for uuid, listed in grouped.items()}
