"""Running the demo seeders: one job (store, project, sizes, random source), every
seeder in :data:`SEEDERS` in turn, one audit event for the lot.

A seeder is a function ``(job: SeedJob) -> SeedCount``. It must draw every random
choice from ``job.random`` (never the global ``random`` or the clock), so the same
seed on the same store gives the same records. To add one, write it in its own
module and append it to :data:`SEEDERS` below.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import func, select

from fieldkit.demo.seed_job import (
    FIELDWORK_DAYS,
    FIELDWORK_START,
    Progress,
    SeedCount,
    Seeder,
    SeedJob,
)
from fieldkit.projects import current_project, ensure_local_device
from fieldkit.store import Store
from fieldkit.store.audit import record_event
from fieldkit.store.models import Interview

__all__ = ["FIELDWORK_DAYS", "FIELDWORK_START", "SEEDERS", "SeedCount", "SeedJob", "SeedResult",
           "Seeder", "seed_demo"]



def _household(job: SeedJob) -> SeedCount:
    from fieldkit.demo.household import seed_households  # loads the forms: only when seeding

    return seed_households(job)


def _advice_sessions(job: SeedJob) -> SeedCount:
    from fieldkit.attendance.demo import seed_sessions  # the attendance service: when seeding

    # A weekly series in the fieldwork period, with returning people and spelling variants.
    made = seed_sessions(job.store, job.project_id, sessions=DEMO_SESSIONS,
                         seed=job.random.randrange(2**32), first=FIELDWORK_START.date())
    return SeedCount("attendances", made.attendances)


#: Advice sessions each demo seed adds (a weekly series).
DEMO_SESSIONS = 6

#: Seeders in the order they run. Append new ones here.
SEEDERS: list[Seeder] = [_household, _advice_sessions]


@dataclass(frozen=True)
class SeedResult:
    project_id: str
    seed: int
    counts: tuple[SeedCount, ...]

    def to_json(self) -> dict[str, object]:
        return {"project_id": self.project_id, "seed": self.seed,
                "made": {c.what: c.count for c in self.counts}}


def seed_demo(store: Store, *, interviews: int, seed: int = 1,
              progress: Progress | None = None, actor: str = "") -> SeedResult:
    """Add demo records to the current project. The random source depends on the
    seed and on how many interviews the project already has, so seeding twice adds
    new records rather than colliding, and a fresh store always gets the same ones."""
    project_id = current_project(store).id
    device_id = ensure_local_device(store).id
    with store.session() as session:
        existing = session.scalar(select(func.count()).select_from(Interview)
                                  .where(Interview.project_id == project_id)) or 0
    job = SeedJob(store=store, project_id=project_id, interviews=interviews,
                  random=random.Random(f"fieldkit-demo:{seed}:{existing}"), progress=progress)
    counts = tuple(seeder(job) for seeder in SEEDERS)
    with store.session() as session:
        record_event(session, "demo_seed", object_type="project", object_id=project_id,
                     device_id=device_id, actor=actor,
                     detail={"seed": seed, "made": {c.what: c.count for c in counts}})
    return SeedResult(project_id, seed, counts)
