"""Question and choice labels of the attendee/session forms in the form language for an
interface language code (the rule itself: tests/forms/test_language_names.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.attendance.labels import choice_labels, question_label
from fieldkit.forms import Form, load_form

FORM = """
| survey |
| | type | name | label::Farsi (fa) | label::Dari (fa_AF) | label::Română (ro-RO) | label::pl |
| | text | name | نام (fa) | نام (prs) | Nume | Imię |
| | select_one yn | ok | خوب (fa) | خوب (prs) | Bine | Dobrze |
| choices |
| | list_name | name | label::Farsi (fa) | label::Dari (fa_AF) | label::Română (ro-RO) | label::pl |
| | yn | yes | بله (fa) | بلی (prs) | Da | Tak |
| settings |
| | form_id | default_language |
| | lang | Farsi (fa) |
"""


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Form:
    path: Path = tmp_path_factory.mktemp("form") / "lang.md"
    path.write_text(FORM, encoding="utf-8")
    return load_form(path)


@pytest.mark.parametrize(("code", "label"), [
    ("fa", "نام (fa)"),
    ("fa_AF", "نام (prs)"),   # Dari's own label, though Farsi comes first in the form
    ("fa-AF", "نام (prs)"),
    ("fa_IR", "نام (fa)"),    # no Iranian Farsi: the base language
    ("RO-ro", "Nume"),
    ("pl", "Imię"),           # a form language that is a bare code
    ("ckb", "نام (fa)"),      # not in the form: its default language
])
def test_question_label_in_the_interface_language(form: Form, code: str, label: str) -> None:
    assert question_label(form, "name", code) == label


def test_dari_interface_reads_dari_choices(form: Form) -> None:
    assert choice_labels(form, "ok", "fa_AF") == {"yes": "بلی (prs)"}
    assert choice_labels(form, "ok", "ckb") == {"yes": "بله (fa)"}
