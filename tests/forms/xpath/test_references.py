"""CompiledExpression.references(): the dependency analysis behind the form runtime."""

from __future__ import annotations

import pytest

from fieldkit.forms.xpath import XPathEvaluationError, compile


def refs(expression: str, context_path: str | None = None) -> set[str]:
    return set(compile(expression).references(context_path))


class TestReferences:
    def test_absolute_paths(self) -> None:
        assert refs("/data/a + /data/grp/b > 3") == {"/data/a", "/data/grp/b"}

    def test_literals_and_functions_without_paths(self) -> None:
        assert refs("concat('a', 1, today())") == set()

    def test_relative_paths_stay_relative_without_context(self) -> None:
        assert refs(". > 3 and ../b != ''") == {".", "../b"}
        assert refs("./x/../y") == {"y"}

    def test_relative_paths_resolve_against_a_context_path(self) -> None:
        assert refs(". > 3 and ../b != ''", "/data/grp/q") == {"/data/grp/q", "/data/grp/b"}
        assert refs("../../c", "/data/grp/q") == {"/data/c"}
        assert refs("/data/x + y", "/data/grp") == {"/data/x", "/data/grp/y"}

    def test_context_path_predicates_are_stripped(self) -> None:
        assert refs("../m_name", "/data/hh/member[2]/m_age") == {"/data/hh/member/m_name"}

    def test_predicates_are_stripped_and_read_relative_to_their_step(self) -> None:
        assert refs("/data/r[pos = 2]/x") == {"/data/r/x", "/data/r/pos"}
        assert refs("/data/hh/member[m_age >= /data/limit][1]/m_name") == {
            "/data/hh/member/m_name",
            "/data/hh/member/m_age",
            "/data/limit",
        }
        assert refs("/data/r[. > 1]") == {"/data/r"}

    def test_current_refers_to_the_expression_context(self) -> None:
        expr = "instance('cities')/root/item[country = current()/../country]/label"
        assert refs(expr) == {
            "instance('cities')/root/item/label",
            "instance('cities')/root/item/country",
            "../country",
        }
        assert refs(expr, "/data/city") == {
            "instance('cities')/root/item/label",
            "instance('cities')/root/item/country",
            "/data/country",
        }
        assert refs("current()", "/data/q") == {"/data/q"}

    def test_attributes_axes_and_descendants(self) -> None:
        assert refs("/data/@version") == {"/data/@version"}
        assert refs("//item") == {"//item"}
        assert refs("/data/grp//x") == {"/data/grp//x"}
        assert refs(".//x", "/data/g") == {"/data/g//x"}
        assert refs(".//x") == {".//x"}
        assert refs("/data/*") == {"/data/*"}
        assert refs("following-sibling::x[1]", "/data/a") == {"/data/a/following-sibling::x"}
        assert refs("/data/orx:meta/orx:instanceID") == {"/data/orx:meta/orx:instanceID"}

    def test_unions_and_filters(self) -> None:
        assert refs("count(/data/a | /data/b)") == {"/data/a", "/data/b"}
        assert refs("(/data/a | /data/b)/c") == {"/data/a/c", "/data/b/c"}
        assert refs("(/data/r)[x = 1]") == {"/data/r", "/data/r/x"}

    def test_functions_that_read_the_context_node(self) -> None:
        assert refs("once(random())", "/data/q") == {"/data/q"}
        assert refs("string-length()", "/data/q") == {"/data/q"}
        assert refs("string-length('x')", "/data/q") == set()
        assert refs("position(..)", "/data/r/q") == {"/data/r"}

    def test_odk_functions(self) -> None:
        assert refs("selected(/data/colors, 'red')") == {"/data/colors"}
        assert refs("jr:choice-name(/data/q, '/data/q')") == {"/data/q"}
        assert refs("indexed-repeat(/data/r/q, /data/r, /data/i)") == {
            "/data/r/q",
            "/data/r",
            "/data/i",
        }
        assert refs("count(randomize(instance('c')/root/item[x = /data/y]))") == {
            "instance('c')/root/item",
            "instance('c')/root/item/x",
            "/data/y",
        }
        assert refs("pulldata('c', 'label', 'name', /data/q)") == {
            "/data/q",
            "instance('c')/root/item/label",
            "instance('c')/root/item/name",
        }

    def test_if_and_coalesce_read_all_branches(self) -> None:
        assert refs("if(/data/a, /data/b, /data/c)") == {"/data/a", "/data/b", "/data/c"}
        assert refs("coalesce(/data/a, /data/b)") == {"/data/a", "/data/b"}

    def test_parent_of_root_is_dropped(self) -> None:
        assert refs("/..") == {"/"}

    def test_results_are_cached_frozensets(self) -> None:
        compiled = compile("/data/a + ../b")
        first = compiled.references("/data/g/q")
        assert isinstance(first, frozenset)
        assert compiled.references("/data/g/q") is first
        assert compiled.references() == {"/data/a", "../b"}

    def test_context_path_must_be_absolute(self) -> None:
        with pytest.raises(XPathEvaluationError, match="absolute"):
            compile(".").references("data/q")
