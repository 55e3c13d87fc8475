"""XPath 1.0 type conversions: string(), number(), boolean() and number formatting."""

from __future__ import annotations

import math

import pytest

from fieldkit.forms.xpath import evaluate
from fieldkit.forms.xpath.values import number_to_string, string_to_number


class TestNumberOfString:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("12", 12.0),
            (" 12 ", 12.0),
            ("\t\n-3.5\r ", -3.5),
            ("1.", 1.0),
            (".5", 0.5),
            ("-.5", -0.5),
            ("007", 7.0),
        ],
    )
    def test_valid_numbers(self, text: str, expected: float) -> None:
        assert string_to_number(text) == expected
        assert evaluate(f"number('{text}')") == expected

    @pytest.mark.parametrize(
        "text",
        [
            "",
            " ",
            "abc",
            "1e3",
            "1E3",
            "+5",
            "1,5",
            "--1",
            "-",
            ".",
            "1.2.3",
            "Infinity",
            "NaN",
            "0x10",
            "1 2",
            "\u0661",
        ],
    )
    def test_invalid_numbers_are_nan(self, text: str) -> None:
        # XPath has no exponent/sign/locale syntax; JavaRosa agrees on "1e3".
        assert math.isnan(string_to_number(text))

    def test_date_strings_are_days_since_epoch(self) -> None:
        assert string_to_number("1970-01-01") == 0.0
        assert string_to_number("2024-01-02") == 19724.0
        assert string_to_number("1969-12-31") == -1.0
        assert string_to_number("2024-01-02T12:00:00") == 19724.5
        assert string_to_number(" 2024-01-02T06:00:00.000+02:00 ") == 19724.25

    def test_invalid_dates_are_nan(self) -> None:
        assert math.isnan(string_to_number("2023-02-30"))
        assert math.isnan(string_to_number("2024-1-2"))
        assert math.isnan(string_to_number("2024-01-02T25:00"))


class TestStringOfNumber:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (1.0, "1"),
            (-0.0, "0"),
            (0.0, "0"),
            (3.0, "3"),
            (-42.0, "-42"),
            (0.5, "0.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e-7, "0.0000001"),
            (1.5e-10, "0.00000000015"),
            (1e21, "1000000000000000000000"),
            (123456789012345680.0, "123456789012345680"),
            (1.7976931348623157e308, "17976931348623157" + "0" * 292),
            (math.nan, "NaN"),
            (math.inf, "Infinity"),
            (-math.inf, "-Infinity"),
        ],
    )
    def test_formatting(self, value: float, expected: str) -> None:
        assert number_to_string(value) == expected

    def test_via_string_function(self) -> None:
        assert evaluate("string(0 div 0)") == "NaN"
        assert evaluate("string(1 div 0)") == "Infinity"
        assert evaluate("string(-1 div 0)") == "-Infinity"
        assert evaluate("string(-0)") == "0"
        assert evaluate("string(1.0)") == "1"
        assert evaluate("string(0.1 + 0.2)") == "0.30000000000000004"
        assert evaluate("string(10 div 4)") == "2.5"


class TestBoolean:
    @pytest.mark.parametrize(
        ("expression", "expected"),
        [
            ("boolean(0)", False),
            ("boolean(-0)", False),
            ("boolean(0 div 0)", False),
            ("boolean(0.001)", True),
            ("boolean(-1)", True),
            ("boolean(1 div 0)", True),
            ("boolean('')", False),
            ("boolean(' ')", True),
            ("boolean('false')", True),
            ("boolean('0')", True),
            ("boolean(/data/a)", True),
            ("boolean(/data/empty)", True),
            ("boolean(/data/missing)", False),
        ],
    )
    def test_rules(self, expression: str, expected: bool) -> None:
        assert evaluate(expression, "<data><a>1</a><empty/></data>") is expected

    def test_boolean_to_number_and_string(self) -> None:
        assert evaluate("number(true())") == 1.0
        assert evaluate("number(false())") == 0.0
        assert evaluate("string(true())") == "true"
        assert evaluate("true() + true()") == 2.0


class TestNodeSetConversions:
    XML = "<data><a> 7 </a><a>8</a><b/><c>x<d>y</d>z</c></data>"

    def test_string_of_node_set_is_first_node(self) -> None:
        assert evaluate("string(/data/a)", self.XML) == " 7 "
        assert evaluate("/data/a", self.XML) == " 7 "
        assert evaluate("string(/data/missing)", self.XML) == ""

    def test_number_of_node_set(self) -> None:
        assert evaluate("number(/data/a)", self.XML) == 7.0
        assert math.isnan(float(evaluate("number(/data/b)", self.XML)))
        assert math.isnan(float(evaluate("number(/data/missing)", self.XML)))

    def test_string_value_concatenates_descendant_text(self) -> None:
        assert evaluate("string(/data/c)", self.XML) == "xyz"
        assert evaluate("string(/)", self.XML) == " 7 8xyz"

    def test_indentation_is_not_part_of_string_values(self) -> None:
        xml = "<data>\n  <a>1</a>\n  <b>2</b>\n</data>"
        assert evaluate("string(/data)", xml) == "12"
        assert evaluate("count(/data/node())", xml) == 2.0


class TestResultParameter:
    XML = "<data><a>3</a><b/></data>"

    def test_any(self) -> None:
        assert evaluate("/data/a", self.XML) == "3"
        assert evaluate("/data/a + 0", self.XML) == 3.0
        assert isinstance(evaluate("1", self.XML), float)
        assert evaluate("/data/a = 3", self.XML) is True

    def test_explicit_conversions(self) -> None:
        assert evaluate("/data/a", self.XML, result="number") == 3.0
        assert evaluate("/data/b", self.XML, result="boolean") is True
        assert evaluate("/data/zz", self.XML, result="boolean") is False
        assert evaluate("1 = 1", self.XML, result="string") == "true"
        assert evaluate("2 div 2", self.XML, result="string") == "1"
        assert math.isnan(float(evaluate("'x'", self.XML, result="number")))

    def test_unknown_result_type(self) -> None:
        with pytest.raises(ValueError, match="result must be"):
            evaluate("1", result="integer")
