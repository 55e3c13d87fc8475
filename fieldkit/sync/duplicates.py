"""Likely duplicate households: flagged at bundle import, reviewed by a person.

Two interviews of the same form are flagged when their addresses match (same
postcode and the same house/flat numbers, or addresses that read alike) and their
household heads' names are similar (rapidfuzz), or a name is missing. They are
never merged: a person decides (``resolve_duplicate``): not duplicates, or the same
household with one marked as the duplicate of the other. Audited.

Flags are a function of the interviews' current answers: each time an interview
changes, its open flags are worked out again (resolved ones are kept), so
re-importing, or importing bundles in another order, gives the same flags.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz
from sqlalchemy import delete, insert, or_, select, text, update
from sqlalchemy.orm import Session

from fieldkit.errors import UsageError
from fieldkit.i18n import _
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.chunks import chunks
from fieldkit.store.models import (
    Answer,
    Form,
    Interview,
    Interviewer,
    ProjectSecret,
    SyncDuplicate,
    SyncHousehold,
    utcnow,
)
from fieldkit.store.upsert import conflict_insert
from fieldkit.sync.audit import audit
from fieldkit.sync.households import (
    HOUSEHOLD_ENDINGS,
    HOUSEHOLD_KEY_SECRET,
    Household,
    address_key,
    address_numbers,
    block_key,
    household_of,
    is_household_path,
    keyed,
    normalise_address,
    normalise_name,
    normalise_postcode,
)
from fieldkit.sync.project_role import coordinator_project

__all__ = ["DuplicateFlag", "DuplicateSide", "FlagSettled", "KnownInterview", "NoSuchFlag",
           "flag_duplicates", "flagged_interviews", "household_key_in", "list_duplicates",
           "marked_duplicates", "resolve_duplicate", "scan_duplicates"]

NAME_THRESHOLD = 80  # rapidfuzz WRatio, 0-100
ADDRESS_THRESHOLD = 88  # token_sort_ratio of normalised addresses without numbers


@dataclass(frozen=True)
class DuplicateSide:
    interview_uuid: str
    label: str
    interviewer: str
    device_id: str
    finalized_at: datetime | None
    postcode: str
    address: str
    head_name: str


@dataclass(frozen=True)
class DuplicateFlag:
    id: int
    a: DuplicateSide
    b: DuplicateSide
    score: int  # 0-100, higher is more alike
    reasons: dict[str, object]  # address_score, head_name_score, same_interviewer
    status: str  # open | not_duplicate | duplicate
    duplicate_uuid: str | None
    resolved_by: str
    resolved_at: datetime | None


# -- keys -----------------------------------------------------------------------------


def household_key_in(session: Session, project_id: str) -> bytes:
    """The project's household key, created in the caller's transaction if missing
    (so an import under way needs no second connection)."""
    found = session.get(ProjectSecret, (project_id, HOUSEHOLD_KEY_SECRET))
    if found is not None:
        return found.value

    session.execute(conflict_insert(session, ProjectSecret).values(
        project_id=project_id, name=HOUSEHOLD_KEY_SECRET, value=secrets.token_bytes(32),
        created_at=utcnow()).on_conflict_do_nothing())
    return session.get_one(ProjectSecret, (project_id, HOUSEHOLD_KEY_SECRET),
                           populate_existing=True).value


def _households(session: Session, uuids: Sequence[str]) -> dict[str, Household]:
    found: dict[str, dict[str, str | None]] = {}
    like = or_(*(Answer.path.like(f"%{ending}") for ending in HOUSEHOLD_ENDINGS))
    for chunk in chunks(sorted(set(uuids))):
        for uuid, path, value in session.execute(
                select(Answer.interview_uuid, Answer.path, Answer.value)
                .where(Answer.interview_uuid.in_(chunk), like)):
            if is_household_path(path):
                found.setdefault(uuid, {})[path] = value
    return {uuid: household_of(answers) for uuid, answers in found.items()}


def _lock(session: Session, keys: Iterable[str]) -> None:
    """PostgreSQL: serialise importers touching the same blocks, so two interviews of
    one household imported at once by two coordinators still meet."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted({int(k[:16], 16) - 2**63 for k in keys}):
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


# -- comparing ------------------------------------------------------------------------


def name_score(a: str, b: str) -> int | None:
    left, right = normalise_name(a), normalise_name(b)
    if not left or not right:
        return None
    initials = ["".join(w[0] for w in n.split()) for n in (left, right)]
    if (all(len(w) == 1 for w in left.split()) or all(len(w) == 1 for w in right.split())) \
            and initials[0] == initials[1]:
        return 90  # "A K" and "Ahmed Karimi"
    return round(fuzz.WRatio(left, right))


def address_score(a: Household, b: Household) -> int:
    if normalise_postcode(a.postcode) != normalise_postcode(b.postcode):
        return 0
    numbers = address_numbers(a.address), address_numbers(b.address)
    if all(numbers):
        return 100 if numbers[0] == numbers[1] else 0
    return round(fuzz.token_sort_ratio(normalise_address(a.address),
                                       normalise_address(b.address)))


def _compare(a: Household, b: Household) -> tuple[int, dict[str, object]] | None:
    where = address_score(a, b)
    if where < ADDRESS_THRESHOLD:
        return None
    who = name_score(a.head_name, b.head_name)
    if who is not None and who < NAME_THRESHOLD:
        return None
    score = min(where, who if who is not None else where)
    return score, {"address_score": where, "head_name_score": who}


# -- at import ------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownInterview:
    """What an importer knows of an interview it has just written (so it need not be
    read back): its form, interviewer and household fields (None: none answered)."""

    form_id: str
    interviewer_id: str | None
    household: Household | None


def flag_duplicates(session: Session, project_id: str, uuids: Sequence[str],
                    known: Mapping[str, KnownInterview] | None = None) -> int:
    """Work out the household keys and open flags of ``uuids`` again, inside the
    caller's transaction; returns how many open flags involve them. ``known``: some
    of ``uuids`` (of this project), new to the store, as the caller just wrote them
    (so they have no household key or flag yet)."""
    if not uuids:
        return 0
    known = known or {}
    key = household_key_in(session, project_id)
    uuids = sorted(set(uuids))
    asked = [u for u in uuids if u not in known]
    meta = {uuid: (form_id, interviewer) for uuid, form_id, interviewer in session.execute(
        select(Interview.uuid, Form.form_id, Interview.interviewer_id)
        .join(Form, Form.id == Interview.form_pk)
        .where(Interview.uuid.in_(asked), Interview.project_id == project_id))} \
        if asked else {}
    households = _households(session, list(meta))
    for uuid in uuids:
        if (told := known.get(uuid)) is not None:
            meta[uuid] = (told.form_id, told.interviewer_id)
            if told.household is not None:
                households[uuid] = told.household
    mine = {u: h for u, h in households.items() if h.has_address}
    blocks: dict[str, str] = {}
    stored: dict[str, SyncHousehold] = {}
    for chunk in chunks(sorted(u for u in mine if u not in known)):  # new: none
        stored.update({h.interview_uuid: h for h in session.scalars(
            select(SyncHousehold).where(SyncHousehold.interview_uuid.in_(chunk)))})
    new_rows = []
    for uuid, household in mine.items():
        block = block_key(meta[uuid][0], household)
        where = address_key(household.postcode, household.address)
        assert block is not None and where is not None  # has_address
        blocks[uuid] = keyed(key, block)
        row = {"interview_uuid": uuid, "project_id": project_id, "block_hash": blocks[uuid],
               "address_hash": keyed(key, where)}
        if uuid not in stored:
            new_rows.append(row)
        else:
            for name, value in row.items():
                setattr(stored[uuid], name, value)
    if new_rows:
        session.execute(insert(SyncHousehold), new_rows)
    gone = [u for u in asked if u not in mine]  # new ones have no key to remove
    for chunk in chunks(gone):
        session.execute(delete(SyncHousehold).where(SyncHousehold.interview_uuid.in_(chunk)))
    session.flush()
    _lock(session, blocks.values())
    neighbours: dict[str, set[str]] = {}
    for uuid, block in blocks.items():
        neighbours.setdefault(block, set()).add(uuid)
    block_list = sorted(neighbours)
    for chunk in chunks(block_list):
        for uuid, block in session.execute(select(SyncHousehold.interview_uuid,
                                                  SyncHousehold.block_hash)
                                           .where(SyncHousehold.block_hash.in_(chunk))):
            neighbours[block].add(uuid)
    others = sorted({u for group in neighbours.values() for u in group} - set(mine))
    everyone = {**_households(session, others), **mine}
    for chunk in chunks(others):
        meta.update({uuid: (form_id, who) for uuid, form_id, who in session.execute(
            select(Interview.uuid, Form.form_id, Interview.interviewer_id)
            .join(Form, Form.id == Interview.form_pk).where(Interview.uuid.in_(chunk)))})
    wanted: dict[tuple[str, str], tuple[int, dict[str, object]]] = {}
    for uuid in mine:
        for other in sorted(neighbours[blocks[uuid]]):
            if other == uuid or other not in everyone:
                continue
            pair = (uuid, other) if uuid < other else (other, uuid)
            if pair in wanted:
                continue
            found = _compare(everyone[pair[0]], everyone[pair[1]])
            if found is not None:
                score, reasons = found
                reasons["same_interviewer"] = meta[pair[0]][1] == meta[pair[1]][1]
                wanted[pair] = (score, reasons)
    existing: dict[tuple[str, str], SyncDuplicate] = {}
    for chunk in chunks(asked):  # an interview new to the store has no flags yet
        for flag in session.scalars(select(SyncDuplicate).where(or_(
                SyncDuplicate.interview_a.in_(chunk), SyncDuplicate.interview_b.in_(chunk)))):
            existing[(flag.interview_a, flag.interview_b)] = flag
    for pair, flag in existing.items():
        if flag.status == "open" and pair not in wanted:
            session.delete(flag)  # no longer alike after an edit: nothing was decided
        elif flag.status == "open":
            flag.score = wanted[pair][0]
            flag.detail = json.dumps(wanted[pair][1], sort_keys=True)
    for pair, (score, reasons) in wanted.items():
        if pair not in existing:
            session.add(SyncDuplicate(project_id=project_id, interview_a=pair[0],
                                      interview_b=pair[1], score=score, status="open",
                                      detail=json.dumps(reasons, sort_keys=True),
                                      created_at=utcnow()))
    session.flush()
    return sum(1 for pair in wanted if pair not in existing
               or existing[pair].status == "open")


def scan_duplicates(store: Store) -> int:
    """Check every interview of the coordinator's project again (e.g. those entered
    before duplicate checks existed); returns the number of open flags."""
    project = coordinator_project(store)
    with store.session() as session:
        uuids = list(session.scalars(select(Interview.uuid).where(
            Interview.project_id == project.id, Interview.status != "draft")))
        flag_duplicates(session, project.id, uuids)
        return len(list(session.scalars(select(SyncDuplicate.id).where(
            SyncDuplicate.project_id == project.id, SyncDuplicate.status == "open"))))


# -- review ---------------------------------------------------------------------------


def _sides(session: Session, uuids: Sequence[str]) -> dict[str, DuplicateSide]:
    households = _households(session, uuids)
    out = {}
    for chunk in chunks(sorted(set(uuids))):
        for row, name in session.execute(
                select(Interview, Interviewer.name)
                .outerjoin(Interviewer, Interviewer.id == Interview.interviewer_id)
                .where(Interview.uuid.in_(chunk))):
            h = households.get(row.uuid, Household("", "", ""))
            out[row.uuid] = DuplicateSide(row.uuid, row.label, name or "", row.device_id,
                                          row.finalized_at, h.postcode, h.address,
                                          h.head_name)
    return out


def list_duplicates(store: Store, *, include_resolved: bool = False) -> list[DuplicateFlag]:
    """Flags for the review screen, most alike first (open ones only by default).
    Shows the addresses and names: for the coordinator's eyes only."""
    project = coordinator_project(store)
    with store.session() as session:
        query = select(SyncDuplicate).where(SyncDuplicate.project_id == project.id)
        if not include_resolved:
            query = query.where(SyncDuplicate.status == "open")
        flags = list(session.scalars(query.order_by(SyncDuplicate.score.desc(),
                                                    SyncDuplicate.id)))
        sides = _sides(session, [u for f in flags for u in (f.interview_a, f.interview_b)])
        blank = DuplicateSide("", "", "", "", None, "", "", "")
        return [DuplicateFlag(f.id, sides.get(f.interview_a, blank),
                              sides.get(f.interview_b, blank), f.score,
                              json.loads(f.detail or "{}"), f.status, f.duplicate_uuid,
                              f.resolved_by, f.resolved_at) for f in flags]


class NoSuchFlag(UsageError):
    """No duplicate flag with that id in the coordinator's project (never flagged, or
    withdrawn by an import since it was listed)."""

    def __init__(self, flag_id: int) -> None:
        self.flag_id = flag_id
        super().__init__(_("There is no duplicate flag {id}; see 'fieldkit duplicates "
                           "list'.").format(id=flag_id))


class FlagSettled(Exception):
    """``resolve_duplicate(only_if_open=True)``: the flag was settled already (e.g. by
    another coordinator on a shared store); their decision stands. For the caller to
    handle: it carries no text for the user."""

    def __init__(self, flag_id: int, status: str) -> None:
        super().__init__(flag_id, status)
        self.flag_id = flag_id
        self.status = status


def resolve_duplicate(store: Store, flag_id: int, *, same_household: bool,
                      duplicate: str | None = None, actor: str = "",
                      only_if_open: bool = False) -> None:
    """Settle a flag: not the same household, or the same one with ``duplicate`` (one
    of the pair's interview ids) marked as the duplicate of the other. Nothing is
    deleted; exports can leave out ``marked_duplicates``. Audited.

    A settled flag is decided again (the command line may change a decision) unless
    ``only_if_open``: then :class:`FlagSettled` if it is no longer open, checked by the
    write itself, so a decision committed meanwhile by someone else is never
    overwritten. :class:`NoSuchFlag` (a UsageError) if there is no such flag."""
    project = coordinator_project(store)
    device = ensure_local_device(store)
    with store.session() as session:
        flag = session.get(SyncDuplicate, flag_id)
        if flag is None or flag.project_id != project.id:
            raise NoSuchFlag(flag_id)
        if only_if_open and flag.status != "open":
            raise FlagSettled(flag_id, flag.status)
        pair = (flag.interview_a, flag.interview_b)
        if same_household:
            if duplicate is None or not any(u.startswith(duplicate) for u in pair) \
                    or all(u.startswith(duplicate) for u in pair):
                raise UsageError(_("--duplicate: give the id of one of the two interviews "
                                   "of flag {id} ({a} or {b}).").format(
                                       id=flag_id, a=pair[0], b=pair[1]))
            chosen = next(u for u in pair if u.startswith(duplicate))
        else:
            chosen = None
        before = flag.status
        status = "duplicate" if same_household else "not_duplicate"
        # The status read above may be stale: on SQLite the read ran outside the write
        # transaction, on PostgreSQL without a lock. The UPDATE's own WHERE is checked
        # under the write lock (PostgreSQL re-checks it on the row version committed
        # by a writer it waited for), so "still open" and the change are one step.
        change = update(SyncDuplicate).where(SyncDuplicate.id == flag_id)
        if only_if_open:
            change = change.where(SyncDuplicate.status == "open")
        done = session.connection().execute(change.values(
            status=status, duplicate_uuid=chosen, resolved_by=actor, resolved_at=utcnow()))
        if done.rowcount != 1:
            now = session.scalar(select(SyncDuplicate.status)
                                 .where(SyncDuplicate.id == flag_id))
            if now is None:  # withdrawn by an import meanwhile
                raise NoSuchFlag(flag_id)
            raise FlagSettled(flag_id, now)
        audit(session, "resolve-duplicate", object_type="duplicate", object_id=str(flag_id),
              device_id=device.id, actor=actor,
              detail={"interviews": list(pair), "before": before, "status": status,
                      "duplicate": chosen})


def flagged_interviews(store: Store) -> set[str]:
    """Interviews with an open duplicate flag (for exports and lists to mark)."""
    with store.session() as session:
        return flagged_in(session)


def marked_duplicates(store: Store) -> set[str]:
    """Interviews a person marked as the duplicate of another household interview."""
    with store.session() as session:
        return marked_in(session)


def flagged_in(session: Session, uuids: Sequence[str] | None = None) -> set[str]:
    """:func:`flagged_interviews` inside a transaction, optionally among ``uuids``."""
    rows = session.execute(select(SyncDuplicate.interview_a, SyncDuplicate.interview_b)
                           .where(SyncDuplicate.status == "open"))
    found = {uuid for pair in rows for uuid in pair}
    return found if uuids is None else found & set(uuids)


def marked_in(session: Session, uuids: Sequence[str] | None = None) -> set[str]:
    """:func:`marked_duplicates` inside a transaction, optionally among ``uuids``."""
    found = {u for u in session.scalars(select(SyncDuplicate.duplicate_uuid).where(
        SyncDuplicate.status == "duplicate")) if u is not None}
    return found if uuids is None else found & set(uuids)
