"""Repeats inside repeats keep their exact shape across a restart."""

from __future__ import annotations

import hashlib

from fieldkit.interviews import open_interview, start_interview
from fieldkit.store import Store
from fieldkit.store.models import Form
from tests.interviews.conftest import VERBAL

XFORM = """<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
        xmlns:jr="http://openrosa.org/javarosa">
  <h:head>
    <h:title>Households</h:title>
    <model>
      <instance>
        <data id="nested">
          <hh jr:template=""><address/><person jr:template=""><name/></person></hh>
          <meta><instanceID/></meta>
        </data>
      </instance>
      <bind nodeset="/data/hh/address" type="string"/>
      <bind nodeset="/data/hh/person/name" type="string"/>
      <bind nodeset="/data/meta/instanceID" type="string" readonly="true()"
            jr:preload="uid"/>
    </model>
  </h:head>
  <h:body>
    <group ref="/data/hh"><label>Household</label>
      <repeat nodeset="/data/hh">
        <input ref="/data/hh/address"><label>Address</label></input>
        <group ref="/data/hh/person"><label>Person</label>
          <repeat nodeset="/data/hh/person">
            <input ref="/data/hh/person/name"><label>Name</label></input>
          </repeat>
        </group>
      </repeat>
    </group>
  </h:body>
</h:html>
"""


def _form(store: Store, project_id: str) -> int:
    with store.session() as session:
        row = Form(project_id=project_id, form_id="nested", version="1", title="Households",
                   source=XFORM.encode(), hash=hashlib.sha256(XFORM.encode()).hexdigest(),
                   xform=XFORM)
        session.add(row)
        session.flush()
        return row.id


def test_nested_repeats_survive_removals_and_a_restart(store: Store, project_id: str) -> None:
    handle = start_interview(store, form_pk=_form(store, project_id), respondent_language="",
                             consent=VERBAL)
    s = handle.session
    for hh in range(1, 4):
        if s.repeat_count("/data/hh") < hh:
            handle.add_repeat("/data/hh")
        handle.answer(f"/data/hh[{hh}]/address", f"street {hh}")
        for p in range(1, 4 - hh + 1):  # 3, 2 and 1 people
            if s.repeat_count(f"/data/hh[{hh}]/person") < p:
                handle.add_repeat(f"/data/hh[{hh}]/person")
            handle.answer(f"/data/hh[{hh}]/person[{p}]/name", f"p{hh}.{p}")
    handle.remove_repeat("/data/hh", 1)  # household 2 (2 people) becomes number 1
    handle.remove_repeat("/data/hh[2]/person", 1)  # household 3 loses its only person
    expected = handle.session.to_dict()
    shape = [handle.session.repeat_count(f"/data/hh[{i}]/person") for i in (1, 2)]
    assert shape == [2, 0]

    again = open_interview(store, handle.uuid)
    assert again.session.repeat_count("/data/hh") == 2
    assert [again.session.repeat_count(f"/data/hh[{i}]/person") for i in (1, 2)] == shape
    assert again.session.to_dict() == expected
    assert again.stored_answers() == handle.stored_answers()
