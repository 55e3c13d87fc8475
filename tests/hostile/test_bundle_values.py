"""Bundles with absurd values, signed by a laptop that has its keys: each is refused
(exit 3) with one short line, no traceback, and the coordinator's store unchanged.
The same forge makes a bundle that is accepted, so the refusals are the values'."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fieldkit.cli import main
from fieldkit.sync.formats import canonical
from tests.hostile.forge import Forge
from tests.sync.helpers import Coordinator, dump

DEEP = 100_000


def run_import(coordinator: Coordinator, *paths: Path,
               capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--db", str(coordinator.store.engine.url), "bundle", "import",
                 *map(str, paths)])
    return code, capsys.readouterr().err


def refused(coordinator: Coordinator, path: Path, capsys: pytest.CaptureFixture[str],
            reason: str = "") -> str:
    before = dump(coordinator.store)
    code, err = run_import(coordinator, path, capsys=capsys)
    assert code == 3, err
    line = err.strip()
    assert "\n" not in line and "Traceback" not in err, err
    assert len(line) <= len(str(path)) + 240, line
    assert reason in line, line
    assert dump(coordinator.store) == before
    return line


def test_the_forge_makes_bundles_that_are_accepted(
        coordinator: Coordinator, forge: Forge, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_import(coordinator, forge.write(tmp_path / "ok.zip", forge.interview()),
                           capsys=capsys)
    assert code == 0, err


def _deep(inside: str = "") -> str:
    return "[" * DEEP + inside + "]" * DEEP


def _header_value(forge: Forge, **changes: Any) -> Callable[[Path], Path]:
    return lambda out: forge.write(out, forge.interview(**changes))


CASES: dict[str, Callable[[Forge, Path], Path]] = {
    "envelope nested 100,000 deep": lambda f, out: f.write(
        out, f.interview(), envelope=(
            '{"format":"fieldkit-bundle","version":1,"project_id":"' + f.laptop.project_id
            + '","x":' + _deep() + "}").encode()),
    "manifest nested 100,000 deep": lambda f, out: f.write(
        out, f.interview(), manifest={"extra": 0},
        manifest_bytes=canonical(f.manifest(b""))[:-1] + f',"x":{_deep()}}}'.encode()),
    "version line nested 100,000 deep": lambda f, out: f.write(
        out, (json.dumps(f.interview()[0])[:-1] + f',"x":{_deep()}}}\n').encode()),
    "value nested 100,000 deep": lambda f, out: f.write(
        out, (json.dumps(f.interview()[0])[:-1].replace('"value":', '"v":')
              + f',"value":{_deep()}}}\n').encode()),
    "header nested 100,000 deep": lambda f, out: f.write(
        out, [f.record("7c9e6679-7425-40de-944b-e07fc1f90ae7", "@sync/header",
                       '{"project_id":' + _deep() + "}")]),
    "seq Infinity": lambda f, out: f.write(
        out, f.interview(), manifest_bytes=json.dumps(
            f.manifest(b"") | {"seq": float("inf")}).encode()),
    "seq 1e308": lambda f, out: f.write(out, f.interview(), manifest={"seq": 1e308}),
    "seq 10**30": lambda f, out: f.write(out, f.interview(), manifest={"seq": 10**30}),
    "seq negative": lambda f, out: f.write(out, f.interview(), manifest={"seq": -3}),
    "seq fractional": lambda f, out: f.write(out, f.interview(), manifest={"seq": 1.5}),
    "seq a million bundles ahead": lambda f, out: f.write(out, f.interview(),
                                                          manifest={"seq": 2**40}),
    "manifest created_at not a date": lambda f, out: f.write(
        out, f.interview(), manifest={"created_at": "yesterday"}),
    "header created_at not a date": lambda f, out: f.write(
        out, f.interview(created_at="not a date")),
    "header created_at 30 February": lambda f, out: f.write(
        out, f.interview(created_at="2026-02-30T10:00:00+00:00")),
    "header finalized_at an integer": lambda f, out: f.write(
        out, f.interview(finalized_at=1767225600)),
    "header with an extra key": lambda f, out: f.write(out, f.interview(extra="x")),
    "header label of a megabyte": lambda f, out: f.write(out, f.interview(label="x" * 10**6)),
    "version at garbage": lambda f, out: f.write(
        out, [f.interview()[0], f.record(f.interview()[0]["interview"], "/data/name", "x",
                                         at="garbage")]),
    "path /../../etc/passwd": lambda f, out: f.write(
        out, [*(i := f.interview()), f.record(i[0]["interview"], "/../../etc/passwd", "x")]),
    "path with NUL": lambda f, out: f.write(
        out, [*(i := f.interview()), f.record(i[0]["interview"], "/data/na\0me", "x")]),
    "path with a right-to-left override": lambda f, out: f.write(
        out, [*(i := f.interview()), f.record(i[0]["interview"], "/data/\u202ename", "x")]),
    "path neither a form's nor fieldkit's": lambda f, out: f.write(
        out, [*(i := f.interview()), f.record(i[0]["interview"], "@evil/x", "x")]),
    "clock 2**62 - 3": lambda f, out: f.write(
        out, [*(i := f.interview()), f.record(i[0]["interview"], "/data/age", "3",
                                              clock=2**62 - 3)]),
    "clock four billion ahead": lambda f, out: f.write(
        out, [*(i := f.interview()), f.record(i[0]["interview"], "/data/age", "3",
                                              clock=2**33)]),
    "clock negative": lambda f, out: f.write(
        out, [*(i := f.interview()), f.record(i[0]["interview"], "/data/age", "3", clock=-1)]),
    "clock a float": lambda f, out: f.write(
        out, [*(i := f.interview()), f.record(i[0]["interview"], "/data/age", "3",
                                              clock=1.0)]),
    "answer of two megabytes": lambda f, out: f.write(
        out, [*(i := f.interview()), f.record(i[0]["interview"], "/data/note", "x" * 2**21)]),
    "member name of 10,000 characters": lambda f, out: f.write(
        out, f.interview(), outer_extra={"n" * 10_000: b"x"}),
    "inner member name of 10,000 characters": lambda f, out: f.write(
        out, f.interview(), inner_extra={"\u202e" + "n" * 10_000: b"x"}),
    "manifest lists another member": lambda f, out: f.write(
        out, f.interview(), manifest={"members": {"versions.jsonl": "0" * 64,
                                                  "x" * 5000: "0" * 64}}),
    "project id of 10,000 characters": lambda f, out: f.write(
        out, f.interview(), envelope=canonical({"format": "fieldkit-bundle", "version": 1,
                                                "project_id": "p" * 10_000})),
}


@pytest.mark.parametrize("case", CASES)
def test_refused(case: str, coordinator: Coordinator, forge: Forge, tmp_path: Path,
                 capsys: pytest.CaptureFixture[str]) -> None:
    path = CASES[case](forge, tmp_path / "hostile.zip")
    line = refused(coordinator, path, capsys)
    assert "\0" not in line and "\u202e" not in line
