"""Crosswalks: which census category each choice of a form field counts as (the
customer profile's "White – Polish" → TS021 "White: Other White"; "Roma" →
"White: Roma").

A project keeps its own crosswalks in the store, per form, field and table; until it
has one, the default shipped in ``resources/census/crosswalks/<field>--<TABLE>.csv``
applies (for the default forms' ethnicity, nationality and main language fields).
Every choice of the field is listed: a choice without a category is unmapped and
shown as such (in ``unmapped``, and with an empty category in the CSV), never dropped.
The CSV has the columns ``choice,census_category``, the category written as its label
after the table's topic prefix (``White: Roma``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert, select

from fieldkit.census.catalog import TableSpec, known_tables
from fieldkit.census.lines import csv_rows, refuse
from fieldkit.errors import InvalidInput
from fieldkit.i18n import _
from fieldkit.insight.fields import FieldInfo, fields_of, form_versions, resolve_field
from fieldkit.packaged import resource
from fieldkit.projects import current_project
from fieldkit.store import Store
from fieldkit.store.census_models import CensusCrosswalk

COLUMNS = ["choice", "census_category"]
#: Crosswalks longer than any choice list a form would have are not crosswalks.
MAX_ROWS = 5000


@dataclass(frozen=True)
class CrosswalkRow:
    choice: str
    label: str  # the choice's label in the form's default language
    census_category: str  # "" when unmapped


@dataclass(frozen=True)
class Crosswalk:
    form_id: str
    field: str
    table: str
    source: str  # "project" (stored), "default" (shipped) or "none"
    rows: tuple[CrosswalkRow, ...]

    @property
    def mapping(self) -> dict[str, str]:
        return {r.choice: r.census_category for r in self.rows if r.census_category}

    @property
    def unmapped(self) -> list[str]:
        return [r.choice for r in self.rows if not r.census_category]

    def to_json(self) -> dict[str, object]:
        return {"form": self.form_id, "field": self.field, "table": self.table,
                "source": self.source,
                "rows": [{"choice": r.choice, "label": r.label,
                          "census_category": r.census_category} for r in self.rows],
                "unmapped": self.unmapped}

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows((r.choice, r.census_category) for r in self.rows)
        return out.getvalue()


def table_spec(table: str) -> TableSpec:
    spec = known_tables().get(table.upper())
    if spec is None:
        raise InvalidInput(_("--table {table}: not a census table fieldkit knows; choose "
                             "one of {tables}.").format(
            table=table, tables=", ".join(sorted(known_tables()))))
    return spec


def field_info(store: Store, form_id: str, field: str) -> FieldInfo:
    """The select field ``field`` of ``form_id`` in the current project."""
    info = resolve_field(fields_of(form_versions(store, form_id)), field, "--field",
                         ("select",))
    if info.kind != "select" or not info.choices:
        raise InvalidInput(_("--field {field}: a crosswalk maps the choices of a question "
                             "with a choice list.").format(field=field))
    return info


def default_crosswalk(field: str, table: str) -> dict[str, str] | None:
    path = resource("census", "crosswalks", f"{field}--{table}.csv")
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as f:
        return {row["choice"]: row["census_category"] for row in csv.DictReader(f)}


def load_crosswalk(store: Store, form_id: str, field: str, table: str) -> Crosswalk:
    """The project's crosswalk for ``form_id``'s ``field`` and ``table`` (else the
    shipped default), with every choice of the field."""
    spec = table_spec(table)
    info = field_info(store, form_id, field)

    project = current_project(store)
    with store.session() as session:
        stored = {r.choice: r.census_category for r in session.scalars(
            select(CensusCrosswalk).where(
                CensusCrosswalk.project_id == project.id,
                CensusCrosswalk.form_id == form_id, CensusCrosswalk.field == info.name,
                CensusCrosswalk.table_code == spec.table))}
    mapping: dict[str, str] | None = stored or None
    source = "project" if mapping else "none"
    if mapping is None:
        mapping = default_crosswalk(info.name, spec.table)
        source = "default" if mapping is not None else "none"
    mapping = mapping or {}
    valid = _labels(spec)
    rows = tuple(CrosswalkRow(choice=c.value, label=info.choice_label(c.value),
                              census_category=mapping.get(c.value, "")
                              if mapping.get(c.value, "") in valid else "")
                 for c in info.choices)
    return Crosswalk(form_id=form_id, field=info.name, table=spec.table, source=source,
                     rows=rows)


def _labels(spec: TableSpec) -> set[str]:
    return {c.label for c in spec.categories if c.kind == "category"}


def read_crosswalk_file(path: Path, form_id: str, info: FieldInfo,
                        spec: TableSpec) -> dict[str, str]:
    """choice → category from a CSV file (InvalidInput naming row and column)."""
    choices = {c.value for c in info.choices}
    valid = _labels(spec)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InvalidInput(_("{path}: cannot read the file ({reason}).").format(
            path=path, reason=exc.strerror or exc)) from None
    mapping: dict[str, str] = {}
    with stream:
        rows = csv_rows(path, stream)
        first = next(rows, None)
        if first is None or [h.strip() for h in first[1]] != COLUMNS:
            raise refuse(path, 1, None, _(
                "a crosswalk has the columns choice,census_category"))
        for number, fields in rows:
            if number > MAX_ROWS:
                raise refuse(path, number, None, _("too many rows for a crosswalk"))
            if len(fields) != 2:
                raise refuse(path, number, None, _(
                    "{n} fields where the header has 2").format(n=len(fields)))
            choice, category = fields[0].strip(), fields[1].strip()
            if choice not in choices:
                raise refuse(path, number, "choice", _(
                    "'{choice}' is not a choice of {field} in form {form}").format(
                        choice=choice[:60], field=info.name, form=form_id))
            if choice in mapping:
                raise refuse(path, number, "choice", _("'{choice}' appears twice").format(
                    choice=choice))
            if category and category not in valid:
                raise refuse(path, number, "census_category", _(
                    "'{category}' is not a category of census table {table} ({title}); "
                    "write it as 'fieldkit census crosswalk export' does, e.g. "
                    "'{example}'").format(category=category[:80], table=spec.table,
                                          title=spec.title, example=_example(spec)))
            mapping[choice] = category
    return mapping


def crosswalk_from_file(store: Store, path: Path, form_id: str, field: str,
                        table: str) -> Crosswalk:
    """A crosswalk read from a CSV file for one comparison, not stored."""
    spec = table_spec(table)
    info = field_info(store, form_id, field)
    mapping = read_crosswalk_file(path, form_id, info, spec)
    return Crosswalk(form_id=form_id, field=info.name, table=spec.table, source="file",
                     rows=tuple(CrosswalkRow(c.value, info.choice_label(c.value),
                                             mapping.get(c.value, ""))
                                for c in info.choices))


def import_crosswalk(store: Store, path: Path, form_id: str, field: str,
                     table: str) -> Crosswalk:
    """Replace the project's crosswalk with the CSV at ``path``; all or nothing."""
    spec = table_spec(table)
    info = field_info(store, form_id, field)
    mapping = read_crosswalk_file(path, form_id, info, spec)

    project = current_project(store)
    with store.session() as session:
        session.execute(delete(CensusCrosswalk).where(
            CensusCrosswalk.project_id == project.id, CensusCrosswalk.form_id == form_id,
            CensusCrosswalk.field == info.name, CensusCrosswalk.table_code == spec.table))
        if mapping:
            session.execute(insert(CensusCrosswalk), [
                {"project_id": project.id, "form_id": form_id, "field": info.name,
                 "table_code": spec.table, "choice": choice, "census_category": category}
                for choice, category in mapping.items()])
    # A file with no rows clears the project's crosswalk: the default applies again.
    return load_crosswalk(store, form_id, info.name, spec.table)


def _example(spec: TableSpec) -> str:
    return next(c.label for c in spec.categories if c.kind == "category" and c.parent)
