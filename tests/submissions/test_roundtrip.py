"""Round trip: what an ODK instance says is what the CSV export of the imported
interview says, and an imported household exports exactly as the typed one it
was written from."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring

from fieldkit.cli import main
from fieldkit.exports import ExportRequest, run_export
from fieldkit.store import Store
from tests.submissions.conftest import visits_instance

Table = dict[str, dict[str, str]]


def _csv(path: Path) -> Table:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    return {row["KEY"]: row for row in rows}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _leaves(xml: str, repeats: set[str]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """({leaf name: text} outside repeats, {instance key suffix: {leaf: text}})."""
    main_values: dict[str, str] = {}
    repeat_values: dict[str, dict[str, str]] = {}

    def walk(element: object, key: str | None, seen: dict[str, int]) -> None:
        for child in element:  # type: ignore[attr-defined]
            name = _local(child.tag)
            if name in repeats:
                seen[name] = seen.get(name, 0) + 1
                walk(child, f"/{name}[{seen[name]}]", {})
            elif len(child):
                walk(child, key, seen)
            elif child.text:
                (main_values if key is None
                 else repeat_values.setdefault(key, {}))[name] = child.text

    walk(fromstring(xml), None, {})
    return main_values, repeat_values


def _check_export(xml: str, main_table: Table, repeat_tables: dict[str, Table]) -> None:
    values, instances = _leaves(xml, set(repeat_tables))
    key = values.pop("instanceID")
    row = main_table[key]
    assert {name: row[name] for name in values} == values
    for repeat, table in repeat_tables.items():
        mine = {s: v for s, v in instances.items() if s.startswith(f"/{repeat}[")}
        for suffix, leaves in mine.items():
            exported = table[key + suffix]
            assert exported["PARENT_KEY"] == key
            assert {name: exported[name] for name in leaves} == leaves
        assert len([k for k in table if k.startswith(key + "/")]) == len(mine)


def test_imported_values_export_as_they_were_in_the_xml(
        sqlite_coordinator: Store, tmp_path: Path, household_xml: dict[str, str],
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, xml in enumerate(household_xml.values()):
        (folder / f"hh{i}.xml").write_text(xml, encoding="utf-8")
    visits = visits_instance("uuid:rt-visit")
    (folder / "visit.xml").write_text(visits, encoding="utf-8")
    assert main(["submissions", "import", str(folder)]) == 0
    out = tmp_path / "out"
    assert main(["export", "csv", "--out", str(out)]) == 0
    capsys.readouterr()
    households = _csv(out / "household_survey.csv")
    repeats = {name: _csv(out / f"household_survey-{name}.csv")
               for name in ("member", "new_household")}
    assert len(households) == len(household_xml)
    assert repeats["member"]  # the test has rosters to compare
    for xml in household_xml.values():
        _check_export(xml, households, repeats)
    visit_rows = _csv(out / "visits.csv")
    _check_export(visits, visit_rows, {"person": _csv(out / "visits-person.csv")})
    # The interview's start is the instance's start (the insight engine groups by it).
    assert visit_rows["uuid:rt-visit"]["meta_start"] == "2025-07-02T09:00:00+00:00"
    assert visit_rows["uuid:rt-visit"]["meta_status"] == "finalized"


def test_an_imported_household_exports_as_the_typed_one(
        sqlite_coordinator: Store, typed_store: Store, tmp_path: Path,
        household_xml: dict[str, str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, xml in enumerate(household_xml.values()):
        (folder / f"hh{i}.xml").write_text(xml, encoding="utf-8")
    from fieldkit.submissions import import_submissions

    assert {r.status for r in import_submissions(sqlite_coordinator, [folder])} == {
        "imported"}
    tables = {}
    for name, store in (("typed", typed_store), ("imported", sqlite_coordinator)):
        run_export(store, ExportRequest("csv", tmp_path / name, forms=("household_survey",)))
        tables[name] = {t: _csv(tmp_path / name / f"{t}.csv")
                        for t in ("household_survey", "household_survey-member",
                                  "household_survey-new_household")}
    for table, typed in tables["typed"].items():
        imported = tables["imported"][table]
        assert set(imported) == set(typed)
        for key, row in typed.items():
            # Who and where differ (the import records its own origin); the data not.
            same = {c for c in row if c not in ("meta_interviewer", "meta_device",
                                                "meta_language", "meta_label")}
            assert {c: imported[key][c] for c in same} == {c: row[c] for c in same}
