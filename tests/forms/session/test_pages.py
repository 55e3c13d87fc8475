"""Pages and navigation as Collect shows them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fieldkit.forms import FormSession, SessionError

Make = Callable[..., FormSession]

FORM = """
| survey |
| | type | name | label | relevant | appearance | calculation |
| | text | a | A | | | |
| | begin group | fl | Both | | field-list | |
| | integer | b | B | | | |
| | text | c | C | ${b} > 1 | | |
| | end group | | | | | |
| | text | d | D | ${a} = 'show' | | |
| | calculate | e | | | | 1 |
| | begin repeat | r | R | | | |
| | text | x | X | | | |
| | end repeat | | | | | |
| | note | z | The end | | | |
"""


def test_pages_follow_field_lists_and_repeats(session_of: Make) -> None:
    session = session_of(FORM)
    session.add_repeat("/data/r")
    pages = session.pages()
    assert [p.path for p in pages] == [
        "/data/a", "/data/fl", "/data/d", "/data/r[1]/x", "/data/r[2]/x", "/data/z",
    ]  # fmt: skip
    field_list = pages[1]
    assert field_list.field_list and field_list.label == "Both"
    assert [q.path for q in field_list.questions] == ["/data/fl/b"]  # c is not relevant
    session.answer("/data/fl/b", 2)
    assert [q.name for q in session.pages()[1].questions] == ["b", "c"]
    assert not pages[2].relevant


def test_navigation_skips_non_relevant_pages(session_of: Make) -> None:
    session = session_of(FORM)
    page = session.current_page
    assert page is not None and page.path == "/data/a"
    assert session.previous_page() is None
    nxt = session.next_page()
    assert nxt is not None and nxt.path == "/data/fl"
    nxt = session.next_page()
    assert nxt is not None and nxt.path == "/data/r[1]/x"  # d is skipped
    session.jump_to("/data/a")
    session.answer("/data/a", "show")
    assert [session.next_page() for _ in range(2)][-1].path == "/data/d"  # type: ignore[union-attr]
    session.jump_to("/data/z")
    assert session.next_page() is None
    assert session.current_page is not None and session.current_page.path == "/data/z"
    jumped = session.jump_to("/data/fl/b")
    assert jumped.path == "/data/fl"
    with pytest.raises(SessionError):
        session.jump_to("/data/e")


def test_question_state_on_a_page(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | hint | required | constraint | constraint_message |
| | integer | n | Number | Between 1 and 5 | yes | . <= 5 | Too big |
"""
    session = session_of(form)
    session.answer("/data/n", 9)
    page = session.current_page
    assert page is not None
    [state] = page.questions
    assert (state.label, state.hint, state.value, state.required) == (
        "Number", "Between 1 and 5", "9", True,
    )  # fmt: skip
    assert state.constraint_message == "Too big"
    [problem] = session.validate()
    assert (problem.kind, problem.page, problem.message) == ("constraint", 0, "Too big")


def test_relevant_page_indexes_match_the_full_page_list(session_of: Make) -> None:
    session = session_of(FORM)
    session.add_repeat("/data/r")
    assert session.relevant_page_indexes() == [p.index for p in session.pages() if p.relevant]
    assert 2 not in session.relevant_page_indexes()  # d is not relevant yet
    session.answer("/data/a", "show")
    assert session.relevant_page_indexes() == [p.index for p in session.pages() if p.relevant]
    assert 2 in session.relevant_page_indexes()


def test_page_list_follows_every_structural_edit(session_of: Make) -> None:
    """Pages are cached between structural edits; adding and removing members must
    still show at once."""
    session = session_of(FORM)
    before = [p.path for p in session.pages()]
    session.add_repeat("/data/r")
    session.add_repeat("/data/r")
    grown = [p.path for p in session.pages()]
    assert len(grown) == len(before) + 2
    assert "/data/r[2]/x" in grown and "/data/r[3]/x" in grown
    session.remove_repeat("/data/r", 1)
    shrunk = [p.path for p in session.pages()]
    assert len(shrunk) == len(before) + 1
    assert "/data/r[3]/x" not in shrunk
    session.answer("/data/a", "show")  # a value change, not structural: relevance still live
    assert session.pages()[2].relevant


OTHER = """
| survey |
| | type | name | label |
| | select_one fruit or_other | fruit | Fruit |
| | begin repeat | kid | Kid |
| | select_multiple fruit or_other | likes | Likes |
| | end repeat | | |
| | text | extra | Extra |

| choices |
| | list_name | name | label |
| | fruit | apple | Apple |
"""


@pytest.mark.parametrize("rosters", [False, True])
def test_specify_other_shares_its_selects_page(session_of: Make, rosters: bool) -> None:
    session = session_of(OTHER)
    session.roster_pages = rosters
    session.add_repeat("/data/kid")
    first = session.current_page
    assert first is not None and first.path == "/data/fruit"
    assert not first.field_list and first.label == "Fruit"  # still one question's page
    assert [q.name for q in first.questions] == ["fruit"]
    session.answer("/data/fruit", "other")
    first = session.current_page
    assert first is not None
    assert [q.name for q in first.questions] == ["fruit", "fruit_other"]
    assert first.questions[1].label == "Specify other."
    session.answer("/data/fruit_other", "Mango")
    kid = session.jump_to("/data/kid[1]/likes")
    assert [q.name for q in kid.questions] == ["likes"]
    session.answer("/data/kid[1]/likes", ["apple", "other"])
    kid = session.jump_to("/data/kid[1]/likes")
    assert [q.path for q in kid.questions] == ["/data/kid[1]/likes",
                                              "/data/kid[1]/likes_other"]
    paths = [p.path for p in session.pages()]
    assert "/data/fruit_other" not in paths and "/data/extra" in paths  # its own page
