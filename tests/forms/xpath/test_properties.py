"""Property-based tests for conversions and comparisons."""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from hypothesis import given
from hypothesis import strategies as st

from fieldkit.forms.xpath import evaluate
from fieldkit.forms.xpath.values import (
    compare,
    number_to_string,
    numbers_equal,
    string_to_number,
    to_boolean,
    to_number,
    to_string,
)

finite = st.floats(allow_nan=False, allow_infinity=False)
XPATH_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?)")
# Text that can sit inside an XPath literal and an XML element unchanged.
plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="'\"&<>"),
    max_size=20,
)


def literal(x: float) -> str:
    """An XPath expression for the number x (XPath literals have no exponent or sign)."""
    text = number_to_string(abs(x))
    return f"-{text}" if math.copysign(1.0, x) < 0 and x != 0 else text


@given(finite)
def test_number_of_string_round_trips(x: float) -> None:
    text = number_to_string(x)
    assert string_to_number(text) == x


@given(finite)
def test_printed_numbers_use_xpath_number_syntax(x: float) -> None:
    text = number_to_string(x)
    assert XPATH_NUMBER.fullmatch(text), text
    assert not text.endswith(".0")


@given(finite)
def test_round_trip_through_the_evaluator(x: float) -> None:
    assert evaluate(f"number(string({literal(x)}))") == x


@given(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.integers(min_value=0, max_value=6),
)
def test_decimal_strings_round_trip(unscaled: int, scale: int) -> None:
    digits = str(abs(unscaled)).rjust(scale + 1, "0")
    text = digits[: len(digits) - scale] + ("." + digits[-scale:] if scale else "")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if unscaled < 0 and text != "0":
        text = "-" + text
    assert number_to_string(string_to_number(text)) == text
    assert evaluate(f"string(number('{text}'))") == text


@given(st.integers(min_value=-(2**53), max_value=2**53))
def test_integers_print_without_a_decimal_point(n: int) -> None:
    assert number_to_string(float(n)) == str(n)


@given(st.floats())
def test_boolean_of_number(x: float) -> None:
    assert to_boolean(x) is (x != 0 and not math.isnan(x))


@given(plain_text)
def test_boolean_and_string_of_string(text: str) -> None:
    assert to_boolean(text) is (len(text) > 0)
    assert evaluate(f"boolean('{text}')") is (len(text) > 0)
    assert evaluate(f"string('{text}')") == text


@given(plain_text)
def test_node_values_convert_like_their_strings(text: str) -> None:
    xml = f"<d><v>{escape(text)}</v></d>"
    assert evaluate("string(/d/v)", xml) == text
    number = evaluate("number(/d/v)", xml)
    expected = string_to_number(text)
    assert number == expected or (math.isnan(float(number)) and math.isnan(expected))
    assert evaluate("boolean(/d/v)", xml) is True  # a node exists, whatever its text


@given(finite, finite)
def test_numeric_comparisons_are_symmetric(a: float, b: float) -> None:
    left, right = literal(a), literal(b)
    assert evaluate(f"{left} < {right}") is evaluate(f"{right} > {left}") is (a < b)
    assert evaluate(f"{left} <= {right}") is evaluate(f"{right} >= {left}") is (a <= b)
    # Equality has JavaRosa's tolerance (values.EQUALITY_TOLERANCE).
    assert evaluate(f"{left} = {right}") is evaluate(f"{right} = {left}") is numbers_equal(a, b)


@given(plain_text, plain_text)
def test_string_comparisons_are_symmetric(a: str, b: str) -> None:
    for op, mirrored in (("<", ">"), ("<=", ">="), ("=", "="), ("!=", "!=")):
        assert compare(op, a, b) is compare(mirrored, b, a)
        assert evaluate(f"'{a}' {op} '{b}'") is evaluate(f"'{b}' {mirrored} '{a}'")
    assert compare("=", a, b) is (a == b)
    # Relational operators compare numbers, so non-numeric strings never order.
    assert compare("<", a, b) is (to_number(a) < to_number(b))


@given(st.lists(st.integers(min_value=-50, max_value=50), max_size=6), st.integers(-60, 60))
def test_node_set_comparisons_are_existential(values: list[int], x: int) -> None:
    xml = "<d>" + "".join(f"<v>{v}</v>" for v in values) + "</d>"
    assert evaluate(f"/d/v = {x}", xml) is any(v == x for v in values)
    assert evaluate(f"/d/v != {x}", xml) is any(v != x for v in values)
    assert evaluate(f"/d/v < {x}", xml) is any(v < x for v in values)
    assert evaluate(f"{x} > /d/v", xml) is any(v < x for v in values)
    assert evaluate(f"/d/v >= {x}", xml) is any(v >= x for v in values)


@given(st.integers(-1000, 1000), st.integers(-1000, 1000).filter(lambda n: n != 0))
def test_mod_truncates_like_java(a: int, b: int) -> None:
    result = evaluate(f"{literal(float(a))} mod {literal(float(b))}")
    assert result == math.fmod(a, b)
    assert a == b * int(a / b) + result


@given(plain_text, st.integers(-3, 25), st.integers(-3, 25))
def test_substring_matches_slicing_for_integers(text: str, start: int, length: int) -> None:
    expected = "".join(ch for i, ch in enumerate(text, 1) if start <= i < start + length)
    expression = f"substring('{text}', {literal(float(start))}, {literal(float(length))})"
    assert evaluate(expression) == expected


@given(finite)
def test_string_of_number_is_stable(x: float) -> None:
    assert to_string(string_to_number(to_string(x))) == to_string(x)


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False))
def test_round_is_floor_of_x_plus_a_half(x: float) -> None:
    # Exact arithmetic: ties go toward positive infinity, no double-rounding slips.
    expected = math.floor(Decimal(x) + Decimal("0.5"))
    assert evaluate(f"round({literal(x)})") == expected


@given(st.dates(), st.dates())
def test_date_strings_order_and_subtract_like_dates(a: date, b: date) -> None:
    assert evaluate(f"'{a.isoformat()}' < '{b.isoformat()}'") is (a < b)
    assert evaluate(f"'{a.isoformat()}' - '{b.isoformat()}'") == (a - b).days
    assert evaluate(f"date(number('{a.isoformat()}'))") == a.isoformat()
