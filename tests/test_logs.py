"""The log file is rotated at start-up once it is large, keeping three old ones."""

from __future__ import annotations

from pathlib import Path

from fieldkit.logs import _rotate


def test_a_large_log_is_rotated_and_three_old_ones_are_kept(tmp_path: Path) -> None:
    log = tmp_path / "fieldkit.log"
    log.write_text("small\n", encoding="utf-8")
    _rotate(log, max_bytes=100)
    assert log.read_text(encoding="utf-8") == "small\n"  # under the limit: left alone
    for run in range(5):
        log.write_text(f"run {run}\n" * 50, encoding="utf-8")
        _rotate(log, max_bytes=100)
        assert not log.exists()
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["fieldkit.log.1", "fieldkit.log.2", "fieldkit.log.3"]
    assert (tmp_path / "fieldkit.log.1").read_text(encoding="utf-8").startswith("run 4")
    assert (tmp_path / "fieldkit.log.3").read_text(encoding="utf-8").startswith("run 2")
