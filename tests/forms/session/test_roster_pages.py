"""Roster pages: each repeat collection as one page, instances entered by jumping."""

from __future__ import annotations

from collections.abc import Callable

from fieldkit.forms import FormSession

Make = Callable[..., FormSession]

FORM = """
| survey |
| | type | name | label | relevant | repeat_count |
| | text | a | A | | |
| | begin repeat | m | Person | | |
| | text | name | Name | | |
| | integer | age | Age | | |
| | begin repeat | job | Job | | |
| | text | title | Title | | |
| | end repeat | | | | |
| | end repeat | | | | |
| | integer | n | How many? | | |
| | begin repeat | fixed | Fixed | | ${n} |
| | text | f | F | | |
| | end repeat | | | | |
| | note | z | The end | | |
"""


def paths(session: FormSession) -> list[str]:
    return [p.path for p in session.pages()]


def test_roster_pages_come_before_each_collection(session_of: Make) -> None:
    session = session_of(FORM)
    session.roster_pages = True
    session.add_repeat("/data/m")
    assert paths(session) == [
        "/data/a", "/data/m", "/data/m[1]/name", "/data/m[1]/age", "/data/m[1]/job",
        "/data/m[1]/job[1]/title", "/data/m[2]/name", "/data/m[2]/age", "/data/m[2]/job",
        "/data/n", "/data/fixed", "/data/z",
    ]  # fmt: skip
    roster = session.pages()[1]
    assert roster.roster == "/data/m" and roster.label == "Person" and not roster.questions
    assert session.pages()[0].roster is None


def test_next_never_walks_into_an_instance(session_of: Make) -> None:
    session = session_of(FORM)
    session.roster_pages = True
    assert session.next_page().path == "/data/m"  # type: ignore[union-attr]
    assert session.next_page().path == "/data/n"  # type: ignore[union-attr]
    assert session.previous_page().path == "/data/m"  # type: ignore[union-attr]
    reachable = [session.pages()[i].path for i in session.reachable_page_indexes()]
    assert reachable == ["/data/a", "/data/m", "/data/n", "/data/fixed", "/data/z"]


def test_leaving_an_instance_goes_back_to_its_roster(session_of: Make) -> None:
    session = session_of(FORM)
    session.roster_pages = True
    session.add_repeat("/data/m")
    session.jump_to("/data/m[2]")
    assert session.current_page.path == "/data/m[2]/name"  # type: ignore[union-attr]
    assert session.next_page().path == "/data/m[2]/age"  # type: ignore[union-attr]
    assert session.next_page().path == "/data/m[2]/job"  # nested roster  # type: ignore[union-attr]
    assert session.next_page().path == "/data/m"  # type: ignore[union-attr]
    session.jump_to("/data/m[1]/job[1]/title")
    assert session.next_page().path == "/data/m[1]/job"  # type: ignore[union-attr]
    session.jump_to("/data/m[1]/name")
    reachable = [session.pages()[i].path for i in session.reachable_page_indexes()]
    assert "/data/m[2]/name" not in reachable and "/data/a" in reachable
    assert "/data/m[1]/age" in reachable
    assert session.previous_page().path == "/data/m"  # type: ignore[union-attr]


def test_an_empty_roster_is_still_a_page(session_of: Make) -> None:
    session = session_of(FORM)
    session.roster_pages = True
    session.remove_repeat("/data/m", 1)
    assert "/data/m" in paths(session)
    session.answer("/data/n", 2)
    assert "/data/fixed[2]/f" in paths(session)


def test_switching_keeps_the_page(session_of: Make) -> None:
    session = session_of(FORM)
    session.jump_to("/data/m[1]/age")
    session.roster_pages = True
    assert session.current_page.path == "/data/m[1]/age"  # type: ignore[union-attr]
    session.roster_pages = False
    assert session.current_page.path == "/data/m[1]/age"  # type: ignore[union-attr]


GATED = """
| survey |
| | type | name | label | relevant |
| | select_one yn | others | Anyone else living here? | |
| | begin group | hh | Household | |
| | begin repeat | member | Person | ${others} = 'yes' |
| | text | name | Name | |
| | end repeat | | | |
| | begin repeat | pet | Pet | ../../others = 'yes' |
| | text | kind | Kind | |
| | end repeat | | | |
| | end group | | | |
| | note | end | The end | |

| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
"""


def test_an_empty_roster_follows_its_repeats_relevance(session_of: Make) -> None:
    """With no rows, a roster is offered only where its repeat is relevant (an
    absolute and a relative ``relevant``); a roster with rows follows them."""
    session = session_of(GATED)
    session.roster_pages = True
    session.remove_repeat("/data/hh/member", 1)
    session.remove_repeat("/data/hh/pet", 1)

    def shown() -> list[str]:
        return [session.pages()[i].path for i in session.reachable_page_indexes()]

    assert shown() == ["/data/others", "/data/end"]  # unanswered: left out
    session.answer("/data/others", "yes")
    assert shown() == ["/data/others", "/data/hh/member", "/data/hh/pet", "/data/end"]
    assert session.relevant_page_indexes() == session.reachable_page_indexes()
    session.answer("/data/others", "no")
    assert shown() == ["/data/others", "/data/end"]
    assert session.next_page().path == "/data/end"  # type: ignore[union-attr]
