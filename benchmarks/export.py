"""CSV export of household surveys vs a raw SELECT written with csv.writer (issue F6).

A SQLite store in a temporary folder gets 10,000 finalized household surveys
(``fieldkit demo seed``; 1,000 with ``--quick``). Measured alternately, best of a
few runs each:

* ``export_s``: ``run_export`` to a CSV folder (the main table, the roster and the
  new-household tables, the codebook included);
* ``baseline_s``: one SQL SELECT of the same answer rows (interview id, path,
  value; the interviews the export selects) with sqlite3, written with
  ``csv.writer``.

Target: ``ratio = export_s / baseline_s`` at most 2.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_RATIO = 2.0
FULL = 10_000
QUICK = 1_000


def _baseline(db: Path, out: Path) -> float:
    start = time.perf_counter()
    connection = sqlite3.connect(db)
    try:
        with out.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(connection.execute(
                "SELECT interview_uuid, path, value FROM answer WHERE value IS NOT NULL AND "
                "interview_uuid IN (SELECT uuid FROM interview WHERE status != 'draft')"))
    finally:
        connection.close()
    return time.perf_counter() - start


def run(quick: bool = False) -> list[dict[str, Any]]:
    from fieldkit.demo.seeding import seed_demo
    from fieldkit.exports import ExportRequest, run_export
    from fieldkit.store import open_store

    count = QUICK if quick else FULL
    repeats = 1 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "fieldkit.sqlite3"
        store = open_store(f"sqlite:///{db}")
        try:
            started = time.perf_counter()
            seed_demo(store, interviews=count, seed=1)
            seed_s = time.perf_counter() - started
            with store.engine.connect() as connection:  # fold the WAL in: both read one file
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            # One warm-up of each: parsing the form, imports, the OS file cache.
            # The household survey only, as the baseline reads: advice-session records
            # (drafts, exported at any status) are not what is measured.
            households = ("household_survey",)
            run_export(store, ExportRequest("csv", folder / "warm", forms=households))
            _baseline(db, folder / "warm.csv")
            exports, baselines = [], []
            rows = 0
            for i in range(repeats):
                out = folder / f"out{i}"
                started = time.perf_counter()
                result = run_export(store, ExportRequest("csv", out, forms=households))
                exports.append(time.perf_counter() - started)
                baselines.append(_baseline(db, folder / f"raw{i}.csv"))
                rows = sum(sum(f.tables.values()) for f in result.forms)
                shutil.rmtree(out)
        finally:
            store.close()
    export_s, baseline_s = min(exports), min(baselines)
    return [{
        "name": "export.csv_household",
        "interviews": count,
        "rows_written": rows,
        "seed_s": round(seed_s, 2),
        "export_s": round(export_s, 3),
        "baseline_s": round(baseline_s, 3),
        "ratio": round(export_s / baseline_s, 3),
        "target": TARGET_RATIO,
    }]
