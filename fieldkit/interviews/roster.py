"""A repeat shown as a roster table (Qt-free): its columns, one row's cells, and
where an instance sits ("person 2 of 5").

The screen asks only for the rows it shows, so a 5,000-member roster costs what
its visible rows cost. Cells are display text in the respondent's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fieldkit.forms import Form, FormSession, Repeat, SessionError
from fieldkit.forms.model import OutputRef, Question, iter_body
from fieldkit.interviews.repeat_rows import instance_leaves, template_path

__all__ = [
    "RosterColumn",
    "RosterRow",
    "editable",
    "instance_place",
    "repeat_of",
    "roster_columns",
    "roster_row",
]

#: Columns a roster table shows at most (the first questions of a row).
MAX_COLUMNS = 5
_SHOWN = frozenset({"note", "trigger", "acknowledge"})
_INSTANCE = re.compile(r"\[([0-9]+)\]")


@dataclass(frozen=True, slots=True)
class RosterColumn:
    #: The question's path relative to an instance (``/name``, ``/grp/age``).
    suffix: str
    #: The label with each ``${...}`` shown as "…" (labels that name the person).
    header: str
    type: str


@dataclass(frozen=True, slots=True)
class RosterRow:
    cells: tuple[str, ...]
    #: Questions in the row that are required, shown and not answered yet.
    missing: int


def repeat_of(form: Form, repeat_path: str) -> Repeat:
    """The body repeat of a template path (``/data/hh/member``)."""
    for node in iter_body(form.body):
        if isinstance(node, Repeat) and node.path == repeat_path:
            return node
    raise SessionError(f"{repeat_path}: not a repeat of this form")


def editable(form: Form, repeat_path: str) -> bool:
    """Whether the interviewer adds and removes rows (the form does not set the count)."""
    repeat = repeat_of(form, repeat_path)
    return not repeat.count and not repeat.no_add_remove


def _header(form: Form, question: Question, language: str | None) -> str:
    parts = form.text(question.label, language)
    text = "".join("…" if isinstance(p, OutputRef) else p for p in parts)
    return " ".join(text.split()) or question.name


def roster_columns(session: FormSession, repeat_path: str) -> list[RosterColumn]:
    """The first :data:`MAX_COLUMNS` questions of a row that take an answer."""
    form = session.form
    out: list[RosterColumn] = []
    for suffix in instance_leaves(form, repeat_path):
        question = form.questions.get(repeat_path + suffix)
        if question is None or question.control is None or question.type in _SHOWN:
            continue
        out.append(RosterColumn(suffix, _header(form, question, session.language),
                                question.type))
        if len(out) == MAX_COLUMNS:
            break
    return out


def _cell(session: FormSession, path: str, column: RosterColumn) -> str:
    value = session.value(path)
    if not value or not column.type.startswith(("select", "rank")):
        return value
    labels = {c.value: c.label for c in session.choices(path)}
    return ", ".join(labels.get(v, v) for v in value.split())


def roster_row(session: FormSession, collection: str, index: int,
               columns: list[RosterColumn]) -> RosterRow:
    """Row ``index`` (1-based) of ``collection`` (an indexed repeat path)."""
    instance = f"{collection}[{index}]"
    cells: list[str] = []
    for column in columns:
        path = instance + column.suffix
        try:
            cells.append(_cell(session, path, column) if session.relevant(path) else "")
        except SessionError:
            cells.append("")
    missing = 0
    form = session.form
    for suffix in instance_leaves(form, template_path(collection)):
        path = instance + suffix
        try:
            if session.relevant(path) and session.required(path) and not session.value(path):
                missing += 1
        except SessionError:
            continue
    return RosterRow(tuple(cells), missing)


def instance_place(session: FormSession, path: str) -> list[tuple[str, int, int]]:
    """For each repeat instance ``path`` is inside, outermost first: (its
    collection's indexed path, its 1-based number, how many the collection has)."""
    out: list[tuple[str, int, int]] = []
    for match in _INSTANCE.finditer(path):
        collection = path[:match.start()]
        try:
            count = session.repeat_count(collection)
        except SessionError:
            continue
        out.append((collection, int(match.group(1)), count))
    return out
