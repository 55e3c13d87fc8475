"""Insight profile plus trend alerts vs a single GROUP BY of the same counts (issue F7).

A SQLite store in a temporary folder gets 100,000 finalized households (10,000
with ``--quick``) of a small survey over two years (2024-2025): 20 communities,
40 areas and 10 measured fields (six single-choice questions, one several-choice
question, a number of bedrooms, and each roster member's age and sex; one to
five members). Measured alternately, best of a few runs each:

* ``insight_s``: ``build_profile`` (by community, per half-year, per area, the
  10 fields) plus ``find_alerts`` with the default settings;
* ``baseline_s``: one SQL statement with sqlite3 that counts the same answers
  by community, half-year, area, field and value (``GROUP BY``), rows fetched.

Targets: ``insight_s`` at most 2 s and ``ratio = insight_s / baseline_s`` at most 3.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TARGET_S = 2.0
TARGET_RATIO = 3.0
FULL = 100_000
QUICK = 10_000
GROUPS = 20
AREAS = 40

SINGLE = {"tenure": 6, "condition": 5, "damp": 3, "rating": 5, "move": 4, "safe": 5}
MULTIPLE = ("needs", 6)
ROOT = "/data"
MEMBER = f"{ROOT}/member"


def _form_text() -> str:
    rows = ["| survey |", "| | type | name | label |",
            "| | select_one community | community | Community |",
            "| | select_one area | area | Area |"]
    rows += [f"| | select_one {name} | {name} | {name.title()} |" for name in SINGLE]
    rows += [f"| | select_multiple {MULTIPLE[0]} | {MULTIPLE[0]} | Needs |",
             "| | integer | bedrooms | Bedrooms |",
             "| | begin repeat | member | Person |",
             "| | integer | age | Age |",
             "| | select_one sex | sex | Sex |",
             "| | end repeat | | |", "", "| choices |", "| | list_name | name | label |"]
    rows += [f"| | community | c{i:02d} | Community {i} |" for i in range(1, GROUPS + 1)]
    rows += [f"| | area | a{i:02d} | Area {i} |" for i in range(1, AREAS + 1)]
    for name, size in (*SINGLE.items(), MULTIPLE):
        rows += [f"| | {name} | {name}{i} | {name.title()} {i} |" for i in range(1, size + 1)]
    rows += ["| | sex | female | Female |", "| | sex | male | Male |", "",
             "| settings |", "| | form_id | version | form_title |",
             "| | insight_bench | 1 | Insight benchmark survey |"]
    return "\n".join(rows) + "\n"


def _fill(db: Path, project_id: str, form_pk: int, device_id: str, count: int) -> None:
    """Interviews and their answers, written with sqlite3 in bulk (seeded)."""
    rng = random.Random(7)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    connection = sqlite3.connect(db)
    try:
        clock = 0
        for first in range(0, count, 5000):
            interviews, answers = [], []
            for _i in range(first, min(count, first + 5000)):
                key = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                at = start + timedelta(seconds=rng.randrange(2 * 365 * 86400))
                stamp = at.strftime("%Y-%m-%d %H:%M:%S.000000")
                interviews.append((key, project_id, form_pk, "finalized", device_id, stamp))
                values = {f"{ROOT}/community": f"c{rng.randrange(1, GROUPS + 1):02d}",
                          f"{ROOT}/area": f"a{rng.randrange(1, AREAS + 1):02d}",
                          f"{ROOT}/bedrooms": str(1 + rng.randrange(5))}
                for name, size in SINGLE.items():
                    values[f"{ROOT}/{name}"] = f"{name}{1 + rng.randrange(size)}"
                chosen = rng.sample(range(1, MULTIPLE[1] + 1), 1 + rng.randrange(2))
                values[f"{ROOT}/{MULTIPLE[0]}"] = " ".join(
                    f"{MULTIPLE[0]}{i}" for i in sorted(chosen))
                for m in range(1, 2 + rng.randrange(5)):
                    values[f"{MEMBER}[{m}]/age"] = str(rng.randrange(90))
                    values[f"{MEMBER}[{m}]/sex"] = rng.choice(("female", "male"))
                for path, value in values.items():
                    clock += 1
                    answers.append((key, path, value, clock, device_id, stamp))
            connection.executemany(
                "INSERT INTO interview (uuid, project_id, form_pk, status, label, "
                "respondent_language, device_id, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, '', '', ?, ?, ?)",
                [(*row, row[-1]) for row in interviews])
            connection.executemany(
                "INSERT INTO answer (interview_uuid, path, value, clock, device_id, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)", answers)
            connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


_BASELINE = """
SELECT g.value, substr(i.created_at, 1, 4) ||
         CASE WHEN substr(i.created_at, 6, 2) <= '06' THEN 'H1' ELSE 'H2' END AS half,
       a.value, m.path, m.value, count(*)
FROM interview i
JOIN answer g ON g.interview_uuid = i.uuid AND g.path = '/data/community'
LEFT JOIN answer a ON a.interview_uuid = i.uuid AND a.path = '/data/area'
JOIN answer m ON m.interview_uuid = i.uuid AND m.path NOT IN ('/data/community', '/data/area')
WHERE i.project_id = ? AND i.form_pk = ? AND i.status = 'finalized'
GROUP BY 1, 2, 3, 4, 5
"""


def _baseline(db: Path, project_id: str, form_pk: int) -> tuple[float, int]:
    started = time.perf_counter()
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute(_BASELINE, (project_id, form_pk)).fetchall()
    finally:
        connection.close()
    return time.perf_counter() - started, len(rows)


def run(quick: bool = False) -> list[dict[str, Any]]:
    from fieldkit.insight import AlertSettings, ProfileQuery, build_profile, find_alerts
    from fieldkit.project_forms import add_form
    from fieldkit.projects import current_project, ensure_local_device
    from fieldkit.store import open_store

    count = QUICK if quick else FULL
    repeats = 1 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "fieldkit.sqlite3"
        store = open_store(f"sqlite:///{db}")
        try:
            project_id = current_project(store).id
            device_id = ensure_local_device(store).id
            form_file = folder / "insight_bench.md"
            form_file.write_text(_form_text(), encoding="utf-8")
            form_pk = add_form(store, project_id, form_file).pk
            started = time.perf_counter()
            _fill(db, project_id, form_pk, device_id, count)
            fill_s = time.perf_counter() - started
            query = ProfileQuery("insight_bench", "community",
                                 (*SINGLE, MULTIPLE[0], "bedrooms", "age", "sex"),
                                 period="half", area_field="area")
            settings = AlertSettings()
            # Warm-up: the form's parse, scipy's import, the OS file cache.
            find_alerts(build_profile(store, query), settings, "en")
            _baseline(db, project_id, form_pk)
            timings, baselines = [], []
            cells = tests = alerts = baseline_rows = 0
            for _i in range(repeats):
                started = time.perf_counter()
                profile = build_profile(store, query)
                result = find_alerts(profile, settings, "en")
                timings.append(time.perf_counter() - started)
                cells, tests, alerts = len(profile.cells), result.tests, len(result.alerts)
                seconds, baseline_rows = _baseline(db, project_id, form_pk)
                baselines.append(seconds)
        finally:
            store.close()
    insight_s, baseline_s = min(timings), min(baselines)
    return [{
        "name": "insight.profile_alerts",
        "households": count,
        "groups": GROUPS, "areas": AREAS, "fields": len(query.measures),
        "cells": cells, "tests": tests, "alerts": alerts,
        "baseline_rows": baseline_rows,
        "fill_s": round(fill_s, 2),
        "insight_s": round(insight_s, 3),
        "baseline_s": round(baseline_s, 3),
        "ratio": round(insight_s / baseline_s, 3),
        "target_s": TARGET_S,
        "target": TARGET_RATIO,
    }]
