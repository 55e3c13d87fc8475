"""The Insight tab: built when first shown; the table's figures are build_profile's;
an alert opens the chart behind it; exports write what was shown with the source
line; right-to-left interfaces mirror the charts; an empty project says so."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCharts import QChart
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.coordinator import CoordinatorWorkspace
from fieldkit.gui.coordinator.insight_tab import InsightTab
from fieldkit.gui.insight.formatting import count_share, percent, period_label
from fieldkit.gui.insight.view import InsightView
from fieldkit.insight import AlertSettings, ProfileQuery, build_profile, find_alerts
from fieldkit.interviews.answer_rows import write_answers
from fieldkit.interviews.runtime_forms import clear_cache
from fieldkit.projects import ensure_local_device
from fieldkit.store.models import Form, Interview, utcnow
from fieldkit.sync.project import init_project
from tests.gui.coordinator.conftest import show_coordinator, tab_named

FORM_ID = "arrivals"
XFORM = """<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
 xmlns:jr="http://openrosa.org/javarosa">
<h:head><h:title>Arrivals</h:title><model>
<itext>
  <translation lang="English (en)" default="true()">
    <text id="c-l"><value>Community</value></text>
    <text id="af-l"><value>Afghan</value></text>
    <text id="ro-l"><value>Romanian</value></text>
    <text id="h-l"><value>Household</value></text>
    <text id="single-l"><value>Single adult</value></text>
    <text id="family-l"><value>Family with children</value></text>
  </translation>
  <translation lang="کوردی (ckb)">
    <text id="c-l"><value>کۆمەڵگە</value></text>
    <text id="af-l"><value>ئەفغانی</value></text>
    <text id="ro-l"><value>ڕۆمانی</value></text>
    <text id="h-l"><value>خێزان</value></text>
    <text id="single-l"><value>تاکە کەس</value></text>
    <text id="family-l"><value>خێزان بە منداڵەوە</value></text>
  </translation>
</itext>
<instance><data id="arrivals"><community/><household/><visit/></data></instance>
<bind nodeset="/data/community" type="string"/>
<bind nodeset="/data/household" type="string"/>
<bind nodeset="/data/visit" type="date"/>
</model></h:head>
<h:body>
  <select1 ref="/data/community"><label ref="jr:itext('c-l')"/>
    <item><label ref="jr:itext('af-l')"/><value>afghan</value></item>
    <item><label ref="jr:itext('ro-l')"/><value>romanian</value></item>
  </select1>
  <select1 ref="/data/household"><label ref="jr:itext('h-l')"/>
    <item><label ref="jr:itext('single-l')"/><value>single</value></item>
    <item><label ref="jr:itext('family-l')"/><value>family</value></item>
  </select1>
  <input ref="/data/visit"><label>Visit</label></input>
</h:body></h:html>"""

#: (community, visit day, single adults, families): the Afghan households change from
#: single adults to families between the halves of the year; the Romanian do not.
PLANTED = (("afghan", "2025-09-15", 36, 4), ("afghan", "2026-03-15", 8, 32),
           ("romanian", "2025-09-15", 10, 10), ("romanian", "2026-03-15", 11, 11))
QUERY = ProfileQuery(FORM_ID, "community", ("household",), period="half",
                     date_field="visit")


def _make_project(ctx: AppContext, planted: tuple[tuple[str, str, int, int], ...] = PLANTED
                  ) -> None:
    project = init_project(ctx.store, "Outreach 2026", default_forms=False)
    device = ensure_local_device(ctx.store).id
    with ctx.store.session() as session:
        form = Form(project_id=project.id, form_id=FORM_ID, version="1", title="Arrivals",
                    source_name="arrivals.xml", source=XFORM.encode(),
                    hash="c" * 63 + "7", xform=XFORM)
        session.add(form)
        session.flush()
        for community, day, singles, families in planted:
            for household in ["single"] * singles + ["family"] * families:
                now = utcnow()
                row = Interview(project_id=project.id, form_pk=form.id, status="finalized",
                                label=community, device_id=device, created_at=now,
                                updated_at=now)
                session.add(row)
                session.flush()
                write_answers(session, row.uuid, device, {
                    "/data/community": community, "/data/household": household,
                    "/data/visit": day}, now)


@pytest.fixture
def planted(ctx: AppContext) -> Iterator[None]:
    _make_project(ctx)
    yield
    clear_cache()


def _idle(qtbot: QtBot, tab: InsightTab) -> None:
    qtbot.waitUntil(lambda: not any(tab.busy(k) for k in ("forms", "fields", "build",
                                                          "export")), timeout=30_000)


def _open(qtbot: QtBot, ctx: AppContext, language: str = "en"
          ) -> tuple[CoordinatorWorkspace, InsightView]:
    _window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "InsightTab")
    assert isinstance(tab, InsightTab)
    qtbot.waitUntil(lambda: tab.view is not None)
    _idle(qtbot, tab)
    assert tab.view is not None
    return workspace, tab.view


def _build(qtbot: QtBot, view: InsightView) -> None:
    view.choose(form=FORM_ID)
    _idle(qtbot, view.tab)
    view.choose(by="community", measures=["household"], period="half", date="visit")
    view.build()
    _idle(qtbot, view.tab)
    assert view.built is not None


def _texts(view: InsightView) -> list[list[str]]:
    table = view.table
    return [[table.item(r, c).text() if table.item(r, c) else ""
             for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_table_shows_build_profiles_figures(qtbot: QtBot, ctx: AppContext,
                                             planted: None) -> None:
    _workspace, view = _open(qtbot, ctx)
    _build(qtbot, view)
    profile = build_profile(ctx.store, QUERY)
    assert profile.periods == ["2025H2", "2026H1"]
    texts = _texts(view)
    headers = [view.table.horizontalHeaderItem(c).text()
               for c in range(view.table.columnCount())]
    assert headers[-2:] == ["2025 H2", "2026 H1"]
    # Every cell of the profile is in the table, as "count (share)" of its row.
    by_row = {(r.group, r.measure, r.category): n for n, r in enumerate(view.rows)}
    for cell in profile.cells:
        row = by_row[(cell.group, cell.measure, cell.category)]
        column = headers.index(period_label(cell.period))
        assert texts[row][column] == count_share(cell.count, cell.share)
    # ... and the interviews of each group and period, figure for figure.
    for (group, period), n in profile.interviews.items():
        assert texts[by_row[(group, None, None)]][headers.index(period_label(period))] \
            == str(n)
    # The figures people check by eye: 36 of 40 Afghan households were single adults.
    afghan_single = texts[by_row[("afghan", "household", "single")]]
    assert afghan_single[-2:] == ["36 (90%)", "8 (20%)"]
    assert "Afghan" in texts[by_row[("afghan", None, None)]][0]
    assert view.source.text() == f"Source: {profile.source}"
    assert profile.unit == "interviews"  # a form without a roster counts interviews
    assert "its interviews in each period" in view.unit_note.text()


def test_alert_opens_the_chart_behind_it(qtbot: QtBot, ctx: AppContext,
                                         planted: None) -> None:
    _workspace, view = _open(qtbot, ctx)
    _build(qtbot, view)
    assert view.built is not None
    expected = find_alerts(build_profile(ctx.store, QUERY),
                           AlertSettings.from_settings(ctx.settings), "en")
    assert [a.text for a in view.built.alerts.alerts] == [a.text for a in expected.alerts]
    assert expected.alerts and all(a.group == "afghan" for a in expected.alerts)
    assert view.alert_table.rowCount() == len(expected.alerts)
    assert view.alert_table.item(0, 0).text() == expected.alerts[0].text
    assert view.results.tabText(2) == f"Alerts ({len(expected.alerts)})"

    view.alert_table.setCurrentCell(0, 0)
    view.alert_table.cellActivated.emit(0, 0)
    alert = expected.alerts[0]
    assert view.results.currentWidget() is view.charts
    assert view.charts.chart_combo.currentData() == "shares"
    assert view.charts.chart_measure.currentData() == alert.measure
    assert view.charts.chart_category.currentData() == alert.category
    assert alert.text in view.charts.alert_note.text() and view.charts.alert_note.isVisible()
    chart = view.charts.chart_panel.chart
    assert isinstance(chart, QChart)
    lines = {s.name(): s for s in chart.series()}
    assert set(lines) == {"Afghan", "Romanian"}
    afghan = lines["Afghan"]
    # The alert's group is drawn bold, with the shares the alert speaks of.
    assert afghan.pen().widthF() > lines["Romanian"].pen().widthF()
    points = [(p.x(), p.y()) for p in afghan.points()]  # type: ignore[attr-defined]
    assert points == [(0, pytest.approx(alert.previous_share)),
                      (1, pytest.approx(alert.share))]
    assert view.charts.chart_panel.entries == ["Afghan", "Romanian"]
    # The chart's figures, as exported: count, of and share per period, per group.
    figures = view.charts.figures
    assert figures is not None and figures.headers[0] == "Group"
    afghan_row = next(r for r in figures.rows if r[0] == "Afghan")
    profile = build_profile(ctx.store, QUERY)
    cells = [profile.cell("afghan", p, alert.measure, alert.category)
             for p in profile.periods]
    assert afghan_row[1:] == [v for c in cells if c is not None
                              for v in (c.count, c.total, c.share)]
    assert figures.source.endswith(profile.source)

    # Picking another chart by hand leaves the alert behind.
    view.show_chart("composition", measure="household", group="romanian")
    assert not view.charts.alert_note.isVisible()
    bars = view.charts.chart_panel.chart
    assert bars is not None
    sets = bars.series()[0].barSets()  # type: ignore[attr-defined]
    assert [(s.label(), [s.at(i) for i in range(s.count())]) for s in sets] == [
        ("Single adult", [10, 11]), ("Family with children", [10, 11])]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_writes_the_table_with_its_source(qtbot: QtBot, ctx: AppContext,
                                                 planted: None, tmp_path: Path,
                                                 suffix: str) -> None:
    _workspace, view = _open(qtbot, ctx)
    _build(qtbot, view)
    profile = build_profile(ctx.store, QUERY)
    view.export_table_button.click()
    dialog = view.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    out = tmp_path / f"profile{suffix}"
    dialog.selectFile(str(out))
    dialog.accept()
    _idle(qtbot, view.tab)
    assert view.status.text() == f"Written: \u2068{out}\u2069"
    if suffix == ".xlsx":
        sheet = load_workbook(out).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
    else:
        text = out.read_text("utf-8-sig")
        rows = [[v if v else None for v in r] for r in csv.reader(io.StringIO(text))]
    header = rows[0]
    assert header[:4] == ["Group", "Measure", "Category", "Unit"]
    assert header[4:] == ["2025 H2: count", "2025 H2: of", "2025 H2: share",
                          "2026 H1: count", "2026 H1: of", "2026 H1: share"]
    assert rows[-1] == [f"Source: {profile.source}"] + [None] * (len(rows[-1]) - 1)
    body = {(r[0], r[2]): r[4:] for r in rows[1:] if len(r) > 4 and r[0] and r[2]}
    single = profile.cell("afghan", "2026H1", "household", "single")
    assert single is not None
    values = body[("Afghan", "Single adult")]
    got = [float(v) if v is not None else None for v in values]
    assert got[3:5] == [single.count, single.total]
    assert got[5] == pytest.approx(single.share, abs=1e-4)

    # The chart's figures export too, the chart's title and the profile's source under them.
    view.open_alert(0)
    out = tmp_path / f"chart{suffix}"
    view.charts.export_button.click()
    dialog = view.file_dialog
    assert isinstance(dialog, QFileDialog)
    dialog.selectFile(str(out))
    dialog.accept()
    _idle(qtbot, view.tab)
    text = out.read_text("utf-8-sig") if suffix == ".csv" else "\n".join(
        str(c.value) for row in load_workbook(out).active.iter_rows() for c in row)
    assert profile.source in text and "Afghan" in text

    # The alerts export too, with the number of tests beside the source.
    out = tmp_path / f"alerts{suffix}"
    view.export("alerts", out)
    _idle(qtbot, view.tab)
    assert out.exists()
    written = out.read_text("utf-8-sig") if suffix == ".csv" else "\n".join(
        str(c.value) for row in load_workbook(out).active.iter_rows() for c in row)
    assert view.built is not None
    for alert in view.built.alerts.alerts:
        assert alert.text in written
    assert f"{view.built.alerts.tests} tests" in written


def test_right_to_left_mirrors_the_charts(qtbot: QtBot, ctx: AppContext,
                                          planted: None) -> None:
    _workspace, view = _open(qtbot, ctx, "ckb")
    _build(qtbot, view)
    assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    view.open_alert(0)
    chart = view.charts.chart_panel.chart
    assert chart is not None
    (time_axis,) = chart.axes(Qt.Orientation.Horizontal)
    (value_axis,) = chart.axes(Qt.Orientation.Vertical)
    assert time_axis.isReverse()  # time runs from the right
    assert value_axis.alignment() == Qt.AlignmentFlag.AlignRight
    assert not chart.legend().isVisible()  # ours, laid out right to left, instead
    assert view.charts.chart_panel.legend.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # Labels in the form's Sorani, numbers in Eastern Arabic-Indic digits.
    assert "ئەفغانی" in view.charts.chart_panel.entries
    assert percent(0.5) == "٥٠٪"
    labels = time_axis.categoriesLabels()  # type: ignore[attr-defined]
    assert labels == [period_label("2025H2"), period_label("2026H1")]
    assert "٢٠٢٦" in labels[1]
    texts = _texts(view)
    assert "٣٦" in " ".join(" ".join(r) for r in texts)

    view.show_chart("composition", measure="household", group="afghan")
    bars = view.charts.chart_panel.chart
    assert bars is not None
    (periods,) = bars.axes(Qt.Orientation.Horizontal)
    # Qt's bar category axis cannot be reversed: the periods come in reverse order.
    assert periods.categories() == [period_label("2026H1"), period_label("2025H2")]
    (single, _family) = bars.series()[0].barSets()  # type: ignore[attr-defined]
    assert [single.at(0), single.at(1)] == [8, 36]


def test_left_to_right_keeps_qt_charts_own_order(qtbot: QtBot, ctx: AppContext,
                                                 planted: None) -> None:
    _workspace, view = _open(qtbot, ctx)
    _build(qtbot, view)
    view.open_alert(0)
    chart = view.charts.chart_panel.chart
    assert chart is not None
    (time_axis,) = chart.axes(Qt.Orientation.Horizontal)
    (value_axis,) = chart.axes(Qt.Orientation.Vertical)
    assert not time_axis.isReverse()
    assert value_axis.alignment() == Qt.AlignmentFlag.AlignLeft
    view.show_chart("composition", measure="household", group="afghan")
    bars = view.charts.chart_panel.chart
    assert bars is not None
    (periods,) = bars.axes(Qt.Orientation.Horizontal)
    assert periods.categories() == ["2025 H2", "2026 H1"]


def test_an_empty_project_says_so(qtbot: QtBot, ctx: AppContext) -> None:
    init_project(ctx.store, "Outreach 2026", default_forms=False)
    _workspace, view = _open(qtbot, ctx)
    assert view.form_combo.count() == 0
    assert view.status.text().startswith("No interviews in this project yet")
    assert not view.build_button.isEnabled()
    assert not view.results.isEnabled()


def test_a_period_without_interviews_of_the_form_says_so(qtbot: QtBot, ctx: AppContext
                                                         ) -> None:
    # Interviews without a community answer: nothing to group.
    _make_project(ctx, (("", "2026-03-15", 3, 0),))
    try:
        _workspace, view = _open(qtbot, ctx)
        _build(qtbot, view)
        assert view.status.text() == "No finished interviews of this form to count."
        assert view.table.rowCount() == 0
        assert isinstance(view.charts.chart_panel.empty, QLabel)
    finally:
        clear_cache()


LAZY = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from fieldkit.cli import build_parser, make_context
    ctx = make_context(build_parser().parse_args(["gui", "--data-dir", sys.argv[1]]))
    from fieldkit.sync.project import init_project
    from fieldkit.projects import current_project
    init_project(ctx.store, "Outreach", default_forms=False)
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from fieldkit.gui.main_window import MainWindow
    window = MainWindow(ctx, current_project(ctx.store).id)
    window.refresh()
    window.show()
    window.navigation.setCurrentRow(2)
    app.processEvents()
    def loaded():
        # The CLI's parser imports the package and its commands, not the engine.
        return " ".join(sorted(m for m in sys.modules if m == "PySide6.QtCharts"
                               or m.startswith(("fieldkit.gui.insight", "fieldkit.insight."))
                               and m != "fieldkit.insight.commands"))
    print(loaded())
    workspace = window.stack.currentWidget()
    workspace.tabs.setCurrentWidget(workspace.tab("InsightTab"))
    app.processEvents()
    print(loaded())
""")


def test_insight_loads_when_first_shown(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", LAZY, str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    before, after = done.stdout.splitlines()
    assert before == ""  # the coordinator's other tabs shown: no charts, no engine
    assert "PySide6.QtCharts" in after.split() and "fieldkit.gui.insight.view" in after


def test_age_pyramid_counts_people_by_age_and_sex(qtbot: QtBot, ctx: AppContext) -> None:
    from fieldkit.demo.seeding import seed_demo
    from fieldkit.insight.pyramid import age_sex_counts

    init_project(ctx.store, "Outreach 2026")
    seed_demo(ctx.store, interviews=60, seed=5)
    try:
        _workspace, view = _open(qtbot, ctx)
        view.choose(form="household_survey")
        _idle(qtbot, view.tab)
        view.choose(by="ethnicity", measures=["age", "sex"])
        view.build()
        _idle(qtbot, view.tab)
        assert view.built is not None
        profile = view.built.profile
        group = max(profile.groups, key=lambda g: sum(
            n for (g2, _p), n in profile.interviews.items() if g2 == g))
        period = profile.periods[-1]
        view.show_chart("pyramid", group=group, period=period)
        qtbot.waitUntil(lambda: view.charts.age_sex is not None and not view.tab.busy("pyramid"))
        chart = view.charts.chart_panel.chart
        assert chart is not None
        men, women = chart.series()[0].barSets()  # type: ignore[attr-defined]
        counts = age_sex_counts(ctx.store, profile.query)
        assert [-men.at(i) for i in range(men.count())] == [
            counts.count(group, period, "male", b) for b in counts.bands]
        assert [women.at(i) for i in range(women.count())] == [
            counts.count(group, period, "female", b) for b in counts.bands]
        # Checked apart: each age band's people are the profile's own count of the band.
        for band in counts.bands:
            cell = profile.cell(group, period, "age", band)
            everyone = sum(counts.count(group, period, s, band) for s in counts.sexes)
            assert everyone == (cell.count if cell else 0)
        assert view.charts.chart_panel.entries == ["Male", "Female"]
        (people,) = chart.axes(Qt.Orientation.Horizontal)
        assert not people.isReverse()
    finally:
        clear_cache()


def test_cancel_drops_the_running_count(qtbot: QtBot, ctx: AppContext,
                                        planted: None) -> None:
    _workspace, view = _open(qtbot, ctx)
    view.choose(form=FORM_ID)
    _idle(qtbot, view.tab)
    view.choose(by="community", measures=["household"], date="visit")
    view.build()
    assert view.cancel_button.isVisible() and not view.build_button.isEnabled()
    view.cancel_button.click()
    _idle(qtbot, view.tab)
    qtbot.wait(50)  # the cancelled count's result, had it been shown, is in by now
    assert view.built is None
    assert view.status.text() == "Cancelled."
    assert view.build_button.isEnabled() and not view.cancel_button.isVisible()
