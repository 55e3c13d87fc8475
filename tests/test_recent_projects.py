"""File → Open recent: the list of data folders, kept in the user's configuration."""

from __future__ import annotations

from pathlib import Path

from fieldkit.recent_projects import MAX_RECENT, forget, recent_file, recent_projects, remember


def test_most_recent_first_without_duplicates_or_passwords(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    remember(a, "A", "coordinator")
    remember(b, "B", "practice", "postgresql+psycopg://ana:secret@db.example/fk")
    remember(a, "A again", "coordinator")
    got = recent_projects()
    assert [(r.name, r.role) for r in got] == [("A again", "coordinator"), ("B", "practice")]
    assert got[1].db_url == "postgresql+psycopg://ana@db.example/fk"
    assert "secret" not in recent_file().read_text(encoding="utf-8")
    forget(a)
    assert [r.name for r in recent_projects()] == ["B"]


def test_gone_folders_and_damaged_files_are_left_out(tmp_path: Path) -> None:
    folders = [tmp_path / str(n) for n in range(MAX_RECENT + 2)]
    for n, folder in enumerate(folders):
        folder.mkdir()
        remember(folder, str(n), "coordinator")
    assert len(recent_projects()) == MAX_RECENT
    folders[-1].rmdir()
    assert recent_projects()[0].name == str(MAX_RECENT)
    recent_file().write_text("{not json", encoding="utf-8")
    assert recent_projects() == []
    recent_file().write_text('[{"data_dir": 3}, "x"]', encoding="utf-8")
    assert recent_projects() == []
