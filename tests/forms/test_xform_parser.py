"""A hand-written ODK XForm in two languages, one right-to-left, read into the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.forms import FormError, check_form, load_form, parse_xform
from fieldkit.forms.model import Form, Group, OutputRef, Question, Repeat, iter_body

EN = "English (en)"
CKB = "کوردی (ckb)"

XFORM = f"""<?xml version="1.0" encoding="UTF-8"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
        xmlns:jr="http://openrosa.org/javarosa" xmlns:odk="http://www.opendatakit.org/xforms"
        xmlns:orx="http://openrosa.org/xforms">
  <h:head>
    <h:title>Household survey</h:title>
    <model odk:xforms-version="1.0.0">
      <itext>
        <translation lang="{EN}">
          <text id="name-label"><value>Your name?</value></text>
          <text id="age-label">
            <value>How old is <output value=" /hh/name "/>?</value>
            <value form="guidance">Ask for the age in years.</value>
            <value form="image">jr://images/age.png</value>
          </text>
          <text id="age-msg"><value>Too old</value></text>
          <text id="member-label"><value>Member</value></text>
          <text id="yes"><value>Yes</value></text>
          <text id="no"><value>No</value></text>
        </translation>
        <translation lang="{CKB}" default="true()">
          <text id="name-label"><value>ناوت چییە؟</value></text>
          <text id="age-label"><value>تەمەنی <output value=" /hh/name "/> چەندە؟</value></text>
          <text id="age-msg"><value>زۆر پیرە</value></text>
          <text id="yes"><value>بەڵێ</value></text>
          <text id="no"><value>نەخێر</value></text>
        </translation>
      </itext>
      <instance>
        <hh id="household" version="2024-05" orx:version="x">
          <name/>
          <age>30</age>
          <details>
            <count/>
            <member jr:template="">
              <member_name/>
              <ok/>
            </member>
          </details>
          <city/>
          <score>5</score>
          <ranks/>
          <seen/>
          <photo/>
          <total/>
          <meta><instanceID/></meta>
        </hh>
      </instance>
      <instance id="cities">
        <root>
          <item><name>erbil</name><label>Erbil</label><region>krg</region></item>
          <item><name>london</name><label>London</label><region>uk</region></item>
        </root>
      </instance>
      <bind nodeset="/hh/name" type="string" required="true()" jr:requiredMsg="Needed"/>
      <bind nodeset="/hh/age" type="int" constraint=". &lt; 120"
            jr:constraintMsg="jr:itext('age-msg')"/>
      <bind nodeset="/hh/details" relevant="/hh/age &gt; 17"/>
      <bind nodeset="/hh/details/count" type="int"/>
      <bind nodeset="/hh/details/member/member_name" type="string"/>
      <bind nodeset="/hh/details/member/ok" type="string"/>
      <bind nodeset="/hh/city" type="string"/>
      <bind nodeset="/hh/score" type="int"/>
      <bind nodeset="/hh/ranks" type="odk:rank"/>
      <bind nodeset="/hh/photo" type="binary"/>
      <bind nodeset="/hh/total" type="int" calculate="/hh/details/count * 2"/>
      <bind nodeset="/hh/meta/instanceID" type="string" readonly="true()" jr:preload="uid"/>
      <setvalue event="odk-instance-first-load" ref="/hh/city" value="'erbil'"/>
    </model>
  </h:head>
  <h:body>
    <input ref="/hh/name"><label ref="jr:itext('name-label')"/></input>
    <input ref="/hh/age">
      <label ref="jr:itext('age-label')"/>
      <hint>Years</hint>
    </input>
    <group ref="/hh/details" appearance="field-list">
      <label>Details</label>
      <input ref="count"><label>How many?</label></input>
      <group ref="/hh/details/member">
        <label ref="jr:itext('member-label')"/>
        <repeat nodeset="/hh/details/member" jr:count=" /hh/details/count "
                jr:noAddRemove="true()">
          <input ref="member_name"><label>Name</label></input>
          <select1 ref="ok" appearance="minimal">
            <label>OK?</label>
            <item><label ref="jr:itext('yes')"/><value>1</value></item>
            <item><label ref="jr:itext('no')"/><value>0</value></item>
          </select1>
        </repeat>
      </group>
    </group>
    <select1 ref="/hh/city">
      <label>City</label>
      <itemset nodeset="instance('cities')/root/item[region != 'x']">
        <value ref="name"/><label ref="label"/>
      </itemset>
    </select1>
    <range ref="/hh/score" start="1" end="10" step="1"><label>Score</label></range>
    <odk:rank ref="/hh/ranks">
      <label>Rank</label>
      <itemset nodeset="instance('cities')/root/item">
        <value ref="name"/><label ref="label"/>
      </itemset>
    </odk:rank>
    <trigger ref="/hh/seen"><label>Seen</label></trigger>
    <upload ref="/hh/photo" mediatype="image/*"><label>Photo</label></upload>
  </h:body>
</h:html>
"""


@pytest.fixture
def form() -> Form:
    return parse_xform(XFORM)


def test_head(form: Form) -> None:
    assert form.form_id == "household"
    assert form.version == "2024-05"
    assert form.title == "Household survey"
    assert form.root_name == "hh"
    assert form.languages == [EN, CKB]
    assert form.default_language == CKB  # marked default="true()"
    assert form.root_attributes["orx:version"] == "x"


def test_leaves_and_types(form: Form) -> None:
    assert form.leaf_paths == (
        "/hh/name",
        "/hh/age",
        "/hh/details/count",
        "/hh/details/member/member_name",
        "/hh/details/member/ok",
        "/hh/city",
        "/hh/score",
        "/hh/ranks",
        "/hh/seen",
        "/hh/photo",
        "/hh/total",
    )
    types = {q.name: q.type for q in form.questions.values()}
    assert types == {
        "name": "text",
        "age": "integer",
        "count": "integer",
        "member_name": "text",
        "ok": "select_one",
        "city": "select_one",
        "score": "range",
        "ranks": "rank",
        "seen": "acknowledge",
        "photo": "image",
        "total": "calculate",
        "instanceID": "uid",
    }
    assert form.questions["/hh/score"].range == ("1", "10", "1")
    assert form.questions["/hh/total"].control is None


def test_texts_keep_outputs_per_language(form: Form) -> None:
    age = form.questions["/hh/age"]
    assert age.label is not None and age.label.itext_id == "age-label"
    assert form.text(age.label, EN) == ("How old is ", OutputRef("/hh/name"), "?")
    assert form.text(age.label, CKB) == ("تەمەنی ", OutputRef("/hh/name"), " چەندە؟")
    assert form.text(age.hint) == ("Years",)
    entry = form.itext("age-label", EN)
    assert entry is not None
    assert entry.forms["guidance"] == ("Ask for the age in years.",)
    assert age.media == {EN: {"image": "jr://images/age.png"}}
    assert form.media[EN] == ("jr://images/age.png",)


def test_binds(form: Form) -> None:
    name = form.binds["/hh/name"]
    assert name.required == "true()"
    assert name.required_message is not None
    assert name.required_message.inline == ("Needed",)
    age = form.binds["/hh/age"]
    assert age.constraint == ". < 120"
    assert age.constraint_message is not None
    assert age.constraint_message.itext_id == "age-msg"
    assert age.default == "30"
    assert form.binds["/hh/meta/instanceID"].preload == "uid"
    assert form.binds["/hh/ranks"].type == "odk:rank"
    (action,) = form.actions
    assert action.ref == "/hh/city" and action.event == ("odk-instance-first-load",)


def test_body_groups_and_repeat(form: Form) -> None:
    details = form.body[2]
    assert isinstance(details, Group)
    assert details.field_list
    assert details.relevant == "/hh/age > 17"
    assert form.text(details.label) == ("Details",)
    count, member = details.children
    assert isinstance(count, Question) and count.path == "/hh/details/count"
    # pyxform-style group around a repeat: one Repeat carrying the group's label.
    assert isinstance(member, Repeat)
    assert member.count == " /hh/details/count "
    assert member.no_add_remove
    assert form.text(member.label, EN) == ("Member",)
    names = [n.path for n in iter_body(member.children) if isinstance(n, Question)]
    assert names == ["/hh/details/member/member_name", "/hh/details/member/ok"]
    node = next(n for n in form.instance.walk() if n.path == "/hh/details/member")
    assert node.repeat


def test_choices(form: Form) -> None:
    ok = form.questions["/hh/details/member/ok"]
    assert ok.choices is not None and ok.choices.inline
    yes = ok.choices.choices[0]
    assert yes.value == "1"
    assert yes.label(CKB) == ("بەڵێ",)
    assert yes.label(EN) == ("Yes",)
    city = form.questions["/hh/city"]
    assert city.itemset is not None
    assert city.itemset.instance_id == "cities"
    assert city.itemset.filter == "region != 'x'"
    assert city.itemset.value_ref == "name"
    assert city.choices is not None
    assert [c.value for c in city.choices.choices] == ["erbil", "london"]
    assert city.choices.choices[0].extra == {"region": "krg"}
    cities = form.secondary_instances["cities"]
    assert cities.items[1]["label"] == "London"
    assert cities.xml is not None and cities.xml.startswith("<root>")
    assert form.instance_xml.startswith("<hh ")


def test_check_on_file(tmp_path: Path) -> None:
    path = tmp_path / "household.xml"
    path.write_text(XFORM, encoding="utf-8")
    result = check_form(path)
    assert result.ok
    assert result.languages == [EN, CKB]
    assert result.default_language == CKB
    assert result.fields == 11
    # "member-label" exists only in English; the hint is not translated.
    assert f"'member' (/hh/details/member) has no label in language '{CKB}'." in (result.warnings)
    assert any("'age'" in w and "hint" in w and EN in w for w in result.warnings)
    assert not any("constraint" in w for w in result.warnings)


def test_load_form_reads_xml(tmp_path: Path) -> None:
    path = tmp_path / "household.xml"
    path.write_bytes(XFORM.encode("utf-8"))
    form = load_form(path)
    assert form.form_id == "household"
    assert len(form.source_hash) == 64


def test_relative_refs_resolve_against_the_group(form: Form) -> None:
    assert "/hh/details/count" in form.questions
    assert form.questions["/hh/details/count"].control == "input"


def test_not_an_xform() -> None:
    with pytest.raises(FormError, match="not an XForm"):
        parse_xform("<html><p>hello</p></html>")


def test_no_primary_instance() -> None:
    xml = (
        '<h:html xmlns="http://www.w3.org/2002/xforms" '
        'xmlns:h="http://www.w3.org/1999/xhtml"><h:head><model/></h:head></h:html>'
    )
    with pytest.raises(FormError, match="no primary instance"):
        parse_xform(xml)
