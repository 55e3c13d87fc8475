"""Partners' figures in: the three layouts, bad files refused whole, a fieldkit
release taken in with its signature checked, and partner series in the alerts."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldkit.cli import main
from fieldkit.errors import RejectedInput
from fieldkit.partners.imports import import_figures, list_sources, parse_period
from fieldkit.projects import current_project
from fieldkit.store import open_store
from fieldkit.store.models import PartnerFigure, PartnerImport
from tests.partners.conftest import AGREEMENT

LONG = """period,area,category,count
2025H2,SO14,Romanian,31
2026H1,SO14,Romanian,74
2025H2,SO14,Polish,20
2026H1,SO14,Polish,22
2026H1,SO14,Total,96
"""

WIDE = """date,geography,geography code,Romanian,Polish,Total
2021,Southampton,E06000045,120,300,420
2022,Southampton,E06000045,150,310,460
"""

STATXPLORE = '''"Dataset:","NINo Allocations to Adult Overseas Nationals Entering the UK"

"Measure:","NINo Registrations"
"Counting:","Total"

"Filters:"
"Local Authority","Southampton"

"Quarter","2025 Q3","2025 Q4","2026 Q1","2026 Q2","Total"
"World Area / Nationality"
"Romania","31","40","74","80","225"
"Poland","12","..","15","9","36"
"Total","43","40","89","89","261"

"*","Figures for nationalities with fewer than 5 registrations are shown as .."
"Source: Department for Work and Pensions, Stat-Xplore"
'''


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _figures(url: str) -> dict[tuple[str, str, str, str], int]:
    store = open_store(url)
    try:
        with store.session() as session:
            return {(f.source, f.area, f.category, f.period): f.count
                    for f in session.scalars(select(PartnerFigure))}
    finally:
        store.close()


def test_period_forms() -> None:
    assert parse_period("2026H1") == "2026H1"
    assert parse_period("2026 Q3") == "2026Q3"
    assert parse_period("Mar 2026") == "2026-03"
    assert parse_period("March-26") == "2026-03"
    assert parse_period("2026-03-31") == "2026-03"
    assert parse_period("2026") == "2026"
    for bad in ("2026Q5", "2026H3", "2026-13", "2026-02-30", "soon", ""):
        assert parse_period(bad) is None, bad


def test_three_layouts(store_url: str, tmp_path: Path) -> None:
    store = open_store(store_url)
    try:
        project = current_project(store).id
        long = import_figures(store, project, _write(tmp_path, "gp.csv", LONG),
                              "GP registrations")
        assert (long.layout, long.rows) == ("long", 4)
        wide = import_figures(store, project, _write(tmp_path, "census.csv", WIDE), "Census")
        assert (wide.layout, wide.rows, wide.areas) == ("wide", 4, ["E06000045"])
        mapping = {"area_value": "Southampton"}
        stat = import_figures(store, project, _write(tmp_path, "nino.csv", STATXPLORE),
                              "NINo registrations", mapping=mapping)
        assert (stat.layout, stat.rows, stat.skipped) == ("statxplore", 7, 1)
        assert stat.periods == ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
        held = {s["source"]: s for s in list_sources(store, project)}
        assert set(held) == {"GP registrations", "Census", "NINo registrations"}
        assert held["NINo registrations"]["categories"] == ["Poland", "Romania"]
        assert held["NINo registrations"]["areas"] == ["Southampton"]
        # The mapping is remembered for the source: the next file needs none.
        again = import_figures(store, project, _write(tmp_path, "nino2.csv", STATXPLORE),
                               "NINo registrations")
        assert again.areas == ["Southampton"]
    finally:
        store.close()
    figures = _figures(store_url)
    assert figures[("GP registrations", "SO14", "Romanian", "2026H1")] == 74
    assert figures[("Census", "E06000045", "Polish", "2022")] == 310
    assert figures[("NINo registrations", "Southampton", "Romania", "2026Q1")] == 74
    assert ("NINo registrations", "Southampton", "Poland", "2025Q4") not in figures


@pytest.mark.parametrize(("text", "lines"), [
    (LONG + "2026H1,SO14,Somali,-2\n2026H1,SO14,Eritrean,many\n", ["line 7", "line 8"]),
    (LONG + "2026Q5,SO14,Somali,4\n", ["line 7"]),
    (LONG.replace("Total,96", "Total,97"), ["line 6"]),  # a total that does not add up
    (WIDE.replace("420", "421"), ["line 2"]),
    (STATXPLORE.replace('"261"', '"262"'), ["line 13"]),
    (LONG + "2026H1,SO14,Polish,3\n", ["line 7", "first on line 5"]),
])
def test_bad_files_store_nothing(seeded: Path, tmp_path: Path, text: str, lines: list[str],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["partners", "import", str(_write(tmp_path, "good.csv", LONG)),
                 "--source", "GP"]) == 0
    capsys.readouterr()
    url = f"sqlite:///{seeded / 'fieldkit.sqlite3'}"
    before = _figures(url)
    assert main(["partners", "import", str(_write(tmp_path, "bad.csv", text)),
                 "--source", "GP"]) == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "nothing stored" in err
    for line in lines:
        assert line in err
    assert _figures(url) == before
    store = open_store(url)
    try:
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(PartnerImport)) == 1
    finally:
        store.close()


def test_release_round_trip_and_alerts(seeded: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """One fieldkit's releases become another's partner series, signature checked."""
    assert main(AGREEMENT) == 0
    capsys.readouterr()
    releases = []
    for period in ("2025", "2026"):
        out = tmp_path / f"{period}.zip"
        assert main(["share", "release", "--agreement", "1", "--by", "ethnicity",
                     "--period", period, "--out", str(out)]) == 0
        releases.append(out)
    capsys.readouterr()
    other = ["--data-dir", str(tmp_path / "other")]
    for out in releases:
        assert main([*other, "partners", "import", str(out), "--source", "Housing",
                     "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["layout"] == "fieldkit-release"
    sent = {r["ethnicity"]: r["count"] for r in _release_rows(releases[1])}
    got = _figures(f"sqlite:///{tmp_path / 'other' / 'fieldkit.sqlite3'}")
    for group, count in sent.items():
        key = ("Housing", "", group, "2026")
        if group == "Total" or count == "c":
            assert key not in got
        else:
            assert got[key] == int(count)
    # A changed release is refused whole.
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(releases[0]) as src, zipfile.ZipFile(tampered, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "table.csv":
                data = data.replace(b",1", b",9")
            dst.writestr(name, data)
    assert main([*other, "partners", "import", str(tampered), "--source", "Housing"]) == 3
    assert "signed hash" in capsys.readouterr().err
    assert main([*other, "partners", "list", "--json"]) == 0
    sources = json.loads(capsys.readouterr().out)["sources"]
    assert sources[0]["source"] == "Housing" and sources[0]["periods"] == ["2025", "2026"]
    assert set(sources[0]) == {"source", "rows", "periods", "areas", "categories"}


def _release_rows(path: Path) -> list[dict[str, str]]:
    import csv
    import io

    with zipfile.ZipFile(path) as archive:
        return list(csv.DictReader(io.StringIO(archive.read("table.csv").decode())))


def test_partner_series_join_the_alerts(seeded: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["partners", "import", str(_write(tmp_path, "gp.csv", LONG)), "--source",
                 "GP registrations"]) == 0
    assert main(["partners", "note", "add", "--source", "Faith group", "--community",
                 "romanian", "--text", "New families at the Sunday service", "--date",
                 "2026-03-02"]) == 0
    capsys.readouterr()
    args = ["insight", "alerts", "--form", "household_survey", "--by", "ethnicity",
            "--measure", "tenure", "--period", "year", "--json"]
    assert main(args) == 0
    run = json.loads(capsys.readouterr().out)
    partner = [a for a in run["alerts"] if a["source"]]
    assert [a["text"] for a in partner] == [
        "GP registrations: Romanian in SO14: 31 → 74 (2025 H2 → 2026 H1)"]
    assert partner[0]["area"] == "SO14" and partner[0]["previous_count"] == 31
    assert [o["text"] for o in partner[0]["observations"]] == [
        "New families at the Sunday service"]
    assert main(args[:-1]) == 0
    text = capsys.readouterr().out
    assert "reported 2026-03-02 by Faith group: New families at the Sunday service" in text
    assert main([*args, "--no-partners"]) == 0
    alone = json.loads(capsys.readouterr().out)
    assert not [a for a in alone["alerts"] if a["source"]]
    assert alone["tests"] < run["tests"]


def test_unreadable_mapping(seeded: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    mapping = _write(tmp_path, "m.json", "[1]")
    assert main(["partners", "import", str(_write(tmp_path, "gp.csv", LONG)), "--source",
                 "GP", "--mapping", str(mapping)]) == 1
    assert "--mapping" in capsys.readouterr().err
    with pytest.raises(RejectedInput):
        store = open_store(f"sqlite:///{seeded / 'fieldkit.sqlite3'}")
        try:
            import_figures(store, current_project(store).id,
                           _write(tmp_path, "x.csv", "period,category,count\n"), "GP")
        finally:
            store.close()
