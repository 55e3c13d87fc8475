from __future__ import annotations

import os
from pathlib import Path

import pytest

from fieldkit.errors import EnvironmentProblem
from fieldkit.paths import ensure_writable, resolve_paths


def test_option_beats_environment(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "a", environ={"FIELDKIT_DATA_DIR": str(tmp_path / "b")})
    assert paths.data_dir == tmp_path / "a"
    assert paths.log_dir == tmp_path / "a" / "logs"
    assert paths.db_file == tmp_path / "a" / "fieldkit.sqlite3"


def test_environment_beats_platform_default(tmp_path: Path) -> None:
    paths = resolve_paths(None, environ={"FIELDKIT_DATA_DIR": str(tmp_path / "b")})
    assert paths.data_dir == tmp_path / "b"


def test_platform_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    paths = resolve_paths(None, environ={})
    assert paths.data_dir == tmp_path / "xdg" / "fieldkit"


def test_ensure_writable_creates_the_folders(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "new" / "data", environ={})
    ensure_writable(paths)
    assert paths.data_dir.is_dir() and paths.log_dir.is_dir() and paths.backup_dir.is_dir()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder_is_an_environment_problem(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(EnvironmentProblem, match="Cannot write"):
            ensure_writable(resolve_paths(tmp_path / "data", environ={}))
    finally:
        tmp_path.chmod(0o700)


def test_a_file_in_the_way_is_an_environment_problem(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(EnvironmentProblem, match=str(tmp_path / "data")):
        ensure_writable(resolve_paths(tmp_path / "data", environ={}))
