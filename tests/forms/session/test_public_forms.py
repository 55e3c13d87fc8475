"""The shared public pyxform forms: opened, filled, validated and round-tripped."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fieldkit.forms import AnswerError, FormSession, load_form
from fieldkit.forms.session import QuestionState

from .conftest import DATA, NOW, fixed_clock

FORMS = [
    "calculate.xls",
    "or_other.xlsx",
    "choice_filter_test.xlsx",
    "cascading_select_test_equivalent.xls",
    "loop.xlsx",
    "repeat_date_test.xls",
    "field-list.xlsx",
    "table-list.xls",
    "widgets.xls",
]

CANDIDATES: dict[str, list[object]] = {
    "integer": [3, 1, 12],
    "decimal": [12.5, 1.5],
    "date": [(NOW + timedelta(days=1)).date(), NOW.date()],
    "time": ["09:30:00.000+01:00"],
    "dateTime": ["2024-05-17T09:30:00.000+01:00"],
    "geopoint": ["51.5 -0.12 10 5"],
    "acknowledge": [True],
}


def _answer(session: FormSession, state: QuestionState) -> None:
    if state.readonly or (state.value and state.constraint_message is None):
        return
    if state.choices:
        options: list[object] = [state.choices[0].value]
        if state.type == "select_multiple":
            options = [[c.value for c in state.choices[:1]]]
    else:
        options = CANDIDATES.get(state.type, [f"text for {state.name}"])
    for option in options:
        try:
            session.answer(state.path, option)
        except AnswerError:
            continue
        if session.constraint_message(state.path) is None:
            return
    session.clear(state.path)


def _fill(session: FormSession) -> None:
    page = session.current_page
    seen = 0
    while page is not None and seen < 500:
        for state in page.questions:
            _answer(session, state)
        page = session.next_page()
        seen += 1


@pytest.mark.parametrize("name", FORMS)
def test_public_form_fills_validates_and_round_trips(name: str) -> None:
    form = load_form(DATA / name)
    session = FormSession(form, clock=fixed_clock)
    assert session.pages()
    _fill(session)
    assert [p for p in session.validate() if p.kind != "required"] == []
    xml = session.to_xml()
    again = FormSession.from_xml(form, xml, clock=fixed_clock)
    assert again.to_xml() == xml
    assert again.to_dict() == session.to_dict()
    from_dict = FormSession.from_dict(form, session.to_dict(), clock=fixed_clock)
    assert from_dict.to_dict() == session.to_dict()
    for language in session.languages:
        session.set_language(language)
        assert len(session.pages()) == len(again.pages())


def test_cascading_select_calculations() -> None:
    form = load_form(DATA / "cascading_select_test_equivalent.xls")
    session = FormSession(form, clock=fixed_clock)
    root = "/cascading_select_test"
    session.answer(f"{root}/mylga_zone", "zone_1")
    assert session.relevant(f"{root}/mylga_state_in_zone_1")
    assert not session.relevant(f"{root}/mylga_state_in_zone_2")
    first = session.choices(f"{root}/mylga_state_in_zone_1")[0].value
    session.answer(f"{root}/mylga_state_in_zone_1", first)
    assert session.value(f"{root}/mylga_state") == first


def test_choice_filter_form() -> None:
    form = load_form(DATA / "choice_filter_test.xlsx")
    session = FormSession(form, clock=fixed_clock)
    assert session.choices("/data/county") == []
    state = session.choices("/data/state")[0].value
    session.answer("/data/state", state)
    counties = session.choices("/data/county")
    assert counties
    with pytest.raises(AnswerError):
        session.answer("/data/county", "not-a-county")


def test_calculate_form() -> None:
    session = FormSession(load_form(DATA / "calculate.xls"), clock=fixed_clock)
    assert session.value("/data/calculate_test") == "4"
    assert session.value("/data/calculate_test_2") == "success"
