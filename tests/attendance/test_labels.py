"""The attendee/session form's language for an interface language code."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.attendance.labels import form_language, question_label
from fieldkit.forms import Form, load_form

FORM = """
| survey |
| | type | name | label::Farsi (fa) | label::Dari (fa_AF) | label::Română (ro-RO) | label::pl |
| | text | name | نام (fa) | نام (prs) | Nume | Imię |
| settings |
| | form_id | default_language |
| | lang | Farsi (fa) |
"""


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Form:
    path: Path = tmp_path_factory.mktemp("form") / "lang.md"
    path.write_text(FORM, encoding="utf-8")
    return load_form(path)


@pytest.mark.parametrize(("code", "name"), [
    ("fa", "Farsi (fa)"),
    ("fa_AF", "Dari (fa_AF)"),   # its own code, though Farsi comes first
    ("fa-AF", "Dari (fa_AF)"),   # the separator does not matter
    ("fa_IR", "Farsi (fa)"),     # no Iranian Farsi: the base language
    ("ro_RO", "Română (ro-RO)"),
    ("RO-ro", "Română (ro-RO)"),
    ("pl", "pl"),                # a form language that is a bare code
    ("ckb", None),
])
def test_form_language(form: Form, code: str, name: str | None) -> None:
    assert form_language(form, code) == name


def test_dari_interface_reads_the_dari_label(form: Form) -> None:
    assert question_label(form, "name", "fa_AF") == "نام (prs)"
    assert question_label(form, "name", "ckb") == "نام (fa)"  # the form's default
