"""Location paths: axes, node tests, predicates, unions, document order and repeats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from fieldkit.forms.xpath import (
    EvaluationContext,
    XPathEvaluationError,
    compile,
    evaluate,
    parse_xml,
)

TREE = """
<r>
  <a id="a1" k="x"><b>1</b><b>2</b><c><b>3</b></c></a>
  <a id="a2"><b>4</b></a>
  <d>5</d>
  <e>six<f>7</f>eight</e>
</r>
"""


def names(expression: str, context: str | None = None) -> list[str]:
    """Evaluate a node-set and describe each node (name, id attribute or text)."""
    document = parse_xml(TREE)
    top = document.children[0]
    node = top
    if context is not None:
        node = compile(context).nodes(EvaluationContext(top))[0]
    out = []
    for n in compile(expression).nodes(EvaluationContext(node, root=document)):
        ident = [a.string_value for a in n.attributes if a.local_name == "id"]
        out.append(n.name + (f"#{ident[0]}" if ident else "") or f"'{n.string_value}'")
    return out


def values(expression: str, context: str | None = None) -> list[str]:
    document = parse_xml(TREE)
    node = document.children[0]
    if context is not None:
        node = compile(context).nodes(EvaluationContext(node))[0]
    return [n.string_value for n in compile(expression).nodes(EvaluationContext(node))]


class TestAxes:
    def test_child_and_descendant(self) -> None:
        assert values("/r/a/b") == ["1", "2", "4"]
        assert values("/r/a/descendant::b") == ["1", "2", "3", "4"]
        assert values("//b") == ["1", "2", "3", "4"]
        assert names("/r/child::*") == ["a#a1", "a#a2", "d", "e"]

    def test_descendant_or_self(self) -> None:
        assert names("/r/a[1]/descendant-or-self::*") == ["a#a1", "b", "b", "c", "b"]

    def test_parent_and_ancestor(self) -> None:
        assert names("..", "/r/a/c/b") == ["c"]
        assert names("ancestor::*", "/r/a/c/b") == ["r", "a#a1", "c"]
        assert names("ancestor-or-self::*", "/r/a/c/b") == ["r", "a#a1", "c", "b"]
        assert names("/r/a/b/..") == ["a#a1", "a#a2"]

    def test_siblings(self) -> None:
        assert names("following-sibling::*", "/r/a[1]") == ["a#a2", "d", "e"]
        assert names("preceding-sibling::*", "/r/d") == ["a#a1", "a#a2"]
        assert names("following-sibling::*", "/r/a[1]/@id") == []

    def test_following_and_preceding(self) -> None:
        assert values("following::b", "/r/a[1]/b[2]") == ["3", "4"]
        assert values("preceding::b", "/r/a[2]/b") == ["1", "2", "3"]
        # Ancestors are not preceding nodes.
        assert names("preceding::*", "/r/a[1]/c/b") == ["b", "b"]
        # Everything after an attribute starts with its element's content.
        assert values("following::b", "/r/a[1]/@k") == ["1", "2", "3", "4"]
        assert values("preceding::b", "/r/a[2]/@id") == ["1", "2", "3"]

    def test_attribute_and_self(self) -> None:
        assert values("/r/a/@id") == ["a1", "a2"]
        assert values("/r/a/attribute::*") == ["a1", "x", "a2"]
        assert names("/r/a/self::a") == ["a#a1", "a#a2"]
        assert names("/r/a/self::b") == []
        assert values("/r/a[@k]/@id") == ["a1"]

    def test_node_type_tests(self) -> None:
        assert values("/r/e/text()") == ["six", "eight"]
        assert values("/r/e/node()") == ["six", "7", "eight"]
        assert values("/r/e/comment()") == []
        assert values("/r/e/processing-instruction()") == []
        assert values("/r/d/text()") == ["5"]

    def test_root(self) -> None:
        assert evaluate("count(/)", TREE) == 1.0
        assert evaluate("name(/*)", TREE) == "r"
        assert evaluate("count(/..)", TREE) == 0.0


class TestPredicates:
    def test_position(self) -> None:
        assert values("/r/a/b[1]") == ["1", "4"]
        assert values("/r/a/b[2]") == ["2"]
        assert values("/r/a/b[last()]") == ["2", "4"]
        assert values("/r/a/b[position() = last()]") == ["2", "4"]
        assert values("/r/a/b[position() > 1]") == ["2"]
        assert values("/r/a/b[0]") == []
        assert values("/r/a/b[1.5]") == []
        assert values("/r/a[2 - 1]/b") == ["1", "2"]

    def test_positions_count_in_axis_order_for_reverse_axes(self) -> None:
        assert names("ancestor::*[1]", "/r/a/c/b") == ["c"]
        assert names("ancestor::*[last()]", "/r/a/c/b") == ["r"]
        assert names("preceding-sibling::*[1]", "/r/d") == ["a#a2"]

    def test_filter_expression_positions_use_document_order(self) -> None:
        assert names("(ancestor::*)[1]", "/r/a/c/b") == ["r"]
        assert values("(/r/a/b)[2]") == ["2"]
        assert values("(//b)[last()]") == ["4"]

    def test_chained_predicates_renumber(self) -> None:
        assert values("(//b)[. > 1][2]") == ["3"]
        # In //b[...] the predicates apply per parent: no parent has two such b.
        assert values("//b[. > 1][2]") == []

    def test_boolean_and_value_predicates(self) -> None:
        assert names("/r/a[b = 4]") == ["a#a2"]
        assert names("/r/a[c]") == ["a#a1"]
        assert names("/r/a[@id = 'a2']") == ["a#a2"]
        assert names("/r/*[self::d or self::e]") == ["d", "e"]
        assert names("/r/a['']") == []
        assert names("/r/a['x']") == ["a#a1", "a#a2"]

    def test_descendant_shortcut_keeps_predicate_positions(self) -> None:
        # //b[1] is "every b that is the first b child of its parent", not (//b)[1].
        assert values("//b[1]") == ["1", "3", "4"]

    def test_predicate_on_non_node_set_is_an_error(self) -> None:
        with pytest.raises(XPathEvaluationError, match="node-set"):
            evaluate("(1)[1]")
        with pytest.raises(XPathEvaluationError, match="node-set"):
            evaluate("string('a')/b")


class TestUnionsAndOrder:
    def test_union_is_in_document_order(self) -> None:
        assert values("/r/d | /r/a/b") == ["1", "2", "4", "5"]
        assert names("/r/e | /r/a[2] | /r/a[1]") == ["a#a1", "a#a2", "e"]

    def test_union_removes_duplicates(self) -> None:
        assert values("//b | /r/a/b | //b[. = 3]") == ["1", "2", "3", "4"]

    def test_first_node_semantics_follow_document_order(self) -> None:
        assert evaluate("string(/r/d | /r/a/b)", TREE) == "1"

    def test_attributes_sort_after_their_element_before_its_children(self) -> None:
        assert values("/r/a[1]/b[1] | /r/a[1]/@id | /r/a[1]") == ["123", "a1", "1"]

    def test_steps_from_nested_nodes_are_sorted(self) -> None:
        # Inputs a and c/.. overlap; the result must still be unique and ordered.
        assert values("(/r/a[1] | /r/a[1]/c)/b") == ["1", "2", "3"]
        assert values("(/r/a | //c)/descendant::b") == ["1", "2", "3", "4"]
        assert values("//b/..") == ["123", "3", "4"]

    def test_union_of_non_node_sets_is_an_error(self) -> None:
        with pytest.raises(XPathEvaluationError, match="union"):
            evaluate("1 | /r", TREE)


class TestNamespaces:
    XML = (
        '<data xmlns="http://www.w3.org/2002/xforms" xmlns:orx="http://openrosa.org/xforms"'
        ' xmlns:jr="http://openrosa.org/javarosa" id="f" orx:version="3">'
        "<q>1</q><orx:meta><orx:instanceID>uuid:9</orx:instanceID></orx:meta></data>"
    )

    def test_prefixed_steps_match_by_local_name(self) -> None:
        assert evaluate("/data/orx:meta/orx:instanceID", self.XML) == "uuid:9"
        assert evaluate("/data/meta/instanceID", self.XML) == "uuid:9"
        assert evaluate("/data/jr:q", self.XML) == "1"
        assert evaluate("count(/data/orx:*)", self.XML) == 2.0

    def test_prefixed_attributes(self) -> None:
        assert evaluate("/data/@orx:version", self.XML) == "3"
        assert evaluate("/data/@version", self.XML) == "3"

    def test_name_functions(self) -> None:
        assert evaluate("name(/data/*[2])", self.XML) == "orx:meta"
        assert evaluate("local-name(/data/*[2])", self.XML) == "meta"
        assert evaluate("namespace-uri(/data/*[2])", self.XML) == "http://openrosa.org/xforms"
        assert evaluate("name(/data)", self.XML) == "data"
        assert evaluate("namespace-uri(/data)", self.XML) == "http://www.w3.org/2002/xforms"
        assert evaluate("name(/data/@orx:version)", self.XML) == "orx:version"


class TestRepeats:
    def test_relative_paths_from_a_repeat_instance(self, ev: Callable[..., Any]) -> None:
        ctx = "/data/hh/member[2]/m_age"
        assert ev("../m_name", ctx) == "Bo"
        assert ev(". * 2", ctx) == 14.0
        assert ev("position(..)", ctx) == 2.0
        assert ev("count(../../member)", ctx) == 3.0
        assert ev("../../member[position() = position(current()/..) + 1]/m_name", ctx) == "Cy"
        assert ev("../preceding-sibling::member[1]/m_name", ctx) == "Ana"

    def test_absolute_paths_see_all_instances(self, ev: Callable[..., Any]) -> None:
        assert ev("sum(/data/hh/member/m_age)") == 102.0
        assert ev("count(/data/hh/member[m_age >= 18])") == 2.0
        assert ev("/data/hh/member[m_age < 18]/m_name") == "Bo"
        assert ev("/data/hh/member[3]/m_name") == "Cy"

    def test_context_path_must_exist(self, ev: Callable[..., Any]) -> None:
        with pytest.raises(XPathEvaluationError, match="does not select any node"):
            ev(".", "/data/hh/member[9]")


class TestSecondaryInstances:
    def test_lookup_with_predicate(self, ev: Callable[..., Any]) -> None:
        assert ev("instance('cities')/root/item[name = 'clj']/label") == "Cluj"
        assert ev("count(instance('cities')/root/item[country = /data/country])") == 2.0

    def test_current_refers_to_the_context_node(self, ev: Callable[..., Any]) -> None:
        expr = "instance('cities')/root/item[country = current()/../country]/label"
        assert ev(expr, "/data/city") == "Bucharest"
        # Without current(), the predicate's '.' would be the item itself.
        assert ev("count(instance('cities')/root/item[name = current()])", "/data/city") == 0.0

    def test_absolute_paths_in_predicates_use_the_primary_instance(
        self, ev: Callable[..., Any]
    ) -> None:
        assert ev("instance('cities')/root/item[country = /data/country][2]/name") == "clj"

    def test_undefined_instance(self, ev: Callable[..., Any]) -> None:
        with pytest.raises(XPathEvaluationError, match="instance\\('nope'\\) is not defined"):
            ev("instance('nope')/root/item")

    def test_descendants_inside_an_instance(self, ev: Callable[..., Any]) -> None:
        assert ev("count(instance('cities')//item)") == 3.0
        assert ev("sum(instance('cities')/root/item/pop)") == 3290.0
