"""The trend report's census comparison: F8's figures for the settings' areas, the
project's counts through the disclosure rule, the ONS attribution as its source."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.census import ATTRIBUTION
from fieldkit.census.compare import compare
from fieldkit.census.importer import import_table
from fieldkit.census.lookup import import_lookup
from fieldkit.demo.seeding import seed_demo
from fieldkit.projects import current_project
from fieldkit.reports.document import Paragraph, Share, Table, Withheld
from fieldkit.reports.settings import TrendSettings
from fieldkit.reports.trends import make_trend_report
from fieldkit.store import Store, open_store
from fieldkit.store.models import Answer

DATA = Path(__file__).parents[1] / "census" / "data"
WARDS = ["E05002455", "E05002456", "E05002457"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    tmp_path = tmp_path_factory.mktemp("census")
    s = open_store(f"sqlite:///{tmp_path / 'census.sqlite3'}")
    seed_demo(s, interviews=120, seed=3)
    import_table(s, DATA / "census2021-ts021-ward-southampton.csv")
    with s.session() as session:
        postcodes = sorted({re.sub(r"\s+", "", v).upper() for (v,) in session.execute(
            select(Answer.value).where(Answer.path.like("%/postcode"))) if v})
    lookup = tmp_path / "lookup.csv"
    with lookup.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["pcds", "oa21", "lsoa21", "msoa21", "osward", "oslaua"])
        for i, code in enumerate(postcodes):
            writer.writerow([f"{code[:-3]} {code[-3:]}", "", "", "", WARDS[i % 3],
                             "E06000045"])
    import_lookup(s, lookup)
    yield s
    s.close()


def test_census_comparison_is_f8s_with_small_counts_withheld(store: Store) -> None:
    settings = TrendSettings(form="household_survey", by="ethnicity",
                             measures=("household_type",), census_table="TS021",
                             census_areas=tuple(WARDS[:2]), census_postcode_field="postcode")
    report = make_trend_report(store, current_project(store).id, settings,
                               date_from=date(2024, 1, 1), date_to=date(2026, 12, 31),
                               language="en")
    expected = compare(store, table="TS021", areas=WARDS[:2], form_id="household_survey",
                       field="ethnicity", postcode_field="postcode")
    table = next(b for b in report.document.blocks
                 if isinstance(b, Table) and b.name == "Census")
    assert table.source.startswith(ATTRIBUTION)
    assert len(table.rows) == len(expected.rows)
    published = 0
    for row, want in zip(table.rows, expected.rows, strict=True):
        assert str(row[0]).strip() == want.category
        if want.census_share is not None:
            assert isinstance(row[1], Share)
            assert row[1].value == pytest.approx(want.census_share)
        if want.own_n < 10:
            assert isinstance(row[2], Withheld) and isinstance(row[3], Withheld)
        elif row[2] == want.own_n:
            published += 1
            assert isinstance(row[3], Share)
            assert row[3].value == pytest.approx(want.own_share)
        else:
            assert isinstance(row[2], Withheld)
    assert published > 0


def test_without_census_settings_the_report_says_so(store: Store) -> None:
    settings = TrendSettings(form="household_survey", by="ethnicity",
                             measures=("household_type",))
    report = make_trend_report(store, current_project(store).id, settings,
                               date_from=date(2024, 1, 1), date_to=date(2026, 12, 31),
                               language="en")
    assert any(isinstance(b, Paragraph) and b.text.startswith("No census comparison")
               for b in report.document.blocks)
