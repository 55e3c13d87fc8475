"""Which of a form's languages an export's --label-lang (or the tab's choice) means."""

from __future__ import annotations

import pytest

from fieldkit.exports.labels import language_key, pick_language
from fieldkit.exports.layout import ExportLayout

LANGUAGES = ("English (en)", "Polski (pl) ", "Dari (fa_AF)", "Arabic (AR)", "Name (x) (ro)",
             "Kurdish (Sorani)", "default")


def layout() -> ExportLayout:
    return ExportLayout(form_id="f", title="F", languages=LANGUAGES,
                        default_language="English (en)", tables=[], paths={}, multi={},
                        versions={})


@pytest.mark.parametrize(("wanted", "name"), [
    (None, "English (en)"),
    ("", "English (en)"),
    ("en", "English (en)"),
    ("English (en)", "English (en)"),
    ("pl", "Polski (pl) "),          # a space after the name does not hide the code
    ("fa_AF", "Dari (fa_AF)"),
    ("AR", "Arabic (AR)"),
    ("ro", "Name (x) (ro)"),
    ("Sorani", "Kurdish (Sorani)"),
    ("default", "default"),
    ("fa", None),
    ("ar", None),                    # codes are matched as the form writes them
    ("x", None),
])
def test_pick_language(wanted: str | None, name: str | None) -> None:
    assert pick_language(layout(), wanted) == name


def test_every_key_picks_its_language() -> None:
    """The Export tab offers language_key(name) and the export picks by it."""
    for name in LANGUAGES:
        assert pick_language(layout(), language_key(name)) == name
    assert [language_key(n) for n in LANGUAGES] == [
        "en", "pl", "fa_AF", "AR", "ro", "Sorani", "default"]
