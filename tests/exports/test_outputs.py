"""Exports never destroy what they should not: an existing file is replaced only
with --force, something that is not a regular file never, and every path problem
is exit 4 (as the README says)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.store import Store

FORM = "household_survey"


def _export(*args: str) -> int:
    return main(["export", *args, "--form", FORM])


@pytest.mark.parametrize(("fmt", "name"), [("xlsx", "data.xlsx"), ("csv", "data.zip"),
                                           ("csv", "folder"), ("dta", "stata")])
def test_existing_output_needs_force(seeded: Store, tmp_path: Path, fmt: str, name: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / name
    assert _export(fmt, "--out", str(out)) == 0
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    before = {p: p.stat().st_mtime_ns for p in files}
    capsys.readouterr()
    assert _export(fmt, "--out", str(out)) == 4
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--force" in err
    assert {p: p.stat().st_mtime_ns for p in files} == before  # nothing touched
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == files
    assert _export(fmt, "--out", str(out), "--force") == 0


def test_csv_onto_an_existing_file_is_exit_4(seeded: Store, tmp_path: Path) -> None:
    existing = tmp_path / "notes.txt"
    existing.write_text("mine")
    assert _export("csv", "--out", str(existing)) == 4
    assert existing.read_text() == "mine"


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_never_replace_a_device(seeded: Store, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """A copy of /dev/null (the same device numbers) in the test's folder: replacing
    it, as ``--out /dev/null`` once did, would make it a regular file."""
    null = tmp_path / "null.xlsx"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    assert _export("xlsx", "--out", str(null), "--force") == 4
    assert stat.S_ISCHR(null.stat().st_mode)
    from fieldkit.sync.safezip import write_file_atomic

    with pytest.raises(Exception, match="not a regular file"):
        write_file_atomic(null, b"bundle")
    assert stat.S_ISCHR(null.stat().st_mode)


def test_fifo_is_not_replaced(seeded: Store, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    assert _export("xlsx", "--out", str(fifo), "--force") == 4
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    """``fieldkit ... --json | head``: the reader goes away; fieldkit exits quietly."""
    form = tmp_path / "form.md"
    form.write_text("| survey |         |          |       |\n"
                    "|        | type    | name     | label |\n"
                    "|        | text    | q        | Q     |\n")
    child = subprocess.Popen([sys.executable, "-m", "fieldkit", "--data-dir",
                              str(tmp_path / "d"), "form", "check", str(form), "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before fieldkit writes
    err = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait() == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


@pytest.mark.parametrize("mode", ["--pseudonymise", "--drop-personal"])
def test_device_labels_stay_out_of_pseudonymised_data(seeded: Store, tmp_path: Path,
                                                      mode: str) -> None:
    """A laptop's label is its interviewer's name: pseudonymised like the interviewer."""
    import csv

    from sqlalchemy import select

    from fieldkit.store.models import Device

    with seeded.session() as session:
        labels = {d.label for d in session.scalars(select(Device)) if d.label}
    assert labels
    assert _export("csv", "--out", str(tmp_path / "out"), mode) == 0
    with (tmp_path / "out" / f"{FORM}.csv").open(encoding="utf-8-sig") as src:
        rows = list(csv.DictReader(src))
    assert rows
    if mode == "--drop-personal":
        assert "meta_device" not in rows[0]
    else:
        assert all(row["meta_device"].startswith("P-") for row in rows)
    assert not labels & {value for row in rows for value in row.values()}
