"""The fields of a form a profile can count, group or date by, over all its versions.

A field is known by its name (or its path without repeat indexes). Its answers are
stored at paths with repeat indexes (``/data/survey/roster/member[2]/age``): a field
inside a repeat is counted once per repeat row (roster members: unit "people"),
and used for grouping, dating or placing a household it is read from the first row
(person 1, the reference person who rents or owns the home).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from fieldkit.errors import InvalidInput
from fieldkit.exports.labels import in_language, language_key
from fieldkit.exports.layout import SKIPPED_TYPES, text_of
from fieldkit.forms import Form, Question
from fieldkit.forms.model import NO_LANGUAGE, InstanceNode
from fieldkit.i18n import N_, _
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.projects import current_project
from fieldkit.store import Store
from fieldkit.store.models import Form as FormRow

__all__ = ["COMPOSITION", "FieldInfo", "FormVersions", "form_versions", "measurable_fields",
           "resolve_field", "roster_unit"]

#: The derived household-composition measure's name.
COMPOSITION = "household_type"

_SELECTS = frozenset({"select_one", "select_multiple"})
_NUMBERS = frozenset({"integer", "decimal"})
_DATES = frozenset({"date", "datetime", "start", "end", "today"})
_TEXTS = frozenset({"text", "barcode"})
#: Fields of a repeat that make its rows people (a household roster).
_PERSON_FIELDS = frozenset({"age", "sex", "relationship", "gender", "member_name"})


@dataclass(frozen=True)
class ChoiceLabel:
    value: str
    labels: Mapping[str, str]  # form language name -> label


@dataclass(frozen=True)
class FieldInfo:
    """A field as Insight sees it (labels and type from the newest version that has it).

    ``kind``: "select" (select_one or select_multiple; ``multiple`` tells which),
    "number" (counted in bands), "derived" (household composition), and for the
    date and area pickers "date" and "text". ``unit``: what one count is —
    "households" (one per interview of a household form), "people" (roster rows),
    "interviews" (forms without a roster) or "entries" (rows of another repeat)."""

    name: str
    path: str
    kind: str
    in_repeat: bool
    unit: str
    labels: Mapping[str, str] = field(default_factory=dict)
    multiple: bool = False
    choices: tuple[ChoiceLabel, ...] = ()
    #: Template paths (no repeat indexes) over all versions, newest first.
    paths: tuple[str, ...] = ()
    #: Repeat node paths of each template path's repeats, outermost first.
    repeats: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    default_language: str | None = None

    def label(self, lang: str | None = None) -> str:
        """The field's label in the form language matching interface language ``lang``
        (a code such as ``pl``), else the form's default language, else its name."""
        if self.kind == "derived":
            return _(COMPOSITION_LABEL)
        return in_language(self.labels, match_language(self.languages, lang),
                           self.default_language) or self.name

    def choice_label(self, code: str, lang: str | None = None) -> str:
        if self.kind == "derived":
            return _(COMPOSITION_CATEGORIES[code]) if code in COMPOSITION_CATEGORIES else code
        for choice in self.choices:
            if choice.value == code:
                return in_language(choice.labels, match_language(self.languages, lang),
                                   self.default_language) or code
        return code


COMPOSITION_LABEL = N_("Household type")
#: Household types (the order a housing officer reads them in) and their names.
COMPOSITION_CATEGORIES: dict[str, str] = {
    "single_adult": N_("single adult"),
    "couple": N_("couple"),
    "family_with_children": N_("family with children"),
    "lone_parent": N_("lone parent"),
    "multi_generation": N_("multi-generation"),
    "sharing_adults": N_("sharing adults"),
}


def match_language(languages: Sequence[str], lang: str | None) -> str | None:
    """The form language (``Polski (pl)``) for interface language ``lang`` (``pl``,
    ``fa_AF``), or None."""
    if not lang:
        return None
    wanted = {lang, lang.split("_")[0]}
    for name in languages:
        if name == lang or language_key(name) in wanted:
            return name
    return None


@dataclass(frozen=True)
class FormVersions:
    """All stored versions of one form of the current project."""

    project_id: str
    project_name: str
    form_id: str
    #: (form_pk, version, parsed form), oldest first.
    versions: tuple[tuple[int, str, Form], ...]

    @property
    def pks(self) -> list[int]:
        return [pk for pk, _v, _f in self.versions]

    @property
    def newest(self) -> Form:
        return self.versions[-1][2]


def form_versions(store: Store, form_id: str) -> FormVersions:
    project = current_project(store)
    with store.session() as session:
        rows = session.execute(
            select(FormRow.id, FormRow.version)
            .where(FormRow.project_id == project.id, FormRow.form_id == form_id)
            .order_by(FormRow.created_at, FormRow.id)).all()
        if not rows:
            known = session.scalars(select(FormRow.form_id).where(
                FormRow.project_id == project.id).distinct()).all()
            raise InvalidInput(_("--form {form}: this project has no such form; its forms "
                                 "are: {forms}.").format(form=form_id,
                                                         forms=", ".join(sorted(known)) or "-"))
        parsed = tuple((pk, version, runtime_form(session, pk)[1]) for pk, version in rows)
    return FormVersions(project.id, project.name, form_id, parsed)


_REFERENCE = re.compile(r"\$\{[^}]*\}")


def _labels(form: Form, question: Question) -> dict[str, str]:
    """Labels by language; an answer the label shows (``How old is ${member_name}?``)
    becomes "…", since a profile speaks of everyone at once."""
    if question.label is None:
        return {}
    langs = form.languages or [NO_LANGUAGE]
    return {lang: _REFERENCE.sub("…", text_of(form.text(question.label, lang or None)))
            for lang in langs}


def _walk(node: InstanceNode, form: Form, repeats: tuple[str, ...],
          out: list[tuple[tuple[str, ...], Question]]) -> None:
    for child in node.children:
        if child.repeat:
            _walk(child, form, (*repeats, child.path), out)
        elif child.children:
            if child.path != f"/{form.root_name}/meta":
                _walk(child, form, repeats, out)
        else:
            question = form.questions.get(child.path)
            if question is not None and question.type not in SKIPPED_TYPES:
                out.append((repeats, question))


def _kind(question: Question) -> str | None:
    if question.type in _SELECTS:
        return "select"
    if question.type in _NUMBERS:
        return "number"
    if question.type in _DATES:
        return "date"
    if question.type in _TEXTS:
        return "text"
    return None


def roster_unit(form: Form) -> bool:
    """Whether the form has a roster (a repeat whose rows are people)."""
    found: list[tuple[tuple[str, ...], Question]] = []
    _walk(form.instance, form, (), found)
    return any(repeats and q.name in _PERSON_FIELDS for repeats, q in found)


def _all_fields(versions: FormVersions) -> list[FieldInfo]:
    """Every countable field by name, the newest version's order first."""
    merged: dict[str, dict[str, object]] = {}
    order: list[str] = []
    household = any(roster_unit(form) for _pk, _v, form in versions.versions)
    for _pk, _version, form in reversed(versions.versions):  # newest first
        found: list[tuple[tuple[str, ...], Question]] = []
        _walk(form.instance, form, (), found)
        person_repeats = {repeats[-1] for repeats, q in found
                          if repeats and q.name in _PERSON_FIELDS}
        for repeats, question in found:
            kind = _kind(question)
            if kind is None:
                continue
            entry = merged.get(question.name)
            if entry is None:
                unit = ("households" if household else "interviews") if not repeats else (
                    "people" if repeats[-1] in person_repeats else "entries")
                choices: tuple[ChoiceLabel, ...] = ()
                if question.choices is not None:
                    lst = form.choice_lists.get(question.choices.name, question.choices)
                    choices = tuple(
                        ChoiceLabel(c.value, {lang: text_of(text)
                                              for lang, text in c.labels.items()})
                        for c in lst.choices)
                entry = merged[question.name] = {
                    "name": question.name, "path": question.path, "kind": kind,
                    "in_repeat": bool(repeats), "unit": unit,
                    "labels": _labels(form, question),
                    "multiple": question.type == "select_multiple", "choices": choices,
                    "paths": [], "repeats": {}, "languages": tuple(form.languages),
                    "default_language": form.default_language}
                order.append(question.name)
            paths = entry["paths"]
            assert isinstance(paths, list)
            if question.path not in paths:
                paths.append(question.path)
                reps = entry["repeats"]
                assert isinstance(reps, dict)
                reps[question.path] = repeats
            if entry["kind"] == "select" and question.choices is not None:
                _add_choices(entry, form, question)
    out = []
    for name in order:
        entry = merged[name]
        entry["paths"] = tuple(entry["paths"])  # type: ignore[arg-type]
        out.append(FieldInfo(**entry))  # type: ignore[arg-type]
    return out


def _add_choices(entry: dict[str, object], form: Form, question: Question) -> None:
    """Choices only an older version has are kept (old answers still use them)."""
    assert question.choices is not None
    have = entry["choices"]
    assert isinstance(have, tuple)
    known = {c.value for c in have}
    lst = form.choice_lists.get(question.choices.name, question.choices)
    extra = tuple(ChoiceLabel(c.value, {lang: text_of(t) for lang, t in c.labels.items()})
                  for c in lst.choices if c.value not in known)
    if extra:
        entry["choices"] = have + extra


def _composition(fields: Sequence[FieldInfo]) -> FieldInfo | None:
    """The derived household type, when the form has a roster with age and a
    relationship list that names partners and children (as the default survey's)."""
    by_name = {f.name: f for f in fields}
    relationship, age = by_name.get("relationship"), by_name.get("age")
    if COMPOSITION in by_name:  # a form's own field of that name wins
        return None
    if relationship is None or age is None or not relationship.in_repeat \
            or not age.in_repeat or relationship.kind != "select":
        return None
    codes = {c.value for c in relationship.choices}
    if not {"partner", "child"} <= codes:
        return None
    return FieldInfo(COMPOSITION, COMPOSITION, "derived", False, "households",
                     choices=tuple(ChoiceLabel(code, {}) for code in COMPOSITION_CATEGORIES),
                     paths=relationship.paths + age.paths,
                     repeats={**relationship.repeats, **age.repeats},
                     languages=relationship.languages,
                     default_language=relationship.default_language)


def fields_of(versions: FormVersions) -> list[FieldInfo]:
    fields = _all_fields(versions)
    derived = _composition(fields)
    return [*([derived] if derived is not None else []), *fields]


def measurable_fields(store: Store, form_id: str) -> list[FieldInfo]:
    """The fields of ``form_id`` Insight can use: selects and numbers (measures and
    groupings), the derived household type (measure), dates (the date picker) and
    text fields (areas such as a postcode, counted by postcode district)."""
    return fields_of(form_versions(store, form_id))


def resolve_field(fields: Sequence[FieldInfo], wanted: str, option: str,
                  kinds: Sequence[str]) -> FieldInfo:
    """The field called ``wanted`` (its name, or its path without repeat indexes;
    ``household_type`` is the derived household type), or InvalidInput naming
    ``option`` and the fields that would do."""
    key = wanted.strip()
    for info in fields:
        if key in (info.name, *info.paths) and info.kind in kinds:
            return info
    for info in fields:
        if key in (info.name, *info.paths):
            raise InvalidInput(_("{option} {field}: this field cannot be used here (it is "
                                 "a {kind} field).").format(option=option, field=wanted,
                                                              kind=info.kind))
    usable = [f.name for f in fields if f.kind in kinds]
    raise InvalidInput(_("{option} {field}: the form has no such field; use one of: "
                         "{fields}.").format(option=option, field=wanted,
                                             fields=", ".join(usable) or "-"))
