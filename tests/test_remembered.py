"""ui_state.json: the windows' remembered choices; a damaged file is the defaults."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from fieldkit.paths import resolve_paths
from fieldkit.remembered import load_ui_state, save_ui_state


def test_round_trip_keeps_other_keys(tmp_path: Path) -> None:
    path = resolve_paths(tmp_path, environ={}).ui_state_file
    assert path == tmp_path / "ui_state.json"
    assert load_ui_state(path) == {}
    export = {"format": "xlsx", "zip": False, "statuses": ["sent", "receipted"],
              "path": "/home/ana/كوردی.xlsx"}
    save_ui_state(path, "export", export)
    save_ui_state(path, "other", 3)
    assert load_ui_state(path) == {"export": export, "other": 3}
    save_ui_state(path, "other", [])
    assert load_ui_state(path) == {"export": export, "other": []}


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "\"export\"", "", "\xff\xfe"])
def test_a_damaged_file_reads_as_empty_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str) -> None:
    path = tmp_path / "ui_state.json"
    path.write_bytes(text.encode("latin-1"))
    with caplog.at_level(logging.WARNING, logger="fieldkit.remembered"):
        assert load_ui_state(path) == {}
    assert str(path) in caplog.text
    # Saving over it starts afresh.
    save_ui_state(path, "export", {"format": "csv"})
    assert load_ui_state(path) == {"export": {"format": "csv"}}


def test_a_folder_in_the_way_reads_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "ui_state.json"
    path.mkdir()
    assert load_ui_state(path) == {}


def test_write_is_atomic_and_leaves_no_temp_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "data" / "ui_state.json"  # the folder is made
    save_ui_state(path, "export", {"format": "dta"})
    assert [p.name for p in path.parent.iterdir()] == ["ui_state.json"]
    assert json.loads(path.read_text("utf-8")) == {"export": {"format": "dta"}}

    # A failed rename leaves the old file whole, no temp file, and does not raise.
    def fail(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", fail)
    save_ui_state(path, "export", {"format": "sav"})
    assert [p.name for p in path.parent.iterdir()] == ["ui_state.json"]
    assert json.loads(path.read_text("utf-8")) == {"export": {"format": "dta"}}
