"""The form runtime behaves as JavaRosa does where it matters to real forms
(F14 item 3): conditions written as paths, setvalue, editable calculates,
read-only defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.forms import FormSession, load_form
from fieldkit.forms.session import AnswerError

HEAD = """<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
 xmlns:jr="http://openrosa.org/javarosa" xmlns:odk="http://www.opendatakit.org/xforms">
<h:head><h:title>T</h:title><model>"""


def _session(tmp_path: Path, model: str, body: str) -> FormSession:
    path = tmp_path / "form.xml"
    path.write_text(f"{HEAD}{model}</model></h:head><h:body>{body}</h:body></h:html>", "utf-8")
    return FormSession(load_form(path))


def test_a_path_used_as_a_condition_is_read_as_its_value(tmp_path: Path) -> None:
    session = _session(
        tmp_path,
        """<instance><data id="t"><flag/><n/><q/><g><inner/></g></data></instance>
        <bind nodeset="/data/flag" type="string"/>
        <bind nodeset="/data/n" type="int"/>
        <bind nodeset="/data/q" type="string" relevant="/data/flag" required="/data/n"/>
        <bind nodeset="/data/g" relevant="/data/n"/>
        <bind nodeset="/data/g/inner" type="string"/>""",
        """<input ref="/data/flag"><label>F</label></input>
        <input ref="/data/n"><label>N</label></input>
        <input ref="/data/q"><label>Q</label></input>
        <group ref="/data/g"><input ref="/data/g/inner"><label>I</label></input></group>""",
    )
    # The node exists, but empty: XPath's boolean() would say true, JavaRosa false.
    assert not session.relevant("/data/q")
    session.answer("/data/flag", "x")
    assert session.relevant("/data/q")
    assert not session.required("/data/q")
    session.answer("/data/n", 0)  # an int 0 is false, as a number
    assert not session.required("/data/q")
    assert not session.relevant("/data/g/inner")  # inherited from the group
    session.answer("/data/n", 2)
    assert session.required("/data/q")
    assert session.relevant("/data/g/inner")


def test_setvalue_text_is_a_literal_and_a_predicate_picks_its_target(tmp_path: Path) -> None:
    session = _session(
        tmp_path,
        """<instance><data id="t"><a/><b/><rep jr:template=""><x/></rep><rep><x/></rep>
        <rep><x/></rep></data></instance>
        <bind nodeset="/data/a" type="string"/><bind nodeset="/data/b" type="string"/>
        <bind nodeset="/data/rep/x" type="string"/>
        <setvalue event="odk-instance-first-load" ref="/data/a">/data/b</setvalue>
        <setvalue event="odk-instance-first-load" ref="/data/rep[2]/x" value="'second'"/>""",
        """<input ref="/data/a"><label>A</label></input>
        <repeat nodeset="/data/rep"><input ref="/data/rep/x"><label>X</label></input></repeat>""",
    )
    assert session.value("/data/a") == "/data/b"
    assert session.value("/data/rep[1]/x") == ""
    assert session.value("/data/rep[2]/x") == "second"


def test_a_visible_calculated_question_can_be_edited_unless_read_only(tmp_path: Path) -> None:
    session = _session(
        tmp_path,
        """<instance><data id="t"><n/><twice/><fixed/><hidden/></data></instance>
        <bind nodeset="/data/n" type="int"/>
        <bind nodeset="/data/twice" type="int" calculate="/data/n * 2"/>
        <bind nodeset="/data/fixed" type="int" calculate="/data/n * 3" readonly="true()"/>
        <bind nodeset="/data/hidden" type="int" calculate="/data/n * 4"/>""",
        """<input ref="/data/n"><label>N</label></input>
        <input ref="/data/twice"><label>Twice</label></input>
        <input ref="/data/fixed"><label>Fixed</label></input>""",
    )
    session.answer("/data/n", 2)
    assert session.value("/data/twice") == "4"
    session.answer("/data/twice", 5)  # the interviewer corrects the default
    assert session.value("/data/twice") == "5"
    session.answer("/data/n", 3)  # a change of what it reads calculates it again
    assert session.value("/data/twice") == "6"
    with pytest.raises(AnswerError):
        session.answer("/data/fixed", 1)
    with pytest.raises(AnswerError):
        session.answer("/data/hidden", 1)  # a calculate field is no question


def test_a_read_only_note_with_a_date_time_default_blocks_nothing(tmp_path: Path) -> None:
    session = _session(
        tmp_path,
        """<instance><data id="t"><when>2024-05-17 10:30</when></data></instance>
        <bind nodeset="/data/when" type="dateTime" readonly="true()"/>""",
        """<input ref="/data/when"><label>Started at</label></input>""",
    )
    assert session.validate() == []


def test_same_name_siblings_outside_a_repeat_keep_their_count(tmp_path: Path) -> None:
    session = _session(
        tmp_path,
        """<instance><data id="t"><node>a</node><node>b</node><node>c</node><n/>
        <g><x>1</x></g><g><x>2</x></g></data></instance>
        <bind nodeset="/data/n" type="int"
         calculate="count(/data/node) * 10 + count(/data/g) + sum(/data/g/x)"/>""",
        """<input ref="/data/n"><label>N</label></input>""",
    )
    assert session.value("/data/n") == "35"  # 3 nodes, 2 groups, 1 + 2
    xml = session.to_xml()
    assert "<node>a</node><node>b</node><node>c</node>" in xml
    again = FormSession.from_xml(session.form, xml)
    assert again.value("/data/node[3]") == "c"


def test_version_and_itext_in_expressions(tmp_path: Path) -> None:
    session = _session(
        tmp_path,
        """<itext><translation lang="English" default="true()"><text id="greet">
        <value>Hello</value></text></translation><translation lang="French"><text id="greet">
        <value>Bonjour</value></text></translation></itext>
        <instance><data id="t" version="2024-05"><v/><g/><n/></data></instance>
        <bind nodeset="/data/v" type="string" calculate="version()"/>
        <bind nodeset="/data/g" type="string" calculate="jr:itext('greet')"/>
        <bind nodeset="/data/n" type="string"/>""",
        """<input ref="/data/n"><label>N</label></input>""",
    )
    assert session.value("/data/v") == "2024-05"
    assert session.value("/data/g") == "Hello"


def test_paths_inside_and_or_not_are_read_as_values(tmp_path: Path) -> None:
    session = _session(
        tmp_path,
        """<instance><data id="t"><a/><b/><q/></data></instance>
        <bind nodeset="/data/a" type="string"/><bind nodeset="/data/b" type="int"/>
        <bind nodeset="/data/q" type="string" relevant="/data/a and not(/data/b)"/>""",
        """<input ref="/data/a"><label>A</label></input>
        <input ref="/data/b"><label>B</label></input>
        <input ref="/data/q"><label>Q</label></input>""",
    )
    assert not session.relevant("/data/q")  # a is empty
    session.answer("/data/a", "x")
    assert session.relevant("/data/q")  # b is empty: not(b) holds
    session.answer("/data/b", 0)
    assert session.relevant("/data/q")  # 0 is false as a number
    session.answer("/data/b", 3)
    assert not session.relevant("/data/q")


def test_the_condition_of_if_and_logic_inside_calculations_read_values(
        tmp_path: Path) -> None:
    """JavaRosa reads a single node as its value wherever a boolean is taken, in
    calculations too: if(${flag}, ...) is false while flag is empty."""
    session = _session(
        tmp_path,
        """<instance><data id="t"><flag/><n/><c/><d/><e/></data></instance>
        <bind nodeset="/data/flag" type="string"/><bind nodeset="/data/n" type="int"/>
        <bind nodeset="/data/c" type="string" calculate="if(/data/flag, 'yes', 'no')"/>
        <bind nodeset="/data/d" type="string"
         calculate="concat(if(/data/n and true(), 'y', 'n'), /data/n)"/>
        <bind nodeset="/data/e" type="string" calculate="if(not(/data/n), 'none', /data/n)"/>""",
        """<input ref="/data/flag"><label>F</label></input>
        <input ref="/data/n"><label>N</label></input>""",
    )
    # The nodes exist, but are empty: XPath 1.0's boolean() would say true.
    assert [session.value(f"/data/{x}") for x in "cde"] == ["no", "n", "none"]
    session.answer("/data/flag", "x")
    session.answer("/data/n", 0)  # 0 is false as a number
    assert [session.value(f"/data/{x}") for x in "cde"] == ["yes", "n0", "none"]
    session.answer("/data/n", 4)
    assert [session.value(f"/data/{x}") for x in "cde"] == ["yes", "y4", "4"]


FAILING = "decimal-date-time('-1000')"  # an error in JavaRosa and in fieldkit


def test_an_expression_that_fails_leaves_its_field_as_it_was(tmp_path: Path) -> None:
    """README, differences: a calculate, relevance, constraint or repeat count whose
    evaluation fails leaves the field as it was and blocks finalising."""
    session = _session(
        tmp_path,
        f"""<instance><data id="t"><n/><c/><q/><cnt/>
        <rep jr:template=""><x/></rep></data></instance>
        <bind nodeset="/data/n" type="int"/>
        <bind nodeset="/data/c" type="int" calculate="if(/data/n > 5, {FAILING}, /data/n * 2)"/>
        <bind nodeset="/data/q" type="string" relevant="if(/data/n > 5, {FAILING}, /data/n > 1)"
         constraint="if(/data/n > 7, {FAILING}, . != 'bad')"/>
        <bind nodeset="/data/cnt" type="int" calculate="if(/data/n > 5, {FAILING}, /data/n)"/>
        <bind nodeset="/data/rep/x" type="string"/>""",
        """<input ref="/data/n"><label>N</label></input>
        <input ref="/data/q"><label>Q</label></input>
        <repeat nodeset="/data/rep" jr:count="if(/data/n > 5, 'x' + """ + FAILING
        + """, /data/n)"><input ref="/data/rep/x"><label>X</label></input></repeat>""",
    )
    session.answer("/data/n", 2)
    session.answer("/data/q", "kept")
    session.answer("/data/rep[2]/x", "also kept")
    assert (session.value("/data/c"), session.relevant("/data/q")) == ("4", True)
    assert session.repeat_count("/data/rep") == 2 and session.validate() == []
    session.answer("/data/n", 8)  # every expression fails now
    assert session.value("/data/c") == "4"  # not cleared
    assert session.relevant("/data/q") and session.value("/data/q") == "kept"
    assert session.repeat_count("/data/rep") == 2  # no instance removed
    assert session.value("/data/rep[2]/x") == "also kept"
    problems = session.validate()
    # The count's failure is named at its repeat: it blocks finalising too.
    assert {p.path for p in problems} == {"/data/c", "/data/q", "/data/cnt", "/data/rep"}
    assert all(p.kind == "expression" for p in problems)
    assert all(p.message.startswith("The form's expression for this field failed: ")
               for p in problems)
    session.answer("/data/n", 3)  # the form's expressions work again
    assert session.value("/data/c") == "6" and session.repeat_count("/data/rep") == 3
    assert session.validate() == []
