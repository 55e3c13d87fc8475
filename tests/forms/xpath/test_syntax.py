"""Lexer and parser: the XPath 1.0 grammar, disambiguation and error reporting."""

from __future__ import annotations

import pytest

from fieldkit.forms.xpath import XPathSyntaxError, evaluate, parse
from fieldkit.forms.xpath.expressions import (
    Axis,
    BinaryOp,
    FilterExpr,
    FunctionCall,
    Literal,
    LocationPath,
    NameTest,
    Negate,
    Number,
    PathExpr,
    Step,
    TypeTest,
    UnionExpr,
)
from fieldkit.forms.xpath.lexer import TokenKind, tokenize


def kinds(expression: str) -> list[tuple[TokenKind, str]]:
    return [(t.kind, t.value) for t in tokenize(expression)][:-1]


class TestLexer:
    def test_star_is_multiplication_after_an_operand(self) -> None:
        assert kinds("2 * 3") == [(TokenKind.NUMBER, "2"), (TokenKind.OPERATOR, "*"),
                                  (TokenKind.NUMBER, "3")]

    def test_star_is_a_name_test_where_an_operand_is_expected(self) -> None:
        assert kinds("/*") == [(TokenKind.OPERATOR, "/"), (TokenKind.NAME, "*")]
        assert kinds("a[*]")[2] == (TokenKind.NAME, "*")

    def test_operator_names_depend_on_the_preceding_token(self) -> None:
        assert kinds("div div div") == [
            (TokenKind.NAME, "div"),
            (TokenKind.OPERATOR, "div"),
            (TokenKind.NAME, "div"),
        ]
        assert kinds("/and/or") == [
            (TokenKind.OPERATOR, "/"),
            (TokenKind.NAME, "and"),
            (TokenKind.OPERATOR, "/"),
            (TokenKind.NAME, "or"),
        ]

    def test_function_axis_and_node_type_names(self) -> None:
        assert kinds("count (x)")[0] == (TokenKind.FUNCTION, "count")
        assert kinds("text()")[0] == (TokenKind.NODE_TYPE, "text")
        assert kinds("ancestor :: x")[:2] == [(TokenKind.AXIS, "ancestor"),
                                              (TokenKind.COLONCOLON, "::")]

    def test_qualified_names(self) -> None:
        assert kinds("jr:choice-name(a, 'b')")[0] == (TokenKind.FUNCTION, "jr:choice-name")
        assert kinds("/orx:meta/orx:*") == [
            (TokenKind.OPERATOR, "/"),
            (TokenKind.NAME, "orx:meta"),
            (TokenKind.OPERATOR, "/"),
            (TokenKind.NAME, "orx:*"),
        ]

    def test_names_may_contain_hyphens_and_dots(self) -> None:
        assert kinds("a-b.c - 1") == [(TokenKind.NAME, "a-b.c"), (TokenKind.OPERATOR, "-"),
                                      (TokenKind.NUMBER, "1")]

    def test_numbers_and_dots(self) -> None:
        assert kinds(".5 + 1. + 2.25") == [
            (TokenKind.NUMBER, ".5"),
            (TokenKind.OPERATOR, "+"),
            (TokenKind.NUMBER, "1."),
            (TokenKind.OPERATOR, "+"),
            (TokenKind.NUMBER, "2.25"),
        ]
        assert kinds("../.") == [(TokenKind.DOTDOT, ".."), (TokenKind.OPERATOR, "/"),
                                 (TokenKind.DOT, ".")]

    def test_literals_with_either_quote(self) -> None:
        assert kinds("'it\"s' = \"it's\"") == [
            (TokenKind.LITERAL, 'it"s'),
            (TokenKind.OPERATOR, "="),
            (TokenKind.LITERAL, "it's"),
        ]


class TestParser:
    def test_precedence(self) -> None:
        assert parse("1 + 2 * 3 = 7 or false()") == BinaryOp(
            "or",
            BinaryOp(
                "=",
                BinaryOp("+", Number(1.0), BinaryOp("*", Number(2.0), Number(3.0))),
                Number(7.0),
            ),
            FunctionCall("false", ()),
        )

    def test_left_associativity(self) -> None:
        assert parse("8 - 4 - 2") == BinaryOp(
            "-", BinaryOp("-", Number(8.0), Number(4.0)), Number(2.0)
        )
        assert evaluate("8 - 4 - 2") == 2.0
        assert evaluate("16 div 4 div 2") == 2.0

    def test_unary_minus_binds_looser_than_union(self) -> None:
        assert parse("--1") == Negate(Negate(Number(1.0)))
        assert isinstance(parse("-a | b"), Negate)

    def test_abbreviated_location_path(self) -> None:
        assert parse("//a/@b") == LocationPath(
            True,
            (
                Step(Axis.DESCENDANT_OR_SELF, TypeTest("node")),
                Step(Axis.CHILD, NameTest(None, "a")),
                Step(Axis.ATTRIBUTE, NameTest(None, "b")),
            ),
        )
        assert parse("../.") == LocationPath(
            False, (Step(Axis.PARENT, TypeTest("node")), Step(Axis.SELF, TypeTest("node")))
        )

    def test_explicit_axes_and_predicates(self) -> None:
        path = parse("preceding-sibling::orx:x[1][. > 2]")
        assert isinstance(path, LocationPath)
        (step,) = path.steps
        assert step.axis is Axis.PRECEDING_SIBLING
        assert step.test == NameTest("orx", "x")
        assert len(step.predicates) == 2

    def test_root_alone_and_root_in_expressions(self) -> None:
        assert parse("/") == LocationPath(True, ())
        assert isinstance(parse("/ | /data"), UnionExpr)

    def test_filter_and_path_expressions(self) -> None:
        expr = parse("(a | b)[1]/c")
        assert isinstance(expr, PathExpr)
        assert isinstance(expr.start, FilterExpr)
        expr = parse("instance('x')/root//item")
        assert isinstance(expr, PathExpr)
        assert expr.start == FunctionCall("instance", (Literal("x"),))
        assert [s.axis for s in expr.steps] == [Axis.CHILD, Axis.DESCENDANT_OR_SELF, Axis.CHILD]

    def test_all_axes_parse(self) -> None:
        for axis in Axis:
            path = parse(f"{axis.value}::node()")
            assert isinstance(path, LocationPath)
            assert path.steps[0].axis is axis

    def test_processing_instruction_literal(self) -> None:
        path = parse("processing-instruction('x')")
        assert isinstance(path, LocationPath)
        assert path.steps[0].test == TypeTest("processing-instruction", "x")

    def test_parse_is_cached(self) -> None:
        assert parse("/data/a + 1") is parse("/data/a + 1")


class TestSyntaxErrors:
    @pytest.mark.parametrize(
        ("expression", "position", "fragment"),
        [
            ("1 +", 3, "end of expression"),
            ("a[1", 3, "']'"),
            ("a]", 1, "']'"),
            ("(1", 2, "')'"),
            ("'open", 0, "Unterminated"),
            ("1 # 2", 2, "'#'"),
            ("a !b", 2, "'!'"),
            ("count(1,)", 8, "')'"),
            ("a b", 2, "operator"),
            ("child::", 7, "node test"),
            ("foo::bar", 0, "Unknown axis"),
            ("namespace::x", 0, "namespace axis"),
            ("", 0, "Empty expression"),
            ("a[]", 2, "Empty predicate"),
            ("()", 1, "Empty parentheses"),
        ],
    )
    def test_error_names_expression_and_position(
        self, expression: str, position: int, fragment: str
    ) -> None:
        with pytest.raises(XPathSyntaxError) as info:
            parse(expression)
        error = info.value
        assert error.position == position
        assert error.expression == expression
        assert fragment in str(error)
        assert repr(expression) in str(error)
        assert f"position {position}" in str(error)

    def test_is_a_value_error(self) -> None:
        with pytest.raises(ValueError, match="position"):
            evaluate("1 +")

    def test_unreplaced_xlsform_reference(self) -> None:
        with pytest.raises(XPathSyntaxError, match=r"Unreplaced XLSForm reference \$\{age\}"):
            parse("${age} > 3")

    def test_variable_references_are_rejected(self) -> None:
        with pytest.raises(XPathSyntaxError, match="Variable references are not supported"):
            parse("$x + 1")
