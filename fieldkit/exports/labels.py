"""Labels of columns and values in the export's language."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from fieldkit.exports.layout import Column, ExportLayout, FieldSpec
from fieldkit.forms.language_names import language_code
from fieldkit.i18n import N_, _

__all__ = ["META_LABELS", "column_label", "in_language", "label_renderers", "language_key",
           "pick_language"]

META_LABELS: Mapping[str, str] = {
    "KEY": N_("Row key (the interview's instance ID, then the roster row)"),
    "PARENT_KEY": N_("Key of the row this one belongs to"),
    "form_version": N_("Form version"),
    "interviewer": N_("Interviewer"),
    "device": N_("Device (laptop)"),
    "start": N_("Interview started (UTC)"),
    "end": N_("Interview finalised (UTC)"),
    "language": N_("Respondent language"),
    "status": N_("Status"),
    "open_conflicts": N_("Has open conflicts from merging (yes/no)"),
    "possible_duplicate": N_("Possible duplicate household (yes/no)"),
    "label": N_("Interview label"),
}


def in_language(labels: Mapping[str, str], lang: str | None, default: str | None) -> str:
    for key in (lang, default, ""):
        if key is not None and labels.get(key):
            return labels[key]
    return next((v for v in labels.values() if v), "")


def language_key(name: str) -> str:
    """What :func:`pick_language` finds a form's language by: its code as the form
    writes it (``Polski (pl)`` -> ``pl``), or the whole name when it has none."""
    return language_code(name) or name


def pick_language(layout: ExportLayout, wanted: str | None) -> str | None:
    """The form's language for ``wanted`` (a name like ``Polski (pl)`` or the code in
    its parentheses); None when the form has no such language."""
    if not wanted:
        return layout.default_language
    for name in layout.languages:
        if wanted in (name, language_key(name)):
            return name
    return None


def column_label(column: Column, lang: str | None, default: str | None) -> str:
    if column.kind in ("key", "parent_key"):
        key = "KEY" if column.kind == "key" else "PARENT_KEY"
        return _(META_LABELS[key])
    if column.kind == "meta":
        return _(META_LABELS[column.meta])
    assert column.field is not None
    label = in_language(column.field.labels, lang, default) or column.field.name
    if column.kind == "choice" and column.choice is not None:
        choice = in_language(column.choice.labels, lang, default) or column.choice.value
        return f"{label}: {choice}"
    return label


def label_renderers(layout: ExportLayout, lang: str | None
                    ) -> dict[int, dict[int, Callable[[str], str]]]:
    """{table: {column: code(s) -> label(s)}} for select columns (labels mode)."""
    out: dict[int, dict[int, Callable[[str], str]]] = {}
    for t, table in enumerate(layout.tables):
        for c, column in enumerate(table.columns):
            spec = column.field
            if column.kind != "field" or spec is None or not spec.choices:
                continue
            out.setdefault(t, {})[c] = _renderer(spec, lang, layout.default_language)
    return out


def _renderer(spec: FieldSpec, lang: str | None, default: str | None) -> Callable[[str], str]:
    names = {c.value: in_language(c.labels, lang, default) or c.value for c in spec.choices}
    if spec.type == "select_multiple":
        return lambda value: "; ".join(names.get(v, v) for v in value.split())
    return lambda value: names.get(value, value)
