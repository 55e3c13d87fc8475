"""``fieldkit insight profile|alerts``: the JSON the README documents, one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.demo.seeding import seed_demo
from fieldkit.store import open_store

ALERT_KEYS = {"group", "measure", "category", "period", "previous_period", "share",
              "previous_share", "n", "previous_n", "p_value", "q_value", "text"}


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("insight") / "fieldkit.sqlite3"
    store = open_store(f"sqlite:///{path}")
    try:
        seed_demo(store, interviews=600, seed=4)
    finally:
        store.close()
    return path


@pytest.fixture
def seeded(seeded_file: Path, data_dir: Path) -> Path:
    """The data folder's store, holding the seeded households."""
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(seeded_file, data_dir / "fieldkit.sqlite3")
    return data_dir


def test_alerts_json(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["insight", "alerts", "--form", "household_survey", "--by", "ethnicity",
                 "--measure", "household_type", "--measure", "age", "--json",
                 "--period", "year", "--fdr", "0.2", "--min-change", "5",
                 "--min-n", "5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["tests"] > 0 and out["fdr"] == 0.2 and out["min_change"] == 0.05
    assert out["min_n"] == 5 and "household_survey" in out["source"]
    assert out["alerts"], "the demo's growing Romanian community should show"
    for alert in out["alerts"]:
        assert set(alert) >= ALERT_KEYS
        assert alert["q_value"] <= 0.2 and alert["p_value"] <= alert["q_value"]
        assert alert["period"] > alert["previous_period"]
        if alert["kind"] == "share":
            assert abs(alert["share"] - alert["previous_share"]) >= 0.05
            assert min(alert["n"], alert["previous_n"]) >= 5
    growth = [a for a in out["alerts"] if a["kind"] == "count"]
    assert [(a["group"], a["period"], a["previous_period"]) for a in growth] == \
        [("white_romanian", "2025", "2024")]
    assert growth[0]["share"] is None and growth[0]["n"] > growth[0]["previous_n"]
    assert growth[0]["text"].startswith("White – Romanian: ")


def test_profile_json_and_text(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["insight", "profile", "--form", "household_survey", "--by", "ethnicity",
                 "--measure", "tenure", "--period", "year", "--area", "postcode",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["periods"] == ["2024", "2025", "2026"]
    assert out["measures"][0]["name"] == "tenure"
    all_areas = [c for c in out["cells"] if c["area"] is None]
    assert sum(i["n"] for i in out["interviews"]) == 600
    by_group_year: dict[tuple[str, str], int] = {}
    for cell in all_areas:
        by_group_year[(cell["group"], cell["period"])] = cell["total"]
    assert by_group_year == {(i["group"], i["period"]): i["n"] for i in out["interviews"]}
    assert {c["area"] for c in out["cells"]} - {None} <= {"LS6", "LS7", "LS8", "LS9", "LS11"}
    assert main(["--lang", "pl", "insight", "profile", "--form", "household_survey", "--by",
                 "ethnicity", "--measure", "household_type"]) == 0
    text = capsys.readouterr().out
    assert "Afgańska" in text  # the form's Polish label for the group


@pytest.mark.parametrize(("args", "code", "words"), [
    (["alerts", "--form", "nope", "--by", "ethnicity"], 1, "--form nope"),
    (["alerts", "--form", "household_survey", "--by", "nope"], 1, "--by nope"),
    (["profile", "--form", "household_survey", "--by", "ethnicity", "--measure", "address"],
     1, "--measure address"),
    (["alerts", "--form", "household_survey", "--by", "ethnicity", "--fdr", "2"], 2, "--fdr"),
    (["alerts", "--form", "household_survey", "--by", "ethnicity", "--min-n", "0"], 2,
     "--min-n"),
    (["profile", "--form", "household_survey", "--by", "ethnicity", "--period", "week"], 2,
     "--period"),
])  # fmt: skip
def test_errors_are_one_line(seeded: Path, capsys: pytest.CaptureFixture[str],
                             args: list[str], code: int, words: str) -> None:
    assert main(["insight", *args]) == code
    err = capsys.readouterr().err
    assert words in err
    assert len(err.strip().splitlines()) == 1 or code == 2
