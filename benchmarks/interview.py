"""Interview screen: answer to screen updated, with the store write (issue F3).

The real Interviews form screen (``FormScreen`` and its question widgets, Qt
offscreen) shows a page of an interview started with ``start_interview`` in a
SQLite store in a temporary folder. A simulated interviewer answers one question
on it (digits typed then Return in a line edit, a click on a radio button or a
check box); the widget's own signal carries the answer through
``InterviewHandle.answer`` (which saves it) to the screen's refresh. The time runs
from the key or mouse event to the end of ``QApplication.processEvents()`` after
the refresh (layout and paint done).

Cases (each record carries its baseline, the same answers through
``FormSession.answer`` on a session without GUI and store, measured alternately
with the GUI answers in the same run):

* ``interview.form_1000``: the generated 1,000-question, 10-language form
  (``benchmarks.forms.write_big_form``), answers to integer, yes/no, text and
  select-multiple questions across the form.
* ``interview.roster_5000``: the roster form of ``benchmarks.forms`` with its size
  asked first (``repeat_count``); answering that question with 5,000 makes the
  members (``setup_roster_ms``, through the screen too), then answers on pages
  inside the roster.

Target: p95 under 50 ms; ``ratio = p95_ms / 50``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.forms import LANGUAGES, QUESTIONS, ROSTER, ROSTER_MD, write_big_form

if TYPE_CHECKING:
    from fieldkit.forms import FormSession
    from fieldkit.gui.interviews.form_screen import FormScreen
    from fieldkit.interviews import InterviewHandle
    from fieldkit.store import Store

TARGET_P95_MS = 50.0
ROSTER_FULL = 5000
ROSTER_QUICK = 1000
COUNT_PATH = "/data/n_members"


@dataclass(frozen=True)
class Answer:
    """One simulated answer: the question, the value, and how the user gives it."""

    path: str
    value: object
    action: str  # "type" (line edit + Return), "radio", "check"
    text: str = ""  # what is typed, or the choice clicked


def roster_count_md() -> str:
    """``benchmarks.forms.ROSTER_MD`` with the roster's size asked first: a required
    integer ``n_members`` and ``repeat_count = ${n_members}`` on the repeat."""
    out: list[str] = []
    section = ""
    for row in ROSTER_MD.splitlines():
        cells = [c.strip() for c in row.split("|")]
        if len(cells) == 3 and cells[1]:  # "| survey |", "| choices |"
            section = cells[1]
        elif section == "survey" and len(cells) > 3:
            if cells[2] == "begin repeat":
                out.append("| | integer | n_members | How many members? | . >= 0 | | | yes | |")
            extra = {"type": "repeat_count", "begin repeat": "${n_members}"}.get(cells[2], "")
            out.append(f"{row} {extra} |")
            continue
        out.append(row)
    return "\n".join(out) + "\n"


# -- the GUI ----------------------------------------------------------------------------


def _app() -> Any:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported
    from PySide6.QtWidgets import QApplication

    from fieldkit.gui.fonts import apply_app_font, register_bundled_fonts

    app = QApplication.instance()
    if app is None:
        app = QApplication(["fieldkit-benchmark"])
        register_bundled_fonts()
        apply_app_font(0)
    return app


def _screen(store: Store, handle: InterviewHandle) -> FormScreen:
    from PySide6.QtWidgets import QApplication

    from fieldkit.gui.interviews.form_screen import FormScreen

    screen = FormScreen(store)
    screen.resize(1024, 768)
    screen.show()
    screen.show_interview(handle)
    QApplication.processEvents()
    return screen


def _user_answers(screen: FormScreen, answer: Answer) -> Callable[[], None]:
    """What the interviewer does to give ``answer`` on the page shown: everything
    before the final key press or click is done now (typing); the returned call is
    the final event, which sets off the save and the screen's refresh."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QLineEdit

    widget = screen.widgets.get(answer.path)
    if widget is None:
        raise LookupError(f"{answer.path} is not on the page {screen._page_path}")
    if answer.action == "type":
        line = widget.findChild(QLineEdit)
        assert line is not None, answer.path
        line.setFocus()
        line.selectAll()
        line.insert(answer.text)  # typed (an input method's way; QTest is ASCII-only)
        return lambda: QTest.keyClick(line, Qt.Key.Key_Return)
    button = widget.findChild(QAbstractButton, f"choice_{answer.text}")
    assert button is not None, (answer.path, answer.text)
    return lambda: QTest.mouseClick(button, Qt.MouseButton.LeftButton)


@dataclass
class _Timings:
    gui: list[float]
    engine: list[float]
    rejected: int = 0


def _measure(screen: FormScreen, handle: InterviewHandle, baseline: FormSession,
             answers: list[Answer]) -> _Timings:
    """Each answer on screen (jumping to its page first, not timed), then the same
    answer on the bare session; only answers the screen saved are counted."""
    from PySide6.QtWidgets import QApplication

    timings = _Timings([], [])
    for answer in answers:
        screen.moves.jump_to(answer.path)
        QApplication.processEvents()
        before = handle.session.value(answer.path)
        final_event = _user_answers(screen, answer)
        start = time.perf_counter()
        final_event()
        QApplication.processEvents()
        timings.gui.append(time.perf_counter() - start)
        if handle.session.value(answer.path) == before:
            timings.rejected += 1  # not saved (not allowed, or not on the page)
            timings.gui.pop()
            continue
        start = time.perf_counter()
        baseline.answer(answer.path, answer.value)
        timings.engine.append(time.perf_counter() - start)
    return timings


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return p50, p95


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _figures(t: _Timings) -> dict[str, Any]:
    p50, p95 = _percentiles(t.gui)
    b50, b95 = _percentiles(t.engine)
    return {
        "answers": len(t.gui), "rejected": t.rejected,
        "p50_ms": _ms(p50), "p95_ms": _ms(p95), "max_ms": _ms(max(t.gui)),
        "baseline_engine_p50_ms": _ms(b50), "baseline_engine_p95_ms": _ms(b95),
        "ratio": round(p95 * 1000 / TARGET_P95_MS, 4), "target_p95_ms": TARGET_P95_MS,
    }  # fmt: skip


# -- the store ----------------------------------------------------------------------------


@contextmanager
def _interview(tmp: Path, form_file: Path) -> Iterator[tuple[Store, InterviewHandle]]:
    from fieldkit.interviews import Consent, start_interview
    from fieldkit.project_forms import add_form
    from fieldkit.projects import current_project
    from fieldkit.store import open_store

    store = open_store(f"sqlite:///{tmp / (form_file.stem + '.sqlite3')}")
    try:
        stored = add_form(store, current_project(store).id, form_file)
        handle = start_interview(store, form_pk=stored.pk, respondent_language="",
                                 label="benchmark", consent=Consent("verbal"))
        yield store, handle
    finally:
        store.close()


def _fresh_session(handle: InterviewHandle) -> FormSession:
    from fieldkit.forms import FormSession

    return FormSession(handle.form, language=handle.session.language)


# -- the cases ----------------------------------------------------------------------------


def _form_answers(handle: InterviewHandle, count: int) -> list[Answer]:
    """Answers across the form's sections in form order: integers, yes/no (radio),
    the text a "yes" makes relevant, and a select-multiple level (check box)."""
    form = handle.form
    answers: list[Answer] = []
    for path, question in form.questions.items():
        if "/g" not in path or "/q" not in path:
            continue
        i = int(path.rsplit("/q", 1)[1])
        if question.type == "integer":
            value = (i % 20) + 1
            answers.append(Answer(path, value, "type", str(value)))
        elif question.type == "select_one" and i % 8 == 1:
            yes = (i // 8) % 2 == 0
            answers.append(Answer(path, "yes" if yes else "no", "radio",
                                  "yes" if yes else "no"))
        elif question.type == "text" and answers and answers[-1].value == "yes":
            answers.append(Answer(path, f"Answer {i}", "type", f"Answer {i}"))
        elif question.type == "select_multiple":
            level = f"l{i % 5 + 1}"
            answers.append(Answer(path, [level], "check", level))
        if len(answers) >= count:
            break
    return answers


def _form_1000(tmp: Path, quick: bool) -> dict[str, Any]:
    path = tmp / "big_survey.xlsx"
    write_big_form(path)
    with _interview(tmp, path) as (store, handle):
        baseline = _fresh_session(handle)
        # The roster filled as in forms.answer_latency (not timed).
        setup: list[tuple[str, object]] = [("/data/hh_size", ROSTER)]
        for i in range(1, ROSTER + 1):
            setup += [(f"/data/member[{i}]/m_name", f"Person {i}"),
                      (f"/data/member[{i}]/m_age", 20 + i)]  # fmt: skip
        for p, v in setup:
            handle.answer(p, v)
            baseline.answer(p, v)
        screen = _screen(store, handle)
        answers = _form_answers(handle, 60 if quick else 200)
        timings = _measure(screen, handle, baseline, answers)
        pages = len(handle.session.pages())
        screen.close()
        screen.deleteLater()
    return {"name": "interview.form_1000", "questions": QUESTIONS, "languages": len(LANGUAGES),
            "roster": ROSTER, "pages": pages, **_figures(timings), "quick": quick}


def _roster_answers(size: int, members: int) -> list[Answer]:
    """Name, age, sex and relationship of ``members`` people in the middle of the roster
    (each question is a page of its own)."""
    answers: list[Answer] = []
    first = size // 2 - members // 2
    for k in range(members):
        base = f"/data/member[{first + k}]"
        sex = "f" if k % 2 else "m"
        answers += [
            Answer(f"{base}/name", f"P{first + k}", "type", f"P{first + k}"),
            Answer(f"{base}/age", 20 + k % 60, "type", str(20 + k % 60)),
            Answer(f"{base}/sex", sex, "radio", sex),
            Answer(f"{base}/relationship", "child", "radio", "child"),
        ]  # fmt: skip
    return answers


def _roster_5000(tmp: Path, quick: bool) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    size = ROSTER_QUICK if quick else ROSTER_FULL
    path = tmp / "roster_count.md"
    path.write_text(roster_count_md(), encoding="utf-8")
    with _interview(tmp, path) as (store, handle):
        baseline = _fresh_session(handle)
        screen = _screen(store, handle)
        # Setup: the size typed on the first page makes the members, through the handle.
        inside: list[float] = []
        answer_inside = handle.answer

        def timed_answer(p: str, v: object) -> frozenset[str]:
            start = time.perf_counter()
            try:
                return answer_inside(p, v)
            finally:
                inside.append(time.perf_counter() - start)

        handle.answer = timed_answer  # type: ignore[method-assign,assignment]
        screen.moves.jump_to(COUNT_PATH)
        QApplication.processEvents()
        final_event = _user_answers(screen, Answer(COUNT_PATH, size, "type", str(size)))
        start = time.perf_counter()
        final_event()
        QApplication.processEvents()
        setup_s = time.perf_counter() - start
        handle.answer = answer_inside  # type: ignore[method-assign]
        made = handle.session.repeat_count("/data/member")
        start = time.perf_counter()
        baseline.answer(COUNT_PATH, size)
        baseline_setup_s = time.perf_counter() - start
        answers = _roster_answers(size, 10 if quick else 25)
        timings = _measure(screen, handle, baseline, answers)
        pages = len(handle.session.pages())
        screen.close()
        screen.deleteLater()
    return {"name": "interview.roster_5000", "members": made, "pages": pages,
            "setup_roster_ms": _ms(setup_s),
            "setup_roster_handle_answer_ms": _ms(inside[0]) if inside else None,
            "baseline_engine_setup_roster_ms": _ms(baseline_setup_s),
            **_figures(timings), "quick": quick}


def run(quick: bool) -> list[dict[str, Any]]:
    _app()
    with tempfile.TemporaryDirectory(prefix="fieldkit-bench-interview-") as tmp_name:
        tmp = Path(tmp_name)
        return [_form_1000(tmp, quick), _roster_5000(tmp, quick)]
