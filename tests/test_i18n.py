from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit import i18n
from fieldkit.i18n import _, ngettext


def test_english_is_the_source_language() -> None:
    assert i18n.set_language("en") == "en"
    assert _("Interviews") == "Interviews"
    assert ngettext("{n} form", "{n} forms", 2) == "{n} forms"


@pytest.mark.parametrize(("given", "expected"), [
    ("pl", "pl"), ("pl_PL.UTF-8", "pl"), ("fa-AF", "fa_AF"), ("FA_af", "fa_AF"),
    ("ckb_IQ", "ckb"), ("ar_EG", "ar"),
])
def test_language_codes_are_normalised(given: str, expected: str) -> None:
    assert i18n.resolve_language(given) == expected


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        i18n.set_language("tlh")
    assert i18n.current_language() == "en"


def test_system_language_follows_the_environment() -> None:
    assert i18n.system_language({"LANGUAGE": "xx:ro_RO", "LANG": "en_GB.UTF-8"}) == "ro"
    assert i18n.system_language({"LANG": "C"}) == "en"
    assert i18n.system_language({"LC_ALL": "ps_AF.UTF-8"}) == "ps"


@pytest.mark.parametrize("code", ["ckb", "fa", "fa_AF", "ps", "ar"])
def test_right_to_left_languages(code: str) -> None:
    assert i18n.is_rtl(code)


@pytest.mark.parametrize("code", ["en", "pl", "ro", "bg", "so"])
def test_left_to_right_languages(code: str) -> None:
    assert not i18n.is_rtl(code)


def test_language_names_are_native() -> None:
    assert i18n.language_name("pl") == "Polski"
    assert i18n.language_name("ckb") == "کوردی (سۆرانی)"
    assert i18n.language_name("ps") == "پښتو"
    assert i18n.language_name("fa_AF") == "دری"


def test_pseudo_locale_wraps_and_keeps_placeholders() -> None:
    i18n.set_pseudo(True)
    text = _("Project: {name}")
    assert text.startswith("⟦") and text.endswith("⟧")
    assert "{name}" in text
    assert text.format(name="X").endswith("X⟧")
    assert _(text) == text  # never wrapped twice


def test_catalog_from_po_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout has only .po files; they are compiled in memory on first use."""
    po = tmp_path / "pl.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
        '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgid "Interviews"\nmsgstr "Wywiady"\n\n'
        'msgid "{n} form"\nmsgid_plural "{n} forms"\n'
        'msgstr[0] "{n} formularz"\nmsgstr[1] "{n} formularze"\nmsgstr[2] "{n} formularzy"\n',
        encoding="utf-8")
    monkeypatch.setattr(i18n, "packaged_dir", lambda kind: tmp_path)
    i18n.catalog.cache_clear()
    try:
        i18n.set_language("pl")
        assert _("Interviews") == "Wywiady"
        assert ngettext("{n} form", "{n} forms", 3) == "{n} formularze"
        assert ngettext("{n} form", "{n} forms", 5) == "{n} formularzy"
        assert _("Not in the catalog") == "Not in the catalog"
        assert i18n.lookup(None, "Interviews") == "Wywiady"
        assert i18n.lookup("Ctx", "Not in the catalog") is None
    finally:
        i18n.catalog.cache_clear()
