"""census compare: figures checked against a count and a Wilson interval done by hand."""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.census import ATTRIBUTION
from fieldkit.census.compare import wilson
from fieldkit.census.importer import import_table
from fieldkit.census.lookup import import_lookup
from fieldkit.cli import main
from fieldkit.demo.seeding import seed_demo
from fieldkit.packaged import resource
from fieldkit.store import Store, open_store
from fieldkit.store.models import Answer, Form, Interview

DATA = Path(__file__).parent / "data"
TS021 = DATA / "census2021-ts021-ward-southampton.csv"
WARDS = ["E05002455", "E05002456", "E05002457"]
COMPARED = WARDS[:2]
MEMBER_ETHNICITY = re.compile(r"^/data/survey/roster/member\[([0-9]+)\]/ethnicity$")
Z = 1.959963984540054  # the 97.5% point of the standard normal


def _key(postcode: str) -> str:
    return re.sub(r"\s+", "", postcode).upper()


@pytest.fixture
def store(data_dir: Path, tmp_path: Path) -> Store:
    """The data folder's store with demo household surveys, TS021 for the Southampton
    wards, and a postcode lookup placing the demo postcodes in three of those wards
    (every seventh postcode is left out of the lookup)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    s = open_store(f"sqlite:///{data_dir / 'fieldkit.sqlite3'}")
    seed_demo(s, interviews=50, seed=3)
    import_table(s, TS021)
    with s.session() as session:
        postcodes = sorted({_key(v) for (v,) in session.execute(
            select(Answer.value).where(Answer.path.like("%/postcode"))) if v})
    lookup = tmp_path / "lookup.csv"
    with lookup.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["pcds", "oa21", "lsoa21", "msoa21", "osward", "oslaua"])
        for i, code in enumerate(postcodes):
            if i % 7 != 6:
                writer.writerow([f"{code[:-3]} {code[-3:]}", "", "", "", WARDS[i % 3],
                                 "E06000045"])
    import_lookup(s, lookup)
    yield s  # type: ignore[misc]
    s.close()


def _by_hand(store: Store) -> tuple[Counter[str], int, int]:
    """Residents' ethnicity answers of the household surveys in the compared wards,
    by choice; also the answers outside them and those not placed."""
    wards: dict[str, str] = {}
    with store.session() as session:
        from fieldkit.store.census_models import CensusPostcode

        wards = {p.postcode: p.ward for p in session.scalars(select(CensusPostcode))}
        interviews = set(session.scalars(
            select(Interview.uuid).join(Form).where(
                Form.form_id == "household_survey",
                Interview.status.in_(("finalized", "sent", "receipted")))))
        answers: dict[str, dict[str, str]] = defaultdict(dict)
        for uuid, path, value in session.execute(
                select(Answer.interview_uuid, Answer.path, Answer.value)
                .where(Answer.interview_uuid.in_(list(interviews)))):
            answers[uuid][path] = value or ""
    inside: Counter[str] = Counter()
    elsewhere = unplaced = 0
    for a in answers.values():
        members = {int(m.group(1)): v for p, v in a.items()
                   if (m := MEMBER_ETHNICITY.match(p)) and v}
        if 1 not in members:
            continue  # not grouped, so not counted (the profile's rule)
        postcode = _key(a.get("/data/survey/address_grp/postcode", ""))
        ward = wards.get(postcode)
        if ward is None:
            unplaced += len(members)
        elif ward not in COMPARED:
            elsewhere += len(members)
        else:
            inside.update(members.values())
    return inside, elsewhere, unplaced


def _wilson_by_hand(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre - half, centre + half


def test_wilson_matches_the_formula() -> None:
    for k, n in [(0, 10), (3, 10), (10, 10), (57, 121), (1, 2000)]:
        low, high = wilson(k, n)
        assert low is not None and high is not None
        hand_low, hand_high = _wilson_by_hand(k, n)
        assert low == pytest.approx(max(hand_low, 0.0), abs=1e-9)
        assert high == pytest.approx(min(hand_high, 1.0), abs=1e-9)
    assert wilson(0, 0) == (None, None)


def test_compare_figures_against_a_count_by_hand(store: Store,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["census", "compare", "--table", "TS021", "--area", *COMPARED, "--form",
                 "household_survey", "--field", "ethnicity", "--postcode-field", "postcode",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    inside, elsewhere, unplaced = _by_hand(store)
    with resource("census", "crosswalks", "ethnicity--TS021.csv").open(encoding="utf-8") as f:
        crosswalk = {r["choice"]: r["census_category"] for r in csv.DictReader(f)}
    own: Counter[str] = Counter()
    for choice, n in inside.items():
        if crosswalk.get(choice):
            own[crosswalk[choice]] += n
    own_total = sum(own.values())
    assert own_total > 30  # the test means something
    with TS021.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, published = rows[0], [r for r in rows[1:] if r[2] in COMPARED]
    census = {name.split(": ", 1)[1]: sum(int(r[i]) for r in published)
              for i, name in enumerate(header) if i >= 3}
    census_total = census["Total: All usual residents"]

    assert (out["table"], out["areas"], out["field"]) == ("TS021", COMPARED, "ethnicity")
    assert out["attribution"] == ATTRIBUTION
    assert (out["own_total"], out["own_elsewhere"], out["own_unplaced"]) == (
        own_total, elsewhere, unplaced)
    assert out["census_total"] == census_total
    assert out["unmapped"] == [{"choice": "prefer_not", "label": "Prefer not to say",
                                "own_n": inside["prefer_not"]}]
    by_category = {r["category"]: r for r in out["rows"]}
    for label, row in by_category.items():
        own_n = own[label] + sum(n for sub, n in own.items() if sub.startswith(label + ": "))
        assert row["own_n"] == own_n, label
        assert row["census_n"] == census[label], label
        census_share = census[label] / census_total
        own_share = own_n / own_total
        assert row["census_share"] == pytest.approx(census_share, abs=1e-6)
        assert row["own_share"] == pytest.approx(own_share, abs=1e-6)
        assert row["ratio"] == pytest.approx(own_share / census_share, abs=1e-4)
        low, high = _wilson_by_hand(own_n, own_total)
        assert row["own_low"] == pytest.approx(max(low, 0), abs=1e-6)
        assert row["own_high"] == pytest.approx(min(high, 1), abs=1e-6)
        expected = ("under_represented" if census_share > high else
                    "small_in_census" if census_share < low else None)
        assert row["flag"] == expected, label
    # 'mixed' maps to the broad group, so its sub-groups are not compared one by one.
    assert "Mixed or Multiple ethnic groups" in by_category
    assert not any(r["parent"] == "Mixed or Multiple ethnic groups" for r in out["rows"])
    assert by_category["White: Roma"]["parent"] == "White"


def test_compare_in_words_names_the_source(store: Store,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["census", "compare", "--table", "TS021", "--area", *COMPARED, "--form",
                 "household_survey", "--field", "ethnicity", "--postcode-field",
                 "postcode"]) == 0
    out = capsys.readouterr().out
    assert "    White: Roma\t" in out and "Unmapped choices (not compared): prefer_not" in out
    assert out.rstrip().endswith(ATTRIBUTION)


def test_a_crosswalk_file_for_one_comparison(store: Store, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cw.csv"
    path.write_text("choice,census_category\nroma,White: Roma\n", encoding="utf-8")
    assert main(["census", "compare", "--table", "TS021", "--area", *COMPARED, "--form",
                 "household_survey", "--field", "ethnicity", "--postcode-field", "postcode",
                 "--crosswalk", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    inside, _elsewhere, _unplaced = _by_hand(store)
    assert out["crosswalk"] == "file"
    assert out["own_total"] == inside["roma"]
    assert {u["choice"] for u in out["unmapped"]} >= {"white_british", "prefer_not"}
    # Every unmapped choice's own count is reported, none dropped.
    assert sum(u["own_n"] for u in out["unmapped"]) + out["own_total"] == sum(
        inside.values())


def test_compare_needs_one_way_to_place_interviews(store: Store,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["census", "compare", "--table", "TS021", "--area", "E05002455", "--form",
                 "household_survey", "--field", "ethnicity"]) == 2
    assert "--area-field" in capsys.readouterr().err


def test_the_comparison_exports_to_csv_and_xlsx_with_the_source(
        store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    args = ["census", "compare", "--table", "TS021", "--area", *COMPARED, "--form",
            "household_survey", "--field", "ethnicity", "--postcode-field", "postcode"]
    out_csv, out_xlsx = tmp_path / "cmp.csv", tmp_path / "cmp.xlsx"
    assert main([*args, "--out", str(out_csv), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert main([*args, "--out", str(out_xlsx)]) == 0
    with out_csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:5] == ["category", "parent", "census_n", "census_share", "own_n"]
    body = rows[1:1 + len(figures["rows"])]
    assert [(r[0], int(r[2]), int(r[4])) for r in body] == [
        (r["category"], r["census_n"], r["own_n"]) for r in figures["rows"]]
    assert rows[-1] == [ATTRIBUTION]
    sheet = load_workbook(out_xlsx).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert values[1][0] == figures["rows"][0]["category"]
    assert values[-1] == [ATTRIBUTION]
    assert main([*args, "--out", str(tmp_path / "cmp.pdf")]) == 2
