"""The shape of an export: its tables (one per form, one per repeat) and their columns.

Columns are keyed by field *name*, not by group path, so a field moved to another
group in a later version keeps its column; an export over several versions has
the union of their fields. Order: the newest version's order, with fields only
older versions have placed after the field they followed there. Choices of a list
are the union too, numbered by first appearance from the oldest version, so a
choice's number (in SPSS and Stata files) never changes when a version adds one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from fieldkit.forms import Form, Question
from fieldkit.forms.model import NO_LANGUAGE, InstanceNode, OutputRef, RichText

__all__ = [
    "SKIPPED_TYPES",
    "ChoiceInfo",
    "Column",
    "ExportLayout",
    "FieldSpec",
    "Table",
    "build_layout",
    "is_personal",
    "text_of",
]

#: Question types that hold no data.
SKIPPED_TYPES = frozenset({"note", "trigger"})

#: Metadata column names (interview columns that are not questions), in order.
META_COLUMNS = ("form_version", "interviewer", "device", "start", "end", "language",
                "status", "open_conflicts", "possible_duplicate", "label")

#: Metadata that may identify a person: the label (typed by the interviewer) and the
#: interviewer's own name (community interviewers often come from the community they
#: survey, so their name can point at the respondents). Pseudonymised, an interviewer
#: keeps one code across exports, so interviewer effects can still be analysed. The
#: device too: a laptop's label is the name of the interviewer it was enrolled for.
PERSONAL_META = frozenset({"label", "interviewer", "device"})

_SIMPLE_PATH = re.compile(r"^\s*(?:\.\./|\./|/)?(?:[\w.-]+/)*([\w.-]+)\s*$")


@dataclass(frozen=True)
class ChoiceInfo:
    value: str
    #: 1, 2, ... by first appearance (the code in SPSS and Stata files).
    number: int
    labels: Mapping[str, str]


@dataclass(frozen=True)
class FieldSpec:
    """A form field as the export sees it (from the newest version that has it)."""

    name: str
    type: str
    labels: Mapping[str, str]
    personal: bool
    relevant: str
    constraint: str
    required: str
    calculation: str
    list_name: str
    choices: tuple[ChoiceInfo, ...]


@dataclass(frozen=True)
class Column:
    """One column of a table. ``kind`` is "key", "parent_key", "meta", "field" or
    "choice" (a select_multiple's 0/1 column; ``field`` is its question)."""

    name: str
    kind: str
    field: FieldSpec | None = None
    choice: ChoiceInfo | None = None
    meta: str = ""


@dataclass
class Table:
    """A form's main table (``repeat`` empty) or one repeat's table."""

    name: str
    form_id: str
    repeat: str
    parent: str  # the parent table's name ("" for the main table)
    #: Repeat names from the main table down to this one.
    chain: tuple[str, ...]
    columns: list[Column] = field(default_factory=list)


@dataclass
class ExportLayout:
    form_id: str
    title: str
    languages: tuple[str, ...]
    default_language: str | None
    tables: list[Table]
    #: form_pk -> {template path: (table index, column index)} for field columns.
    paths: dict[int, dict[str, tuple[int, int]]]
    #: table index -> {field column index: [(choice value, 0/1 column index)]}.
    multi: dict[int, dict[int, list[tuple[str, int]]]]
    #: form_pk -> form version.
    versions: dict[int, str]
    #: Personal fields left out of the export, by table name (for the codebook).
    dropped: list[tuple[str, FieldSpec]] = field(default_factory=list)


def text_of(text: RichText) -> str:
    """A label as plain text, with ``${name}`` where the form shows an answer."""
    out = []
    for part in text:
        if isinstance(part, OutputRef):
            match = _SIMPLE_PATH.match(part.value)
            out.append("${" + (match.group(1) if match else part.value.strip()) + "}")
        else:
            out.append(part)
    return " ".join("".join(out).split())


def is_personal(question: Question) -> bool:
    """Marked with ``bind::fieldkit:sensitive`` (read by local or prefixed name)."""
    if question.bind is None:
        return False
    extra = question.bind.extra
    value = extra.get("fieldkit:sensitive", extra.get("sensitive", ""))
    return value.strip().lower() in ("yes", "true", "true()", "1")


def _labels(form: Form, question: Question) -> dict[str, str]:
    if question.label is None:
        return {}
    langs = form.languages or [NO_LANGUAGE]
    return {lang: text_of(form.text(question.label, lang or None)) for lang in langs}


def _choice_labels(form: Form, labels: Mapping[str, RichText]) -> dict[str, str]:
    return {lang: text_of(text) for lang, text in labels.items()}


@dataclass
class _Draft:
    """A table being assembled: field names in order, specs by name."""

    repeat: str
    parent: str
    chain: tuple[str, ...]
    order: list[str] = field(default_factory=list)
    specs: dict[str, FieldSpec] = field(default_factory=dict)
    paths: dict[int, dict[str, str]] = field(default_factory=dict)  # form_pk -> path -> name


def _walk(node: InstanceNode, form: Form, table: tuple[str, ...],
          out: list[tuple[tuple[str, ...], Question]]) -> None:
    for child in node.children:
        if child.repeat:
            _walk(child, form, (*table, child.name), out)
        elif child.children:
            if child.path != f"/{form.root_name}/meta":
                _walk(child, form, table, out)
        else:
            question = form.questions.get(child.path)
            if question is not None and question.type not in SKIPPED_TYPES:
                out.append((table, question))


def _merge_order(newer: list[str], older: list[str]) -> list[str]:
    """``newer`` with the names only ``older`` has, each after its predecessor there."""
    result = list(newer)
    seen = set(newer)
    previous: str | None = None
    for name in older:
        if name not in seen:
            at = result.index(previous) + 1 if previous is not None else 0
            result.insert(at, name)
            seen.add(name)
        previous = name
    return result


def build_layout(form_id: str, versions: Sequence[tuple[int, str, Form]], *,
                 drop_personal: bool = False) -> ExportLayout:
    """The layout of ``form_id`` over ``versions`` ((form_pk, version, Form), oldest
    first); with ``drop_personal``, personal fields (and the interview label) get no
    column."""
    drafts: dict[tuple[str, ...], _Draft] = {(): _Draft("", "", ())}
    choice_numbers: dict[str, dict[str, int]] = {}  # list name -> value -> number
    choice_labels: dict[str, dict[str, dict[str, str]]] = {}
    for pk, _version, form in versions:  # oldest first: choice numbers by first appearance
        for lst in form.choice_lists.values():
            numbers = choice_numbers.setdefault(lst.name, {})
            for choice in lst.choices:
                numbers.setdefault(choice.value, len(numbers) + 1)
                choice_labels.setdefault(lst.name, {})[choice.value] = _choice_labels(
                    form, choice.labels)
        found: list[tuple[tuple[str, ...], Question]] = []
        _walk(form.instance, form, (), found)
        names_per_table: dict[tuple[str, ...], list[str]] = {}
        for chain, question in found:
            draft = drafts.get(chain)
            if draft is None:
                parent = chain[:-1]
                draft = drafts[chain] = _Draft(chain[-1], "/".join(parent), chain)
            names_per_table.setdefault(chain, []).append(question.name)
            draft.paths.setdefault(pk, {})[question.path] = question.name
            draft.specs[question.name] = _spec(form, question, choice_numbers, choice_labels)
        for chain, names in names_per_table.items():
            drafts[chain].order = _merge_order(names, drafts[chain].order)
    newest = versions[-1][2]
    tables: list[Table] = []
    paths: dict[int, dict[str, tuple[int, int]]] = {}
    multi: dict[int, dict[int, list[tuple[str, int]]]] = {}
    dropped: list[tuple[str, FieldSpec]] = []
    ordered = sorted(drafts.values(), key=lambda d: _table_order(d.chain, drafts))
    for index, draft in enumerate(ordered):
        name = form_id if not draft.chain else f"{form_id}-{'-'.join(draft.chain)}"
        parent_name = "" if not draft.chain else (
            form_id if len(draft.chain) == 1 else f"{form_id}-{'-'.join(draft.chain[:-1])}")
        table = Table(name, form_id, draft.repeat, parent_name, draft.chain)
        # Field names win: a column keeps its question's name; metadata and 0/1
        # columns (named field/choice, which no XLSForm name can be) give way.
        taken = {f.lower() for f in draft.order}
        table.columns.append(Column(_unique("KEY", taken), "key"))
        if draft.chain:
            table.columns.append(Column(_unique("PARENT_KEY", taken), "parent_key"))
        else:
            table.columns.extend(Column(_unique(f"meta_{m}", taken), "meta", meta=m)
                                 for m in META_COLUMNS
                                 if not (drop_personal and m in PERSONAL_META))
        field_index: dict[str, int] = {}
        for fname in draft.order:
            spec = draft.specs[fname]
            if drop_personal and spec.personal:
                dropped.append((name, spec))
                continue
            field_index[fname] = len(table.columns)
            table.columns.append(Column(fname, "field", field=spec))
            if spec.type == "select_multiple" and spec.choices:
                for option in spec.choices:
                    choice_index = len(table.columns)
                    table.columns.append(Column(_unique(f"{fname}/{option.value}", taken),
                                                "choice", field=spec, choice=option))
                    multi.setdefault(index, {}).setdefault(field_index[fname], []).append(
                        (option.value, choice_index))
        for pk, by_path in draft.paths.items():
            target = paths.setdefault(pk, {})
            for path, fname in by_path.items():
                if fname not in field_index:
                    continue
                target[path] = (index, field_index[fname])
        tables.append(table)
    return ExportLayout(
        form_id=form_id, title=newest.title, languages=tuple(newest.languages),
        default_language=newest.default_language, tables=tables, paths=paths, multi=multi,
        versions={pk: version for pk, version, _form in versions}, dropped=dropped)


def _table_order(chain: tuple[str, ...], drafts: Mapping[tuple[str, ...], _Draft]
                 ) -> tuple[int, ...]:
    """Main table first, then repeats depth first in the order they were found."""
    keys = list(drafts)
    return tuple(keys.index(chain[:i]) for i in range(1, len(chain) + 1))


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{name}_{n}"
    taken.add(candidate.lower())
    return candidate


def _spec(form: Form, question: Question, numbers: Mapping[str, Mapping[str, int]],
          labels: Mapping[str, Mapping[str, Mapping[str, str]]]) -> FieldSpec:
    bind = question.bind
    list_name = question.choices.name if question.choices is not None else ""
    choices: tuple[ChoiceInfo, ...] = ()
    if list_name in numbers:
        choices = tuple(
            ChoiceInfo(value, number, labels.get(list_name, {}).get(value, {}))
            for value, number in sorted(numbers[list_name].items(), key=lambda kv: kv[1]))
    return FieldSpec(
        name=question.name, type=question.type, labels=_labels(form, question),
        personal=is_personal(question),
        relevant=(bind.relevant or "") if bind else "",
        constraint=(bind.constraint or "") if bind else "",
        required=(bind.required or "") if bind else "",
        calculation=(bind.calculate or "") if bind else "",
        list_name=list_name, choices=choices)
