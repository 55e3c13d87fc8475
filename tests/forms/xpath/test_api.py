"""The public API: evaluate(), compile(), EvaluationContext and the Node interface."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from fieldkit.forms.xpath import (
    CompiledExpression,
    EvaluationContext,
    Node,
    NodeKind,
    XPathError,
    XPathEvaluationError,
    XPathSyntaxError,
    compile,
    evaluate,
    parse_xml,
)


class LiveNode(Node):
    """A minimal mutable tree, standing in for the form runtime's own instance."""

    def __init__(
        self, kind: NodeKind, name: str = "", value: str = "", parent: LiveNode | None = None
    ) -> None:
        self._kind = kind
        self._name = name
        self.value = value
        self._parent = parent
        self.kids: list[LiveNode] = []
        self.attrs: list[LiveNode] = []

    def add(self, name: str, value: str = "") -> LiveNode:
        child = LiveNode(NodeKind.ELEMENT, name, value, self)
        self.kids.append(child)
        return child

    def set_attribute(self, name: str, value: str) -> None:
        self.attrs.append(LiveNode(NodeKind.ATTRIBUTE, name, value, self))

    @property
    def kind(self) -> NodeKind:
        return self._kind

    @property
    def name(self) -> str:
        return self._name

    @property
    def local_name(self) -> str:
        return self._name.rpartition(":")[2]

    @property
    def namespace_uri(self) -> str:
        return ""

    @property
    def parent(self) -> Node | None:
        return self._parent

    @property
    def children(self) -> Sequence[Node]:
        return self.kids

    @property
    def attributes(self) -> Sequence[Node]:
        return self.attrs

    @property
    def string_value(self) -> str:
        if self.kids:
            return "".join(k.string_value for k in self.kids)
        return self.value


@pytest.fixture
def live() -> LiveNode:
    document = LiveNode(NodeKind.DOCUMENT)
    data = document.add("data")
    data.set_attribute("id", "f")
    data.add("age", "20")
    for name in ("x", "y", "z"):
        member = data.add("member")
        member.add("name", name)
    return document


class TestCustomNodeImplementation:
    def test_paths_over_a_live_tree(self, live: LiveNode) -> None:
        data = live.kids[0]
        ctx = EvaluationContext(data)
        assert compile("/data/age + 1").evaluate(ctx) == 21.0
        assert compile("count(member)").evaluate(ctx) == 3.0
        assert compile("/data/@id").evaluate(ctx) == "f"
        assert compile("join(',', //name)").evaluate(ctx) == "x,y,z"

    def test_changes_are_seen_without_reparsing(self, live: LiveNode) -> None:
        data = live.kids[0]
        expr = compile("/data/age >= 18")
        assert expr.evaluate(EvaluationContext(data)) is True
        data.kids[0].value = "12"
        assert expr.evaluate(EvaluationContext(data)) is False
        data.add("member").add("name", "w")
        assert compile("count(/data/member)").evaluate(EvaluationContext(data)) == 4.0

    def test_default_document_order_key(self, live: LiveNode) -> None:
        data = live.kids[0]
        ctx = EvaluationContext(data)
        assert compile("join(',', /data/member[3]/name | /data/member[1]/name)").evaluate(ctx) == (
            "x,z"
        )
        nodes = compile("/data/member[2] | /data/@id | /data").nodes(ctx)
        assert [n.kind for n in nodes] == [NodeKind.ELEMENT, NodeKind.ATTRIBUTE, NodeKind.ELEMENT]
        assert compile("position(/data/member[3])").evaluate(ctx) == 3.0

    def test_repr_and_root(self, live: LiveNode) -> None:
        name = live.kids[0].kids[1].kids[0]
        assert name.root is live
        assert "name" in repr(name)


class TestEvaluationContext:
    XML = "<data><a>1</a><b>2</b><c><d>3</d></c></data>"

    def test_root_defaults_to_the_document_of_the_node(self) -> None:
        document = parse_xml(self.XML)
        d = compile("/data/c/d").nodes(EvaluationContext(document))[0]
        assert compile("/data/a + .").evaluate(EvaluationContext(d)) == 4.0

    def test_current_defaults_to_the_context_node(self) -> None:
        document = parse_xml(self.XML)
        a, b = compile("/data/a | /data/b").nodes(EvaluationContext(document))
        assert compile("current()").evaluate(EvaluationContext(a)) == "1"
        assert compile("current()").evaluate(EvaluationContext(a, current=b)) == "2"

    def test_position_and_size(self) -> None:
        document = parse_xml(self.XML)
        ctx = EvaluationContext(document, position=2, size=5)
        assert compile("position()").evaluate(ctx) == 2.0
        assert compile("last()").evaluate(ctx) == 5.0

    def test_value_and_nodes(self) -> None:
        document = parse_xml(self.XML)
        ctx = EvaluationContext(document)
        value = compile("/data/*").value(ctx)
        assert isinstance(value, list)
        assert [n.name for n in value] == ["a", "b", "c"]
        with pytest.raises(XPathEvaluationError, match="does not select nodes"):
            compile("1 + 1").nodes(ctx)

    def test_evaluate_result_conversion(self) -> None:
        ctx = EvaluationContext(parse_xml(self.XML))
        expr = compile("/data/c")
        assert expr.evaluate(ctx) == "3"
        assert expr.evaluate(ctx, "number") == 3.0
        assert expr.evaluate(ctx, "boolean") is True


class TestEvaluateFunction:
    def test_without_an_instance(self) -> None:
        assert evaluate("1 + 2") == 3.0
        assert evaluate("/data/a") == ""
        assert evaluate("count(/*)") == 0.0

    def test_default_context_is_the_document_element(self) -> None:
        xml = "<data><a>4</a></data>"
        assert evaluate("a * 2", xml) == 8.0
        assert evaluate("name()", xml) == "data"

    def test_context_argument(self) -> None:
        xml = "<data><g><a>4</a><b>5</b></g></data>"
        assert evaluate("../b", xml, "/data/g/a") == "5"
        assert evaluate("name()", xml, "/data/g") == "g"
        with pytest.raises(XPathEvaluationError, match="does not select any node"):
            evaluate(".", xml, "/data/nope")

    def test_secondary_instances(self) -> None:
        xml = "<data><q>b</q></data>"
        lists = {"l": "<root><item><v>a</v><t>A</t></item><item><v>b</v><t>B</t></item></root>"}
        assert evaluate("instance('l')/root/item[v = /data/q]/t", xml, instances=lists) == "B"
        assert evaluate("count(instance('l')/root/item)", xml, instances=lists) == 2.0

    def test_malformed_xml(self) -> None:
        with pytest.raises(ValueError, match="not well-formed"):
            evaluate("1", "<data><a></data>")

    def test_entities_are_refused(self) -> None:
        bomb = '<!DOCTYPE d [<!ENTITY e "boom">]><d>&e;</d>'
        with pytest.raises(ValueError):
            evaluate("string(/d)", bomb)

    def test_returns_plain_python_types(self) -> None:
        assert type(evaluate("1")) is float
        assert type(evaluate("'1'")) is str
        assert type(evaluate("1 = 1")) is bool
        assert math.isnan(float(evaluate("number('x')")))


class TestCompile:
    def test_compile_is_cached(self) -> None:
        first = compile("/data/a * 2")
        assert isinstance(first, CompiledExpression)
        assert compile("/data/a * 2") is first
        assert "/data/a * 2" in repr(first)

    def test_errors_surface_at_compile_time(self) -> None:
        with pytest.raises(XPathSyntaxError):
            compile("/data/a *")
        with pytest.raises(XPathEvaluationError):
            compile("nosuch()")

    def test_error_hierarchy(self) -> None:
        assert issubclass(XPathSyntaxError, XPathError)
        assert issubclass(XPathEvaluationError, XPathError)
        assert issubclass(XPathError, ValueError)
