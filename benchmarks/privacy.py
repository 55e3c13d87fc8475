"""The cost of encryption at rest (issue F13): the same work on a plaintext store and
on an encrypted (SQLCipher) one, measured in the same run.

* ``privacy.answer``: answer to saved. An interview of the generated 1,000-question
  form (``benchmarks.forms.write_big_form``) is started in each store; the same
  answers (integers and texts across the form) go through ``InterviewHandle.answer``
  (which writes them to the store in a transaction), alternately into the plaintext
  and the encrypted store so machine noise falls on both alike.
  ``ratio`` = p95 encrypted / p95 plaintext; target <= 1.25.
* ``privacy.import``: bundle import on the coordinator. The bundles of
  ``benchmarks.sync`` (laptops that joined a pack, sealed signed bundles) are imported
  into two copies of the coordinator's store, one plaintext, one encrypted in place
  by ``fieldkit.vault``, each in its own child process.
  ``ratio`` = rows/s encrypted / rows/s plaintext; target >= 0.8.
"""

from __future__ import annotations

import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from benchmarks.forms import write_big_form

ANSWERS_FULL, ANSWERS_QUICK = 400, 80
PASSPHRASE = "benchmark passphrase, long enough"


def _encrypted_new_store(file: Path) -> bytes:
    from fieldkit.vault.kdf import FAST_FOR_TESTS
    from fieldkit.vault.setup import encrypt_store

    return encrypt_store(file, secret=PASSPHRASE, kind="passphrase", device_kind="none",
                         kdf=FAST_FOR_TESTS)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def _answers(form: Any, count: int) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for path, question in form.questions.items():
        if "/g" not in path or "/q" not in path:
            continue
        i = int(path.rsplit("/q", 1)[1])
        if question.type == "integer":
            out.append((path, i % 20 + 1))
        elif question.type == "text":
            out.append((path, f"Answer {i}, Flat {i % 9 + 1} Harehills Lane"))
        if len(out) >= count:
            break
    return out


def _answer_case(tmp: Path, quick: bool) -> dict[str, Any]:
    from fieldkit.interviews import Consent, start_interview
    from fieldkit.project_forms import add_form
    from fieldkit.projects import current_project
    from fieldkit.store import open_store

    form_file = tmp / "big_survey.xlsx"
    write_big_form(form_file)
    handles = {}
    with ExitStack() as stack:
        for kind in ("plain", "encrypted"):
            file = tmp / f"{kind}.sqlite3"
            key = _encrypted_new_store(file) if kind == "encrypted" else None
            store = open_store(f"sqlite:///{file}", key=key)
            stack.callback(store.close)
            stored = add_form(store, current_project(store).id, form_file)
            handles[kind] = start_interview(store, form_pk=stored.pk, respondent_language="",
                                            label="benchmark", consent=Consent("verbal"))
        answers = _answers(handles["plain"].form, ANSWERS_QUICK if quick else ANSWERS_FULL)
        times: dict[str, list[float]] = {"plain": [], "encrypted": []}
        for n, (path, value) in enumerate(answers):
            order = ("plain", "encrypted") if n % 2 == 0 else ("encrypted", "plain")
            for kind in order:
                start = time.perf_counter()
                handles[kind].answer(path, value)
                times[kind].append(time.perf_counter() - start)
    plain, enc = _p95(times["plain"]), _p95(times["encrypted"])
    return {"name": "privacy.answer", "answers": len(answers),
            "encrypted_p50_ms": round(statistics.median(times["encrypted"]) * 1000, 3),
            "encrypted_p95_ms": round(enc * 1000, 3),
            "baseline_plain_p50_ms": round(statistics.median(times["plain"]) * 1000, 3),
            "baseline_plain_p95_ms": round(plain * 1000, 3),
            "ratio": round(enc / plain, 3), "target": "<= 1.25", "quick": quick}


def _import(folder: str, paths: list[str], queue: Any) -> None:
    from fieldkit.store import open_store
    from fieldkit.sync.bundle_in import import_bundles
    from fieldkit.vault.sqlcipher import is_encrypted_store
    from fieldkit.vault.unlock import unlock

    file = Path(folder)
    key = unlock(file, PASSPHRASE).key if is_encrypted_store(file) else None
    store = open_store(f"sqlite:///{file}", key=key)
    start = time.perf_counter()
    reports = import_bundles(store, [Path(p) for p in paths])
    seconds = time.perf_counter() - start
    assert all(r.accepted for r in reports), [r.reason for r in reports if not r.accepted]
    store.close()
    queue.put({"seconds": seconds, "versions": sum(r.counts.versions_new for r in reports)})


def _child(file: Path, paths: list[Path]) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_import, args=(str(file), [str(p) for p in paths], queue))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"the measuring process failed ({child.exitcode})")
    result: dict[str, Any] = queue.get(timeout=60)
    return result


def _import_case(tmp: Path, quick: bool) -> dict[str, Any]:
    from benchmarks.sync import FULL, QUICK, _build
    from fieldkit.vault.kdf import FAST_FOR_TESTS
    from fieldkit.vault.setup import encrypt_store

    laptops, per_laptop, per_bundle = QUICK if quick else FULL
    paths = _build(tmp, laptops, per_laptop, per_bundle)
    plain = tmp / "coordinator.sqlite3"
    encrypted = tmp / "encrypted" / "coordinator.sqlite3"
    encrypted.parent.mkdir()
    shutil.copy(plain, encrypted)
    encrypt_store(encrypted, secret=PASSPHRASE, kind="passphrase", device_kind="none",
                  kdf=FAST_FOR_TESTS)
    first = _child(plain, paths)
    second = _child(encrypted, paths)
    rate_plain = first["versions"] / first["seconds"]
    rate_enc = second["versions"] / second["seconds"]
    return {"name": "privacy.import", "bundles": len(paths),
            "versions": second["versions"],
            "encrypted_s": round(second["seconds"], 3),
            "encrypted_rows_per_s": round(rate_enc),
            "baseline_plain_s": round(first["seconds"], 3),
            "baseline_plain_rows_per_s": round(rate_plain),
            "ratio": round(rate_enc / rate_plain, 3), "target": ">= 0.8", "quick": quick,
            "python": sys.version.split()[0]}


def run(quick: bool = False) -> list[dict[str, Any]]:
    records = []
    with tempfile.TemporaryDirectory(prefix="fieldkit-bench-privacy-") as tmp:
        (Path(tmp) / "answer").mkdir()
        records.append(_answer_case(Path(tmp) / "answer", quick))
    with tempfile.TemporaryDirectory(prefix="fieldkit-bench-privacy-") as tmp:
        records.append(_import_case(Path(tmp), quick))
    return records
