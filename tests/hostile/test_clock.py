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


def test_the_devices_list_keeps_the_warning(coordinator: Coordinator, forge: Forge,
                                            tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """After the import's report is gone, the devices list still says which laptop's
    clock is wrong (F17 item 8), from its latest bundle that had a warning."""
    from fieldkit.sync.review import list_devices

    url = str(coordinator.store.engine.url)
    year_ago = iso(datetime.now(UTC) - timedelta(days=365))
    late = forge.write(tmp_path / "late.zip", forge.interview(created_at=year_ago),
                       manifest={"created_at": year_ago})
    assert main(["--db", url, "bundle", "import", str(late)]) == 0
    warned = [line.split(": warning: ", 1)[1]
              for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    assert any("before the project existed" in w for w in warned)
    forge.seq = 2
    fine = forge.write(tmp_path / "fine.zip", forge.interview())
    assert main(["--db", url, "bundle", "import", str(fine)]) == 0
    assert "warning" not in capsys.readouterr().err
    [device] = list_devices(coordinator.store)
    assert device.bundles == 2 and device.warned_bundles == 1
    assert list(device.clock_warnings) == warned  # the later, right bundle hides nothing
