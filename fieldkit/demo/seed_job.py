"""What a demo seeder is given and gives back (see fieldkit.demo.seeding, which runs
the seeders; a module of its own so seeders need not import the runner)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fieldkit.store import Store

__all__ = ["FIELDWORK_DAYS", "FIELDWORK_START", "Progress", "SeedCount", "SeedJob", "Seeder"]

Progress = Callable[[int, int], None]

#: The fieldwork period demo records fall in (fixed, so a seed always gives the same data).
FIELDWORK_START = datetime(2026, 3, 2, tzinfo=UTC)
FIELDWORK_DAYS = 120


@dataclass
class SeedJob:
    """What a seeder works with."""

    store: Store
    project_id: str
    #: How many interviews were asked for.
    interviews: int
    random: random.Random
    progress: Progress | None = None
    #: Anything a seeder wants to hand to the ones after it (e.g. people made).
    shared: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SeedCount:
    """What one seeder made: a name (e.g. "interviews") and how many."""

    what: str
    count: int


Seeder = Callable[[SeedJob], SeedCount]
