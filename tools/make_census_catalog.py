"""Build resources/census/{tables,categories}.csv, the census tables fieldkit recognises.

Run from the repository root:

    python tools/make_census_catalog.py /work/shared/data/census

Census 2021 topic summaries come from a researcher's metadata extract of the Nomis
bulk files (``TS_Table_Metadata_selected_tables.csv``, ``TS_Cell_Metadata_selected_tables.csv``);
each category's parent is the longest ``": "`` prefix of its label that is itself a
category (else the total), which is checked here against the England and Wales
counts in that extract. Census 2011 QS201EW is written out by hand below from the
Nomis bulk header, because its sub-group labels ("Mixed/multiple ethnic group: ...")
do not start with their broad group's label ("Mixed").

Source: Office for National Statistics licensed under the Open Government Licence v.3.0.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

SUFFIX = "; measures: Value"

# Columns the Nomis TS054 bulk file has beyond the ONS category list: alternative
# groupings of categories, kept and checked as the sum of their parts.
DERIVED: dict[str, list[tuple[str, list[str]]]] = {
    "TS054": [
        ("Owns with a mortgage or loan or shared ownership",
         ["Owned: Owns with a mortgage or loan", "Shared ownership"]),
        ("Private rented or lives rent free", ["Private rented", "Lives rent free"]),
    ],
}

QS201EW = [
    # (column after the "Ethnic Group: " prefix, parent column or "" for top level)
    ("All categories: Ethnic group", None),
    ("White", ""),
    ("White: English/Welsh/Scottish/Northern Irish/British", "White"),
    ("White: Irish", "White"),
    ("White: Gypsy or Irish Traveller", "White"),
    ("White: Other White", "White"),
    ("Mixed", ""),
    ("Mixed/multiple ethnic group: White and Black Caribbean", "Mixed"),
    ("Mixed/multiple ethnic group: White and Black African", "Mixed"),
    ("Mixed/multiple ethnic group: White and Asian", "Mixed"),
    ("Mixed/multiple ethnic group: Other Mixed", "Mixed"),
    ("Asian", ""),
    ("Asian/Asian British: Indian", "Asian"),
    ("Asian/Asian British: Pakistani", "Asian"),
    ("Asian/Asian British: Bangladeshi", "Asian"),
    ("Asian/Asian British: Chinese", "Asian"),
    ("Asian/Asian British: Other Asian", "Asian"),
    ("Black", ""),
    ("Black/African/Caribbean/Black British: African", "Black"),
    ("Black/African/Caribbean/Black British: Caribbean", "Black"),
    ("Black/African/Caribbean/Black British: Other Black", "Black"),
    ("Other", ""),
    ("Other ethnic group: Arab", "Other"),
    ("Other ethnic group: Any other ethnic group", "Other"),
]

CATEGORY_COLUMNS = ["table", "code", "column", "label", "parent", "kind", "parts"]
TABLE_COLUMNS = ["table", "year", "title", "prefix", "unit", "population", "lowest_level"]


def _strip(label: str) -> str:
    return label[: -len(SUFFIX)] if label.endswith(SUFFIX) else label


def build(source: Path, out: Path) -> None:
    tables = list(csv.DictReader((source / "TS_Table_Metadata_selected_tables.csv")
                                 .open(encoding="utf-8")))
    cells = list(csv.DictReader((source / "TS_Cell_Metadata_selected_tables.csv")
                                .open(encoding="utf-8")))
    table_rows: list[dict[str, str]] = []
    category_rows: list[dict[str, str]] = []
    for table in tables:
        table_id = table["Table_ID"].upper()
        own = [c for c in cells if c["Table_ID"] == table["Table_ID"]]
        prefix = own[0]["Cell_Label_ONS_Prefix"]
        table_rows.append({
            "table": table_id, "year": "2021", "title": table["Table_Label"],
            "prefix": prefix, "unit": table["Unit"], "population": table["Pop_Base"],
            "lowest_level": table["Lowest_Geography"]})
        columns = [_strip(c["Cell_Label_ONS"]) for c in own]
        labels = {c: c for c in columns}
        counts = {col: int(c["EW_Count"]) for col, c in zip(columns, own, strict=True)}
        codes = {col: c["Cell_ID"] for col, c in zip(columns, own, strict=True)}
        total = columns[0]
        if not total.startswith("Total"):
            raise SystemExit(f"{table_id}: first cell {total!r} is not the total")
        parents: dict[str, str] = {}
        for col in columns[1:]:
            parts = col.split(": ")
            parent = ""
            for n in range(len(parts) - 1, 0, -1):
                candidate = ": ".join(parts[:n])
                if candidate in labels:
                    parent = candidate
                    break
            parents[col] = parent
        _check(table_id, total, parents, counts)
        category_rows.append({"table": table_id, "code": codes[total], "column": total,
                              "label": own[0]["Cell_Label"], "parent": "", "kind": "total",
                              "parts": ""})
        for col in columns[1:]:
            category_rows.append({
                "table": table_id, "code": codes[col], "column": col, "label": col,
                "parent": codes[parents[col]] if parents[col] else "", "kind": "category",
                "parts": ""})
        for n, (col, parts) in enumerate(DERIVED.get(table_id, []), start=1):
            category_rows.append({
                "table": table_id, "code": f"{table['Table_ID']}d{n:03d}", "column": col,
                "label": col, "parent": "", "kind": "derived",
                "parts": " ".join(codes[p] for p in parts)})
    table_rows.append({
        "table": "QS201EW", "year": "2011", "title": "Ethnic group", "prefix": "Ethnic Group",
        "unit": "Person", "population": "All usual residents", "lowest_level": "oa"})
    codes = {col: f"qs201ew{n:04d}" for n, (col, _p) in enumerate(QS201EW, start=1)}
    for col, parent in QS201EW:
        category_rows.append({
            "table": "QS201EW", "code": codes[col], "column": col,
            "label": "Total: All usual residents" if parent is None else col,
            "parent": codes[parent] if parent else "",
            "kind": "total" if parent is None else "category", "parts": ""})
    out.mkdir(parents=True, exist_ok=True)
    for name, columns_, rows in (("tables.csv", TABLE_COLUMNS, table_rows),
                                 ("categories.csv", CATEGORY_COLUMNS, category_rows)):
        with (out / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, columns_, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def _check(table_id: str, total: str, parents: dict[str, str], counts: dict[str, int]) -> None:
    """Each category with sub-groups is their sum; the total is the sum of the top level."""
    sums: dict[str, int] = {}
    for col, parent in parents.items():
        sums[parent or total] = sums.get(parent or total, 0) + counts[col]
    for col, value in sums.items():
        if counts[col] != value:
            print(f"{table_id}: {col!r} is {counts[col]}, its parts add to {value}",
                  file=sys.stderr)


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path("resources/census"))
