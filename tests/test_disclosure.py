"""The disclosure rule: what is published is safe, checked by solving the
published constraints (an independent attack on each table)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from fieldkit.disclosure import (
    SUPPRESSED,
    DisclosureRule,
    Line,
    protect_grid,
    protect_list,
)
from fieldkit.errors import InvalidInput

TOTAL = "Total"


def _attack(published: dict[tuple[str, ...], int | None], rows: list[str],
            columns: list[str]) -> dict[tuple[str, ...], tuple[float, float]]:
    """Min and max of every withheld entry of a grid given all published figures,
    written out here from the table itself (not through fieldkit's own lines)."""
    hidden = [k for k, v in published.items() if v is None]
    pos = {k: i for i, k in enumerate(hidden)}
    a_eq, b_eq = [], []

    def constraint(members: list[tuple[str, str]], total: tuple[str, str]) -> None:
        row = np.zeros(len(hidden))
        rhs = 0.0
        for key, sign in [*((m, 1.0) for m in members), (total, -1.0)]:
            if published[key] is None:
                row[pos[key]] += sign
            else:
                rhs -= sign * float(published[key] or 0)
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)

    for r in [*rows, TOTAL]:
        constraint([(r, c) for c in columns], (r, TOTAL))
    for c in [*columns, TOTAL]:
        constraint([(r, c) for r in rows], (TOTAL, c))
    out = {}
    for key, i in pos.items():
        obj = np.zeros(len(hidden))
        obj[i] = 1
        kwargs = {"A_eq": np.array(a_eq), "b_eq": np.array(b_eq)} if a_eq else {}
        lo = linprog(obj, bounds=(0, None), method="highs", **kwargs)
        hi = linprog(-obj, bounds=(0, None), method="highs", **kwargs)
        out[key] = (lo.fun if lo.status == 0 else 0.0,
                    -hi.fun if hi.status == 0 else float("inf"))
    return out


grids = st.integers(1, 4).flatmap(lambda r: st.integers(1, 4).flatmap(
    lambda c: st.lists(st.lists(st.one_of(st.integers(0, 12), st.integers(0, 200)),
                                min_size=c, max_size=c), min_size=r, max_size=r)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=grids, threshold=st.integers(3, 12))
def test_no_small_cell_published_and_none_recoverable(grid: list[list[int]],
                                                      threshold: int) -> None:
    rows = [f"r{i}" for i in range(len(grid))]
    columns = [f"c{j}" for j in range(len(grid[0]))]
    counts = {(r, c): grid[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    table = protect_grid(counts, rows, columns, DisclosureRule(min_count=threshold))
    published = table.published
    for key, value in published.items():
        assert value is None or value >= threshold, key
    # Published totals are the true totals (nothing is altered, only withheld).
    for i, r in enumerate(rows):
        if published[(r, TOTAL)] is not None:
            assert published[(r, TOTAL)] == sum(grid[i])
    for key, (lo, hi) in _attack(published, rows, columns).items():
        assert hi - lo >= threshold - 1e-6, (key, lo, hi, published)
    assert table.primary == {k for k, v in published.items()
                             if v is None and k not in table.secondary}


@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.integers(0, 40), min_size=1, max_size=8),
       threshold=st.integers(3, 12))
def test_one_way_table(counts: list[int], threshold: int) -> None:
    table = protect_list({f"k{i}": n for i, n in enumerate(counts)},
                         DisclosureRule(min_count=threshold))
    hidden = [k for k, v in table.published.items() if v is None]
    assert len(hidden) != 1  # a single withheld entry is the total minus the rest
    for key, value in table.published.items():
        assert value is None or value >= threshold
        assert table.text(key) == (SUPPRESSED if value is None else str(value))


@settings(max_examples=60, deadline=None)
@given(grid=grids)
def test_rounding_to_base_5(grid: list[list[int]]) -> None:
    rows = [f"r{i}" for i in range(len(grid))]
    columns = [f"c{j}" for j in range(len(grid[0]))]
    counts = {(r, c): grid[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    table = protect_grid(counts, rows, columns, DisclosureRule(round_to=5))
    for (r, c), value in table.published.items():
        assert value is not None and value % 5 == 0
        true = (sum(sum(row) for row in grid) if r == c == TOTAL else
                sum(grid[rows.index(r)]) if c == TOTAL else
                sum(row[columns.index(c)] for row in grid) if r == TOTAL else counts[(r, c)])
        assert abs(value - true) <= 2


def test_a_worked_example() -> None:
    # Two small cells in one row: each hides the other in the row, and their
    # columns need a second withheld cell each (the smallest there).
    counts = {("a", "x"): 4, ("a", "y"): 6, ("a", "z"): 50,
              ("b", "x"): 20, ("b", "y"): 30, ("b", "z"): 40,
              ("d", "x"): 25, ("d", "y"): 35, ("d", "z"): 45}
    table = protect_grid(counts, ["a", "b", "d"], ["x", "y", "z"], DisclosureRule())
    assert table.primary == {("a", "x"), ("a", "y")}
    assert table.published[("a", "z")] == 50 and table.published[(TOTAL, TOTAL)] == 255
    assert {("b", "x"), ("b", "y")} <= table.secondary


def test_threshold_at_least_3() -> None:
    with pytest.raises(InvalidInput):
        DisclosureRule(min_count=2)
    assert Line(("a",), "t").total == "t"
