"""Which stored fields count as answers a person gave: the form's questions with
a control, leaving out notes, calculations, read-only questions, preloads and meta
(start, end, instanceID...), which fill themselves and would inflate the count."""

from __future__ import annotations

import re
from collections.abc import Iterable

from fieldkit.forms import Form

__all__ = ["asked_questions", "count_answered"]

_INDEX = re.compile(r"\[\d+\]")
_NOT_ASKED = frozenset({"note", "calculate"})
_ALWAYS = frozenset({"true()", "true", "1"})


def asked_questions(form: Form) -> frozenset[str]:
    """Template paths (no repeat indexes) of the questions a person answers."""
    out: set[str] = set()
    for path, question in form.questions.items():
        if question.control is None or question.type in _NOT_ASKED:
            continue
        bind = question.bind
        if bind is not None and (bind.calculate is not None or bind.preload is not None
                                 or (bind.readonly or "").strip() in _ALWAYS):
            continue
        out.add(path)
    return frozenset(out)


def count_answered(asked: frozenset[str] | None,
                   answers: Iterable[tuple[str, str | None]]) -> int:
    """How many of ``answers`` ((indexed path, value) pairs) answer an asked
    question; with ``asked`` None (the form is unreadable), every field but meta."""
    if asked is None:
        return sum(1 for path, value in answers if value and "/meta/" not in path)
    return sum(1 for path, value in answers if value and _INDEX.sub("", path) in asked)
