"""Building sites for sync tests: a coordinator, laptops that joined it, interviews
written as the interview service writes them (answers with device clocks)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from fieldkit.interviews.answer_rows import write_answers
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store, open_store
from fieldkit.store.models import (
    Answer,
    Device,
    Form,
    Interview,
    Interviewer,
    SyncDevice,
    SyncProject,
    SyncVersion,
    SyncVersionPack,
    utcnow,
)
from fieldkit.sync.merge_store import load_versions
from fieldkit.sync.project import add_interviewer, init_project, join_pack, write_pack
from fieldkit.sync.versions import Version

FORM_ID = "hh"


@dataclass
class Coordinator:
    store: Store
    project_id: str
    codes: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    pack: Path | None = None


def make_coordinator(url: str, folder: Path, names: tuple[str, ...] = ("Ana", "Bo"),
                     retention_days: int = 0) -> Coordinator:
    store = open_store(url)
    project = init_project(store, "Test project", retention_days=retention_days,
                           default_forms=False)
    with store.session() as session:
        session.add(Form(project_id=project.id, form_id=FORM_ID, version="1",
                         title="Household", source_name="hh.xml", source=b"<x/>",
                         hash="a" * 64, xform="<x/>"))
    coordinator = Coordinator(store, project.id)
    for name in names:
        entry, code = add_interviewer(store, name)
        coordinator.codes[name] = code
        coordinator.ids[name] = entry.id
    coordinator.pack = folder / "pack.zip"
    write_pack(store, coordinator.pack)
    return coordinator


@dataclass
class Laptop:
    store: Store
    url: str
    db: Path
    project_id: str
    device_id: str
    interviewer_id: str


def make_laptop(coordinator: Coordinator, folder: Path, name: str) -> Laptop:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "laptop.sqlite3"
    url = f"sqlite:///{db}"
    store = open_store(url)
    assert coordinator.pack is not None
    join_pack(store, coordinator.pack, name, coordinator.codes[name])
    return Laptop(store, url, db, coordinator.project_id, ensure_local_device(store).id,
                  coordinator.ids[name])


def write_interview(laptop: Laptop, answers: dict[str, str | None],
                    uuid: str | None = None) -> str:
    """A finalized interview with ``answers`` (as the service saves them)."""
    now = utcnow()
    with laptop.store.session() as session:
        form_pk = session.scalars(select(Form.id).where(
            Form.project_id == laptop.project_id)).one()
        row = Interview(project_id=laptop.project_id, form_pk=form_pk, status="finalized",
                        label="hh", interviewer_id=laptop.interviewer_id,
                        device_id=laptop.device_id, created_at=now, updated_at=now,
                        finalized_at=now, **({"uuid": uuid} if uuid else {}))
        session.add(row)
        session.flush()
        write_answers(session, row.uuid, laptop.device_id, answers, now)
        return row.uuid


def edit(laptop: Laptop, uuid: str, changes: dict[str, str | None]) -> None:
    """Reopen, change and finalize again (as a person would, before sending)."""
    with laptop.store.session() as session:
        write_answers(session, uuid, laptop.device_id, changes, utcnow())
        session.execute(update(Interview).where(Interview.uuid == uuid)
                        .values(status="finalized"))


def backup(laptop: Laptop, to: Path) -> Path:
    laptop.store.close()
    shutil.copy(laptop.db, to)
    laptop.store = open_store(laptop.url)
    return to


def restore(laptop: Laptop, source: Path) -> None:
    laptop.store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(laptop.db) + suffix).unlink(missing_ok=True)
    shutil.copy(source, laptop.db)
    laptop.store = open_store(laptop.url)


def answers_of(store: Store) -> dict[tuple[str, str], str | None]:
    with store.session() as session:
        return {(a.interview_uuid, a.path): a.value for a in session.scalars(select(Answer))}


def dump(store: Store) -> dict[str, Any]:
    """The store's content that imports may change (not audit rows or import times)."""
    with store.session() as session:
        return {
            "interviews": sorted(
                (i.uuid, i.form_pk, i.status, i.label, i.interviewer_id, i.device_id,
                 str(i.finalized_at)) for i in session.scalars(select(Interview))),
            "answers": sorted((a.interview_uuid, a.path, a.value, a.clock, a.device_id,
                               str(a.updated_at)) for a in session.scalars(select(Answer))),
            # The set of versions, however kept (rows or packs: that depends on order).
            "versions": sorted((v.id, v.value, v.supersedes) for v in all_versions(session)),
            "devices": sorted((d.id, d.counter) for d in session.scalars(select(Device))),
            "trusted": sorted((d.device_id, d.interviewer_id, d.max_seq, d.max_clock)
                              for d in session.scalars(select(SyncDevice))),
            "roster": sorted((r.id, r.name) for r in session.scalars(select(Interviewer))),
            "project": [(p.project_id, p.pack_version)
                        for p in session.scalars(select(SyncProject))],
        }


def all_versions(session: Session) -> list[Version]:
    """Every stored version, from rows and packs alike (each once)."""
    uuids = set(session.scalars(select(SyncVersion.interview_uuid)))
    uuids |= set(session.scalars(select(SyncVersionPack.interview_uuid)))
    return [v for versions in load_versions(session, sorted(uuids)).values() for v in versions]


def just_before_flag_write(store: Store, then: Callable[[], None]) -> None:
    """Run ``then()`` once, just before ``store`` next writes to a duplicate flag: for
    another coordinator to act between resolve_duplicate's read and its write."""
    fired: list[bool] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def before(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not fired and statement.lstrip().upper().startswith("UPDATE SYNC_DUPLICATE"):
            fired.append(True)
            then()
