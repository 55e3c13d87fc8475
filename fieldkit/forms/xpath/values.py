"""XPath values and the XPath 1.0 type conversion and comparison rules.

Values are plain Python objects: ``bool``, ``float``, ``str`` and node-sets,
which are ``list[Node]`` in document order without duplicates.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TypeAlias

from .dates import date_string_to_days
from .nodes import Node

NodeSet: TypeAlias = "list[Node]"
Value: TypeAlias = "bool | float | str | list[Node]"

NAN = math.nan
INF = math.inf

# XPath 1.0 Number: no exponent, no leading '+', no Infinity/NaN literals.
_NUMBER_RE = re.compile(r"[ \t\r\n]*(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))[ \t\r\n]*")


def string_to_number(text: str) -> float:
    """number() of a string.

    XPath 1.0 rules, plus the ODK extension: date and dateTime strings
    (``2024-01-31``, ``2024-01-31T12:00:00.000+02:00``) become days since
    1970-01-01, fractional for dateTimes.
    """
    if text.isdigit() and text.isascii():  # fast path for the commonest case
        return float(text)
    m = _NUMBER_RE.fullmatch(text)
    if m is not None:
        return float(m.group(1))
    return date_string_to_days(text)


def number_to_string(x: float) -> str:
    """string() of a number: no exponent, no trailing '.0', shortest round-trip digits."""
    if math.isnan(x):
        return "NaN"
    if x == INF:
        return "Infinity"
    if x == -INF:
        return "-Infinity"
    if x.is_integer() and -1e16 < x < 1e16:
        return str(int(x))  # also turns -0.0 into "0"
    text = repr(x)
    if "e" not in text:
        return text
    text = format(Decimal(text), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def to_string(value: Value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return value[0].string_value if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return number_to_string(value)


def to_number(value: Value) -> float:
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        return string_to_number(value)
    if isinstance(value, list):
        return string_to_number(value[0].string_value) if value else NAN
    return 1.0 if value else 0.0


def to_boolean(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value != 0.0 and not math.isnan(value)
    return len(value) > 0  # strings: non-empty; node-sets: non-empty


def type_name(value: Value) -> str:
    if isinstance(value, list):
        return "node-set"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float):
        return "number"
    return "string"


# -- comparisons (XPath 1.0 section 3.4) ------------------------------------

_EQUALITY = frozenset({"=", "!="})
_REVERSED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
RELATIONAL_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


#: JavaRosa's XPathEqExpr calls numbers equal closer than this, so that
#: ``6.1 - 7.8 = -1.7`` holds although binary floating point misses by 2e-16.
EQUALITY_TOLERANCE = 1.0e-12


def numbers_equal(a: float, b: float) -> bool:
    return a == b or abs(a - b) < EQUALITY_TOLERANCE


def compare(op: str, left: Value, right: Value) -> bool:
    """Evaluate ``left op right`` for any of = != < <= > >=."""
    left_is_set = isinstance(left, list)
    right_is_set = isinstance(right, list)
    if left_is_set or right_is_set:
        if not left_is_set:  # keep the node-set on the left
            left, right = right, left
            op = _REVERSED[op]
        return _compare_node_set(op, left, right)  # type: ignore[arg-type]
    if op in _EQUALITY:
        if isinstance(left, bool) or isinstance(right, bool):
            equal = to_boolean(left) == to_boolean(right)
        elif isinstance(left, float) or isinstance(right, float):
            equal = numbers_equal(to_number(left), to_number(right))
        else:
            equal = left == right
        return equal if op == "=" else not equal
    return RELATIONAL_OPS[op](to_number(left), to_number(right))


def _compare_node_set(op: str, nodes: list[Node], other: Value) -> bool:
    """Existential comparison: true if the comparison holds for any node."""
    if isinstance(other, bool):
        return compare(op, bool(nodes), other)
    if len(nodes) == 1 and not isinstance(other, list):  # fast path: a single question
        return compare(op, nodes[0].string_value, other)
    equality = op in _EQUALITY
    if isinstance(other, list):
        if not nodes or not other:
            return False
        if equality:
            left_strings = {n.string_value for n in nodes}
            right_strings = {n.string_value for n in other}
            if op == "=":
                return not left_strings.isdisjoint(right_strings)
            # Some pair differs unless both sides hold one and the same string.
            return len(left_strings) > 1 or len(right_strings) > 1 or left_strings != right_strings
        test = RELATIONAL_OPS[op]
        right_numbers = [string_to_number(n.string_value) for n in other]
        return any(
            test(a, b)
            for a in (string_to_number(n.string_value) for n in nodes)
            for b in right_numbers
        )
    if isinstance(other, float):
        if op == "=":
            return any(numbers_equal(string_to_number(n.string_value), other) for n in nodes)
        if op == "!=":
            return any(
                not numbers_equal(string_to_number(n.string_value), other) for n in nodes
            )
        test = RELATIONAL_OPS[op]
        return any(test(string_to_number(n.string_value), other) for n in nodes)
    if op == "=":
        return any(n.string_value == other for n in nodes)
    if op == "!=":
        return any(n.string_value != other for n in nodes)
    test = RELATIONAL_OPS[op]
    number = string_to_number(other)
    return any(test(string_to_number(n.string_value), number) for n in nodes)
