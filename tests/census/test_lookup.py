"""The postcode lookup (ONSPD, NSPL, best-fit layouts) and adding small areas up."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from fieldkit.census import ATTRIBUTION
from fieldkit.census.areas import figures_for_areas
from fieldkit.census.importer import import_table
from fieldkit.census.lookup import areas_of_postcode, import_lookup, nesting
from fieldkit.cli import main
from fieldkit.errors import InvalidInput
from fieldkit.store import Store, open_store

DATA = Path(__file__).parent / "data"
TS021 = DATA / "census2021-ts021-ward-southampton.csv"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield s  # type: ignore[misc]
    s.close()


def test_onspd_layout_prefers_2021_areas(store: Store) -> None:
    result = import_lookup(store, DATA / "lookup_onspd.csv")
    assert (result.layout, result.postcodes) == ("ONSPD", 5)
    assert result.columns == {"postcode": "pcds", "oa": "oa21", "lsoa": "lsoa21",
                              "msoa": "msoa21", "ward": "osward", "lad": "oslaua"}
    assert areas_of_postcode(store, "so14 7ly") == {
        "oa": "E00086701", "lsoa": "E01017141", "msoa": "E02003561", "ward": "E05002455",
        "lad": "E06000045"}
    assert areas_of_postcode(store, "SO99 9ZZ") is None


def test_nspl_and_best_fit_layouts(store: Store) -> None:
    nspl = import_lookup(store, DATA / "lookup_nspl.csv")
    assert (nspl.layout, nspl.columns["ward"], nspl.columns["lad"]) == ("NSPL", "ward", "laua")
    best = import_lookup(store, DATA / "lookup_bestfit.csv")
    assert best.layout == "ONS best-fit lookup" and "ward" not in best.columns
    assert areas_of_postcode(store, "SO19 9RF") == {
        "oa": "E00087001", "lsoa": "E01017200", "msoa": "E02003590", "ward": "",
        "lad": "E06000045"}
    # Importing again updates, never duplicates.
    assert import_lookup(store, DATA / "lookup_nspl.csv").postcodes == 2
    areas = areas_of_postcode(store, "SO16 1AA")
    assert areas is not None and areas["ward"] == "E05002460"


def _rewrite(path: Path, tmp_path: Path, edit: str) -> Path:
    lines = path.read_text(encoding="utf-8").splitlines()
    if edit == "no pcds":
        lines[0] = lines[0].replace("pcd,pcd2,pcds,", "code7,code8,code,")
    elif edit == "bad postcode":
        lines[2] = lines[2].replace("SO14 7DU", "NOT A CODE")
    elif edit == "twice":
        lines.append(lines[1])
    elif edit == "wrong level":
        lines[1] = lines[1].replace("E05002455", "E01017141")
    out = tmp_path / f"{edit}.csv"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


@pytest.mark.parametrize(("edit", "message"), [
    ("no pcds", "row 1: not a postcode lookup"),
    ("bad postcode", "row 3, column 'pcds': 'NOT A CODE' is not a postcode"),
    ("twice", "row 7, column 'pcds': SO14 7LY appears twice"),
    ("wrong level", "row 2, column 'osward': 'E01017141' is not a census ward code"),
])
def test_a_damaged_lookup_is_refused_and_nothing_is_stored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: str, message: str) -> None:
    path = _rewrite(DATA / "lookup_onspd.csv", tmp_path, edit)
    assert main(["census", "lookup", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert main(["census", "lookup", "import", str(DATA / "lookup_bestfit.csv"),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["postcodes"] == 1


def _lsoa_table(tmp_path: Path) -> Path:
    """TS021 for four LSOAs, their counts borrowed from four published ward rows."""
    with TS021.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    codes = ["E01017141", "E01017142", "E01017151", "E01017161"]
    path = tmp_path / "census2021-ts021-lsoa.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(rows[0])
        for code, row in zip(codes, rows[1:5], strict=True):
            writer.writerow([row[0], f"Southampton {code}", code, *row[3:]])
    return path


def test_lsoas_add_up_to_wards_where_the_lookup_says_how(store: Store,
                                                         tmp_path: Path) -> None:
    import_lookup(store, DATA / "lookup_onspd.csv")
    nest = nesting(store, ["E05002455", "E05002456"], "lsoa")
    assert nest.children == {"E05002455": ("E01017141", "E01017142"),
                             "E05002456": ("E01017161",)}
    assert nest.split == ("E01017151",)  # postcodes in both wards
    import_table(store, _lsoa_table(tmp_path))
    with TS021.open(encoding="utf-8", newline="") as f:
        ward_rows = list(csv.reader(f))[1:5]
    figures = figures_for_areas(store, "TS021", ["E05002455"])
    assert (figures.level, figures.source_level) == ("ward", "lsoa")
    assert figures.split == ("E01017151",)
    expected = int(ward_rows[0][3]) + int(ward_rows[1][3])  # the first two LSOAs
    assert figures.counts.counts[0] == expected
    assert figures.counts.areas == ("E05002455",)


def test_show_reads_the_level_loaded(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["census", "import", str(TS021)]) == 0
    capsys.readouterr()
    assert main(["census", "show", "--table", "ts021", "--area", "E05002455", "E05002470",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["attribution"] == ATTRIBUTION
    assert out["areas"] == ["E05002455", "E05002470"]
    rows = {r["category"]: r for r in out["rows"]}
    with TS021.open(encoding="utf-8", newline="") as f:
        published = {r[2]: r for r in csv.reader(f)}
    roma = 23  # "Ethnic group: White: Roma"
    assert rows["White: Roma"]["count"] == int(published["E05002455"][roma]) + int(
        published["E05002470"][roma])
    total = rows["Total: All usual residents"]["count"]
    assert rows["White: Roma"]["share"] == round(rows["White: Roma"]["count"] / total, 6)
    assert main(["census", "show", "--table", "TS021", "--area", "E05002455"]) == 0
    words = capsys.readouterr().out
    assert "    White: Roma\t153\t" in words and ATTRIBUTION in words


@pytest.mark.parametrize(("args", "message"), [
    (["--table", "TS054", "--area", "E05002455"], "TS054 is not loaded"),
    (["--table", "TS021", "--area", "E05002455", "E06000045"], "of one level"),
    (["--table", "TS021", "--area", "E06000045"], "loaded for ward only"),
])
def test_show_refuses_what_it_cannot_answer(store: Store, args: list[str], message: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["census", "import", str(TS021)]) == 0
    capsys.readouterr()
    assert main(["census", "show", *args]) == 1
    assert message in capsys.readouterr().err


def test_figures_for_unknown_areas_are_refused(store: Store) -> None:
    import_table(store, TS021)
    with pytest.raises(InvalidInput, match="no figures"):
        figures_for_areas(store, "TS021", ["E05000001"])


def test_the_help_lists_every_table_the_catalog_knows(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    from fieldkit.census.catalog import known_tables

    with pytest.raises(SystemExit):
        main(["census", "import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    listed = set(re.findall(r"\b(?:TS\d{3}A?|QS\d{3}EW)\b", text))
    ranged = {f"TS0{n}" for n in range(21, 26)}  # "TS021 to TS025"
    assert listed | ranged == set(known_tables())


def test_areas_given_as_codes_are_placed_at_the_compared_level(store: Store) -> None:
    from fieldkit.census.compare import _placer

    import_lookup(store, DATA / "lookup_onspd.csv")
    placed = _placer(store, ["E05002455", "E01017141", "e01017142", "E01017151",
                             "E01099999", "junk"], "ward", postcodes=False)
    # A ward as it is; LSOAs wholly in one ward moved up; a split or unknown one not.
    assert placed == {"E05002455": "E05002455", "E01017141": "E05002455",
                      "e01017142": "E05002455"}
    by_postcode = _placer(store, ["so14 7ly", "SO171BJ", "SO99 9ZZ"], "ward", postcodes=True)
    assert by_postcode == {"so14 7ly": "E05002455", "SO171BJ": "E05002456"}


def test_lookup_and_adding_up_on_each_backend(store_url: str, tmp_path: Path) -> None:
    s = open_store(store_url)
    try:
        assert import_lookup(s, DATA / "lookup_onspd.csv").postcodes == 5
        assert import_lookup(s, DATA / "lookup_onspd.csv").postcodes == 5  # updates
        import_table(s, _lsoa_table(tmp_path))
        figures = figures_for_areas(s, "TS021", ["E05002455", "E05002456"])
        assert figures.split == ("E01017151",)
        assert figures.counts.areas == ("E05002455", "E05002456")
    finally:
        s.close()
