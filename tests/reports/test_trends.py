"""The trend report's content (Qt-free): its figures equal F7's profile and the
attendance register's for the same period, every published count passes the
disclosure rule, the next report says what moved, and a period with no data says
so plainly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from fieldkit.attendance.service import AttendanceService
from fieldkit.insight import ProfileQuery, build_profile
from fieldkit.projects import current_project
from fieldkit.reports.document import Bullets, Figure, Figures, Paragraph, Share, Table, Withheld
from fieldkit.reports.settings import (
    PreviousRun,
    TrendSettings,
    last_run,
    load_settings,
    record_run,
    save_settings,
)
from fieldkit.reports.trends import make_trend_report
from fieldkit.reports.xlsx import write_xlsx
from fieldkit.store import Store, open_store
from tests.reports.seeded import copy_of, seeded_store

SETTINGS = TrendSettings(form="household_survey", by="ethnicity", measures=("household_type",))
H1 = (date(2026, 1, 1), date(2026, 6, 30))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_store(tmp_path_factory)


@pytest.fixture
def store(seeded: Path, tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{copy_of(seeded, tmp_path)}")
    yield opened
    opened.close()


def _tables(report: object) -> dict[str, Table]:
    blocks = report.document.blocks  # type: ignore[attr-defined]
    return {b.caption: b for b in blocks if isinstance(b, Table)}


def test_profile_figures_equal_f7s(store: Store) -> None:
    project = current_project(store).id
    report = make_trend_report(store, project, SETTINGS, date_from=H1[0], date_to=H1[1],
                               language="en")
    profile = build_profile(store, ProfileQuery("household_survey", "ethnicity",
                                                ("household_type",)))
    assert "2026H1" in profile.periods
    table = _tables(report)["Interviews by community"]
    shown = {row[0]: row[1] for row in table.rows}
    total = 0
    for group in profile.groups:
        n = profile.interviews.get((group, "2026H1"), 0)
        total += n
        if n:
            label = profile.group_label(group, "en")
            if n < 10:
                assert isinstance(shown[label], Withheld), label
            else:  # published as F7 counted it, or withheld so a small one stays hidden
                assert shown[label] in (n, Withheld()), label
    assert sum(1 for v in shown.values() if isinstance(v, Withheld)) != 1
    assert shown["Total"] == total
    assert report.figures["headline/interviews"] == total
    # Shares: the published count over those who answered, as F7 counts them.
    shares = _tables(report)["Household type: shares by community"]
    for row in shares.rows:
        group = next(g for g in profile.groups if profile.group_label(g, "en") == row[0])
        for category, value in zip(profile.categories("household_type"), row[2:],
                                   strict=True):
            cell = profile.cell(group, "2026H1", "household_type", category)
            if isinstance(value, Share):
                assert cell is not None
                assert value.value == pytest.approx(cell.count / cell.total)
                assert cell.count >= 10


def test_advice_session_figures_equal_the_registers(store: Store) -> None:
    project = current_project(store).id
    report = make_trend_report(store, project, SETTINGS, date_from=H1[0], date_to=H1[1],
                               language="en")
    figures = AttendanceService(store, project).figures(*H1)
    assert figures.sessions > 0
    cards = {f.label: f.value for b in report.document.blocks if isinstance(b, Figures)
             for f in b.items}
    assert cards["sessions held"] == figures.sessions
    assert cards["attendances"] == (figures.attendances if figures.attendances >= 10
                                    else Withheld())
    assert report.figures["sessions/people"] in (figures.unique_people, None)


def test_every_published_count_passes_the_rule(store: Store) -> None:
    project = current_project(store).id
    for min_count in (10, 25):
        settings = TrendSettings(**{**SETTINGS.to_json(), "measures": ("household_type",),
                                    "min_count": min_count})
        report = make_trend_report(store, project, settings, date_from=H1[0],
                                   date_to=H1[1], language="en")
        withheld = 0
        for table in _tables(report).values():
            for row in table.rows:
                for value in row[1:]:
                    if isinstance(value, bool) or not isinstance(value, int):
                        withheld += isinstance(value, Withheld)
                        continue
                    assert value >= min_count, (table.caption, row)
        assert withheld > 0
        # A community withheld in the table of interviews stays withheld everywhere:
        # a published number of its answers would undo the suppression.
        tables = _tables(report)
        hidden = {row[0] for row in tables["Interviews by community"].rows
                  if isinstance(row[1], Withheld)}
        assert hidden
        for caption, table in tables.items():
            if caption.startswith("Household type"):
                for row in table.rows:
                    if row[0] in hidden:
                        assert all(isinstance(v, Withheld) for v in row[1:]), (caption, row)
        for block in report.document.blocks:
            if isinstance(block, Figures):
                for figure in block.items:
                    if isinstance(figure.value, int) and figure.label in (
                            "interviews", "attendances", "people seen"):
                        assert figure.value >= min_count


def test_a_period_without_data_says_so(store: Store) -> None:
    project = current_project(store).id
    report = make_trend_report(store, project, SETTINGS, date_from=date(2019, 1, 1),
                               date_to=date(2019, 6, 30), language="en")
    assert report.empty and report.figures == {}
    texts = [b.text for b in report.document.blocks if isinstance(b, Paragraph)]
    assert any(t.startswith("No interviews, advice sessions") for t in texts)


def test_the_next_report_says_what_moved(store: Store) -> None:
    project = current_project(store).id
    first = make_trend_report(store, project, SETTINGS, date_from=date(2025, 7, 1),
                              date_to=date(2025, 12, 31), language="en")
    record_run(store, project, date_from=date(2025, 7, 1), date_to=date(2025, 12, 31),
               language="en", figures=first.figures, file_name="h2.pdf")
    previous = last_run(store, project, before=H1[0])
    assert isinstance(previous, PreviousRun) and previous.figures == first.figures
    assert last_run(store, project, before=date(2025, 7, 1)) is None
    second = make_trend_report(store, project, SETTINGS, date_from=H1[0], date_to=H1[1],
                               language="en", previous=previous)
    moved = [b for b in second.document.blocks if isinstance(b, Bullets)]
    expected = {key for key, now in second.figures.items()
                if key.startswith("profile/") and isinstance(now, float)
                and isinstance(first.figures.get(key), float)
                and abs(now - first.figures[key]) >= 0.05}  # type: ignore[operator]
    listed = sum(len(b.items) for b in moved)
    assert listed == len(expected)
    for bullet in (i for b in moved for i in b.items):
        before, now = bullet.values["before"], bullet.values["now"]
        assert isinstance(before, Share) and isinstance(now, Share)
        assert abs(now.value - before.value) >= 0.05


def test_settings_are_kept_per_project(store: Store) -> None:
    project = current_project(store).id
    assert load_settings(store, project) == TrendSettings()
    settings = TrendSettings(form="household_survey", by="ethnicity",
                             measures=("household_type", "tenure"), min_count=15,
                             census_areas=("E01", "E02"))
    save_settings(store, project, settings, actor="t")
    assert load_settings(store, project) == settings


def test_the_xlsx_holds_every_table(store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    project = current_project(store).id
    report = make_trend_report(store, project, SETTINGS, date_from=H1[0], date_to=H1[1],
                               language="en")
    out = tmp_path / "r.xlsx"
    count = write_xlsx(report.document, out)
    book = load_workbook(out)
    assert count == len(book.sheetnames)
    captions = {book[name]["A1"].value for name in book.sheetnames}
    for block in report.document.blocks:
        if isinstance(block, Table):
            assert block.caption in captions
    sheet = book[book.sheetnames[0]]
    assert sheet["A1"].value == "Interviews by community"
    assert any(str(c.value).startswith("Source: ") for c in sheet["A"])


def test_headline_figures_carry_sources(store: Store) -> None:
    project = current_project(store).id
    report = make_trend_report(store, project, SETTINGS, date_from=H1[0], date_to=H1[1],
                               language="en")
    figures = [f for b in report.document.blocks if isinstance(b, Figures) for f in b.items]
    assert figures and all(isinstance(f, Figure) and f.source for f in figures)


def test_an_alert_is_told_without_figures_that_the_tables_withhold(tmp_path: Path) -> None:
    from fieldkit.insight.alerts import Alert
    from fieldkit.reports.trends import _Builder

    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        builder = _Builder(store, "p", SETTINGS, date_from=H1[0], date_to=H1[1],
                           language="en", previous=None)
    finally:
        store.close()

    def alert(group: str, count: int, n: int, category: str = "family") -> Alert:
        return Alert("share", group, "household_type", category, "2026H1", "2025H2",
                     count / n, 0.1, n, 100, 0.001, 0.01, "text", count=count,
                     previous_count=10)

    assert builder.publishable(alert("polish", 40, 100))
    assert not builder.publishable(alert("polish", 9, 100))  # too few
    assert not builder.publishable(alert("polish", 95, 100))  # all but 5
    builder.group_counts["afghan"] = Withheld()
    assert not builder.publishable(alert("afghan", 40, 100))
    builder.hidden_cells.add(("household_type", "polish", "single"))
    assert not builder.publishable(alert("polish", 40, 100, "single"))
    assert builder.publishable(alert("polish", 40, 100, "family"))
