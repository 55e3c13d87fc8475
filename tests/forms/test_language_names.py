"""The language code in an XLSForm language name (ODK's last "(code)" at the end), and
the one rule for which form language or voice serves an interface language."""

from __future__ import annotations

import pytest

from fieldkit.forms.language_names import (
    base_language,
    form_language,
    language_code,
    matching_code,
)


@pytest.mark.parametrize(("name", "code"), [
    ("English (en)", "en"),
    ("Kurdish Sorani (ckb)", "ckb"),
    ("کوردی (ckb)", "ckb"),
    ("Dari (fa_AF)", "fa_AF"),       # region kept, separator as written
    ("Dari (fa-AF)", "fa-AF"),
    ("English(en)", "en"),           # no space before the parentheses
    (" Polish (pl) ", "pl"),         # spaces around the name
    ("Polski ( pl )", "pl"),         # and inside the parentheses
    ("Polski (pl)\n", "pl"),
    ("Arabic (AR)", "AR"),           # case as written
    ("Arabic (ar-001)", "ar-001"),
    ("Name (x) (pl)", "pl"),         # the last parenthesised token
    ("Chinese (zh-Hant-TW)", "zh-Hant-TW"),
    ("Kurdish (Sorani)", "Sorani"),  # what is in the parentheses, as ODK reads it
    ("(pl)", "pl"),
    ("default", None),
    ("English", None),
    ("", None),
    ("   ", None),
    ("English ()", None),
    ("English (en", None),
    ("English (en) UK", None),       # not at the end
    ("Name (a(b))", None),           # nested: no code
    ("pl", None),                    # a bare code only with bare=True
])
def test_code_in_parentheses(name: str, code: str | None) -> None:
    assert language_code(name) == code


@pytest.mark.parametrize(("name", "code"), [
    ("fa", "fa"),
    (" ckb ", "ckb"),
    ("fa_AF", "fa_AF"),
    ("fa-AF", "fa-AF"),
    ("English (en)", "en"),          # parentheses still win
    ("default", None),               # a name, not a code
    ("English", None),
    ("", None),
    ("f", None),
    ("fa_", None),
])
def test_bare_codes_when_asked(name: str, code: str | None) -> None:
    assert language_code(name, bare=True) == code


@pytest.mark.parametrize(("code", "base"), [
    ("fa_AF", "fa"), ("fa-AF", "fa"), ("FA", "fa"), ("ckb", "ckb"), ("zh-Hant-TW", "zh"),
])
def test_base_language(code: str, base: str) -> None:
    assert base_language(code) == base


#: As a form declares them: Farsi before Dari, a separator and a case of its own, a
#: language named by a bare code, and the untranslated columns' "default".
LANGUAGES = ["default", "Farsi (fa)", "Dari (fa-AF)", "کوردی (ckb)", "Arabic (AR)",
             "Română (ro_RO)", "pl", "English"]


@pytest.mark.parametrize(("code", "name"), [
    ("fa", "Farsi (fa)"),
    ("fa_AF", "Dari (fa-AF)"),      # its own code, though Farsi comes first
    ("fa-AF", "Dari (fa-AF)"),      # the separator does not matter
    ("FA_af", "Dari (fa-AF)"),      # nor the case
    ("fa_IR", "Farsi (fa)"),        # no Iranian Farsi: the base language
    ("ckb", "کوردی (ckb)"),
    ("ar", "Arabic (AR)"),          # the form's upper case
    ("ar_IQ", "Arabic (AR)"),
    ("ro", None),                   # Romanian of Romania does not serve plain ro
    ("ro-RO", "Română (ro_RO)"),
    ("pl", "pl"),                   # a form language that is a bare code
    ("pl_PL", "pl"),
    ("so", None),                   # the form has no Somali: the caller's default
    ("en", None),                   # "English" names no code
    ("default", None),              # the untranslated columns are never chosen
    ("", None),
])
def test_form_language_for_an_interface_code(code: str, name: str | None) -> None:
    assert form_language(LANGUAGES, code) == name


def test_the_first_of_equal_codes_wins() -> None:
    assert form_language(["Dari (fa_AF)", "Dari 2 (fa-AF)"], "fa-af") == "Dari (fa_AF)"
    assert form_language([], "fa") is None


@pytest.mark.parametrize(("code", "voice"), [
    ("fa_AF", "fa"),                # no Dari voice: the Persian one
    ("fa-AF", "fa"),
    ("AR", "ar"),
    ("ckb", None),
    ("en_GB", "en"),
])
def test_matching_code_for_voices(code: str, voice: str | None) -> None:
    assert matching_code(code, {"en", "fa", "ar"}) == voice


def test_matching_code_prefers_the_very_code_and_keeps_its_spelling() -> None:
    assert matching_code("fa_AF", ["fa", "fa-af"]) == "fa-af"
    assert matching_code("fa", ["fa_AF"]) is None  # only the wanted code is cut


def test_dari_columns_coded_prs_serve_the_dari_interface() -> None:
    """pyxform takes ISO 639-3 ``prs`` for Dari (it refuses ``fa-AF``); the Dari
    interface (Babel's ``fa_AF``) shows those columns, not Farsi's."""
    from fieldkit.forms.language_names import form_language, same_language

    assert form_language(["English (en)", "فارسی (fa)", "دری (prs)"], "fa_AF") == "دری (prs)"
    assert form_language(["English (en)", "فارسی (fa)"], "fa_AF") == "فارسی (fa)"
    assert form_language(["English (en)", "دری (prs)"], "fa") is None
    assert same_language("fa-AF", "prs") and not same_language("fa", "prs")
