"""Repeats: add/remove/reindex, jr:count, noAddRemove, nested repeats, a household roster."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fieldkit.forms import FormSession, SessionError

Make = Callable[..., FormSession]

ROSTER = """
| survey |
| | type | name | label | calculation | relevant | constraint | required |
| | begin repeat | member | Member | | | | |
| | text | name | Name | | | | yes |
| | integer | age | Age | | | . >= 0 and . < 120 | yes |
| | select_one sex | sex | Sex | | | | yes |
| | select_one rel | relationship | Relationship to ${name} | | position(..) > 1 | | yes |
| | calculate | pos | | position(..) | | | |
| | end repeat | | | | | | |
| | calculate | total_age | | sum(${age}) | | | |
| | calculate | members | | count(${member}) | | | |
| | calculate | adults | | count(${member}[age >= 18]) | | | |

| choices |
| | list_name | name | label |
| | sex | f | Female |
| | sex | m | Male |
| | rel | head | Head |
| | rel | spouse | Spouse |
| | rel | child | Child |
"""


def _fill(session: FormSession, people: list[tuple[str, int, str, str]]) -> None:
    for i, (name, age, sex, rel) in enumerate(people, 1):
        if session.repeat_count("/data/member") < i:
            session.add_repeat("/data/member")
        base = f"/data/member[{i}]"
        session.answer(f"{base}/name", name)
        session.answer(f"{base}/age", age)
        session.answer(f"{base}/sex", sex)
        if i > 1:
            session.answer(f"{base}/relationship", rel)


def test_household_roster(session_of: Make) -> None:
    session = session_of(ROSTER)
    assert session.repeat_count("/data/member") == 1  # pyxform's first instance
    _fill(session, [("Ana", 41, "f", ""), ("Bo", 43, "m", "spouse"), ("Cy", 9, "m", "child")])
    assert session.value("/data/total_age") == "93"
    assert session.value("/data/members") == "3"
    assert session.value("/data/adults") == "2"
    assert not session.relevant("/data/member[1]/relationship")
    assert session.relevant("/data/member[2]/relationship")
    assert session.label("/data/member[3]/relationship") == "Relationship to Cy"
    assert session.validate() == []
    assert [session.value(f"/data/member[{i}]/pos") for i in (1, 2, 3)] == ["1", "2", "3"]


def test_remove_shifts_later_instances_and_recomputes(session_of: Make) -> None:
    session = session_of(ROSTER)
    _fill(session, [("Ana", 41, "f", ""), ("Bo", 43, "m", "spouse"), ("Cy", 9, "m", "child")])
    changed = session.remove_repeat("/data/member", 1)
    assert {"/data/total_age", "/data/members", "/data/adults"} <= changed
    assert session.repeat_count("/data/member") == 2
    assert session.value("/data/member[1]/name") == "Bo"
    assert session.value("/data/member[1]/pos") == "1"
    assert session.value("/data/member[2]/pos") == "2"
    assert not session.relevant("/data/member[1]/relationship")  # position() is 1 now
    assert session.value("/data/total_age") == "52"
    assert session.value("/data/members") == "2"
    assert session.value("/data/adults") == "1"
    with pytest.raises(SessionError):
        session.value("/data/member[3]/name")
    with pytest.raises(SessionError):
        session.value("/data/member/name")  # two instances: an index is needed


def test_insert_in_the_middle(session_of: Make) -> None:
    session = session_of(ROSTER)
    _fill(session, [("Ana", 41, "f", ""), ("Cy", 9, "m", "child")])
    path = session.add_repeat("/data/member", 2)
    assert path == "/data/member[2]"
    session.answer("/data/member[2]/name", "Bo")
    session.answer("/data/member[2]/age", 43)
    assert [session.value(f"/data/member[{i}]/name") for i in (1, 2, 3)] == ["Ana", "Bo", "Cy"]
    assert [session.value(f"/data/member[{i}]/pos") for i in (1, 2, 3)] == ["1", "2", "3"]
    assert session.value("/data/total_age") == "93"
    assert session.value("/data/members") == "3"
    with pytest.raises(SessionError):
        session.add_repeat("/data/member", 9)


def test_sum_sees_non_relevant_values_as_blank(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | calculation | relevant |
| | begin repeat | r | R | | |
| | integer | x | X | | |
| | integer | y | Y | | ${x} > 0 |
| | end repeat | | | | |
| | calculate | s | | sum(${y}) | |
"""
    session = session_of(form)
    session.answer("/data/r[1]/x", 1)
    session.answer("/data/r[1]/y", 5)
    session.add_repeat("/data/r")
    session.answer("/data/r[2]/x", 1)
    session.answer("/data/r[2]/y", 7)
    assert session.value("/data/s") == "12"
    session.answer("/data/r[2]/x", 0)
    # A non-relevant y reads as "" and, as in JavaRosa, sum() of a blank is NaN.
    assert session.value("/data/s") == "NaN"
    session.answer("/data/r[2]/x", 2)
    assert session.value("/data/s") == "12"


def test_jr_count_follows_the_expression(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | repeat_count | calculation |
| | integer | n | How many? | | |
| | begin repeat | child | Child | ${n} | |
| | text | cname | Name | | |
| | end repeat | | | | |
| | calculate | c | | | count(${child}) |
"""
    session = session_of(form)
    assert session.repeat_count("/data/child") == 0
    session.answer("/data/n", 3)
    assert session.repeat_count("/data/child") == 3
    assert session.value("/data/c") == "3"
    session.answer("/data/child[3]/cname", "Zed")
    session.answer("/data/n", 2)
    assert session.repeat_count("/data/child") == 2
    assert session.value("/data/c") == "2"
    with pytest.raises(SessionError):
        session.add_repeat("/data/child")
    with pytest.raises(SessionError):
        session.remove_repeat("/data/child", 1)
    session.clear("/data/n")
    assert session.repeat_count("/data/child") == 0


def test_nested_repeat_count_reads_its_own_household(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | repeat_count | calculation |
| | begin repeat | hh | Household | | |
| | integer | n | Kids | | |
| | text | family | Family | | |
| | begin repeat | kid | Kid | ${n} | |
| | calculate | fam | | | ${family} |
| | end repeat | | | | |
| | end repeat | | | | |
"""
    session = session_of(form)
    session.add_repeat("/data/hh")
    session.answer("/data/hh[1]/family", "Ng")
    session.answer("/data/hh[1]/n", 2)
    session.answer("/data/hh[2]/n", 1)
    assert session.repeat_count("/data/hh[1]/kid") == 2
    assert session.repeat_count("/data/hh[2]/kid") == 1
    assert session.value("/data/hh[1]/kid[2]/fam") == "Ng"
    assert session.value("/data/hh[2]/kid[1]/fam") == ""
    changed = session.answer("/data/hh[2]/family", "Ode")
    assert "/data/hh[2]/kid[1]/fam" in changed
    assert not any(p.startswith("/data/hh[1]") for p in changed)


def test_no_add_remove(load_md: Callable[..., object], tmp_path: object) -> None:
    from pathlib import Path

    from fieldkit.forms import load_form

    xform = (
        '<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"'
        ' xmlns:jr="http://openrosa.org/javarosa"><h:head><h:title>t</h:title><model>'
        '<instance><data id="t"><r jr:template=""><x/></r><r><x/></r>'
        "<meta><instanceID/></meta></data></instance>"
        '<bind nodeset="/data/r/x" type="string"/></model></h:head>'
        '<h:body><repeat nodeset="/data/r" jr:noAddRemove="true()">'
        '<input ref="/data/r/x"><label>X</label></input></repeat></h:body></h:html>'
    )
    path = Path(str(tmp_path)) / "t.xml"
    path.write_text(xform, encoding="utf-8")
    session = FormSession(load_form(path))
    assert session.repeat_count("/data/r") == 1
    session.answer("/data/r/x", "only one")  # one instance: no index needed
    with pytest.raises(SessionError):
        session.add_repeat("/data/r")


def test_new_repeat_default(session_of: Make) -> None:
    form = """
| survey |
| | type | name | label | default |
| | begin repeat | r | R | |
| | integer | x | X | 7 |
| | text | y | Y | concat('n', position(..)) |
| | end repeat | | | |
"""
    session = session_of(form)
    session.add_repeat("/data/r")
    assert session.value("/data/r[2]/x") == "7"
    assert session.value("/data/r[1]/y") == "n1"
    assert session.value("/data/r[2]/y") == "n2"
