"""ODK XForms functions."""

from __future__ import annotations

import base64
import hashlib
import math
import random
import re
from collections.abc import Callable
from typing import Any

import pytest

from fieldkit.forms.xpath import XPathEvaluationError, compile, evaluate

Ev = Callable[..., Any]


class TestControlFlow:
    def test_if(self, ev: Ev) -> None:
        assert ev("if(/data/age > 18, 'adult', 'child')") == "adult"
        assert ev("if('', 1, 2)") == 2.0
        assert ev("if(/data/missing, 1, 2)") == 2.0

    def test_if_evaluates_only_the_chosen_branch(self, ev: Ev) -> None:
        assert ev("if(true(), 'ok', instance('nope')/x)") == "ok"
        assert ev("if(false(), instance('nope')/x, 'ok')") == "ok"

    def test_coalesce(self, ev: Ev) -> None:
        assert ev("coalesce(/data/name, 'x')") == "Ana"
        assert ev("coalesce(/data/empty, 'x')") == "x"
        assert ev("coalesce(/data/missing, /data/age)") == "34"
        assert ev("coalesce(number('a'), 5)") == 5.0
        assert ev("coalesce('', '')") == ""
        assert ev("coalesce(false(), 1)") is False
        assert ev("coalesce('a', instance('nope')/x)") == "a"

    def test_once(self, ev: Ev) -> None:
        assert ev("once(concat('new-', /data/age))", "/data/name") == "Ana"
        assert ev("once(concat('new-', /data/age))", "/data/empty") == "new-34"

    def test_arity(self) -> None:
        with pytest.raises(XPathEvaluationError, match="'if' takes 3 arguments, 2 given"):
            compile("if(1, 2)")
        with pytest.raises(XPathEvaluationError, match="'coalesce' takes 2"):
            compile("coalesce(1)")
        with pytest.raises(XPathEvaluationError, match="'once' takes 1"):
            compile("once()")


class TestSelectFunctions:
    def test_selected(self, ev: Ev) -> None:
        assert ev("selected(/data/colors, 'blue')") is True
        assert ev("selected(/data/colors, ' green ')") is True
        assert ev("selected(/data/colors, 'gre')") is False
        assert ev("selected(/data/colors, '')") is False
        assert ev("selected('a b', 'a b')") is False
        assert ev("selected(/data/empty, 'a')") is False
        assert ev("is-selected('x y', 'y')") is True

    def test_count_selected(self, ev: Ev) -> None:
        assert ev("count-selected(/data/colors)") == 3.0
        assert ev("count-selected(/data/empty)") == 0.0
        assert ev("count-selected('  a  ')") == 1.0

    def test_selected_at(self, ev: Ev) -> None:
        assert ev("selected-at(/data/colors, 0)") == "red"
        assert ev("selected-at(/data/colors, 2)") == "green"
        assert ev("selected-at(/data/colors, 3)") == ""
        assert ev("selected-at(/data/colors, -1)") == ""
        assert ev("selected-at(/data/colors, '1')") == "blue"
        assert ev("selected-at(/data/colors, 1.9)") == "blue"

    def test_choice_name_uses_the_hook(self, ev: Ev) -> None:
        calls: list[tuple[str, str]] = []

        def labels(value: str, path: str) -> str | None:
            calls.append((value, path))
            return {"ro": "Romania"}.get(value)

        assert ev("jr:choice-name(/data/country, ' /data/country ')", choice_labels=labels) == (
            "Romania"
        )
        assert calls == [("ro", "/data/country")]
        assert ev("jr:choice-name('xx', '/data/country')", choice_labels=labels) == ""

    def test_choice_name_without_hook_is_empty(self, ev: Ev) -> None:
        assert ev("jr:choice-name(/data/country, '/data/country')") == ""


class TestStringFunctions:
    def test_join(self, ev: Ev) -> None:
        assert ev("join(', ', /data/hh/member/m_name)") == "Ana, Bo, Cy"
        assert ev("join('-', 'a', 'b', 3)") == "a-b-3"
        assert ev("join('-', /data/missing)") == ""
        assert ev("join('-')") == ""

    @pytest.mark.parametrize(
        ("expression", "expected"),
        [
            ("substr('hello', 1)", "ello"),
            ("substr('hello', 1, 3)", "el"),
            ("substr('hello', 0, 5)", "hello"),
            ("substr('hello', 0, 50)", "hello"),
            ("substr('hello', 3, 1)", ""),
            ("substr('hello', -3)", "llo"),
            ("substr('hello', 1, -1)", "ell"),
            ("substr('hello', 9)", ""),
            ("substr('hello', 'x', 2)", "he"),
        ],
    )
    def test_substr(self, expression: str, expected: str, ev: Ev) -> None:
        assert ev(expression) == expected

    def test_regex(self, ev: Ev) -> None:
        assert ev("regex('abc123', '[0-9]+')") is True
        assert ev("regex('abc', '^[0-9]+$')") is False
        assert ev("regex(/data/age, '^[0-9]{2}$')") is True
        assert ev("regex('', '^$')") is True

    def test_regex_errors(self, ev: Ev) -> None:
        with pytest.raises(XPathEvaluationError, match="invalid pattern"):
            ev("regex('a', '(')")

    def test_uuid(self, ev: Ev) -> None:
        value = ev("uuid()")
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", value
        )
        assert ev("uuid()") != value
        short = ev("uuid(12)")
        assert re.fullmatch(r"[0-9A-Za-z]{12}", short)
        assert ev("uuid(0)") == ""

    def test_uuid_is_reproducible_with_a_seeded_rng(self, ev: Ev) -> None:
        first = ev("uuid()", rng=random.Random(7))
        assert ev("uuid()", rng=random.Random(7)) == first

    def test_digest(self, ev: Ev) -> None:
        expected = base64.b64encode(hashlib.sha256(b"abc").digest()).decode()
        assert ev("digest('abc', 'SHA-256')") == expected
        assert ev("digest('abc', 'MD5', 'hex')") == hashlib.md5(b"abc").hexdigest()
        assert ev("digest('abc', 'sha-1', 'hex')") == hashlib.sha1(b"abc").hexdigest()
        with pytest.raises(XPathEvaluationError, match="unsupported algorithm"):
            ev("digest('abc', 'CRC32')")
        with pytest.raises(XPathEvaluationError, match="unsupported encoding"):
            ev("digest('abc', 'MD5', 'base32')")

    def test_base64_decode(self, ev: Ev) -> None:
        assert ev("base64-decode('aGVsbG8=')") == "hello"
        assert ev("base64-decode('***')") == ""


class TestNumberFunctions:
    @pytest.mark.parametrize(
        ("expression", "expected"),
        [
            ("int(3.9)", 3.0),
            ("int(-3.9)", -3.0),
            ("int('12.5')", 12.0),
            ("round(3.14159, 2)", 3.14),
            ("round(1.005, 2)", 1.01),
            ("round(-1.005, 2)", -1.0),
            ("round(2.675, 2)", 2.68),
            ("round(1234.5, -2)", 1200.0),
            ("round(1250, -2)", 1300.0),
            ("round(-1250, -2)", -1200.0),
            ("round(33.33, -1)", 30.0),
            ("round(2.5, 0)", 3.0),
            ("round(7, 2)", 7.0),
            ("round(2.567, 'x')", 3.0),
            ("pow(2, 10)", 1024.0),
            ("pow(4, 0.5)", 2.0),
            ("pow(0, 0)", 1.0),
            ("pow(0, -1)", math.inf),
            ("pow(2, 2000)", math.inf),
            ("pow(-2, 1025)", -math.inf),
            ("pow(-2, 1026)", math.inf),
            ("abs(-4.5)", 4.5),
            ("log(1)", 0.0),
            ("log(0)", -math.inf),
            ("log10(1000)", 3.0),
            ("log10(0)", -math.inf),
            ("exp(0)", 1.0),
            ("exp(1000)", math.inf),
            ("exp10(3)", 1000.0),
            ("sqrt(16)", 4.0),
            ("sin(0)", 0.0),
            ("cos(0)", 1.0),
            ("tan(0)", 0.0),
            ("asin(1)", math.pi / 2),
            ("acos(1)", 0.0),
            ("atan(1)", math.pi / 4),
            ("atan2(1, 1)", math.pi / 4),
            ("pi()", math.pi),
        ],
    )
    def test_values(self, expression: str, expected: float, ev: Ev) -> None:
        assert ev(expression) == pytest.approx(expected)

    @pytest.mark.parametrize(
        "expression",
        [
            "int('x')",
            "round(2.5, 40)",
            "pow(-8, 1 div 3)",
            "log(-1)",
            "log10(-1)",
            "sqrt(-1)",
            "asin(2)",
            "acos(2)",
            "sin(1 div 0)",
            "abs('x')",
        ],
    )
    def test_nan_results(self, expression: str, ev: Ev) -> None:
        assert math.isnan(ev(expression))

    def test_int_keeps_infinities(self, ev: Ev) -> None:
        assert ev("int(1 div 0)") == math.inf
        assert ev("string(int(-0.5))") == "0"

    def test_min_max(self, ev: Ev) -> None:
        assert ev("max(/data/hh/member/m_age)") == 61.0
        assert ev("min(/data/hh/member/m_age)") == 7.0
        assert ev("max(3, 10, -1)") == 10.0
        assert ev("min(3, 10, -1)") == -1.0
        assert ev("max(/data/hh/member/m_age, 100)") == 100.0
        assert ev("max(-5, -3)") == -3.0

    def test_min_max_nan_cases(self, ev: Ev) -> None:
        assert math.isnan(ev("max(/data/missing)"))
        assert math.isnan(ev("min(/data/hh/member/m_age | /data/empty)"))
        assert math.isnan(ev("max(1, 'x')"))

    def test_count_non_empty(self, ev: Ev) -> None:
        # Groups (hh, grp, meta) have no value of their own and never count (JavaRosa).
        assert ev("count-non-empty(/data/*)") == 4.0
        assert ev("count-non-empty(/data/hh/member/*)") == 6.0
        assert ev("count-non-empty(/data/empty | /data/city)") == 0.0
        with pytest.raises(XPathEvaluationError, match="node-set"):
            ev("count-non-empty('a')")

    def test_random(self, ev: Ev) -> None:
        value = ev("random()")
        assert 0.0 <= value < 1.0
        assert ev("random()", rng=random.Random(3)) == random.Random(3).random()


class TestBooleanFunctions:
    @pytest.mark.parametrize(
        ("argument", "expected"),
        [
            ("'true'", True),
            ("'TRUE'", False),  # case-sensitive, as in JavaRosa
            ("'True'", False),
            ("'1'", True),
            ("'false'", False),
            ("'0'", False),
            ("'yes'", False),
            ("''", False),
            ("1", True),
        ],
    )
    def test_boolean_from_string(self, argument: str, expected: bool, ev: Ev) -> None:
        assert ev(f"boolean-from-string({argument})") is expected

    def test_checklist(self, ev: Ev) -> None:
        assert ev("checklist(2, 3, 1, 0, 1)") is True
        assert ev("checklist(2, 3, 1, 0, 0)") is False
        assert ev("checklist(-1, 1, 1, 1)") is False
        assert ev("checklist(-1, -1, 1, 1, 1)") is True
        assert ev("checklist(1, -1, 'true', 'no', '')") is True
        assert ev("checklist(3, 3, true(), 2, '5')") is True
        assert ev("checklist(3, 3, /data/hh/member/m_age)") is True  # node-set factors

    def test_weighted_checklist(self, ev: Ev) -> None:
        assert ev("weighted-checklist(5, 10, 1, 2, 1, 3)") is True
        assert ev("weighted-checklist(5, 10, 1, 2, 0, 3)") is False
        assert ev("weighted-checklist(-1, 0, 0, 2)") is True
        xml = "<d><f>1</f><f></f><f>1</f><w>2</w><w>5</w><w>4</w></d>"
        assert evaluate("weighted-checklist(6, 6, /d/f, /d/w)", xml) is True
        # An untyped node's text '0' is a non-empty string, which JavaRosa counts.
        zero = "<d><f>1</f><f>0</f><f>1</f><w>2</w><w>5</w><w>4</w></d>"
        assert evaluate("weighted-checklist(11, 11, /d/f, /d/w)", zero) is True
        with pytest.raises(XPathEvaluationError, match="even number"):
            ev("weighted-checklist(1, 2, 1)")
        with pytest.raises(XPathEvaluationError, match="differ in size"):
            evaluate("weighted-checklist(1, 2, /d/f, /d/w[1])", xml)


class TestRepeatFunctions:
    def test_position_of_a_node(self, ev: Ev) -> None:
        assert ev("position(/data/hh/member[3])") == 3.0
        assert ev("position(..)", "/data/hh/member[2]/m_name") == 2.0
        assert ev("position(/data/name)") == 1.0
        assert ev("position(/data/missing)") == 0.0
        with pytest.raises(XPathEvaluationError, match="node-set"):
            ev("position(3)")

    def test_indexed_repeat(self, ev: Ev) -> None:
        assert ev("indexed-repeat(/data/hh/member/m_name, /data/hh/member, 2)") == "Bo"
        assert ev("indexed-repeat(/data/hh/member/m_name, /data/hh/member, 1 + 2)") == "Cy"
        assert ev("indexed-repeat(/data/hh/member/m_name, /data/hh/member, 9)") == ""
        # Unanswered (NaN) or non-positive indexes mean the first instance, as in JavaRosa.
        assert ev("indexed-repeat(/data/hh/member/m_name, /data/hh/member, /data/empty)") == "Ana"
        assert ev("indexed-repeat(/data/hh/member/m_age, /data/hh/member, 0) + 1") == 35.0

    def test_indexed_repeat_with_relative_paths(self, ev: Ev) -> None:
        expr = "indexed-repeat(../../member/m_age, ../../member, position(..) + 1)"
        assert ev(expr, "/data/hh/member[1]/m_name") == "7"

    def test_nested_indexed_repeat(self) -> None:
        xml = (
            "<d><r><n>1</n><s><v>a</v></s><s><v>b</v></s></r>"
            "<r><n>2</n><s><v>c</v></s><s><v>d</v></s><s><v>e</v></s></r></d>"
        )
        assert evaluate("indexed-repeat(/d/r/s/v, /d/r, 2, /d/r/s, 3)", xml) == "e"
        assert evaluate("indexed-repeat(/d/r/s/v, /d/r, 1, /d/r/s, 2)", xml) == "b"
        assert evaluate("indexed-repeat(/d/r/s/v, /d/r, 1, /d/r/s, 3)", xml) == ""
        assert evaluate("count(indexed-repeat(/d/r/s/v, /d/r, 2))", xml) == 3.0

    def test_indexed_repeat_checks_its_arguments(self) -> None:
        with pytest.raises(XPathEvaluationError, match="3, 5, 7, 9 or 11"):
            compile("indexed-repeat(/a, /b, 1, /c)")
        with pytest.raises(XPathEvaluationError, match="takes 3 to 11"):
            compile("indexed-repeat(/a, /b)")
        with pytest.raises(XPathEvaluationError, match="argument 2 must be a path"):
            compile("indexed-repeat(/a, 'b', 1)")
        with pytest.raises(XPathEvaluationError, match="argument 1 must be a path"):
            compile("indexed-repeat(concat('a'), /b, 1)")


class TestInstanceFunctions:
    def test_pulldata(self, ev: Ev) -> None:
        assert ev("pulldata('cities', 'label', 'name', 'sof')") == "Sofia"
        assert ev("pulldata('cities', 'pop', 'country', /data/country)") == "1800"
        assert ev("pulldata('cities', 'label', 'name', 'zzz')") == ""
        assert ev("pulldata('cities', 'nothing', 'name', 'sof')") == ""
        with pytest.raises(XPathEvaluationError, match="instance 'x' is not defined"):
            ev("pulldata('x', 'a', 'b', 'c')")

    def test_randomize_is_a_permutation(self, ev: Ev) -> None:
        shuffled = ev("join(' ', randomize(instance('cities')/root/item/name))")
        assert sorted(shuffled.split()) == ["buc", "clj", "sof"]
        seeded = "join(' ', randomize(instance('cities')/root/item/name))"
        assert ev(seeded, rng=random.Random(5)) == ev(seeded, rng=random.Random(5))

    def test_randomize_with_a_seed_is_reproducible(self, ev: Ev) -> None:
        first = ev("join(' ', randomize(instance('cities')/root/item/name, 42))")
        assert sorted(first.split()) == ["buc", "clj", "sof"]
        for _ in range(3):
            assert ev("join(' ', randomize(instance('cities')/root/item/name, 42))") == first
        orders = {
            ev(f"join(' ', randomize(instance('cities')/root/item/name, {seed}))")
            for seed in range(1, 30)
        }
        assert len(orders) > 1

    def test_randomize_errors(self, ev: Ev) -> None:
        with pytest.raises(XPathEvaluationError, match="node-set"):
            ev("randomize('a')")
        with pytest.raises(XPathEvaluationError, match="seed"):
            ev("randomize(/data/hh/member, 'x')")

    @pytest.mark.parametrize("call", ["id('x')", "property('deviceid')"])
    def test_unsupported_functions_say_so(self, call: str) -> None:
        with pytest.raises(XPathEvaluationError, match="is not supported"):
            compile(call)

    @pytest.mark.parametrize(
        ("call", "hook"), [("jr:itext('x')", "texts"), ("version()", "version")]
    )
    def test_form_functions_need_a_form(self, call: str, hook: str) -> None:
        with pytest.raises(XPathEvaluationError, match=f"form's {hook}|form {hook}"):
            evaluate(call)
