"""A full disk is an environment problem: exit 4, one line naming the folder, and
nothing half-written. Run on a small tmpfs, mounted for the test (as root, e.g. in
CI); skipped where mounting is not permitted."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.sync.bundle_out import export_bundle
from tests.sync.helpers import Coordinator, make_laptop, write_interview

SIZE = "4m"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs",
                              str(disk)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.decode().strip()})")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path) -> None:
    with (disk / "filler").open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass


def one_line(err: str) -> str:
    line = err.strip()
    assert "\n" not in line and "Traceback" not in err, err
    assert len(line) < 300, line
    return line


def test_demo_seed_on_a_full_disk(small_disk: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data-dir", str(small_disk / "data"), "demo", "seed",
                 "--interviews", "3000"])
    line = one_line(capsys.readouterr().err)
    assert code == 4
    assert "is full" in line and str(small_disk / "data") in line
    # Again, with nothing at all left: the same message, not a bug.
    fill(small_disk)
    code = main(["--data-dir", str(small_disk / "data"), "demo", "seed", "--interviews", "5"])
    assert code == 4 and "is full" in one_line(capsys.readouterr().err)


def test_bundle_export_to_a_full_disk(coordinator: Coordinator, small_disk: Path,
                                      tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    laptop = make_laptop(coordinator, tmp_path / "ana", "Ana")
    write_interview(laptop, {"/data/name": "Rana", "/data/note": "x" * 200_000})
    fill(small_disk)
    out = small_disk / "bundle.zip"
    code = main(["--db", laptop.url, "bundle", "export", "--out", str(out)])
    line = one_line(capsys.readouterr().err)
    assert code == 4 and "is full" in line and str(small_disk) in line
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]  # no .part left
    # The export was rolled back: once there is room, the same data goes out.
    (small_disk / "filler").unlink()
    assert export_bundle(laptop.store, out).interviews == 1


def test_bundle_import_into_a_store_on_a_full_disk(coordinator: Coordinator,
                                                   small_disk: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from fieldkit.store import open_store
    from tests.sync.helpers import make_coordinator

    (tmp_path / "c2").mkdir()
    full = make_coordinator(f"sqlite:///{small_disk / 'coordinator.sqlite3'}",
                            tmp_path / "c2")
    laptop = make_laptop(full, tmp_path / "bo", "Ana")
    for number in range(40):
        write_interview(laptop, {"/data/name": f"Person {number}",
                                 "/data/note": f"{number}" * 20_000})
    export_bundle(laptop.store, tmp_path / "b.zip")
    full.store.close()
    fill(small_disk)
    code = main(["--db", f"sqlite:///{small_disk / 'coordinator.sqlite3'}", "bundle",
                 "import", str(tmp_path / "b.zip")])
    line = one_line(capsys.readouterr().err)
    assert code == 4 and "is full" in line, line
    (small_disk / "filler").unlink()
    store = open_store(f"sqlite:///{small_disk / 'coordinator.sqlite3'}")
    from tests.sync.helpers import dump

    assert dump(store)["interviews"] == []  # nothing half-applied
    store.close()
