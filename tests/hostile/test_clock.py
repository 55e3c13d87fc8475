"""A bundle from a laptop whose clock is a year behind: imported, with a warning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.sync.bundle_out import iso
from tests.hostile.forge import Forge
from tests.sync.helpers import Coordinator


def test_import_warns_and_imports(coordinator: Coordinator, forge: Forge, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    year_ago = iso(datetime.now(UTC) - timedelta(days=365))
    path = forge.write(tmp_path / "b.zip", forge.interview(created_at=year_ago),
                       manifest={"created_at": year_ago})
    code = main(["--db", str(coordinator.store.engine.url), "bundle", "import",
                 str(path)])
    captured = capsys.readouterr()
    assert code == 0
    assert "warning: records are dated" in captured.err and "accepted" in captured.out
