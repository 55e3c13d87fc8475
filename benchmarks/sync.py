"""Sync: importing data bundles on the coordinator (issue F4, item 9).

Set-up (not timed): a coordinator project in a temporary SQLite store and laptops
that joined its pack; each laptop writes finalized household interviews the way
the interview service saves them (one answer row per field with device clocks:
postcode, address, a roster of three people, housing answers; about 2% of the
households are surveyed twice by two laptops) and exports them as incremental
bundles (sealed, signed), one per laptop: a laptop's bundle holds everything not
yet receipted, so one bundle per laptop keeps the bundles disjoint.

Measured, each in its own child process so the import's peak RSS is its own:

* ``first_import_s``: ``import_bundles`` of every bundle into the empty coordinator
  (verify, decrypt, merge, materialise answers, duplicate checks), one transaction
  per bundle; ``import_rows_per_s`` counts the answer rows (field versions).
* baseline ``raw_rows_per_s``: the same answer rows inserted with sqlite3
  ``executemany`` into a bare table with the answer table's unique key, one
  transaction per bundle, measured in the same run.
* ``reimport_s``: importing every bundle again (recognised, nothing changes).

Targets: import at >= 30% of raw insert speed (``ratio`` = import / raw rows/s),
re-import <= 10% of the first import (``reimport_ratio``), peak RSS <= 300 MB.
They are for the full run (100 bundles of 100 households). ``--quick`` imports 10
bundles of 20: there each bundle's fixed cost (a new laptop's enrolment, signature,
a few dozen statements, about 12 ms) outweighs its rows, and its ratio (about 0.14)
says little about throughput; it is a smoke test of the benchmark itself.
"""

from __future__ import annotations

import multiprocessing
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FULL = (100, 1, 100)  # laptops, bundles per laptop, interviews per bundle
QUICK = (10, 1, 20)
FORM_ID = "household_survey"
NAMES = ("Ahmed Karimi", "Anna Nowak", "Ioana Popescu", "Hawre Aziz", "Faduma Ali",
         "Zofia Lis", "Maryam Rahimi", "Marek Kowalski")


def _household(rng: random.Random, number: int) -> dict[str, str | None]:
    prefix = "/data/survey"
    answers: dict[str, str | None] = {
        # A postcode covers about 15 homes, as in the UK.
        f"{prefix}/address_grp/postcode": f"LS{number // 15 % 30} {number // 450}AA",
        f"{prefix}/address_grp/address": f"{number} Leeds Road",
        "/data/consent_grp/consent": "yes", "/data/consent_grp/consent_type": "signed",
    }
    for person in range(1, 4):
        base = f"{prefix}/roster/member[{person}]"
        answers.update({
            f"{base}/member_name": rng.choice(NAMES) if person > 1 else NAMES[number % 8],
            f"{base}/age": str(rng.randint(1, 80)), f"{base}/sex": rng.choice(("male",
                                                                              "female")),
            f"{base}/relationship": "child", f"{base}/ethnicity": "polish",
            f"{base}/nationality": "pl", f"{base}/main_language": "pl",
            f"{base}/employment": "employed", f"{base}/health": "none",
        })
    for name in ("tenure", "property_type", "bedrooms", "condition", "repairs", "damp",
                 "advice_sought", "advice_where", "advice_satisfaction", "advice_barriers",
                 "adaptations_needed", "support_needed", "safe_day", "safe_night",
                 "harassment", "services_hard", "area_rating", "intend_move", "move_where",
                 "tenure_wanted", "new_hh_any"):
        answers[f"{prefix}/x/{name}"] = str(rng.randint(1, 5))
    return answers


def _build(folder: Path, laptops: int, bundles: int, per_bundle: int) -> list[Path]:
    from sqlalchemy import select

    from fieldkit.interviews.answer_rows import write_answers
    from fieldkit.projects import ensure_local_device
    from fieldkit.store import open_store
    from fieldkit.store.models import Form, Interview, utcnow
    from fieldkit.sync.bundle_out import export_bundle
    from fieldkit.sync.project import add_interviewer, init_project, join_pack, write_pack

    coordinator = open_store(f"sqlite:///{folder / 'coordinator.sqlite3'}")
    project = init_project(coordinator, "Benchmark", default_forms=False)
    with coordinator.session() as session:
        session.add(Form(project_id=project.id, form_id=FORM_ID, version="1", title="HH",
                         source_name="hh.xml", source=b"<x/>", hash="a" * 64, xform="<x/>"))
    codes = {f"Interviewer {n}": add_interviewer(coordinator, f"Interviewer {n}")[1]
             for n in range(laptops)}
    pack = folder / "pack.zip"
    write_pack(coordinator, pack)
    coordinator.close()
    rng = random.Random(7)
    paths = []
    number = 0
    for n, (name, code) in enumerate(codes.items()):
        store = open_store(f"sqlite:///{folder / f'laptop-{n}.sqlite3'}")
        join_pack(store, pack, name, code)
        device = ensure_local_device(store).id
        for b in range(bundles):
            with store.session() as session:
                form_pk = session.scalars(select(Form.id)).one()
                for _i in range(per_bundle):
                    number += 1
                    # About 2% of households were already surveyed by someone else.
                    which = number - 37 if number > 100 and number % 50 == 0 else number
                    now = utcnow()
                    row = Interview(project_id=project.id, form_pk=form_pk,
                                    status="finalized", label=f"HH-{number}",
                                    device_id=device, created_at=now, updated_at=now,
                                    finalized_at=now)
                    session.add(row)
                    session.flush()
                    write_answers(session, row.uuid, device, _household(rng, which), now)
            path = folder / f"bundle-{n}-{b}.zip"
            export_bundle(store, path)
            paths.append(path)
        store.close()
    return paths


def _raw_rows(paths: list[Path], folder: Path) -> list[list[tuple[Any, ...]]]:
    """The answer rows of each bundle, as the raw baseline inserts them."""
    from fieldkit.store import open_store
    from fieldkit.sync import keys
    from fieldkit.sync.bundle_in import read_bundle
    from fieldkit.sync.formats import HEADER_PATH
    from fieldkit.sync.project import coordinator_project

    store = open_store(f"sqlite:///{folder / 'coordinator.sqlite3'}")
    project = coordinator_project(store)
    box = keys.box_private(store, project.id)
    out = [[(v.interview_uuid, v.path, v.value, v.clock, v.device_id, v.written_at)
            for v in read_bundle(p, project.id, box).versions if v.path != HEADER_PATH]
           for p in paths]
    store.close()
    return out


def _measure_raw(folder: str, paths: list[str], queue: Any) -> None:
    where = Path(folder)
    rows = _raw_rows([Path(p) for p in paths], where)
    raw_db = where / "raw.sqlite3"
    conn = sqlite3.connect(raw_db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, interview_uuid TEXT, path TEXT,"
                 " value TEXT, clock INTEGER, device_id TEXT, updated_at TEXT,"
                 " UNIQUE (interview_uuid, path))")
    start = time.perf_counter()
    for chunk in rows:
        with conn:
            conn.executemany("INSERT INTO answer (interview_uuid, path, value, clock, "
                             "device_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)", chunk)
    raw_s = time.perf_counter() - start
    conn.close()
    queue.put({"rows": sum(len(c) for c in rows), "raw_s": raw_s})


def _measure(folder: str, paths: list[str], queue: Any) -> None:
    from fieldkit.store import open_store
    from fieldkit.sync.bundle_in import import_bundles

    where = Path(folder)
    bundles = [Path(p) for p in paths]
    store = open_store(f"sqlite:///{where / 'coordinator.sqlite3'}")
    start = time.perf_counter()
    reports = import_bundles(store, bundles)
    first_s = time.perf_counter() - start
    assert all(r.accepted for r in reports), [r.reason for r in reports if not r.accepted]
    start = time.perf_counter()
    again = import_bundles(store, bundles)
    reimport_s = time.perf_counter() - start
    assert all(r.already_imported for r in again)
    from fieldkit.sync.duplicates import list_duplicates

    flags = len(list_duplicates(store))
    store.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put({"first_s": first_s,
               "reimport_s": reimport_s, "peak_rss_mb": peak_kb / 1024,
               "versions": sum(r.counts.versions_new for r in reports),
               "duplicate_flags": flags})


def _child(target: Any, folder: str, paths: list[Path]) -> dict[str, Any]:
    """Run ``target`` in a fresh process (its own peak RSS); returns what it reports."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=target, args=(folder, [str(p) for p in paths], queue))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"the measuring process failed ({child.exitcode})")
    result: dict[str, Any] = queue.get(timeout=60)
    return result


def run(quick: bool = False) -> list[dict[str, Any]]:
    laptops, per_laptop, per_bundle = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="fieldkit-bench-sync-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        paths = _build(folder, laptops, per_laptop, per_bundle)
        setup_s = time.perf_counter() - start
        result = {**_child(_measure_raw, tmp, paths), **_child(_measure, tmp, paths)}
    rows = result["rows"]
    import_rate = rows / result["first_s"]
    raw_rate = rows / result["raw_s"]
    return [{
        "name": "sync.import",
        "bundles": len(paths), "interviews": len(paths) * per_bundle,
        "answer_rows": rows, "versions_imported": result["versions"],
        "duplicate_flags": result["duplicate_flags"],
        "first_import_s": round(result["first_s"], 3),
        "import_rows_per_s": round(import_rate),
        "baseline_raw_executemany_s": round(result["raw_s"], 3),
        "raw_rows_per_s": round(raw_rate),
        "ratio": round(import_rate / raw_rate, 3),
        "target": ">= 0.30" if not quick else ">= 0.30 (for the full run, not --quick)",
        "reimport_s": round(result["reimport_s"], 3),
        "reimport_ratio": round(result["reimport_s"] / result["first_s"], 4),
        "reimport_target": "<= 0.10",
        "peak_rss_mb": round(result["peak_rss_mb"], 1), "peak_rss_target_mb": 300,
        "setup_s": round(setup_s, 1), "python": sys.version.split()[0],
    }]
