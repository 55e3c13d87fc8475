"""Form benchmarks: loading (pyxform vs cache) and FormSession recomputation.

Cases (each record carries its baseline, measured in the same run):

* ``forms.first_load``: load_form() with no cache vs pyxform's convert() alone.
* ``forms.cached_load``: load_form() from a warm MemoryFormCache vs convert().
* ``forms.answer_latency``: one answer (p50/p95 over many questions) vs
  ``recompute_all()`` of the same session.
* ``forms.roster_5000``: add / delete / answer inside one of 5,000 repeat
  instances, each vs ``recompute_all()``.

The 1,000-question form (10 languages, field-lists, a 20-member roster) is
generated into a temporary directory with openpyxl.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

LANGUAGES = (
    "English (en)", "Polski (pl)", "Română (ro)", "Български (bg)", "Kurdî (ckb)",
    "فارسی (fa)", "Dari (prs)", "پښتو (ps)", "Soomaali (so)", "العربية (ar)",
)  # fmt: skip
QUESTIONS = 1000
ROSTER = 20


def _label(text: str) -> list[str]:
    return [f"{text} [{lang.split('(')[1][:-1]}]" for lang in LANGUAGES]


def _survey_rows() -> list[list[str]]:
    """type, name, labels..., hint, relevant, constraint, constraint_message,
    calculation, appearance, repeat_count, choice_filter."""
    rows: list[list[str]] = []

    def row(kind: str, name: str, label: str = "", **extra: str) -> None:
        labels = _label(label) if label else [""] * len(LANGUAGES)
        rows.append(
            [kind, name, *labels, extra.get("hint", ""), extra.get("relevant", ""),
             extra.get("constraint", ""), extra.get("constraint_message", ""),
             extra.get("calculation", ""), extra.get("appearance", ""),
             extra.get("repeat_count", ""), extra.get("choice_filter", "")]
        )  # fmt: skip

    row("start", "start")
    row("today", "today")
    row("integer", "hh_size", "Household size", constraint=". >= 0 and . <= 40")
    row("begin repeat", "member", "Member", repeat_count="${hh_size}")
    row("text", "m_name", "Name")
    row("integer", "m_age", "Age of ${m_name}", constraint=". >= 0 and . < 120",
        constraint_message="0-119")  # fmt: skip
    row("select_one sex", "m_sex", "Sex")
    row("select_one rel", "m_rel", "Relationship", relevant="${m_age} >= 0")
    row("end repeat", "")
    row("calculate", "total_age", calculation="sum(${m_age})")
    row("calculate", "n_members", calculation="count(${member})")
    count = 0
    group = 0
    while count < QUESTIONS - 10:  # the roster and its sums are the other 10
        group += 1
        field_list = group % 4 == 0
        size = 8 if field_list else 40
        row("begin group", f"g{group}", f"Section {group}",
            appearance="field-list" if field_list else "",
            relevant=f"${{q{count - 2}}} != 'skip'" if count >= 8 else "")  # fmt: skip
        for _ in range(size):
            i = count
            kind = i % 8
            early = i < 8  # nothing earlier to refer to
            if kind == 0:
                row("integer", f"q{i}", f"How many {i}?", constraint=". >= 0 and . <= 1000",
                    constraint_message="0-1000", hint="A number")  # fmt: skip
            elif kind == 1:
                row("select_one yn", f"q{i}", f"Do you {i}?")
            elif kind == 2:
                row("text", f"q{i}", f"Tell us about {i}", relevant=f"${{q{i - 1}}} = 'yes'")
            elif kind == 3:
                row("calculate", f"q{i}", calculation=f"${{q{i - 3}}} * 2 + 1")
            elif kind == 4:
                after = f" (after ${{q{i - 4}}})" if not early else ""
                row("decimal", f"q{i}", f"Amount {i}{after}",
                    relevant=f"${{q{i - 4}}} > 5" if not early else "")  # fmt: skip
            elif kind == 5:
                row("select_multiple likert", f"q{i}", f"Choose {i}")
            elif kind == 6:
                row("date", f"q{i}", f"When {i}?", constraint=". <= today()")
            else:
                flt = f"region = ${{q{i - 6}}} or ${{q{i - 6}}} = 'no'" if not early else ""
                row("select_one country", f"q{i}", f"Country {i}", choice_filter=flt)
            count += 1
        row("end group", "")
    return rows


def _choices() -> list[list[str]]:
    rows: list[list[str]] = []
    for name in ("yes", "no"):
        rows.append(["yn", name, *_label(name.title()), ""])
    for i in range(1, 6):
        rows.append(["likert", f"l{i}", *_label(f"Level {i}"), ""])
    for name in ("f", "m", "x"):
        rows.append(["sex", name, *_label(name), ""])
    for name in ("head", "spouse", "child", "parent", "other"):
        rows.append(["rel", name, *_label(name), ""])
    for i in range(20):
        rows.append(["country", f"c{i}", *_label(f"Country {i}"), "yes" if i % 2 else "no"])
    return rows


def write_big_form(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    labels = [f"label::{lang}" for lang in LANGUAGES]
    survey.append(
        ["type", "name", *labels, "hint", "relevant", "constraint", "constraint_message",
         "calculation", "appearance", "repeat_count", "choice_filter"]
    )  # fmt: skip
    for r in _survey_rows():
        survey.append(r)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *labels, "region"])
    for r in _choices():
        choices.append(r)
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version", "default_language"])
    settings.append(["big_survey", "1", LANGUAGES[0]])
    book.save(path)


ROSTER_MD = """
| survey |
| | type | name | label | constraint | relevant | calculation | required |
| | begin repeat | member | Member | | | | |
| | text | name | Name | | | | yes |
| | integer | age | Age | . >= 0 and . < 120 | | | yes |
| | select_one sex | sex | Sex | | | | yes |
| | select_one rel | relationship | Relationship | | ${age} >= 0 | | yes |
| | end repeat | | | | | | |
| | calculate | total_age | | | | sum(${age}) | |
| | calculate | members | | | | count(${member}) | |

| choices |
| | list_name | name | label |
| | sex | f | Female |
| | sex | m | Male |
| | rel | head | Head |
| | rel | child | Child |
"""


def _timings(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _best(fn: Callable[[], object], repeat: int) -> float:
    return min(_timings(fn, repeat))


def _median(fn: Callable[[], object], repeat: int) -> float:
    return statistics.median(_timings(fn, repeat))


def _paired(first: Callable[[], object], second: Callable[[], object],
            repeat: int) -> tuple[float, float]:
    """Median times of two calls measured alternately, each starting from a clean
    heap and paying for collecting its own garbage: pyxform leaves much garbage, and
    otherwise whichever call runs next is charged for it."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, bucket in ((first, times[0]), (second, times[1])):
            gc.collect()
            start = time.perf_counter()
            fn()
            gc.collect()
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _loading(path: Path, quick: bool) -> list[dict[str, Any]]:
    from pyxform.xls2xform import convert

    from fieldkit.forms import MemoryFormCache, load_form

    reps = 2 if quick else 5
    convert_s, first_s = _paired(lambda: convert(xlsform=str(path), validate=False),
                                 lambda: load_form(path), reps)
    cache = MemoryFormCache()
    load_form(path, cache=cache)
    cached_s = _best(lambda: load_form(path, cache=cache), 3 if quick else 10)
    common = {"questions": QUESTIONS, "languages": len(LANGUAGES), "quick": quick}
    return [
        {"name": "forms.first_load", **common, "load_form_ms": _ms(first_s),
         "baseline_convert_ms": _ms(convert_s), "ratio": round(first_s / convert_s, 4),
         "target": 1.3},
        {"name": "forms.cached_load", **common, "cached_load_ms": _ms(cached_s),
         "cache": "MemoryFormCache (JSON model + XForm; model decoded on each load)",
         "baseline_convert_ms": _ms(convert_s), "ratio": round(cached_s / convert_s, 4),
         "target": 0.05},
    ]  # fmt: skip


def _answer_latency(path: Path, quick: bool) -> dict[str, Any]:
    from fieldkit.forms import AnswerError, FormSession, load_form

    form = load_form(path)
    session = FormSession(form)
    session.answer("/data/hh_size", ROSTER)
    for i in range(1, ROSTER + 1):
        session.answer(f"/data/member[{i}]/m_name", f"Person {i}")
        session.answer(f"/data/member[{i}]/m_age", 20 + i)
    ints = [p for p, q in form.questions.items() if q.type == "integer" and "/g" in p]
    yns = [p for p, q in form.questions.items() if q.type == "select_one" and "/q" in p]
    targets = (ints + yns)[: 100 if quick else 400]
    latencies = []
    for n, path_ in enumerate(targets):
        value: object = (n % 20) + 1 if path_ in ints else ("yes" if n % 2 else "no")
        start = time.perf_counter()
        try:
            session.answer(path_, value)
        except AnswerError:
            continue
        latencies.append(time.perf_counter() - start)
    full_s = _median(session.recompute_all, 3 if quick else 7)
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p95 = latencies[int(len(latencies) * 0.95)]
    return {
        "name": "forms.answer_latency", "questions": QUESTIONS, "roster": ROSTER,
        "answers": len(latencies), "p50_ms": _ms(p50), "p95_ms": _ms(p95),
        "baseline_recompute_all_ms": _ms(full_s), "ratio": round(p95 / full_s, 4),
        "target": 0.05, "quick": quick,
    }  # fmt: skip


def _roster(tmp: Path, quick: bool) -> dict[str, Any]:
    from fieldkit.forms import FormSession, load_form

    size = 1000 if quick else 5000
    path = tmp / "roster.md"
    path.write_text(ROSTER_MD, encoding="utf-8")
    form = load_form(path)
    answers: dict[str, str] = {}
    for i in range(1, size + 1):
        base = f"/data/member[{i}]"
        answers.update({f"{base}/name": f"P{i}", f"{base}/age": str(i % 90),
                        f"{base}/sex": "f" if i % 2 else "m",
                        f"{base}/relationship": "child"})  # fmt: skip
    session = FormSession.from_dict(form, answers)
    full_s = _median(session.recompute_all, 3 if quick else 5)
    reps = 5 if quick else 15
    adds, removes, answers_t = [], [], []
    for k in range(reps):
        start = time.perf_counter()
        session.add_repeat("/data/member")
        adds.append(time.perf_counter() - start)
        start = time.perf_counter()
        session.remove_repeat("/data/member", size // 2 + k)
        removes.append(time.perf_counter() - start)
        start = time.perf_counter()
        session.answer(f"/data/member[{size // 3 + k}]/age", 30 + k)
        answers_t.append(time.perf_counter() - start)
    add_s, remove_s, answer_s = (statistics.median(t) for t in (adds, removes, answers_t))
    return {
        "name": "forms.roster_5000", "instances": size, "add_ms": _ms(add_s),
        "remove_ms": _ms(remove_s), "answer_ms": _ms(answer_s),
        "baseline_recompute_all_ms": _ms(full_s),
        "ratio_add": round(add_s / full_s, 4), "ratio_remove": round(remove_s / full_s, 4),
        "ratio_answer": round(answer_s / full_s, 4),
        "ratio": round(max(add_s, remove_s, answer_s) / full_s, 4),
        "target": 0.05, "quick": quick, "members": session.value("/data/members"),
    }  # fmt: skip


def run(quick: bool) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="fieldkit-bench-forms-") as tmp_name:
        tmp = Path(tmp_name)
        path = tmp / "big_survey.xlsx"
        write_big_form(path)
        records = _loading(path, quick)
        records.append(_answer_latency(path, quick))
        records.append(_roster(tmp, quick))
    return records
