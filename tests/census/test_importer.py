"""Census table import: the real extracts, hostile files, atomic replacement."""

from __future__ import annotations

import csv
import json
import tracemalloc
from pathlib import Path

import pytest

from fieldkit.census import ATTRIBUTION
from fieldkit.census.catalog import known_tables
from fieldkit.census.importer import import_table, import_tables
from fieldkit.census.tables import area_counts, loaded_tables
from fieldkit.cli import main
from fieldkit.errors import InvalidInput
from fieldkit.store import Store, open_store

DATA = Path(__file__).parent / "data"
TS021 = DATA / "census2021-ts021-ward-southampton.csv"
TS054 = DATA / "census2021-ts054-ward-southampton.csv"
QS201 = DATA / "2011_qs201ew_ethnic_group_la_nomis_bulk.csv"
TABLE_FILES = {TS021: ("TS021", "ward", 16), TS054: ("TS054", "ward", 16),
               QS201: ("QS201EW", "lad", 348)}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield s  # type: ignore[misc]
    s.close()


def _file_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def _label(header: str) -> str:
    """The category label in the file's column name, read independently of the importer."""
    name = header.removesuffix("; measures: Value")
    return name.split(": ", 1)[1]


@pytest.mark.parametrize("path", list(TABLE_FILES), ids=lambda p: p.name)
def test_every_census_file_imports_with_the_counts_of_the_file(store: Store,
                                                               path: Path) -> None:
    table, level, areas = TABLE_FILES[path]
    imported = import_table(store, path)
    assert (imported.table, imported.level, imported.areas) == (table, level, areas)
    header, rows = _file_rows(path)
    start = 4 if header[3] == "Rural Urban" else 3
    assert len(rows) == areas
    for row in rows:
        counts = area_counts(store, table, [row[2]])
        assert counts is not None and counts.areas == (row[2],)
        stored = counts.by_label()
        for name, value in zip(header[start:], row[start:], strict=True):
            label = _label(name)
            if label.startswith(("Total", "All categories")):
                label = next(c.label for c in counts.categories if c.kind == "total")
            assert stored[label] == int(value), (row[2], label)


def test_the_hierarchy_is_kept(store: Store) -> None:
    import_table(store, TS021)
    counts = area_counts(store, "TS021", ["E05002455"])
    assert counts is not None
    by_code = {c.code: c for c in counts.categories}
    roma = next(c for c in counts.categories if c.label == "White: Roma")
    assert by_code[roma.parent].label == "White"
    assert by_code[roma.parent].parent == ""
    assert counts.categories[0].kind == "total"
    assert counts.by_label()["White: Roma"] == 153  # Bargate, as published
    qs = import_table(store, QS201)
    assert qs.categories == 23
    counts11 = area_counts(store, "QS201EW", ["E06000045"])  # Southampton
    assert counts11 is not None
    by_code = {c.code: c for c in counts11.categories}
    other_mixed = next(c for c in counts11.categories
                       if c.label == "Mixed/multiple ethnic group: Other Mixed")
    assert by_code[other_mixed.parent].label == "Mixed"


def test_sums_over_areas(store: Store) -> None:
    import_table(store, TS021)
    _header, rows = _file_rows(TS021)
    wanted = [r[2] for r in rows[:3]]
    counts = area_counts(store, "TS021", wanted)
    assert counts is not None
    assert counts.counts[0] == sum(int(r[3]) for r in rows[:3])


def test_the_table_is_recognised_from_the_header_not_the_name(store: Store,
                                                              tmp_path: Path) -> None:
    header, rows = _file_rows(TS054)
    order = [0, 1, 2, *reversed(range(3, len(header)))]  # categories in another order
    renamed = tmp_path / "download (3).csv"
    with renamed.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for row in [header, *rows]:
            writer.writerow([row[i] for i in order])
    assert import_table(store, renamed).table == "TS054"
    counts = area_counts(store, "TS054", ["E05002455"])
    assert counts is not None and counts.by_label()["Owned: Owns outright"] == 844


def test_importing_again_replaces_the_table(store: Store, tmp_path: Path) -> None:
    import_table(store, TS021)
    header, rows = _file_rows(TS021)
    smaller = tmp_path / "two.csv"
    _write(smaller, header, rows[:2])
    result = import_table(store, smaller)
    assert result.replaced and result.areas == 2
    assert [(t.table, t.areas) for t in loaded_tables(store)] == [("TS021", 2)]
    assert area_counts(store, "TS021", [rows[5][2]]) is None


def _write(path: Path, header: list[str], rows: list[list[str]], *,
           quote_all: bool = False) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _hostile(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """A damaged copy of the TS021 file and what the refusal must name."""
    header, rows = _file_rows(TS021)
    rows = [list(r) for r in rows]
    column = header.index("Ethnic group: White: Roma")
    if kind == "wrong header":
        header = [*header[:3], "Ethnic group: Total", *header[4:]]
        expected = "row 1, column 'Ethnic group: Total'"
    elif kind == "text in counts":
        rows[4][column] = "12a"
        expected = "row 6, column 'Ethnic group: White: Roma': '12a' is not a count"
    elif kind == "negative":
        rows[4][column] = "-3"
        expected = "row 6, column 'Ethnic group: White: Roma': -3 is negative"
    elif kind == "duplicated area":
        rows[7][2] = rows[2][2]
        expected = f"row 9, column 'geography code': {rows[2][2]} appears twice"
    elif kind == "sum":
        rows[4][column] = str(int(rows[4][column]) + 1)
        expected = "row 6, column 'Ethnic group: White': "
    elif kind == "total":
        rows[4][3] = str(int(rows[4][3]) - 1)
        expected = "row 6, column 'Ethnic group: Total: All usual residents': "
    elif kind == "short row":
        rows[3] = rows[3][:-1]
        expected = "row 5: 27 fields where the header has 28"
    elif kind == "not a census code":
        rows[0][2] = "Bargate"
        expected = "row 2, column 'geography code'"
    elif kind == "mixed levels":
        rows[1][2] = "E06000045"
        expected = "row 3, column 'geography code': E06000045 is a lad code"
    else:
        raise AssertionError(kind)
    return _write(tmp_path / f"{kind}.csv", header, rows), expected


HOSTILE = ["wrong header", "text in counts", "negative", "duplicated area", "sum", "total",
           "short row", "not a census code", "mixed levels"]


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_files_are_refused_in_one_line_and_nothing_is_stored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    path, expected = _hostile(tmp_path, kind)
    assert main(["census", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert expected in err, err
    assert err.startswith(f"fieldkit: {path}: ")
    assert main(["census", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tables"] == []


def test_a_refused_file_keeps_the_earlier_import(store: Store, tmp_path: Path) -> None:
    import_table(store, TS021)
    path, _expected = _hostile(tmp_path, "sum")
    with pytest.raises(InvalidInput):
        import_table(store, path)
    assert [(t.table, t.areas) for t in loaded_tables(store)] == [("TS021", 16)]
    counts = area_counts(store, "TS021", ["E05002470"])
    assert counts is not None and counts.counts[0] > 0


def test_a_200_mb_single_line_is_refused_after_reading_a_little(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    chunk = b"date,geography,geography code," + b"x" * (1 << 20)
    with path.open("wb") as f:
        for _ in range(200):
            f.write(chunk)
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput, match=r"huge.csv: row 1: the line is longer than"):
            import_table(store, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        store.close()
    assert peak < 20 << 20


def test_binary_and_empty_files_are_refused(store: Store, tmp_path: Path) -> None:
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(InvalidInput, match="row 1"):
        import_table(store, binary)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        import_table(store, empty)
    header_only = tmp_path / "header.csv"
    header, _rows = _file_rows(TS021)
    _write(header_only, header, [])
    with pytest.raises(InvalidInput, match="no areas"):
        import_table(store, header_only)
    with pytest.raises(InvalidInput, match="cannot read"):
        import_table(store, tmp_path / "missing.csv")


def test_a_2011_row_other_than_total_rural_urban_is_refused(store: Store,
                                                            tmp_path: Path) -> None:
    header, rows = _file_rows(QS201)
    rows[10][3] = "Urban"
    path = _write(tmp_path / "ru.csv", header, rows, quote_all=True)
    with pytest.raises(InvalidInput, match=r"row 12, column 'Rural Urban'"):
        import_table(store, path)


def test_a_batch_goes_on_past_a_refused_file(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad, _expected = _hostile(tmp_path, "negative")
    code = main(["census", "import", str(TS021), str(bad), str(QS201), "--json"])
    assert code == 1
    out = json.loads(capsys.readouterr().out)
    assert [i["table"] for i in out["imported"]] == ["TS021", "QS201EW"]
    assert [r["file"] for r in out["refused"]] == [str(bad)]
    assert "negative" in out["refused"][0]["error"]
    assert out["attribution"] == ATTRIBUTION
    assert main(["census", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["tables"] == [
        {"table": "QS201EW", "title": "Ethnic group", "year": 2011, "level": "lad",
         "areas": 348, "categories": 23},
        {"table": "TS021", "title": "Ethnic group", "year": 2021, "level": "ward",
         "areas": 16, "categories": 24}]
    assert listed["attribution"] == ATTRIBUTION


def test_list_in_words_carries_the_attribution(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["census", "list"]) == 0
    assert "No census tables loaded" in capsys.readouterr().out
    assert main(["census", "import", str(TS054)]) == 0
    out = capsys.readouterr().out
    assert "TS054 Tenure (2021), ward: 16 areas" in out and ATTRIBUTION in out
    assert main(["census", "list"]) == 0
    assert ATTRIBUTION in capsys.readouterr().out


def _lsoa_file(path: Path, rows: int) -> Path:
    """A TS021 file with ``rows`` LSOAs whose parts add up (synthetic counts)."""
    header, _rows = _file_rows(TS021)
    spec = known_tables()["TS021"]
    position = {f"{spec.prefix}: {c.column}": c for c in spec.categories}
    cats = [position[h] for h in header[3:]]
    parents = {c.parent for c in cats}
    leaves = [i for i, c in enumerate(cats) if c.kind == "category" and c.code not in parents]
    broad = {i: [j for j, d in enumerate(cats) if d.parent == c.code]
             for i, c in enumerate(cats) if c.kind == "category" and not c.parent}
    total = next(i for i, c in enumerate(cats) if c.kind == "total")
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for n in range(rows):
            value = [0] * len(cats)
            for i in leaves:
                value[i] = (n + i) % 97
            for i, parts in broad.items():
                value[i] = sum(value[j] for j in parts)
            value[total] = sum(value[i] for i in broad)
            writer.writerow(["2021", f"Somewhere {n:05d}", f"E01{n:06d}", *value])
    return path


def test_a_35000_row_lsoa_file_imports_in_bounded_memory(tmp_path: Path) -> None:
    path = _lsoa_file(tmp_path / "census2021-ts021-lsoa.csv", 35_000)
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    tracemalloc.start()
    try:
        result = import_table(store, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    try:
        assert (result.level, result.areas) == ("lsoa", 35_000)
        counts = area_counts(store, "TS021", ["E01034999"])
        assert counts is not None and counts.counts[0] > 0
    finally:
        store.close()
    # The file's rows as Python objects would take far more: one batch is held at a time.
    assert peak < 24 << 20, peak


def test_import_and_replace_on_each_backend(store_url: str, tmp_path: Path) -> None:
    store = open_store(store_url)
    try:
        result = import_tables(store, [TS021, TS054, QS201])
        assert result.ok and [i.replaced for i in result.imported] == [False] * 3
        bad, _expected = _hostile(tmp_path, "duplicated area")
        assert not import_tables(store, [bad]).ok
        again = import_tables(store, [TS021])
        assert again.imported[0].replaced
        assert [(t.table, t.level, t.areas) for t in loaded_tables(store)] == [
            ("QS201EW", "lad", 348), ("TS021", "ward", 16), ("TS054", "ward", 16)]
        counts = area_counts(store, "TS054", ["E05002455", "E05002456"])
        assert counts is not None and counts.counts[0] == 9279 + 5300
    finally:
        store.close()
