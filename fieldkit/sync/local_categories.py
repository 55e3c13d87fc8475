"""Local categories: the communities of the area added to a form's choice lists (e.g.
"White – Polish", "Roma", "Kurdish – Sorani", "Eritrean" in the default forms'
ethnicity, nationality and language lists), with a label in every form language.

Each addition edits the form's own source (an XLSForm in Markdown or Excel), the way a
form author would: the new choice goes above the list's ``other`` choice, and the
settings' version gets a ``-localN`` suffix. The result goes through the same checks
and comparison as any new form version (:mod:`fieldkit.sync.form_admin`), reaches the
laptops with the next pack, and keeps every choice name ever used, so exports and
census crosswalks stay consistent: a category is added, never renamed or removed here.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from fieldkit.errors import FieldkitError, InvalidInput, UsageError
from fieldkit.forms.language_names import form_language
from fieldkit.forms.model import ChoiceList, OutputRef
from fieldkit.i18n import _
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.store import Store
from fieldkit.store.models import Form
from fieldkit.sync.form_admin import add_or_update_form
from fieldkit.sync.project import coordinator_project

__all__ = ["CategoryList", "add_category", "category_lists", "next_local_version"]

#: Lists a coordinator is most likely to extend, shown first.
USUAL_LISTS = ("ethnicity", "nationality", "language", "country", "country_of_birth")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_LOCAL = re.compile(r"^(?P<base>.*?)(?:-local(?P<n>\d+))?$")


@dataclass(frozen=True)
class CategoryList:
    form_id: str
    form_title: str
    list_name: str
    #: The questions that use the list (labels in the interface's form language).
    questions: tuple[str, ...]
    #: The form's languages as its label columns name them ("English (en)").
    languages: tuple[str, ...]
    #: (choice name, label) as the list has them.
    choices: tuple[tuple[str, str], ...]


def next_local_version(version: str) -> str:
    """``2026112301`` → ``2026112301-local1`` → ``2026112301-local2``."""
    match = _LOCAL.match(version)
    assert match is not None  # the pattern matches any text
    return f"{match['base'] or '1'}-local{int(match['n'] or 0) + 1}"


def _flat(text: object) -> str:

    parts = text if isinstance(text, tuple) else ()
    return " ".join("".join("…" if isinstance(p, OutputRef) else str(p) for p in parts).split())


def category_lists(store: Store, ui_language: str) -> list[CategoryList]:
    """The choice lists of the project's forms (newest versions written as XLSForms),
    the usual ones for local communities first."""

    project = coordinator_project(store)
    out = []
    with store.session() as session:
        newest: dict[str, Form] = {}
        for row in session.scalars(select(Form).where(Form.project_id == project.id)
                                   .order_by(Form.id)):
            newest[row.form_id] = row
        for row in newest.values():
            if Path(row.source_name).suffix.lower() not in (".md", ".xlsx"):
                continue
            try:
                form = runtime_form(session, row.id)[1]
            except FieldkitError:
                continue
            lang = form_language(form.languages, ui_language)
            uses: dict[str, tuple[ChoiceList, list[str]]] = {}
            for question in form.questions.values():
                if question.choices is not None and not question.choices.inline:
                    uses.setdefault(question.choices.name, (question.choices, []))[1].append(
                        _flat(form.text(question.label, lang)) or question.name)
            for name, (choice_list, questions) in uses.items():
                out.append(CategoryList(
                    row.form_id, row.title, name, tuple(questions), tuple(form.languages),
                    tuple((c.value, _flat(c.label(lang)) or c.value)
                          for c in choice_list.choices)))
    return sorted(out, key=lambda c: (c.list_name not in USUAL_LISTS, c.form_title,
                                      c.list_name))


# -- editing a Markdown XLSForm ---------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _edit_markdown(text: str, list_name: str, name: str, labels: Mapping[str, str],
                   version: str) -> str:
    lines = text.split("\n")
    header: list[str] | None = None
    sheet = ""
    insert_at: int | None = None
    last_of_list: int | None = None
    version_done = False
    settings_header: list[str] | None = None
    for index, line in enumerate(lines):
        if not line.strip().startswith("|"):
            continue
        cells = _cells(line)
        if cells and cells[0]:  # "| choices |": a sheet starts
            sheet = cells[0].lower()
            continue
        row = cells[1:]
        if sheet == "choices":
            if header is None:
                header = row
                continue
            if len(row) > 1 and row[0] == list_name:
                if row[1] == name:
                    raise UsageError(_("The list {list} has a choice {name} already.")
                                     .format(list=list_name, name=name))
                last_of_list = index
                if row[1] == "other" and insert_at is None:
                    insert_at = index
        elif sheet == "settings":
            if settings_header is None:
                settings_header = row
                continue
            if "version" in settings_header and not version_done:
                position = settings_header.index("version")
                row += [""] * (len(settings_header) - len(row))
                row[position] = version
                lines[index] = _md_row(["", *row])
                version_done = True
    if header is None or last_of_list is None:
        raise UsageError(_("The form has no choice list {list}.").format(list=list_name))
    if not version_done:
        raise UsageError(_("The form's settings sheet has no version column; add one "
                           "to the form first."))
    new_row = []
    for column in header:
        if column == "list_name":
            new_row.append(list_name)
        elif column == "name":
            new_row.append(name)
        elif column.startswith("label::"):
            new_row.append(labels.get(column.removeprefix("label::"), ""))
        elif column == "label":
            new_row.append(next(iter(labels.values()), ""))
        else:
            new_row.append("")
    where = insert_at if insert_at is not None else last_of_list + 1
    lines.insert(where, _md_row(["", *new_row]))
    return "\n".join(lines)


# -- editing an Excel XLSForm -----------------------------------------------------------


def _edit_xlsx(data: bytes, list_name: str, name: str, labels: Mapping[str, str],
               version: str) -> bytes:
    # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheets = {ws.title.lower(): ws for ws in book.worksheets}
    choices, settings = sheets.get("choices"), sheets.get("settings")
    if choices is None:
        raise UsageError(_("The form has no choice list {list}.").format(list=list_name))
    header = [str(c.value or "").strip() for c in choices[1]]
    if "list_name" not in header or "name" not in header:
        raise UsageError(_("The form's choices sheet has no list_name and name columns."))
    list_col, name_col = header.index("list_name"), header.index("name")
    insert_at = last = None
    for row_number, row in enumerate(choices.iter_rows(min_row=2, values_only=True), start=2):
        if row[list_col] == list_name:
            if str(row[name_col]) == name:
                raise UsageError(_("The list {list} has a choice {name} already.")
                                 .format(list=list_name, name=name))
            last = row_number
            if str(row[name_col]) == "other" and insert_at is None:
                insert_at = row_number
    if last is None:
        raise UsageError(_("The form has no choice list {list}.").format(list=list_name))
    if settings is None:
        raise UsageError(_("The form's settings sheet has no version column; add one "
                           "to the form first."))
    settings_header = [str(c.value or "").strip() for c in settings[1]]
    if "version" not in settings_header:
        raise UsageError(_("The form's settings sheet has no version column; add one "
                           "to the form first."))
    settings.cell(row=2, column=settings_header.index("version") + 1, value=version)
    where = insert_at if insert_at is not None else last + 1
    choices.insert_rows(where)
    for column, title in enumerate(header, start=1):
        value = ""
        if title == "list_name":
            value = list_name
        elif title == "name":
            value = name
        elif title.startswith("label::"):
            value = labels.get(title.removeprefix("label::"), "")
        elif title == "label":
            value = next(iter(labels.values()), "")
        if value:
            choices.cell(row=where, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def add_category(store: Store, form_id: str, list_name: str, name: str, *,
                 labels: Mapping[str, str], actor: str = "") -> str:
    """Add choice ``name`` with ``labels`` ({form language: label}, one for every
    language of the form) to ``list_name`` of ``form_id``, as a new version of the
    form; returns that version. Nothing changes if any check fails."""

    name = name.strip()
    if not _NAME.match(name):
        raise UsageError(_("{name}: a choice name is one short word of letters, digits "
                           "and _ (for example white_polish).").format(name=name))
    wanted = next((c for c in category_lists(store, "en")
                   if c.form_id == form_id and c.list_name == list_name), None)
    if wanted is None:
        raise UsageError(_("The project's form {form} has no choice list {list} that can "
                           "be extended here.").format(form=form_id, list=list_name))
    missing = [lang for lang in wanted.languages or ("",)
               if not labels.get(lang, "").strip()]
    if missing:
        raise UsageError(_("Give the new choice a label in every language of the form; "
                           "missing: {languages}.").format(
                               languages=", ".join(m or _("the form's language")
                                                   for m in missing)))
    project = coordinator_project(store)
    with store.session() as session:
        row = session.scalars(select(Form).where(
            Form.project_id == project.id, Form.form_id == form_id)
            .order_by(Form.id.desc())).first()
        assert row is not None  # category_lists found it
        source, source_name, old_version = row.source, row.source_name, row.version
    version = next_local_version(old_version)
    clean = {lang: label.strip() for lang, label in labels.items()}
    if Path(source_name).suffix.lower() == ".md":
        edited = _edit_markdown(source.decode("utf-8"), list_name, name, clean,
                                version).encode("utf-8")
    else:
        edited = _edit_xlsx(source, list_name, name, clean, version)
    with tempfile.TemporaryDirectory(prefix="fieldkit-category-") as folder:
        path = Path(folder) / Path(source_name).name
        path.write_bytes(edited)
        try:
            add_or_update_form(store, path, actor)
        except InvalidInput as exc:
            raise InvalidInput(_("The form with the new choice does not pass the checks: "
                                 "{problem}").format(problem=exc)) from None
    return version
