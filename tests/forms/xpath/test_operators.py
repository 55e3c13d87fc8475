"""Operators: arithmetic, logic and the comparison rules of XPath 1.0 section 3.4."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from fieldkit.forms.xpath import XPathEvaluationError, evaluate

NUMS = "<data><n>1</n><n>5</n><n>9</n><s>a</s><s>b</s><e/><one>1</one><x>abc</x></data>"


def ev(expression: str) -> Any:
    return evaluate(expression, NUMS)


class TestArithmetic:
    @pytest.mark.parametrize(
        ("expression", "expected"),
        [
            ("1 + 2", 3.0),
            ("5 - 7", -2.0),
            ("3 * 4", 12.0),
            ("7 div 2", 3.5),
            ("5 mod 2", 1.0),
            ("-5 mod 2", -1.0),
            ("5 mod -2", 1.0),
            ("-5 mod -2", -1.0),
            ("5.5 mod 2", 1.5),
            ("-(3)", -3.0),
            ("- - 3", 3.0),
            ("2 - -2", 4.0),
            ("'3' + '4'", 7.0),
            ("true() + 1", 2.0),
            ("/data/one * 10", 10.0),
        ],
    )
    def test_values(self, expression: str, expected: float) -> None:
        assert ev(expression) == expected

    def test_division_by_zero(self) -> None:
        assert ev("1 div 0") == math.inf
        assert ev("-1 div 0") == -math.inf
        assert ev("1 div -0") == -math.inf
        assert math.isnan(ev("0 div 0"))

    def test_mod_edge_cases(self) -> None:
        assert math.isnan(ev("5 mod 0"))
        assert math.isnan(ev("(1 div 0) mod 3"))
        assert ev("5 mod (1 div 0)") == 5.0

    def test_nan_propagates(self) -> None:
        assert math.isnan(ev("'' + 1"))
        assert math.isnan(ev("/data/e + 1"))
        assert math.isnan(ev("/data/missing * 2"))
        assert math.isnan(ev("/data/x - 1"))

    def test_arithmetic_on_node_set_uses_first_node(self) -> None:
        assert ev("/data/n + 1") == 2.0


class TestLogic:
    def test_and_or(self) -> None:
        assert ev("true() and false()") is False
        assert ev("true() or false()") is True
        assert ev("1 and 'x'") is True
        assert ev("0 or ''") is False

    def test_short_circuit(self) -> None:
        # The unknown instance would raise if the right side were evaluated.
        assert ev("false() and instance('nope')/x") is False
        assert ev("true() or instance('nope')/x") is True
        with pytest.raises(XPathEvaluationError):
            ev("true() and instance('nope')/x")

    def test_and_binds_tighter_than_or(self) -> None:
        assert ev("true() or false() and false()") is True


class TestScalarComparisons:
    @pytest.mark.parametrize(
        ("expression", "expected"),
        [
            ("1 = 1.0", True),
            ("1 != 1", False),
            ("'1' = 1", True),  # number wins over string
            ("'1.0' = '1'", False),  # both strings: compared as strings
            ("'abc' = 'abc'", True),
            ("true() = 'x'", True),  # boolean wins
            ("false() = ''", True),
            ("true() = 2", True),
            ("false() = 0", True),
            ("0 div 0 = 0 div 0", False),
            ("0 div 0 != 0 div 0", True),
            ("2 < 10", True),
            ("'2' < '10'", True),  # relational: always numbers
            ("'a' < 'b'", False),  # NaN
            ("'a' >= 'a'", False),
            ("true() > false()", True),
            ("1 <= 1", True),
            ("1 >= 2", False),
            ("'2024-01-02' < '2024-02-01'", True),  # ODK: dates compare as days
            ("'2024-01-02T10:00:00' > '2024-01-02'", True),
            ("1 < 2 < 3", True),  # (1 < 2) < 3 -> true < 3 -> 1 < 3
            ("3 > 2 > 1", False),
        ],
    )
    def test_rules(self, expression: str, expected: bool) -> None:
        assert ev(expression) is expected


class TestNodeSetComparisons:
    """Existential semantics: true if the comparison holds for some node."""

    @pytest.mark.parametrize(
        ("expression", "expected"),
        [
            ("/data/n = 5", True),
            ("/data/n = 4", False),
            ("/data/n != 5", True),  # 1 != 5
            ("/data/one != 1", False),
            ("/data/n = '5'", True),
            ("/data/n = '05'", False),  # string comparison with a string
            ("/data/n = 5.0", True),
            ("/data/n > 8", True),
            ("/data/n > 9", False),
            ("/data/n < 2", True),
            ("/data/n >= 9", True),
            ("/data/n <= 0", False),
            ("5 = /data/n", True),
            ("8 < /data/n", True),  # swapped operands keep their meaning
            ("9 < /data/n", False),
            ("'9' > /data/n", True),
            ("/data/n = /data/one", True),
            ("/data/n != /data/one", True),
            ("/data/one != /data/one", False),
            ("/data/s = /data/n", False),
            ("/data/n < /data/n", True),
            ("/data/n > /data/one", True),
            ("/data/s != /data/s", True),
            ("/data/missing = /data/missing", False),
            ("/data/missing != /data/missing", False),
            ("/data/missing = ''", False),
            ("/data/missing != ''", False),
            ("/data/e = ''", True),
            ("/data/missing = 0", False),
            ("/data/missing != 0", False),
            ("/data/missing = false()", True),  # boolean(empty) = false
            ("/data/e = true()", True),  # boolean(non-empty) = true
            ("/data/n = true()", True),
            ("/data/missing < true()", True),  # 0 < 1
        ],
    )
    def test_rules(self, expression: str, expected: bool) -> None:
        assert ev(expression) is expected


@pytest.mark.parametrize("op", ["=", "!=", "<", "<=", ">", ">="])
def test_comparisons_return_booleans(op: str) -> None:
    check: Callable[[str], Any] = ev
    assert isinstance(check(f"/data/n {op} 3"), bool)
    assert isinstance(check(f"'a' {op} 'b'"), bool)
