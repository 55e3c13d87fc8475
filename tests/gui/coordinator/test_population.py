"""The Population view of the Insight tab (F8): built when first shown; its table is
census compare's, figure for figure, for all chosen areas and for each one; the
charts draw residents beside interviews (Qt Charts), also right to left; the census
attribution is under every figure and in the export; nothing loaded says so."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCharts import QChart
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.census import ATTRIBUTION
from fieldkit.census.compare import compare
from fieldkit.census.importer import import_table
from fieldkit.census.lookup import import_lookup
from fieldkit.context import AppContext
from fieldkit.demo.seeding import seed_demo
from fieldkit.gui.coordinator.insight_tab import InsightTab
from fieldkit.gui.insight.formatting import number, percent
from fieldkit.gui.insight.population import PopulationView, flag_text, leaf_rows
from fieldkit.interviews.runtime_forms import clear_cache
from fieldkit.store.models import Answer
from fieldkit.sync.project import init_project
from tests.gui.coordinator.conftest import show_coordinator, tab_named

DATA = Path(__file__).parents[2] / "census" / "data"
TS021 = DATA / "census2021-ts021-ward-southampton.csv"
WARDS = ["E05002455", "E05002456", "E05002457"]


@pytest.fixture
def census(ctx: AppContext, tmp_path: Path) -> Iterator[None]:
    """Demo household surveys, TS021 for the Southampton wards and a postcode lookup
    placing the demo's postcodes in three of them (as tests/census/test_compare.py)."""
    init_project(ctx.store, "Outreach 2026")  # a coordinator's project, default forms
    seed_demo(ctx.store, interviews=60, seed=3)
    import_table(ctx.store, TS021)
    with ctx.store.session() as session:
        postcodes = sorted({v.replace(" ", "").upper() for (v,) in session.execute(
            select(Answer.value).where(Answer.path.like("%/postcode"))) if v})
    lookup = tmp_path / "lookup.csv"
    with lookup.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["pcds", "oa21", "lsoa21", "msoa21", "osward", "oslaua"])
        for i, code in enumerate(postcodes):
            writer.writerow([f"{code[:-3]} {code[-3:]}", "", "", "", WARDS[i % 3],
                             "E06000045"])
    import_lookup(ctx.store, lookup)
    yield
    clear_cache()


def _idle(qtbot: QtBot, tab: InsightTab) -> None:
    qtbot.waitUntil(lambda: not any(tab.busy(k) for k in (
        "forms", "fields", "population-picks", "population-areas", "population-fields",
        "population", "population-export")), timeout=60_000)


def _open(qtbot: QtBot, ctx: AppContext, language: str = "en") -> PopulationView:
    _window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "InsightTab")
    assert isinstance(tab, InsightTab)
    qtbot.waitUntil(lambda: tab.view is not None)
    assert tab.population is None  # not built until its page is shown
    view = tab.show_population()
    _idle(qtbot, tab)
    return view


def _compare(qtbot: QtBot, view: PopulationView) -> None:
    view.choose(table="TS021", form="household_survey", field_name="ethnicity",
                place="postcode", place_kind="postcode")
    _idle(qtbot, view.tab)
    view.choose(areas=WARDS[:2])
    view.compare()
    _idle(qtbot, view.tab)
    assert view.compared is not None


def test_table_is_census_compares_with_attribution(qtbot: QtBot, ctx: AppContext,
                                                   census: None, tmp_path: Path) -> None:
    view = _open(qtbot, ctx)
    _compare(qtbot, view)
    expected = compare(ctx.store, table="TS021", areas=WARDS[:2], form_id="household_survey",
                       field="ethnicity", postcode_field="postcode")
    assert expected.own_total > 0
    table = view.table
    assert table.rowCount() == len(expected.rows)
    for n, row in enumerate(expected.rows):
        texts = [table.item(n, c).text() for c in range(table.columnCount())]
        assert row.category.endswith(texts[0].strip())
        assert texts[1:5] == [number(row.census_n), percent(row.census_share, 1),
                              number(row.own_n), percent(row.own_share, 1)]
        assert texts[7] == flag_text(row.flag)
    # Communities flagged both ways are there in words (the demo has a Roma community
    # far above its census share, and the census' largest group is under-represented).
    flags = {r.flag for r in expected.rows}
    assert "small_in_census" in flags and "under_represented" in flags
    assert view.attribution.text() == ATTRIBUTION and view.attribution.isVisible()
    assert expected.source in view.source.text()
    # Each area on its own too, as compare counts it.
    assert set(view.compared.per_area) == set(WARDS[:2])
    view.shown_combo.setCurrentIndex(view.shown_combo.findData(WARDS[1]))
    alone = compare(ctx.store, table="TS021", areas=[WARDS[1]], form_id="household_survey",
                    field="ethnicity", postcode_field="postcode")
    assert table.item(0, 1).text() == number(alone.rows[0].census_n)
    # The export: every comparison's rows and the census attribution under them.
    out = tmp_path / "population.csv"
    view.export(out)
    _idle(qtbot, view.tab)
    lines = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len([r for r in lines[1:] if len(r) > 2]) == 3 * len(expected.rows)
    assert ATTRIBUTION in lines[-1][0]


@pytest.mark.parametrize("language", ["en", "ckb"])
def test_charts_draw_residents_beside_interviews(qtbot: QtBot, ctx: AppContext,
                                                 census: None, language: str) -> None:
    view = _open(qtbot, ctx, language)
    _compare(qtbot, view)
    assert view.compared is not None
    chart = view.chart_panel.chart
    assert isinstance(chart, QChart)
    (series,) = chart.series()
    residents, ours = series.barSets()  # type: ignore[attr-defined]
    rows = leaf_rows(view.compared.combined.rows)
    # Bars go bottom-up: the first category is drawn at the top.
    assert residents.at(len(rows) - 1) == pytest.approx(rows[0].census_share)
    assert ours.at(len(rows) - 1) == pytest.approx(rows[0].own_share or 0.0)
    horizontal = next(a for a in chart.axes() if a.orientation().name == "Horizontal")
    assert horizontal.isReverse() == (language == "ckb")  # mirrored right to left
    assert len(view.panels) == 2  # one small chart per area
    assert view.panels[0].chart is not None



def test_without_census_tables_it_says_how_to_load_one(qtbot: QtBot,
                                                       ctx: AppContext) -> None:
    init_project(ctx.store, "Outreach 2026")
    view = _open(qtbot, ctx)
    assert view.table_combo.count() == 0
    assert "No census table is loaded yet" in view.status.text()
    assert not view.compare_button.isEnabled()
    assert not view.results.isEnabled()
    assert view.attribution.text() == ""  # no census figure shown, none to attribute
