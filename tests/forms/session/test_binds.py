"""Binds: relevant, required, constraint, calculate, default, readonly, trigger, preload."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fieldkit.forms import AnswerError, Form, FormSession

from .conftest import NOW

Make = Callable[..., FormSession]

RELEVANCE = """
| survey |
| | type | name | label | relevant |
| | integer | age | Age | |
| | begin group | work | Work | ${age} >= 16 |
| | text | job | Job | |
| | integer | hours | Hours | |
| | end group | | | |
| | text | why | Why? | ${job} = 'none' |
"""


def test_non_relevant_group_hides_and_omits_its_children(session_of: Make) -> None:
    session = session_of(RELEVANCE)
    assert not session.relevant("/data/work")
    assert not session.relevant("/data/work/job")
    changed = session.answer("/data/age", 30)
    assert {"/data/work", "/data/work/job", "/data/work/hours"} <= changed
    session.answer("/data/work/job", "none")
    assert session.relevant("/data/why")
    session.answer("/data/why", "retired")

    changed = session.answer("/data/age", 10)
    # The group and everything that read its fields follow.
    assert {"/data/work", "/data/work/job", "/data/why"} <= changed
    assert not session.relevant("/data/why")
    xml = session.to_xml()
    assert "<work>" not in xml and "<job>" not in xml and "<why>" not in xml
    assert "/data/work/job" not in session.to_dict()
    # Collect keeps the values while the form is open: they come back.
    assert session.value("/data/work/job") == "none"
    session.answer("/data/age", 40)
    assert "<job>none</job>" in session.to_xml()
    assert session.to_dict()["/data/why"] == "retired"


def test_non_relevant_values_read_as_empty_in_expressions(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | relevant | calculation |
| | integer | a | A | | |
| | integer | b | B | ${a} > 0 | |
| | calculate | c | | | concat('[', ${b}, ']') |
"""
    session = session_of(form)
    session.answer("/data/a", 1)
    session.answer("/data/b", 5)
    assert session.value("/data/c") == "[5]"
    session.answer("/data/a", 0)
    assert session.value("/data/c") == "[]"


def test_required_with_and_without_message(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | required | required_message |
| | text | a | A | yes | Please give A |
| | text | b | B | ${a} = 'x' | |
"""
    session = session_of(form)
    assert session.required("/data/a")
    assert not session.required("/data/b")
    problems = session.validate()
    assert [(p.path, p.kind, p.message) for p in problems] == [
        ("/data/a", "required", "Please give A")
    ]
    changed = session.answer("/data/a", "x")
    assert "/data/b" in changed and session.required("/data/b")
    [problem] = session.validate()
    assert problem.path == "/data/b" and problem.message == "This question requires an answer."
    assert problem.page == 1


def test_constraint_with_message_and_default(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | constraint | constraint_message |
| | integer | age | Age | . >= 0 and . < 120 | Age must be 0-119 |
| | integer | kids | Kids | . <= ${age} div 10 | |
"""
    session = session_of(form)
    assert session.validate() == []
    session.answer("/data/age", 130)
    assert session.constraint_message("/data/age") == "Age must be 0-119"
    session.answer("/data/kids", 2)
    assert session.constraint_message("/data/kids") is None
    changed = session.answer("/data/age", 10)
    assert "/data/kids" in changed  # its constraint reads age
    assert session.constraint_message("/data/kids") == "This answer is not allowed."
    kinds = [(p.path, p.kind) for p in session.validate()]
    assert kinds == [("/data/kids", "constraint")]
    session.clear("/data/kids")
    assert session.validate() == []


def test_calculate_chain_and_defaults(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | calculation | default |
| | integer | a | A | | 2 |
| | calculate | b | | ${a} * 10 | |
| | calculate | c | | ${b} + 1 | |
| | date | d | D | | today() |
| | text | e | E | | hello |
"""
    session = session_of(form)
    assert session.value("/data/a") == "2"
    assert session.value("/data/b") == "20"
    assert session.value("/data/c") == "21"
    assert session.value("/data/d") == NOW.date().isoformat()
    assert session.value("/data/e") == "hello"
    assert session.answer("/data/a", 3) == frozenset({"/data/a", "/data/b", "/data/c"})
    assert session.value("/data/c") == "31"


def test_readonly_expression(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | read_only |
| | text | a | A | |
| | text | b | B | ${a} = 'lock' |
"""
    session = session_of(form)
    assert not session.readonly("/data/b")
    assert "/data/b" in session.answer("/data/a", "lock")
    assert session.readonly("/data/b")


def test_trigger_recomputes_on_change_of_the_trigger_field(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | calculation | trigger |
| | integer | a | A | | |
| | integer | b | B | | |
| | integer | snap | Snap | ${a} * 2 | ${b} |
"""
    session = session_of(form)
    session.answer("/data/a", 5)
    assert session.value("/data/snap") == ""  # only b triggers it
    session.answer("/data/b", 1)
    assert session.value("/data/snap") == "10"
    session.answer("/data/a", 6)
    assert session.value("/data/snap") == "10"
    session.answer("/data/snap", 3)  # still an ordinary, editable question
    assert session.value("/data/snap") == "3"


def test_choice_filter_with_current_in_a_repeat(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | choice_filter |
| | begin repeat | p | P | |
| | select_one region | region | Region | |
| | select_one town | town | Town | region = ${region} |
| | end repeat | | | |

| choices |
| | list_name | name | label | region |
| | region | n | North | |
| | region | s | South | |
| | town | a | Aville | n |
| | town | b | Bton | s |
| | town | c | Cford | n |
"""
    session = session_of(form)
    session.add_repeat("/data/p")
    session.answer("/data/p[1]/region", "n")
    session.answer("/data/p[2]/region", "s")
    assert [c.value for c in session.choices("/data/p[1]/town")] == ["a", "c"]
    assert [(c.value, c.label) for c in session.choices("/data/p[2]/town")] == [("b", "Bton")]
    changed = session.answer("/data/p[2]/region", "n")
    assert "/data/p[2]/town" in changed and "/data/p[1]/town" not in changed


def test_or_other(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label |
| | select_one color or_other | fav | Favourite |

| choices |
| | list_name | name | label |
| | color | red | Red |
"""
    session = session_of(form)
    assert [c.value for c in session.choices("/data/fav")] == ["red", "other"]
    assert not session.relevant("/data/fav_other")
    session.answer("/data/fav", "other")
    assert session.relevant("/data/fav_other")
    session.answer("/data/fav_other", "teal")
    assert "<fav_other>teal</fav_other>" in session.to_xml()


def test_preloads(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label |
| | start | start | |
| | end | end | |
| | today | today | |
| | deviceid | deviceid | |
| | text | a | A |
"""
    session = session_of(form, device_id="laptop-7")
    assert session.value("/data/start") == "2024-05-17T10:30:00.000+01:00"
    assert session.value("/data/today") == "2024-05-17"
    assert session.value("/data/deviceid") == "laptop-7"
    assert session.value("/data/end") == ""
    instance_id = session.value("/data/meta/instanceID")
    assert instance_id.startswith("uuid:") and len(instance_id) == 41
    assert "<end>2024-05-17T10:30:00.000+01:00</end>" in session.to_xml(finalize=True)
    other = session_of(form)
    assert other.value("/data/meta/instanceID") != instance_id


def test_on_change_gets_every_changed_leaf(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | calculation |
| | integer | a | A | |
| | calculate | b | | ${a} + 1 |
| | begin repeat | r | R | |
| | text | x | X | |
| | end repeat | | | |
"""
    seen: list[dict[str, str | None]] = []
    session = session_of(form, on_change=lambda changes: seen.append(dict(changes)))
    assert seen == []
    session.answer("/data/a", 1)
    assert seen[-1] == {"/data/a": "1", "/data/b": "2"}
    session.answer("/data/r[1]/x", "one")
    session.add_repeat("/data/r")
    session.answer("/data/r[2]/x", "two")
    session.remove_repeat("/data/r", 1)
    assert seen[-1] == {"/data/r[1]/x": "two", "/data/r[2]/x": None}


def test_a_read_only_group_makes_its_questions_read_only(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | read_only |
| | text | lock | Lock? | |
| | begin group | g | G | ${lock} = 'yes' |
| | text | inner | Inner | |
| | end group | | | |
"""
    session = session_of(form)
    session.answer("/data/g/inner", "first")
    assert not session.readonly("/data/g/inner")
    changed = session.answer("/data/lock", "yes")
    assert "/data/g/inner" in changed
    assert session.readonly("/data/g/inner")
    with pytest.raises(AnswerError):
        session.answer("/data/g/inner", "second")
    with pytest.raises(AnswerError):
        session.clear("/data/g/inner")
    assert session.value("/data/g/inner") == "first"


CASCADE = """
| survey |
| | type | name | label | choice_filter | calculation |
| | select_one region | region | Region | | |
| | select_one town | town | Town | region = ${region} | |
| | select_multiple town | visited | Visited | region = ${region} | |
| | calculate | echo | | | concat('town:', ${town}) |

| choices |
| | list_name | name | label | region |
| | region | n | North | |
| | region | s | South | |
| | town | a | Aville | n |
| | town | b | Bton | s |
| | town | c | Cford | n |
| | town | d | Dham | |
"""


def test_a_filtered_out_choice_is_cleared_and_dependents_recompute(session_of: Make) -> None:
    session = session_of(CASCADE)
    session.answer("/data/region", "n")
    session.answer("/data/town", "c")
    session.answer("/data/visited", "a c")
    assert session.value("/data/echo") == "town:c"
    session.answer("/data/region", "n")  # unchanged filter: nothing is dropped
    assert session.value("/data/town") == "c"
    changed = session.answer("/data/region", "s")
    assert session.value("/data/town") == ""
    assert session.value("/data/visited") == ""
    assert session.value("/data/echo") == "town:"
    assert {"/data/town", "/data/visited", "/data/echo"} <= changed


def test_restoring_answers_never_drops_a_choice(load_md: Callable[..., Form]) -> None:
    form = load_md(CASCADE)
    # Stored answers may arrive in any order; loading must keep every one.
    session = FormSession.from_dict(form, {"/data/town": "c", "/data/region": "n",
                                           "/data/visited": "a"})
    assert session.value("/data/town") == "c"
    assert session.value("/data/visited") == "a"
