"""However a bundle is made, reading it stays under 500 MB of memory and a minute
(measured in a child process), and it is refused with one line."""

from __future__ import annotations

import uuid as uuid_module
from pathlib import Path

import pytest

from fieldkit.sync.formats import MAX_RECORDS
from fieldkit.sync.versions import version_id
from tests.hostile.forge import NOW, Forge
from tests.hostile.measure import run_cli
from tests.sync.helpers import Coordinator, dump

PEAK_MB = 500
SECONDS = 60


def _refused_within_bounds(coordinator: Coordinator, path: Path, reason: str) -> None:
    before = dump(coordinator.store)
    coordinator.store.close()  # the child process imports into it
    run = run_cli("--db", str(coordinator.store.engine.url), "bundle", "import", str(path))
    assert run.code == 3, run.err
    line = run.err.strip()
    assert "\n" not in line and "Traceback" not in run.err and reason in line, run.err
    assert len(line) < len(str(path)) + 240
    print(f"{path.name}: peak {run.peak_mb:.0f} MB, {run.seconds:.1f} s")  # -s shows it
    assert run.peak_mb < PEAK_MB, run.peak_mb
    assert run.seconds < SECONDS, run.seconds
    assert dump(coordinator.store) == before


@pytest.mark.slow
def test_an_answer_of_200_mb(coordinator: Coordinator, forge: Forge, tmp_path: Path) -> None:
    records = forge.interview()
    body = forge.write(tmp_path / "x.zip", [*records, forge.record(
        records[0]["interview"], "/data/note", "x" * (200 << 20))])
    _refused_within_bounds(coordinator, body, "too large")


def test_a_line_of_60_mb(coordinator: Coordinator, forge: Forge, tmp_path: Path) -> None:
    records = forge.interview()
    line = forge.record(records[0]["interview"], "/data/note", "x" * (60 << 20))
    _refused_within_bounds(coordinator, forge.write(tmp_path / "x.zip", [*records, line]),
                           "versions.jsonl:3")


def test_the_most_records_fieldkit_reads(coordinator: Coordinator, forge: Forge,
                                         tmp_path: Path) -> None:
    """MAX_RECORDS well-formed versions (ids and all): read, worked out, and refused
    only at the store (they belong to no interview it has) within the bounds."""
    device = forge.laptop.device_id
    lines = []
    for number in range(MAX_RECORDS):
        uuid = str(uuid_module.UUID(int=number // 50))
        path = f"/data/q{number % 50}"
        rid = version_id(uuid, path, "some answer", device_id=device, clock=number + 1,
                         written_at=NOW, supersedes=())
        lines.append(f'{{"at":"{NOW}","clock":{number + 1},"device":"{device}",'
                     f'"id":"{rid}","interview":"{uuid}","path":"{path}",'
                     f'"supersedes":[],"value":"some answer"}}\n')
    body = "".join(lines).encode()
    _refused_within_bounds(coordinator, forge.write(tmp_path / "x.zip", body),
                           "neither in the bundle nor in the store")


def test_one_record_too_many(coordinator: Coordinator, forge: Forge, tmp_path: Path) -> None:
    body = b"{}\n" * (MAX_RECORDS + 1)
    _refused_within_bounds(coordinator, forge.write(tmp_path / "x.zip", body),
                           "more than")
