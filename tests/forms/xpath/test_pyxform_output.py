"""End to end: expressions as pyxform writes them, evaluated against its instance."""

from __future__ import annotations

import math
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
import pytest
from pyxform.xls2xform import convert

from fieldkit.forms.xpath import EvaluationContext, Node, compile, wrap_element

XF = "{http://www.w3.org/2002/xforms}"

FORM = {
    "survey": [
        {"type": "integer", "name": "age", "label": "Age"},
        {"type": "select_one c", "name": "country", "label": "Country"},
        {"type": "select_multiple c", "name": "visited", "label": "Visited"},
        {"type": "begin_repeat", "name": "r", "label": "Members"},
        {"type": "text", "name": "q", "label": "Q", "relevant": "${age} > 18 and ${q2} != ''"},
        {
            "type": "integer",
            "name": "q2",
            "label": "Q2",
            "constraint": ". > 0 and position(..) < 5",
        },
        {"type": "end_repeat"},
        {
            "type": "calculate",
            "name": "c",
            "calculation": "jr:choice-name(${country}, '${country}')",
        },
        {"type": "calculate", "name": "d", "calculation": "indexed-repeat(${q}, ${r}, 2)"},
        {"type": "calculate", "name": "e", "calculation": "sum(${q2})"},
        {"type": "calculate", "name": "f", "calculation": "count-selected(${visited})"},
        {
            "type": "calculate",
            "name": "g",
            "calculation": "if(selected(${visited}, 'bg'), concat('yes ', ${age}), 'no')",
        },
    ],
    "choices": [
        {"list_name": "c", "name": "ro", "label": "Romania"},
        {"list_name": "c", "name": "bg", "label": "Bulgaria"},
    ],
}


@pytest.fixture
def xform() -> Element:
    root: Element = SafeET.fromstring(convert(xlsform=FORM).xform)
    return root


def fill(xform: Element) -> tuple[Node, dict[str, str]]:
    """The primary instance with answers, and the binds by nodeset."""
    model = next(xform.iter(f"{XF}model"))
    instance = next(model.iter(f"{XF}instance"))
    data = next(iter(instance))
    answers = {"age": "30", "country": "ro", "visited": "ro bg"}
    for name, value in answers.items():
        data.find(f"{XF}{name}").text = value  # type: ignore[union-attr]
    # pyxform writes a jr:template and one empty instance of the repeat: replace both.
    for old in data.findall(f"{XF}r"):
        data.remove(old)
    for q, q2 in (("a", "5"), ("b", ""), ("c", "7")):
        member = SafeET.fromstring(f'<r xmlns="{XF[1:-1]}"><q>{q}</q><q2>{q2}</q2></r>')
        data.insert(list(data).index(data.find(f"{XF}c")), member)  # type: ignore[arg-type]
    binds: dict[str, str] = {}
    for bind in model.iter(f"{XF}bind"):
        for attr in ("relevant", "constraint", "calculate"):
            if attr in bind.attrib:
                binds[f"{bind.attrib['nodeset']}@{attr}"] = bind.attrib[attr]
    return wrap_element(data), binds


def run(document: Node, expression: str, context: str, **kw: object) -> object:
    node = compile(context).nodes(EvaluationContext(document))[0]
    return compile(expression).evaluate(EvaluationContext(node, **kw))  # type: ignore[arg-type]


def test_pyxform_expressions_evaluate(xform: Element) -> None:
    document, binds = fill(xform)
    relevant = binds["/data/r/q@relevant"]
    assert "../q2" in relevant  # pyxform writes a relative path inside the repeat
    assert run(document, relevant, "/data/r[1]/q") is True
    assert run(document, relevant, "/data/r[2]/q") is False
    constraint = binds["/data/r/q2@constraint"]
    assert run(document, constraint, "/data/r[3]/q2") is True
    assert run(document, binds["/data/d@calculate"], "/data/d") == "b"
    # sum() over a repeat with a blank answer is NaN, as XPath 1.0 and the ODK spec say.
    assert math.isnan(float(run(document, binds["/data/e@calculate"], "/data/e")))  # type: ignore[arg-type]
    assert run(document, binds["/data/f@calculate"], "/data/f") == 2.0
    assert run(document, binds["/data/g@calculate"], "/data/g") == "yes 30"
    labels = {"ro": "Romania", "bg": "Bulgaria"}
    choice = binds["/data/c@calculate"]
    assert run(document, choice, "/data/c", choice_labels=lambda v, p: labels[v]) == "Romania"


def test_pyxform_references(xform: Element) -> None:
    _, binds = fill(xform)
    assert compile(binds["/data/r/q@relevant"]).references("/data/r/q") == {
        "/data/age",
        "/data/r/q2",
    }
    assert compile(binds["/data/d@calculate"]).references("/data/d") == {
        "/data/r/q",
        "/data/r",
    }
