"""Translation catalogs: the template is current, every .po compiles and keeps its
placeholders, and Designer strings are extracted."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from fieldkit import catalogs
from fieldkit.packaged import packaged_dir


def _ids(data: bytes) -> set[tuple[str | None, str]]:
    catalog = read_po(io.BytesIO(data))
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def test_committed_template_is_current(tmp_path: Path) -> None:
    """Run `python -m fieldkit.catalogs extract` and commit the .pot when this fails."""
    fresh = catalogs.write_pot(tmp_path / "fresh.pot")
    committed = packaged_dir("translations") / "fieldkit.pot"
    assert _ids(fresh.read_bytes()) == _ids(committed.read_bytes())


def test_extraction_finds_code_designer_and_qt_strings() -> None:
    ids = {(m.context, m.id) for m in catalogs.build_catalog() if m.id}
    assert (None, "Interviews") in ids  # code (N_)
    assert (None, "These settings are saved in this laptop's data folder.") in ids  # a .ui
    assert ("QPlatformTheme", "Cancel") in ids  # Qt's own string
    assert (None, "notr text") not in ids


def test_designer_extractor_skips_notr() -> None:
    ui = (b'<ui><widget class="QLabel"><property name="text"><string notr="true">x</string>'
          b'</property><property name="toolTip"><string>Shown</string></property>'
          b'<property name="objectName"><string>nameOnly</string></property></widget></ui>')
    found = [m[2] for m in catalogs.extract_ui(io.BytesIO(ui), None, None, None)]
    assert found == ["Shown"]


@pytest.mark.parametrize("po", catalogs.po_files(), ids=lambda p: p.stem)
def test_every_catalog_compiles_and_keeps_placeholders(po: Path) -> None:
    assert catalogs.lint(po) == []


def test_lint_catches_a_changed_placeholder(tmp_path: Path) -> None:
    po = tmp_path / "pl.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Project: {name}"\nmsgstr "Projekt: {nazwa}"\n', encoding="utf-8")
    assert catalogs.lint(po) == ["pl.po: placeholders differ for 'Project: {name}'"]


@pytest.mark.parametrize("po", catalogs.po_files(), ids=lambda p: p.stem)
def test_plural_rule_is_the_cldr_one(po: Path) -> None:
    """Each catalog picks plural forms as CLDR does for its language (an old Babel
    table put Arabic 11-99 and 100-102 in the wrong forms). A single form is fine."""
    import gettext

    from babel.messages.plurals import get_plural

    with po.open("rb") as fh:
        catalog = read_po(fh)
    expected = get_plural(po.stem)
    if catalog.num_plurals == 1:
        return  # one form for every number (Persian: a noun after a number is singular)
    assert catalog.num_plurals == expected.num_plurals
    ours = gettext.c2py(catalog.plural_expr)
    cldr = gettext.c2py(expected.plural_expr)
    assert [ours(n) for n in range(250)] == [cldr(n) for n in range(250)]
