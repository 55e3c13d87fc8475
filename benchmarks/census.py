"""Census import of a 35,000-row LSOA table vs reading and inserting it raw (issue F8).

A Census 2021 TS021 file in the Nomis bulk layout with 35,000 LSOAs (3,500 with
``--quick``; synthetic counts whose parts add up) is imported into a new SQLite
store. Measured alternately, best of a few runs each:

* ``import_s``: ``fieldkit.census.importer.import_table`` (header recognition, every
  count and sum checked, one row per area written in batches in one transaction);
* ``baseline_s``: ``csv.reader`` over the file and ``sqlite3`` ``executemany`` of the
  same rows (code, name, counts as JSON) into a plain table, in one transaction, no
  checks.

Also ``peak_mb``: the import's peak Python allocation (tracemalloc, one extra run),
which stays that of one batch however long the file is.

Target: ``ratio = import_s / baseline_s`` at most 3.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

TARGET_RATIO = 3.0
FULL = 35_000
QUICK = 3_500


def _write_table(path: Path, rows: int) -> None:
    from fieldkit.census.catalog import known_tables

    spec = known_tables()["TS021"]
    cats = spec.categories
    parents = {c.parent for c in cats}
    leaves = [i for i, c in enumerate(cats) if c.kind == "category" and c.code not in parents]
    broad = {i: [j for j, d in enumerate(cats) if d.parent == c.code]
             for i, c in enumerate(cats) if c.kind == "category" and not c.parent}
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["date", "geography", "geography code",
                         *(f"{spec.prefix}: {c.column}" for c in cats)])
        for n in range(rows):
            value = [0] * len(cats)
            for i in leaves:
                value[i] = (n * 7 + i * 13) % 211
            for i, parts in broad.items():
                value[i] = sum(value[j] for j in parts)
            value[0] = sum(value[i] for i in broad)
            writer.writerow(["2021", f"Area {n:05d}", f"E01{n:06d}", *value])


def _baseline(path: Path, db: Path) -> float:
    start = time.perf_counter()
    connection = sqlite3.connect(db)
    try:
        connection.execute("CREATE TABLE IF NOT EXISTS raw (code TEXT PRIMARY KEY, name TEXT, "
                           "counts TEXT)")
        with connection, path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            next(reader)
            connection.execute("DELETE FROM raw")
            connection.executemany("INSERT INTO raw VALUES (?, ?, ?)", (
                (r[2], r[1], json.dumps([int(v) for v in r[3:]], separators=(",", ":")))
                for r in reader))
    finally:
        connection.close()
    return time.perf_counter() - start


def run(quick: bool = False) -> list[dict[str, Any]]:
    from fieldkit.census.importer import import_table
    from fieldkit.store import open_store

    count = QUICK if quick else FULL
    repeats = 1 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        table = folder / "census2021-ts021-lsoa.csv"
        _write_table(table, count)
        store = open_store(f"sqlite:///{folder / 'fieldkit.sqlite3'}")
        try:
            import_table(store, table)  # warm-up: imports, the catalog, the file cache
            _baseline(table, folder / "raw.sqlite3")
            imports, baselines = [], []
            for _ in range(repeats):
                started = time.perf_counter()
                import_table(store, table)  # replaces the earlier import each time
                imports.append(time.perf_counter() - started)
                baselines.append(_baseline(table, folder / "raw.sqlite3"))
            tracemalloc.start()
            try:
                import_table(store, table)
                _current, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
        finally:
            store.close()
    import_s, baseline_s = min(imports), min(baselines)
    return [{
        "name": "census_import", "areas": count, "import_s": round(import_s, 3),
        "baseline_s": round(baseline_s, 3), "ratio": round(import_s / baseline_s, 2),
        "target": f"ratio <= {TARGET_RATIO}", "peak_mb": round(peak / 2**20, 1),
    }]
