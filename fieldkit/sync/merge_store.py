"""Applying field versions to a coordinator's store: versions in, then each touched
interview's row and answer rows made to match the heads (see versions.py).

Concurrency: on PostgreSQL each transaction takes transaction-scoped advisory locks
on the interviews it touches, in sorted order (so no deadlock), before reading their
versions; versions go in with INSERT ... ON CONFLICT DO NOTHING. Two importers
touching the same interview therefore run one after the other, and each computes the
heads from every version committed before it. SQLite serializes writers anyway.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Dialect, func, insert, select, text, update
from sqlalchemy.orm import Session

from fieldkit.store.chunks import chunks
from fieldkit.store.models import Answer, Form, Interview, SyncVersion, SyncVersionPack
from fieldkit.sync.formats import HEADER_PATH
from fieldkit.sync.prepared import PreparedVersions
from fieldkit.sync.versions import (
    Version,
    decode_versions,
    display_head,
    heads,
    is_conflict,
)

__all__ = ["MergeCounts", "device_version_count", "device_versions", "insert_rows",
           "insert_versions", "load_versions", "lock_interviews", "mark_received",
           "materialize", "packed_versions", "parse_header", "stored_ids"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class MergeCounts:
    interviews_new: int = 0
    interviews_updated: int = 0
    interviews_unchanged: int = 0
    versions_new: int = 0
    versions_known: int = 0
    conflicts: int = 0
    duplicates: int = 0  # open duplicate-household flags on the interviews it changed


def lock_device(session: Session, device_id: str) -> None:
    """On PostgreSQL, serialise importers of bundles from one device while the first
    one enrols it (two bundles of a new laptop imported at once both inserted its
    device row). Taken before any interview lock, one per transaction: no deadlock."""
    if session.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(b"fieldkit-device:" + device_id.encode())
                         .digest()[:8], "big", signed=True)
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def lock_interviews(session: Session, uuids: Iterable[str]) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = sorted({int.from_bytes(hashlib.sha256(b"fieldkit-interview:" + u.encode())
                                  .digest()[:8], "big", signed=True) for u in uuids})
    for key in keys:
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def interviews_with_versions(session: Session, uuids: Iterable[str]) -> set[str]:
    """Those of ``uuids`` the store holds any version of (in rows or packs)."""
    found: set[str] = set()
    for chunk in chunks(sorted(set(uuids))):
        found.update(session.scalars(select(SyncVersion.interview_uuid).distinct()
                                     .where(SyncVersion.interview_uuid.in_(chunk))))
        found.update(session.scalars(select(SyncVersionPack.interview_uuid).distinct()
                                     .where(SyncVersionPack.interview_uuid.in_(chunk))))
    return found


def packed_versions(session: Session, uuids: Iterable[str]) -> list[Version]:
    """The versions of ``uuids`` kept in packs."""
    out: list[Version] = []
    for chunk in chunks(sorted(set(uuids))):
        for body in session.scalars(select(SyncVersionPack.body).where(
                SyncVersionPack.interview_uuid.in_(chunk))):
            out.extend(decode_versions(body))
    return out


def device_versions(session: Session, device_id: str) -> list[tuple[str, str]]:
    """(id, interview) of every version a device wrote, in rows or packs."""
    found: set[tuple[str, str]] = {(vid, uuid) for vid, uuid in session.execute(select(
        SyncVersion.id, SyncVersion.interview_uuid).where(SyncVersion.device_id == device_id))}
    for body in session.scalars(select(SyncVersionPack.body).where(
            SyncVersionPack.device_id == device_id)):
        found.update((v.id, v.interview_uuid) for v in decode_versions(body)
                     if v.device_id == device_id)
    return sorted(found)


def device_version_count(session: Session, device_id: str) -> int:
    """How many versions a device wrote (a pack holds none that a row holds too:
    insert_versions packs only interviews the store had no version of)."""
    rows = session.scalar(select(func.count()).select_from(SyncVersion).where(
        SyncVersion.device_id == device_id)) or 0
    packed = session.scalar(select(func.sum(SyncVersionPack.versions)).where(
        SyncVersionPack.device_id == device_id)) or 0
    return int(rows) + int(packed)


def insert_rows(session: Session, table: str, columns: Sequence[str],
                rows: Sequence[tuple[Any, ...]], *, unique: Sequence[str] = ()) -> None:
    """INSERT ``rows`` with the driver's own executemany, in the session's transaction.

    An import writes a row per field (versions, then answers): SQLAlchemy's per-row
    work (parameter dicts, type processing, ORM bookkeeping) took longer than
    SQLite's. Values must already be in the form the driver stores; ``unique``: skip
    rows whose key is stored (ON CONFLICT DO NOTHING)."""
    if not rows:
        return
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    if unique:
        sql += f" ON CONFLICT ({', '.join(unique)}) DO NOTHING"
    for chunk in chunks(rows, 5000):
        connection.exec_driver_sql(sql, list(chunk))


VERSION_COLUMNS = ("interview_uuid", "path", "id", "value", "device_id", "clock",
                    "written_at", "supersedes", "bundle_seq", "received")
_VERSION_KEY = ("interview_uuid", "path", "id")
_PACK_COLUMNS = ("interview_uuid", "device_id", "bundle_seq", "versions", "body")
ANSWER_COLUMNS = ("interview_uuid", "path", "value", "clock", "device_id", "updated_at")


def _supersedes_json(supersedes: tuple[str, ...]) -> str:
    return json.dumps(list(supersedes)) if supersedes else "[]"


def stored_ids(session: Session, by_id: Mapping[str, str]) -> set[str]:
    """Those of the versions ``{id: interview}`` the store holds (found through their
    interviews, the key of rows and packs)."""
    found: set[str] = set()
    uuids = sorted(set(by_id.values()))
    for chunk in chunks(uuids):
        found.update(i for i in session.scalars(select(SyncVersion.id).where(
            SyncVersion.interview_uuid.in_(chunk))) if i in by_id)
    found.update(v.id for v in packed_versions(session, uuids) if v.id in by_id)
    return found


def mark_received(session: Session, by_id: Mapping[str, str]) -> int:
    """Mark the versions ``{id: interview}`` received; returns how many were not."""
    done = 0
    pairs = sorted((uuid, vid) for vid, uuid in by_id.items())
    for chunk in chunks(pairs):
        result = session.execute(update(SyncVersion).where(
            SyncVersion.interview_uuid.in_(sorted({uuid for uuid, _vid in chunk})),
            SyncVersion.id.in_([vid for _uuid, vid in chunk]),
            SyncVersion.received.is_(False)).values(received=True))
        done += result.rowcount  # type: ignore[attr-defined]
    return done


def insert_versions(session: Session, versions: Sequence[Version], *,
                    unseen: AbstractSet[str] = frozenset(),
                    prepared: PreparedVersions | None = None,
                    bundle: tuple[str, int] | None = None) -> set[str]:
    """Insert the versions not yet stored; returns the ids that were new. Versions of
    interviews in ``unseen`` (none of whose versions is stored, as the caller checked
    under its interview locks) are new without being looked up: most of a first
    import. With ``prepared`` (the same versions, worked out) and ``bundle`` (device,
    sequence), those go in as one pack per interview (SyncVersionPack)."""
    packing = unseen if prepared is not None and bundle is not None else frozenset()
    # Every interview new and packed (most bundles of a first import): no version
    # needs looking at one by one.
    all_packed = (prepared is not None and bool(packing)
                  and packing >= frozenset(prepared.uuids))
    if all_packed:
        assert prepared is not None
        known: set[str] = set()
        fresh = set(prepared.ids)
    else:
        known = stored_ids(session, {v.id: v.interview_uuid for v in versions
                                     if v.interview_uuid not in unseen})
        fresh = {v.id for v in versions} - known
    if not fresh:
        return set()
    session.flush()
    if packing:
        assert prepared is not None and bundle is not None
        insert_rows(session, "sync_version_pack", _PACK_COLUMNS, [
            (uuid, bundle[0], bundle[1], *prepared.packs[uuid]) for uuid in sorted(packing)])
    if not all_packed:
        # Listed twice in one bundle: the key skips the second.
        insert_rows(session, "sync_version", VERSION_COLUMNS, [
            (v.interview_uuid, v.path, v.id, v.value, v.device_id, v.clock, v.written_at,
             _supersedes_json(v.supersedes), None, False)
            for v in versions if v.id not in known and v.interview_uuid not in packing],
            unique=_VERSION_KEY)
    return fresh


def load_versions(session: Session, uuids: Sequence[str]
                  ) -> dict[tuple[str, str], list[Version]]:
    """Every stored version of ``uuids`` (rows and packs), by field."""
    fields: dict[tuple[str, str], list[Version]] = defaultdict(list)
    for chunk in chunks(sorted(set(uuids))):
        rows = session.execute(select(
            SyncVersion.id, SyncVersion.interview_uuid, SyncVersion.path, SyncVersion.value,
            SyncVersion.device_id, SyncVersion.clock, SyncVersion.written_at,
            SyncVersion.supersedes).where(SyncVersion.interview_uuid.in_(chunk)))
        for vid, uuid, path, value, device, clock, at, sup in rows:
            fields[(uuid, path)].append(Version(vid, uuid, path, value, device, clock, at,
                                                tuple(json.loads(sup))))
    for version in packed_versions(session, uuids):
        found = fields[(version.interview_uuid, version.path)]
        if all(f.id != version.id for f in found):
            found.append(version)
    return fields


def parse_header(value: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    try:
        header = json.loads(value)
    except ValueError:
        return None
    return header if isinstance(header, dict) else None


def _when(text_value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text_value)
    except (TypeError, ValueError):
        return _EPOCH
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _same_time(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    return a == b  # both aware: the store reads UTC (UTCDateTime), _when parses it


def form_pks(session: Session, project_id: str) -> dict[tuple[str, str, str], int]:
    """{(form_id, version, hash): pk} of the project's forms."""
    return {(f.form_id, f.version, f.hash): f.id for f in session.scalars(
        select(Form).where(Form.project_id == project_id))}


def materialize(session: Session, project_id: str, uuids: Sequence[str], *,
                on_laptop: bool = False, prepared: PreparedVersions | None = None,
                fresh: AbstractSet[str] = frozenset()) -> int:
    """Make the interview and answer rows of ``uuids`` match their versions' heads;
    returns how many of their fields are in conflict. Headers must already have been
    checked (see bundle_in.check_references). ``on_laptop`` (records from a pack): new
    interviews are drafts, so they can be worked on, and a stored interview keeps its
    status and ``updated_at``. Interviews in ``fresh`` had no version stored before
    ``prepared``'s: their heads (and, if they are new, their answer rows) are taken
    from it instead of being read back and worked out again."""
    if prepared is None:
        fresh = frozenset()
    field_heads: dict[tuple[str, str], list[Version]] = {}
    conflicts = 0
    for key, versions in load_versions(session, [u for u in uuids if u not in fresh]).items():
        field_heads[key] = heads(versions)
        if is_conflict(field_heads[key]):
            conflicts += 1
    forms = form_pks(session, project_id)
    existing = {}
    for chunk in chunks(sorted(set(uuids))):
        existing.update({i.uuid: i for i in session.scalars(
            select(Interview).where(Interview.uuid.in_(chunk)))})
    rows: list[tuple[Any, ...]] = []
    if prepared is not None:
        for uuid in sorted(set(uuids) & fresh):
            conflicts += prepared.conflicts.get(uuid, 0)
            if uuid in existing:  # a row without versions: compare field by field
                field_heads.update(prepared.field_heads(uuid))
            else:
                field_heads[(uuid, HEADER_PATH)] = prepared.header_heads.get(uuid, [])
                rows.extend(prepared.answer_rows.get(uuid, ()))
    new_interviews = []
    for uuid in sorted(set(uuids)):
        head_list = field_heads.get((uuid, HEADER_PATH))
        if not head_list:
            continue
        header = parse_header(display_head(head_list).value)
        if header is None:
            continue
        form_pk = forms[(header["form_id"], header["form_version"], header["form_hash"])]
        finalized = _when(header["finalized_at"]) if header["finalized_at"] else None
        values = {
            "project_id": project_id, "form_pk": form_pk, "status": "finalized",
            "label": header["label"], "respondent_language": header["respondent_language"],
            "interviewer_id": header["interviewer_id"], "device_id": header["device_id"],
            "created_at": _when(header["created_at"]), "finalized_at": finalized,
            "updated_at": finalized or _when(header["created_at"]),
        }
        row = existing.get(uuid)
        if on_laptop:
            values["status"] = "draft"
            if row is not None:
                del values["status"], values["updated_at"]
        if row is None:
            new_interviews.append({"uuid": uuid, **values})
        else:
            for name, value in values.items():
                current = getattr(row, name)
                if isinstance(value, datetime) or value is None:
                    if not _same_time(current, value):
                        setattr(row, name, value)
                elif current != value:
                    setattr(row, name, value)
    session.flush()
    if new_interviews:
        session.execute(insert(Interview), new_interviews)
    answers: dict[tuple[str, str], Answer] = {}
    for chunk in chunks(sorted(set(uuids) & set(existing))):  # new ones have none
        answers.update({(a.interview_uuid, a.path): a for a in session.scalars(
            select(Answer).where(Answer.interview_uuid.in_(chunk)))})
    stored_time = time_for_driver(session.get_bind().dialect)
    for (uuid, path), head_list in field_heads.items():
        if path == HEADER_PATH or not head_list:
            continue
        head = display_head(head_list)
        answer = answers.get((uuid, path))
        if answer is None:
            rows.append((uuid, path, head.value, head.clock, head.device_id,
                         stored_time(head.written_at)))
        elif (answer.value, answer.clock, answer.device_id) != (
                head.value, head.clock, head.device_id):
            answer.value, answer.clock, answer.device_id = head.value, head.clock, \
                head.device_id
            answer.updated_at = _when(head.written_at)
    session.flush()
    insert_rows(session, "answer", ANSWER_COLUMNS, rows)
    return conflicts


def _sqlite_time(text_value: str) -> str:
    """SQLAlchemy's SQLite text for the datetime ``text_value``, without its 2 µs of
    formatting per answer (tests/sync/test_merge_store.py holds them to be the
    same). fieldkit writes UTC with microseconds: that is a matter of slicing."""
    if len(text_value) == 32 and text_value[10] == "T" and text_value.endswith("+00:00"):
        try:
            datetime.fromisoformat(text_value)  # so the slices are digits
        except ValueError:
            pass
        else:
            return f"{text_value[:10]} {text_value[11:26]}"
    return _when(text_value).isoformat(" ", "microseconds")[:26]


def time_for_driver(dialect: Dialect) -> Callable[[str], Any]:
    """written_at (ISO text) as the driver stores the answer's updated_at: what the
    column type makes of the datetime (SQLite: text in SQLAlchemy's format)."""
    if dialect.name == "sqlite":
        return _sqlite_time
    process = Answer.__table__.c.updated_at.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return _when
    return lambda text_value: process(_when(text_value))


def greatest(session: Session, column: Any, value: int) -> Any:
    """GREATEST(column, value) on either backend."""
    if session.get_bind().dialect.name == "postgresql":
        return func.greatest(column, value)
    return func.max(column, value)
