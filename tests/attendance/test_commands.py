"""``fieldkit sessions report``."""

from __future__ import annotations

import json
from datetime import date

import pytest

from fieldkit.attendance.demo import seed_sessions
from fieldkit.cli import main
from fieldkit.paths import resolve_paths
from fieldkit.projects import current_project
from fieldkit.store import open_store


def seeded() -> None:
    store = open_store(resolve_paths(None).default_db_url)
    try:
        seed_sessions(store, current_project(store).id, sessions=3, seed=1,
                      first=date(2026, 2, 2), attendees=(8, 12))
    finally:
        store.close()


def test_report_json(capsys: pytest.CaptureFixture[str]) -> None:
    seeded()
    assert main(["sessions", "report", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("sessions", "attendances", "unique_people", "new", "returning", "anonymous",
                "children", "languages", "issues", "referrals", "followups_open",
                "followups_closed"):
        assert key in out
    assert out["sessions"] == 3
    assert out["new"] + out["returning"] + out["anonymous"] == out["attendances"]
    assert main(["sessions", "report", "--json", "--from", "2026-02-09",
                 "--to", "2026-02-09"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one["sessions"] == 1 and one["from"] == "2026-02-09"
    assert one["attendances"] == one["per_session"][0]["attendances"]


def test_report_text(capsys: pytest.CaptureFixture[str]) -> None:
    seeded()
    assert main(["sessions", "report"]) == 0
    out = capsys.readouterr().out
    assert "Attendances:" in out and "Romanian" in out


@pytest.mark.parametrize("args", [["--from", "2026-02-30"], ["--from", "2026-03-01",
                                                              "--to", "2026-02-01"]])
def test_bad_dates_are_one_line_usage_errors(args: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sessions", "report", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("fieldkit: --from")


def test_empty_store_reports_zeros(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sessions", "report", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sessions"] == 0 and out["attendances"] == 0
