"""safexml.parse_xml: the same tree as defusedxml's fromstring, unsafe XML refused."""

from __future__ import annotations

from xml.etree.ElementTree import Element, tostring

import pytest
from defusedxml.ElementTree import fromstring

from fieldkit.forms.safexml import UnsafeXmlError, XmlSyntaxError, parse_xml

DOCUMENTS = [
    "<data/>",
    "<data a='1' b=\"2\">text<x>1</x>tail<y/></data>",
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><data><?pi x?><a>é ü 中</a></data>',
    (
        '<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"'
        ' xmlns:jr="http://openrosa.org/javarosa" xmlns:odk="http://www.opendatakit.org/xforms">'
        "<h:head><h:title>T</h:title><model odk:xforms-version='1.0.0'>"
        '<instance><data id="f" jr:x="1" plain="2"><q jr:template=""/><q/></data></instance>'
        '<bind nodeset="/data/q" jr:constraintMsg="m" type="string"/>'
        "</model></h:head><h:body><input ref='/data/q'><label>L <output value='/data/q'/>"
        "!</label></input></h:body></h:html>"
    ),
    '<a xmlns:p="urn:p" p:x="1" y="2" xml:lang="en"><p:b p:c="3"/><c xmlns="urn:d" e="4"/></a>',
    "<a>&lt;&amp;&gt;&#233;&#x4e2d;<![CDATA[<raw>]]></a>",
]


def _same(a: Element, b: Element) -> bool:
    return (
        a.tag == b.tag
        and a.text == b.text
        and a.tail == b.tail
        and list(a.attrib.items()) == list(b.attrib.items())
        and len(a) == len(b)
        and all(_same(x, y) for x, y in zip(a, b, strict=True))
    )


@pytest.mark.parametrize("text", DOCUMENTS)
def test_same_tree_as_defusedxml(text: str) -> None:
    expected = fromstring(text, forbid_dtd=True)
    for data in (text, text.encode("utf-8")):
        root = parse_xml(data)
        assert _same(root, expected)
        assert tostring(root) == tostring(expected)


@pytest.mark.parametrize(
    "text",
    [
        '<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>',
        '<!DOCTYPE x [<!ENTITY s SYSTEM "file:///etc/passwd">]><x>&s;</x>',
        '<!DOCTYPE d SYSTEM "http://example.com/d.dtd"><d/>',
        "<!DOCTYPE d><d/>",
    ],
)
def test_unsafe_refused(text: str) -> None:
    with pytest.raises(UnsafeXmlError):
        parse_xml(text)


@pytest.mark.parametrize(
    ("text", "line"),
    [("<a><b></a>", 1), ("<a>\n<b x='1' x='2'/></a>", 2), ("", 1), ("<a>&undefined;</a>", 1)],
)
def test_syntax_errors_as_defusedxml_reports_them(text: str, line: int) -> None:
    with pytest.raises(XmlSyntaxError) as caught:
        parse_xml(text)
    assert caught.value.line == line
    with pytest.raises(Exception) as reference:
        fromstring(text, forbid_dtd=True)
    assert str(caught.value) == str(reference.value)
