from __future__ import annotations

import pytest

from fieldkit.interviews import UnknownRecord, form_languages
from fieldkit.store import Store

TEN = ("English (en)", "Polski (pl)", "Română (ro)", "کوردی (ckb)", "فارسی (fa)",
       "Soomaali (so)", "Български (bg)", "دری (prs)", "پښتو (ps)", "العربية (ar)")


def test_form_languages_are_the_forms_own(store: Store, household: int) -> None:
    found = form_languages(store, household)
    assert found.languages == TEN
    assert found.default == "English (en)"


def test_unknown_form_is_refused(store: Store, household: int) -> None:
    with pytest.raises(UnknownRecord):
        form_languages(store, household + 1000)
