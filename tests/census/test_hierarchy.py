"""Property tests for the sums checked on import: any table's counts built from its
hierarchy pass; changing any one count is caught, and the refusal names a column
whose sum fails."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldkit.census.catalog import TableSpec, known_tables
from fieldkit.census.importer import _Checks

TABLES = sorted(known_tables())


def _consistent(spec: TableSpec, leaves: list[int]) -> list[int]:
    """Counts for every category of ``spec`` from counts of its leaves (independent of
    the importer: built bottom-up from the parent links)."""
    cats = spec.categories
    index = {c.code: i for i, c in enumerate(cats)}
    children: dict[str, list[int]] = {}
    for i, c in enumerate(cats):
        if c.kind == "category":
            children.setdefault(c.parent or spec.total.code, []).append(i)
    values = [0] * len(cats)
    leaf_ids = [i for i, c in enumerate(cats) if c.kind == "category" and c.code not in children]
    for i, value in zip(leaf_ids, leaves, strict=False):
        values[i] = value

    def fill(code: str) -> int:
        i = index[code]
        if code in children:
            values[i] = sum(fill(cats[j].code) for j in children[code])
        return values[i]

    fill(spec.total.code)
    for i, c in enumerate(cats):
        if c.kind == "derived":
            values[i] = sum(values[index[p]] for p in c.parts)
    return values


@st.composite
def tables_and_counts(draw: st.DrawFn) -> tuple[TableSpec, list[int]]:
    spec = known_tables()[draw(st.sampled_from(TABLES))]
    leaves = draw(st.lists(st.integers(0, 10**7), min_size=len(spec.categories),
                           max_size=len(spec.categories)))
    return spec, _consistent(spec, leaves)


@settings(max_examples=150, deadline=None)
@given(tables_and_counts())
def test_counts_that_follow_the_hierarchy_pass(case: tuple[TableSpec, list[int]]) -> None:
    spec, counts = case
    assert _Checks(spec).first_error(counts) is None


@settings(max_examples=300, deadline=None)
@given(tables_and_counts(), st.data(), st.integers(1, 10**6))
def test_any_changed_count_is_caught(case: tuple[TableSpec, list[int]], data: st.DataObject,
                                     delta: int) -> None:
    spec, counts = case
    position = data.draw(st.integers(0, len(counts) - 1))
    changed = list(counts)
    changed[position] += delta
    failed = _Checks(spec).first_error(changed)
    assert failed is not None
    column, added = failed
    # The category named is the changed one or the one whose parts include it.
    category = spec.categories[column]
    changed_code = spec.categories[position].code
    assert column == position or category.code == (
        spec.categories[position].parent or spec.total.code) or changed_code in category.parts
    assert changed[column] != added


def test_every_known_table_has_one_total_and_known_parents() -> None:
    for spec in known_tables().values():
        codes = {c.code for c in spec.categories}
        assert sum(c.kind == "total" for c in spec.categories) == 1
        assert all(c.parent in codes for c in spec.categories if c.parent)
        assert all(set(c.parts) <= codes for c in spec.categories)
