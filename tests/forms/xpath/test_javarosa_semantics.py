"""Where JavaRosa (what ODK Collect runs) differs from plain XPath 1.0, the engine
follows JavaRosa (F14 item 3); each case below is one of JavaRosa's own tests."""

from __future__ import annotations

import pytest

from fieldkit.forms.xpath import XPathEvaluationError, XPathSyntaxError, evaluate


def test_numeric_equality_has_javarosa_tolerance() -> None:
    assert evaluate("6.1 - 7.8 = -1.7") is True
    assert evaluate("6.1 - 7.8 != -1.7") is False
    assert evaluate("/d/x = -1.7", "<d><x>-1.6999999999999993</x></d>") is True
    assert evaluate("0.1 = 0.1000001") is False  # a real difference stays one


def test_boolean_from_string_is_case_sensitive() -> None:
    assert evaluate("boolean-from-string('true')") is True
    assert evaluate("boolean-from-string('True')") is False
    assert evaluate("boolean-from-string(1.0)") is True
    assert evaluate("boolean-from-string(1.0001)") is False


def test_checklist_counts_non_empty_text_and_non_zero_numbers() -> None:
    # JavaRosa's toBoolean(): any non-empty string is true, a number if not 0.
    assert evaluate("checklist(3, 3, 'no', 'yes', 2)") is True
    assert evaluate("checklist(-1, 1, '', 0, 'x')") is True
    assert evaluate("weighted-checklist(3, 3, 'no', 1, '', 5, -1, 2)") is True


def test_randomize_with_a_negative_seed_uses_javas_remainder() -> None:
    xml = "<d>" + "".join(f"<i>{n}</i>" for n in range(1, 6)) + "</d>"

    def order(seed: int) -> list[str]:
        return [
            str(evaluate(f"randomize(/d/i, {seed})[{k}]", xml)) for k in range(1, 6)
        ]

    # Java: -5 % 2147483647 == -5, then + 2147483646 -> seed 2147483641.
    assert order(-5) == order(2147483641)
    assert order(-5) != order(5)


def test_count_non_empty_never_counts_a_group() -> None:
    xml = "<d><g><a>1</a></g><b>2</b><c/></d>"
    assert evaluate("count-non-empty(/d/*)", xml) == 1.0


def test_decimal_date_time_of_a_number_as_text_is_an_error() -> None:
    with pytest.raises(XPathEvaluationError, match="can't be converted"):
        evaluate("decimal-date-time('-1000')")
    assert evaluate("decimal-date-time(-1000)") == -1000.0
    assert evaluate("decimal-date-time('1970-01-02')") == 1.0


def test_numbers_with_exponents() -> None:
    assert evaluate("1e3 + 1") == 1001.0
    assert evaluate("2.5E-1 * 4") == 1.0
    with pytest.raises(XPathSyntaxError):
        evaluate("1e")  # an exponent needs digits: '1' then the name 'e'
