"""The tour's respondent language: a form language's name, or a code found by the
interface's rule (fieldkit.forms.language_names.form_language)."""

from __future__ import annotations

import pytest

from fieldkit.forms import SessionError
from fieldkit.gui.tour_data import tour_language

LANGUAGES = ["English (en)", "فارسی (fa)", "Dari (fa-AF)", "کوردی (ckb)", "default"]


@pytest.mark.parametrize(("wanted", "name"), [
    ("کوردی (ckb)", "کوردی (ckb)"),   # a name as the form spells it
    ("default", "default"),           # a name, though it has no code
    ("ckb", "کوردی (ckb)"),
    ("fa_AF", "Dari (fa-AF)"),        # the separator does not matter
    ("fa", "فارسی (fa)"),
    ("fa_IR", "فارسی (fa)"),          # no Iranian Farsi: the base language
])
def test_a_name_or_a_code(wanted: str, name: str) -> None:
    assert tour_language(LANGUAGES, wanted) == name


def test_a_language_the_form_lacks_names_those_it_has() -> None:
    with pytest.raises(SessionError) as raised:
        tour_language(LANGUAGES, "so")
    assert str(raised.value) == ("The form has no language 'so' (it has: English (en), "
                                 "فارسی (fa), Dari (fa-AF), کوردی (ckb), default).")
