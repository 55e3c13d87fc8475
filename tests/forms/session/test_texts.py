"""Languages, labels with outputs, choices with media, jr:choice-name."""

# ruff: noqa: E501 (markdown tables are as wide as the form)

from __future__ import annotations

from collections.abc import Callable

import pytest

from fieldkit.forms import FormSession, SessionError

Make = Callable[..., FormSession]

FORM = """
| survey |
| | type | name | label::English (en) | label::Polski (pl) | hint::English (en) | hint::Polski (pl) | media::image::English (en) | media::image::Polski (pl) | calculation |
| | text | name | Name? | Imię? | Full name | Pełne imię | name-en.png | name-pl.png | |
| | select_one yn | ok | Is ${name} ok? | Czy ${name} ok? | | | | | |
| | calculate | okname | | | | | | | jr:choice-name(${ok}, '${ok}') |

| choices |
| | list_name | name | label::English (en) | label::Polski (pl) | media::audio::English (en) | media::audio::Polski (pl) |
| | yn | yes | Yes | Tak | yes-en.mp3 | tak.mp3 |
| | yn | no | No | Nie | | |
"""


def test_languages_and_labels(session_of: Make) -> None:
    session = session_of(FORM)
    assert session.languages == ["English (en)", "Polski (pl)"]
    assert session.language == "English (en)"
    session.answer("/data/name", "Ola")
    assert session.label("/data/ok") == "Is Ola ok?"
    assert session.hint("/data/name") == "Full name"
    assert session.media("/data/name") == {"image": "jr://images/name-en.png"}
    assert session.choices("/data/ok")[0] == ("yes", "Yes", {"audio": "jr://audio/yes-en.mp3"})
    session.answer("/data/ok", "yes")
    session.set_language("Polski (pl)")
    assert session.value("/data/name") == "Ola"  # answers untouched
    assert session.label("/data/ok") == "Czy Ola ok?"
    assert session.hint("/data/name") == "Pełne imię"
    assert session.media("/data/name") == {"image": "jr://images/name-pl.png"}
    assert [(c.value, c.label) for c in session.choices("/data/ok")] == [
        ("yes", "Tak"),
        ("no", "Nie"),
    ]
    assert session.choices("/data/ok")[0].media == {"audio": "jr://audio/tak.mp3"}
    with pytest.raises(SessionError):
        session.set_language("Klingon")


def test_label_output_is_reported_as_changed(session_of: Make) -> None:
    session = session_of(FORM)
    assert "/data/ok" in session.answer("/data/name", "Ola")


def test_choice_name(session_of: Make) -> None:
    session = session_of(FORM, language="Polski (pl)")
    session.answer("/data/ok", "no")
    assert session.value("/data/okname") == "Nie"
