from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.forge import Forge
from tests.sync.helpers import Coordinator, make_coordinator, make_laptop


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[Coordinator]:
    c = make_coordinator(f"sqlite:///{tmp_path / 'coordinator.sqlite3'}", tmp_path)
    yield c
    c.store.close()


@pytest.fixture
def forge(coordinator: Coordinator, tmp_path: Path) -> Iterator[Forge]:
    laptop = make_laptop(coordinator, tmp_path / "ana", "Ana")
    yield Forge(coordinator, laptop)
    laptop.store.close()
