"""Killing the program mid-interview loses no answer that was given."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from fieldkit.interviews import list_interviews, open_interview
from fieldkit.projects import current_project
from fieldkit.store import open_store
from tests.interviews.conftest import CONSENT, MEMBER

SCRIPT = textwrap.dedent(f"""
    import sys, time
    from fieldkit.interviews import Consent, start_interview
    from fieldkit.store import open_store

    store = open_store(sys.argv[1])
    handle = start_interview(store, form_pk=int(sys.argv[2]), respondent_language="",
                             consent=Consent("verbal"))
    handle.answer({CONSENT!r}, "yes")
    print("started", handle.uuid, flush=True)
    for k in range(1, 5001):
        path = handle.add_repeat({MEMBER!r}) if k > 1 else {MEMBER!r} + "[1]"
        handle.answer(path + "/member_name", f"person {{k}}")
        print("answered", k, flush=True)
        time.sleep(0.002)
""")

KILL_AFTER = 40


@pytest.mark.slow
def test_answers_survive_kill_9(household_sqlite: tuple[str, int]) -> None:
    url, form_pk = household_sqlite
    seen = 0
    with subprocess.Popen([sys.executable, "-c", SCRIPT, url, str(form_pk)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        try:
            for line in proc.stdout:
                if line.startswith("answered"):
                    seen = int(line.split()[1])
                    if seen == KILL_AFTER:
                        os.kill(proc.pid, signal.SIGKILL)
                        break
        finally:
            proc.wait(timeout=60)
        errors = proc.stderr.read()
    assert seen == KILL_AFTER, errors
    assert proc.returncode == -signal.SIGKILL

    store = open_store(url)
    try:
        (summary,) = list_interviews(store, current_project(store).id)
        handle = open_interview(store, summary.uuid)
    finally:
        store.close()
    session = handle.session
    assert session.value(CONSENT) == "yes"
    assert session.repeat_count(MEMBER) >= KILL_AFTER
    for k in range(1, KILL_AFTER + 1):
        assert session.value(f"{MEMBER}[{k}]/member_name") == f"person {k}"
