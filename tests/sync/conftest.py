from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.helpers import Coordinator, make_coordinator


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[Coordinator]:
    c = make_coordinator(f"sqlite:///{tmp_path / 'coordinator.sqlite3'}", tmp_path)
    yield c
    c.store.close()
