"""The language code in an XLSForm language name: ODK's last "(code)" at the end."""

from __future__ import annotations

import pytest

from fieldkit.forms.language_names import base_language, language_code


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
