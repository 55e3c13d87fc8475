"""to_xml/from_xml and to_dict/from_dict round trips; the XML shape ODK expects."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from defusedxml.ElementTree import fromstring

from fieldkit.forms import Form, FormSession, SessionError

Make = Callable[..., FormSession]

FORM = """
| survey |
| | type | name | label | relevant | calculation |
| | text | a | A | | |
| | select_multiple c | many | Many | | |
| | begin group | g | G | ${a} != 'skip' | |
| | integer | b | B | | |
| | end group | | | | |
| | begin repeat | r | R | | |
| | text | x | X | | |
| | end repeat | | | | |
| | calculate | n | | | count(${r}) |

| choices |
| | list_name | name | label |
| | c | p | P |
| | c | q | Q |

| settings |
| | form_id | version |
| | hh_survey | 2024051701 |
"""


def _filled(session_of: Make) -> FormSession:
    session = session_of(FORM)
    session.answer("/data/a", "hello & <bye>")
    session.answer("/data/many", ["q", "p"])
    session.answer("/data/g/b", 4)
    session.answer("/data/r[1]/x", "one")
    session.add_repeat("/data/r")
    session.add_repeat("/data/r")
    session.answer("/data/r[3]/x", "three")
    return session


def test_xml_shape(session_of: Make) -> None:
    session = _filled(session_of)
    root = fromstring(session.to_xml())
    assert root.tag == "data"
    assert root.get("id") == "hh_survey" and root.get("version") == "2024051701"
    assert root.findtext("a") == "hello & <bye>"
    assert root.findtext("many") == "q p"
    assert [r.findtext("x") for r in root.findall("r")] == ["one", "", "three"]
    assert root.findtext("n") == "3"
    instance_id = root.findtext("meta/instanceID")
    assert instance_id is not None and instance_id.startswith("uuid:")
    assert 'xmlns:jr="http://openrosa.org/javarosa"' in session.to_xml()


def test_xml_round_trip(session_of: Make) -> None:
    session = _filled(session_of)
    xml = session.to_xml()
    again = FormSession.from_xml(session.form, xml)
    assert again.to_xml() == xml
    assert again.repeat_count("/data/r") == 3
    assert again.to_dict() == session.to_dict()


def test_dict_round_trip(session_of: Make) -> None:
    session = _filled(session_of)
    data = session.to_dict()
    assert data["/data/r[3]/x"] == "three" and "/data/r[2]/x" not in data
    again = FormSession.from_dict(session.form, data)
    assert again.to_dict() == data
    assert again.repeat_count("/data/r") == 3


def test_non_relevant_group_is_left_out_and_restored_empty(session_of: Make) -> None:
    session = _filled(session_of)
    session.answer("/data/a", "skip")
    xml = session.to_xml()
    assert "<g>" not in xml and "<b>" not in xml
    again = FormSession.from_xml(session.form, xml)
    assert again.value("/data/g/b") == ""
    again.answer("/data/a", "back")
    assert again.relevant("/data/g/b")


def test_bad_instances_are_refused(session_of: Make, load_md: Callable[..., Form]) -> None:
    form = _filled(session_of).form
    with pytest.raises(SessionError):
        FormSession.from_xml(form, "<data><a>")
    with pytest.raises(SessionError):
        FormSession.from_xml(form, "<other/>")
    with pytest.raises(SessionError):
        FormSession.from_xml(form, '<data id="another"/>')
    bomb = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><data>&a;</data>'
    with pytest.raises(SessionError):
        FormSession.from_xml(form, bomb)


def test_restored_bad_value_is_a_problem(session_of: Make) -> None:
    form = _filled(session_of).form
    session = FormSession.from_xml(form, '<data id="hh_survey"><g><b>four</b></g></data>')
    assert session.value("/data/g/b") == "four"
    kinds = {(p.path, p.kind) for p in session.validate()}
    assert ("/data/g/b", "type") in kinds
