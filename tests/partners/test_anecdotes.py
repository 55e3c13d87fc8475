"""The log of anecdotal information (SQLite and PostgreSQL, and the CLI)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.errors import OptionError
from fieldkit.partners.anecdotes import add_observation, list_observations
from fieldkit.projects import current_project
from fieldkit.store import open_store


def test_log(store_url: str) -> None:
    store = open_store(store_url)
    try:
        project = current_project(store).id
        add_observation(store, project, observed_on=date(2026, 3, 2), source="Faith group",
                        community="Eritrean", area="Shirley",
                        text="New Eritrean families arriving", tags=("arrivals", " Faith "))
        add_observation(store, project, observed_on=date(2026, 4, 1), source="Outreach",
                        community="Romanian", text="More single men in HMOs")
        found = list_observations(store, project, community="eritrean")
        assert [(o.source, o.tags) for o in found] == [("Faith group", ("arrivals",
                                                                          "faith"))]
        assert [o.source for o in list_observations(store, project)] == ["Outreach",
                                                                          "Faith group"]
        assert list_observations(store, project, since=date(2026, 3, 10))[0].community == \
            "Romanian"
        with pytest.raises(OptionError):
            add_observation(store, project, observed_on=date.today() + timedelta(days=2),
                            source="x", text="y")
        with pytest.raises(OptionError):
            add_observation(store, project, observed_on=date.today(), source="x", text=" ")
    finally:
        store.close()


def test_cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["partners", "note", "add", "--source", "Faith group", "--community",
                 "Eritrean", "--area", "Shirley", "--text",
                 "faith group reports new Eritrean families arriving in Shirley",
                 "--tags", "arrivals", "--date", "2026-03-02"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "1"
    assert main(["partners", "note", "list", "--json", "--area", "shirley"]) == 0
    notes = json.loads(capsys.readouterr().out)["observations"]
    assert notes == [{"id": 1, "date": "2026-03-02", "source": "Faith group",
                      "community": "Eritrean", "area": "Shirley", "tags": ["arrivals"],
                      "text": "faith group reports new Eritrean families arriving in "
                              "Shirley"}]
    assert main(["partners", "note", "add", "--source", "x", "--text", "y", "--date",
                 "soon"]) == 2
    assert "--date" in capsys.readouterr().err
