"""The codebook written with every export: an XLSX workbook and a Markdown page.

For every column of every table: its name (and its SPSS/Stata name), label in
every language of the form, type, choices with their codes, when it is asked and
what answers it accepts (in plain words and as the form's expression), and
whether it is personal data and what the export did with it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fieldkit.exports.labels import column_label, in_language
from fieldkit.exports.layout import Column, ExportLayout, FieldSpec
from fieldkit.exports.options import PersonalData
from fieldkit.exports.plain_words import plain_words
from fieldkit.exports.stats_files import MISSING_CHOICES, choice_codes, export_names
from fieldkit.exports.xlsx_file import deterministic_workbook
from fieldkit.i18n import _

__all__ = ["CodebookForm", "write_codebook_markdown", "write_codebook_xlsx"]


@dataclass(frozen=True)
class CodebookForm:
    layout: ExportLayout
    lang: str | None
    interviews: int
    rows: Sequence[int]  # per table
    personal: str  # keep | pseudonymise | drop


def _type(column: Column) -> str:
    if column.kind == "choice":
        return _("0/1 (one choice of a multiple choice)")
    if column.field is None:
        return _("text")
    return column.field.type


def _personal_note(column: Column, personal: str) -> str:
    is_personal = (column.field is not None and column.kind == "field"
                   and column.field.personal) or column.meta == "label"
    if not is_personal:
        return ""
    if personal == PersonalData.PSEUDONYMISE:
        return _("personal: pseudonymised (keyed hash)")
    return _("personal")


def _choices(spec: FieldSpec | None, lang: str | None, default: str | None) -> list[str]:
    if spec is None or not spec.choices:
        return []
    codes = choice_codes(spec) if spec.type == "select_one" else {}
    out = []
    for choice in spec.choices:
        label = in_language(choice.labels, lang, default)
        number = f" [{codes[choice.value]}]" if choice.value in codes else ""
        missing = _(" (missing in SPSS)") if (
            spec.type == "select_one" and choice.value in MISSING_CHOICES) else ""
        out.append(f"{choice.value}{number} = {label}{missing}")
    return out


def _field_rows(form: CodebookForm) -> list[tuple[str, Column, str]]:
    """(table name, column, SPSS/Stata name) for every column."""
    out = []
    for table in form.layout.tables:
        for column, stat_name in zip(table.columns, export_names(table.columns), strict=True):
            out.append((table.name, column, stat_name))
    return out


def write_codebook_xlsx(path: Path, forms: Sequence[CodebookForm]) -> None:
    # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    about = workbook.active
    assert about is not None
    about.title = _("about")
    about.append([_("form"), _("title"), _("versions"), _("interviews"), _("label language"),
                  _("personal data")])
    variables = workbook.create_sheet(_("variables"))
    languages: list[str] = []
    for form in forms:
        languages.extend(lang for lang in form.layout.languages if lang not in languages)
        about.append([form.layout.form_id, form.layout.title,
                      ", ".join(sorted(set(form.layout.versions.values()))), form.interviews,
                      form.lang or "", form.personal])
    header = [_("table"), _("variable"), _("SPSS/Stata name"), _("type"),
              *[_("label: {language}").format(language=lang) for lang in languages or [""]],
              _("choices (code [SPSS/Stata number] = label)"), _("asked when"),
              _("asked when (expression)"), _("accepted answers"),
              _("accepted answers (expression)"), _("calculation"), _("required"),
              _("personal data")]
    variables.append(header)
    for form in forms:
        default = form.layout.default_language
        for table_name, column, stat_name in _field_rows(form):
            spec = column.field
            labels = [_column_label_in(column, lang, default) for lang in languages or [""]]
            variables.append([
                table_name, column.name, stat_name, _type(column), *labels,
                "\n".join(_choices(spec if column.kind == "field" else None, form.lang,
                                   default)),
                plain_words(spec.relevant) if spec else "", spec.relevant if spec else "",
                plain_words(spec.constraint) if spec else "", spec.constraint if spec else "",
                spec.calculation if spec else "",
                _("yes") if spec and spec.required.strip() in ("true()", "yes") else "",
                _personal_note(column, form.personal)])
        for table_name, spec in form.layout.dropped:
            variables.append([table_name, spec.name, "", spec.type,
                              *[in_language(spec.labels, lang, default)
                                for lang in languages or [""]],
                              "", "", "", "", "", "", "", _("personal: left out of this export")])
    for ws in (about, variables):
        for cell in ws[1]:
            cell.font = bold
        ws.freeze_panes = "A2"
    for index, column_cells in enumerate(variables.columns, start=1):
        width = max(len(str(c.value or "")) for c in column_cells[:300])
        letter = column_cells[0].column_letter
        variables.column_dimensions[letter].width = max(10, min(60, width + 2))
        del index
    for row in variables.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    buffer = io.BytesIO()
    workbook.save(buffer)
    deterministic_workbook(buffer.getvalue(), path)


def _column_label_in(column: Column, lang: str, default: str | None) -> str:
    return column_label(column, lang or None, default)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def write_codebook_markdown(path: Path, forms: Sequence[CodebookForm]) -> None:
    title = _("Codebook")  # outside the f-string, where the extractor finds it
    lines = [f"# {title}", ""]
    for form in forms:
        layout = form.layout
        default = layout.default_language
        lines += [f"## {layout.title} (`{layout.form_id}`)", "",
                  _("Versions: {versions}. Interviews: {n}. Labels in: {language}. Personal "
                    "data: {personal}.").format(
                      versions=", ".join(sorted(set(layout.versions.values()))),
                      n=form.interviews, language=form.lang or "-", personal=form.personal),
                  ""]
        for table, count in zip(layout.tables, form.rows, strict=True):
            lines += [f"### `{table.name}`", ""]
            if table.parent:
                lines += [_("One row per `{repeat}`; `PARENT_KEY` joins it to `KEY` of "
                            "`{parent}`. Rows: {n}.").format(
                                repeat=table.repeat, parent=table.parent, n=count), ""]
            else:
                lines += [_("One row per interview. Rows: {n}.").format(n=count), ""]
            lines += ["| " + " | ".join([
                _("variable"), _("SPSS/Stata"), _("type"), _("label"), _("choices"),
                _("asked when"), _("accepted answers"), _("personal data")]) + " |",
                "|" + " --- |" * 8]
            for column, stat_name in zip(table.columns, export_names(table.columns),
                                         strict=True):
                spec = column.field
                labels = []
                if column.kind in ("field", "choice") and spec is not None:
                    for lang in layout.languages or [""]:
                        text = column_label(column, lang or None, default)
                        labels.append(f"{lang}: {text}" if lang else text)
                else:
                    labels.append(column_label(column, None, default))
                lines.append("| " + " | ".join(_md(cell) for cell in [
                    f"`{column.name}`", f"`{stat_name}`", _type(column), "\n".join(labels),
                    "\n".join(_choices(spec if column.kind == "field" else None, form.lang,
                                       default)),
                    plain_words(spec.relevant) if spec else "",
                    plain_words(spec.constraint) if spec else "",
                    _personal_note(column, form.personal)]) + " |")
            lines.append("")
        if layout.dropped:
            left_out = _("Left out (personal data)")
            lines += [f"### {left_out}", ""]
            lines += [f"- `{table}` `{spec.name}`: "
                      f"{_md(in_language(spec.labels, form.lang, default))}"
                      for table, spec in layout.dropped]
            lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8", newline="\n")
