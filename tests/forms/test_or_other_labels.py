"""or_other in a translated form: fieldkit translates the texts pyxform leaves English."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

import pytest

from fieldkit.forms import FormSession, load_form
from fieldkit.forms import or_other as or_other_module
from fieldkit.forms.cache import MemoryFormCache
from fieldkit.forms.check import check_form
from fieldkit.forms.loader import cache_key, entry_xform
from fieldkit.forms.safexml import parse_xml
from fieldkit.i18n import catalog

FORM = """
| survey |
| | type | name | label::English (en) | label::Polski (pl) | label::Deutsch (de) |
| | select_one colors or_other | color | Colour? | Kolor? | Farbe? |
| choices |
| | list_name | name | label::English (en) | label::Polski (pl) | label::Deutsch (de) |
| | colors | red | Red | Czerwony | Rot |
| | colors | blue | Blue | Niebieski | Blau |
| settings |
| | form_id | default_language |
| | oo | English (en) |
"""

# The author's own 'other' choice and "specify" question: nothing generated.
AUTHORED = """
| survey |
| | type | name | label::English (en) | label::Polski (pl) | relevant |
| | select_one colors | color | Colour? | Kolor? | |
| | text | color_other | Specify other. | Specify other. | selected(${color}, 'other') |
| choices |
| | list_name | name | label::English (en) | label::Polski (pl) |
| | colors | red | Red | Czerwony |
| | colors | other | Other | Coś innego |
| settings |
| | form_id | default_language |
| | own | English (en) |
"""

Write = Callable[..., Path]

FAKE = {"Other": "Inne (fake)", "Specify other.": "Podaj inne (fake)."}


class FakeCatalog(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return FAKE.get(message, message)


@pytest.fixture
def write(tmp_path: Path) -> Write:
    def make(text: str, name: str = "form") -> Path:
        path = tmp_path / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        return path

    return make


@pytest.fixture
def fake_polish(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Polish catalog that translates both texts, whatever translations/pl.po holds."""
    real = or_other_module.catalog

    def fake(lang: str) -> gettext.NullTranslations:
        return FakeCatalog() if lang == "pl" else real(lang)

    monkeypatch.setattr(or_other_module, "catalog", fake)


def _choices(session: FormSession) -> list[tuple[str, str]]:
    return [(c.value, c.label) for c in session.choices("/data/color")]


def test_polish_gets_fieldkits_catalog(write: Write) -> None:
    pl = catalog("pl")
    session = FormSession(load_form(write(FORM)), language="Polski (pl)")
    assert _choices(session) == [
        ("red", "Czerwony"),
        ("blue", "Niebieski"),
        ("other", pl.gettext("Other")),
    ]
    assert session.label("/data/color_other") == pl.gettext("Specify other.")


def test_substitution_with_a_catalog_that_translates(write: Write, fake_polish: None) -> None:
    session = FormSession(load_form(write(FORM)), language="Polski (pl)")
    assert _choices(session)[-1] == ("other", "Inne (fake)")
    assert session.label("/data/color_other") == "Podaj inne (fake)."
    # English stays pyxform's English; German (no fieldkit catalog) keeps it too.
    session.set_language("English (en)")
    assert _choices(session)[-1] == ("other", "Other")
    assert session.label("/data/color_other") == "Specify other."
    session.set_language("Deutsch (de)")
    assert _choices(session) == [("red", "Rot"), ("blue", "Blau"), ("other", "Other")]
    assert session.label("/data/color_other") == "Specify other."
    # The answer still works as or_other does.
    session.answer("/data/color", "other")
    assert session.relevant("/data/color_other")


def test_the_xform_kept_is_translated_and_well_formed(write: Write, fake_polish: None) -> None:
    path = write(FORM)
    cache = MemoryFormCache()
    load_form(path, cache=cache)
    entry = cache.get(cache_key(path.read_bytes(), path.name))
    assert entry is not None
    xform = entry_xform(entry)
    parse_xml(xform)
    assert "Inne (fake)" in xform and "<label>Specify other.</label>" not in xform
    # Namespaces pyxform declared stay declared, and only once each.
    root_tag = xform[xform.index("<h:html") : xform.index(">", xform.index("<h:html"))]
    for declaration in (
        'xmlns="http://www.w3.org/2002/xforms"',
        "xmlns:jr=",
        "xmlns:orx=",
        "xmlns:ev=",
    ):
        assert root_tag.count(declaration) == 1


def test_authored_labels_are_untouched(write: Write, fake_polish: None) -> None:
    session = FormSession(load_form(write(AUTHORED)), language="Polski (pl)")
    assert _choices(session) == [("red", "Czerwony"), ("other", "Coś innego")]
    assert session.label("/data/color_other") == "Specify other."


def test_form_without_or_other_is_not_rewritten(write: Write) -> None:
    from pyxform.xls2xform import convert

    path = write(AUTHORED)
    xform = convert(xlsform=str(path), warnings=[]).xform
    assert or_other_module.translate_or_other(xform) == xform


def test_cache_key_changes_with_the_catalogs(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(FORM)
    before = cache_key(path.read_bytes(), path.name)
    assert ":or-other=" in before
    or_other_module.or_other_marker.cache_clear()
    monkeypatch.setattr(or_other_module, "catalog", lambda lang: FakeCatalog())
    try:
        assert cache_key(path.read_bytes(), path.name) != before
    finally:
        or_other_module.or_other_marker.cache_clear()


def _or_other_warnings(warnings: list[str]) -> tuple[bool, list[str]]:
    pyxform = any("or_other and translations" in w for w in warnings)
    langs = [w.rsplit("'", 2)[-2] for w in warnings if "'color_other'" in w]
    return pyxform, langs


def test_check_warns_only_for_languages_fieldkit_cannot_fill(
    write: Write, fake_polish: None
) -> None:
    result = check_form(write(FORM))
    assert result.ok
    pyxform, langs = _or_other_warnings(result.warnings)
    assert pyxform  # German still reads English
    assert langs == ["Deutsch (de)"]


def test_check_drops_pyxforms_warning_when_every_language_is_filled(
    write: Write, fake_polish: None
) -> None:
    two = (
        FORM.replace(" label::Deutsch (de) |", "")
        .replace(" Farbe? |", "")
        .replace(" Rot |", "")
        .replace(" Blau |", "")
    )
    result = check_form(write(two))
    assert result.ok
    assert _or_other_warnings(result.warnings) == (False, [])


def test_check_keeps_warnings_without_a_fieldkit_catalog(write: Write) -> None:
    # Polish as the catalog has it now: warned about exactly when untranslated.
    result = check_form(write(FORM))
    pl_filled = all(catalog("pl").gettext(m) != m for m in ("Other", "Specify other."))
    pyxform, langs = _or_other_warnings(result.warnings)
    assert pyxform
    assert langs == ([] if pl_filled else ["Polski (pl)"]) + ["Deutsch (de)"]


@pytest.mark.parametrize(("name", "filled"), [
    ("English (en)", True),
    ("Polski (pl)", True),
    ("Polski ( pl )", True),     # spaces inside the parentheses
    ("Polski (PL_pl)", True),    # case and region do not matter
    ("Polski (pl-001)", True),   # a numeric region still names Polish
    ("Name (de) (pl)", True),    # the last code is the language's
    ("Deutsch (de)", False),     # no fieldkit catalog
    ("pl", False),               # no code in parentheses
    ("default", False),
])
def test_which_form_languages_fieldkit_fills(
    name: str, filled: bool, fake_polish: None
) -> None:
    assert or_other_module.filled_language(name) is filled
