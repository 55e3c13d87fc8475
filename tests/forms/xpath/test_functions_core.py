"""The XPath 1.0 core function library (with ODK's extensions where noted)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from fieldkit.forms.xpath import XPathEvaluationError, compile, evaluate

XML = '<data lang="x"><a>3</a><a>4</a><s> hello   big\tworld </s><e/><n>-2.5</n></data>'


def ev(expression: str, context: str | None = None) -> Any:
    return evaluate(expression, XML, context)


class TestNodeSetFunctions:
    def test_last_and_position(self) -> None:
        assert ev("last()") == 1.0
        assert ev("position()") == 1.0
        assert ev("/data/a[last()]") == "4"
        assert ev("count(/data/*[position() < 3])") == 2.0

    def test_count(self) -> None:
        assert ev("count(/data/a)") == 2.0
        assert ev("count(/data/missing)") == 0.0
        assert ev("count(//node())") == 10.0  # 5 elements + 4 texts + data

    def test_count_requires_a_node_set(self) -> None:
        with pytest.raises(XPathEvaluationError, match="'count' needs a node-set"):
            ev("count('a')")

    def test_names(self) -> None:
        assert ev("local-name()") == "data"
        assert ev("name(/data/*)") == "a"
        assert ev("name(/data/missing)") == ""
        assert ev("local-name(/data/@lang)") == "lang"
        assert ev("namespace-uri(/data)") == ""
        assert ev("name(/)") == ""
        with pytest.raises(XPathEvaluationError):
            ev("name('a')")

    def test_id_is_unsupported(self) -> None:
        with pytest.raises(XPathEvaluationError, match="Function 'id' is not supported"):
            compile("id('x')")

    def test_lang(self) -> None:
        xml = '<data xml:lang="en-GB"><a/><b xml:lang="fr"/></data>'
        assert evaluate("lang('en')", xml, "/data/a") is True
        assert evaluate("lang('EN-gb')", xml, "/data/a") is True
        assert evaluate("lang('fr')", xml, "/data/a") is False
        assert evaluate("lang('fr')", xml, "/data/b") is True
        assert evaluate("lang('en')", "<data/>") is False


class TestStringFunctions:
    def test_string(self) -> None:
        assert ev("string()", "/data/a") == "3"
        assert ev("string(/data/a)") == "3"
        assert ev("string(12.50)") == "12.5"

    def test_concat(self) -> None:
        assert ev("concat('a', 'b', 1, true())") == "ab1true"
        assert ev("concat('x')") == "x"  # ODK allows one argument
        assert ev("concat()") == ""
        # ODK/JavaRosa: every node of a node-set argument is concatenated.
        assert ev("concat(/data/a, '-')") == "34-"
        assert ev("concat(/data/missing, 'z')") == "z"

    @pytest.mark.parametrize(
        ("expression", "expected"),
        [
            ("starts-with('abc', 'ab')", True),
            ("starts-with('abc', '')", True),
            ("starts-with('abc', 'b')", False),
            ("ends-with('abc', 'bc')", True),
            ("ends-with('abc', 'ab')", False),
            ("contains('abc', 'b')", True),
            ("contains('abc', '')", True),
            ("contains('abc', 'd')", False),
            ("contains(/data/a, '4')", False),  # only the first node counts
        ],
    )
    def test_predicates(self, expression: str, expected: bool) -> None:
        assert ev(expression) is expected

    def test_substring_before_after(self) -> None:
        assert ev("substring-before('1999/04/01', '/')") == "1999"
        assert ev("substring-after('1999/04/01', '/')") == "04/01"
        assert ev("substring-after('1999/04/01', '19')") == "99/04/01"
        assert ev("substring-before('abc', 'x')") == ""
        assert ev("substring-after('abc', 'x')") == ""
        assert ev("substring-before('abc', '')") == ""
        assert ev("substring-after('abc', '')") == "abc"

    @pytest.mark.parametrize(
        ("expression", "expected"),
        [
            # The examples of XPath 1.0 section 4.2.
            ("substring('12345', 2, 3)", "234"),
            ("substring('12345', 2)", "2345"),
            ("substring('12345', 1.5, 2.6)", "234"),
            ("substring('12345', 0, 3)", "12"),
            ("substring('12345', 0 div 0, 3)", ""),
            ("substring('12345', 1, 0 div 0)", ""),
            ("substring('12345', -42, 1 div 0)", "12345"),
            ("substring('12345', -1 div 0, 1 div 0)", ""),
            ("substring('12345', 4, 100)", "45"),
            ("substring('12345', 6)", ""),
            ("substring('12345', 1 div 0)", ""),
            ("substring('12345', -1)", "12345"),
            ("substring('12345', 2, -1)", ""),
            ("substring('', 1, 1)", ""),
        ],
    )
    def test_substring(self, expression: str, expected: str) -> None:
        assert ev(expression) == expected

    def test_string_length(self) -> None:
        assert ev("string-length('abc')") == 3.0
        assert ev("string-length('')") == 0.0
        assert ev("string-length()", "/data/s") == 19.0
        assert ev("string-length(/data/missing)") == 0.0
        assert ev("string-length('żółw')") == 4.0

    def test_normalize_space(self) -> None:
        assert ev("normalize-space(/data/s)") == "hello big world"
        assert ev("normalize-space()", "/data/s") == "hello big world"
        assert ev("normalize-space('  ')") == ""
        # Only XML whitespace collapses; a no-break space is content.
        assert ev("normalize-space(' a\u00a0b ')") == "a\u00a0b"

    def test_translate(self) -> None:
        assert ev("translate('bar', 'abc', 'ABC')") == "BAr"
        assert ev("translate('--aaa--', 'abc-', 'ABC')") == "AAA"
        assert ev("translate('abc', 'aa', 'xy')") == "xbc"  # first occurrence wins
        assert ev("translate('abc', '', 'xyz')") == "abc"


class TestBooleanFunctions:
    def test_basics(self) -> None:
        assert ev("true()") is True
        assert ev("false()") is False
        assert ev("not(true())") is False
        assert ev("not('')") is True
        assert ev("not(/data/missing)") is True
        assert ev("boolean(/data/e)") is True


class TestNumberFunctions:
    def test_number(self) -> None:
        assert ev("number('  4.5 ')") == 4.5
        assert ev("number()", "/data/a") == 3.0
        assert ev("number(/data/n)") == -2.5
        assert math.isnan(ev("number('x')"))

    def test_sum(self) -> None:
        assert ev("sum(/data/a)") == 7.0
        assert ev("sum(/data/missing)") == 0.0
        assert ev("sum(/data/a | /data/n)") == 4.5
        # XPath 1.0 (and the ODK spec): one non-numeric node makes it NaN.
        assert math.isnan(ev("sum(/data/a | /data/e)"))
        with pytest.raises(XPathEvaluationError, match="node-set"):
            ev("sum(3)")

    def test_sum_is_exact_for_decimals(self) -> None:
        xml = "<d><v>0.1</v><v>0.2</v><v>0.3</v></d>"
        assert evaluate("sum(/d/v)", xml) == 0.6

    @pytest.mark.parametrize(
        ("expression", "expected"),
        [
            ("floor(2.7)", 2.0),
            ("floor(-2.2)", -3.0),
            ("floor(5)", 5.0),
            ("ceiling(2.1)", 3.0),
            ("ceiling(-2.7)", -2.0),
            ("round(2.5)", 3.0),
            ("round(-2.5)", -2.0),
            ("round(2.4999)", 2.0),
            ("round(-2.6)", -3.0),
            ("round(0.49999999999999994)", 0.0),
            ("round(1.5)", 2.0),
            ("round(1 div 0)", math.inf),
            ("round(123456789012345678)", 123456789012345678.0),
        ],
    )
    def test_rounding(self, expression: str, expected: float) -> None:
        assert ev(expression) == expected

    def test_negative_zero_results(self) -> None:
        assert math.copysign(1, ev("ceiling(-0.5)")) == -1
        assert math.copysign(1, ev("round(-0.2)")) == -1
        assert ev("string(round(-0.2))") == "0"

    def test_nan_stays_nan(self) -> None:
        for fn in ("floor", "ceiling", "round"):
            assert math.isnan(ev(f"{fn}('x')"))


class TestArity:
    @pytest.mark.parametrize(
        ("expression", "message"),
        [
            ("true(1)", "Function 'true' takes 0 arguments, 1 given"),
            ("not()", "Function 'not' takes 1 argument, 0 given"),
            ("substring('a')", "Function 'substring' takes 2 to 3 arguments, 1 given"),
            ("contains('a')", "takes 2 arguments"),
            ("translate('a', 'b')", "takes 3 arguments"),
            ("count()", "takes 1 argument"),
            ("string(1, 2)", "takes 0 to 1 arguments"),
            ("round(1, 2, 3)", "takes 1 to 2 arguments"),
            ("last(1)", "takes 0 arguments"),
            ("position(1, 2)", "takes 0 to 1 arguments"),
        ],
    )
    def test_arity_errors_are_raised_at_compile_time(self, expression: str, message: str) -> None:
        with pytest.raises(XPathEvaluationError, match=message.replace("(", r"\(")):
            compile(expression)

    def test_unknown_function_is_named(self) -> None:
        with pytest.raises(XPathEvaluationError, match="Unknown function 'frobnicate'"):
            evaluate("frobnicate(1)")
        with pytest.raises(ValueError, match="'lower-case'"):
            evaluate("lower-case('A')")
