"""THE disclosure rule: every table of counts that leaves the coordinator goes
through :func:`protect` (partner releases, F9; reports, F10). Qt-free.

Two ways, as a data-sharing agreement says:

* **Suppression** (the default). *Primary*: every count below the agreement's
  smallest publishable count (default 10, never below 3) is withheld, zeros
  included, totals included. *Secondary*: a withheld count must not be worked out
  from what is published. Each line of the table (a row with its total, a column
  with its total) with exactly one withheld entry gets a second one (the smallest
  published entry of the line, a cell before a total), repeated until no line has
  a single withheld entry. Then an audit solves the published constraints as a
  linear programme (scipy's ``linprog``): for every withheld entry the smallest
  and largest value it could take, given every published count and total, must be
  at least the threshold apart; where it is not, more entries of its lines are
  withheld and the audit runs again. Withholding everything is always safe, so
  this ends. Withheld counts are written ``c``, as the ONS writes them.
* **Rounding** to base 5 (``round_to=5``): every count and total, worked out from
  the exact figures, is rounded to the nearest multiple of 5 on its own, so no
  exact count is published and totals cannot be used to recover one.

A table here is a set of entries (cells and totals) by key, and its *lines*:
each a list of entries and the entry holding their sum.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from fieldkit.errors import InvalidInput
from fieldkit.i18n import _

__all__ = ["DEFAULT_MIN_COUNT", "LOWEST_MIN_COUNT", "SUPPRESSED", "TOTAL", "DisclosureRule",
           "Line", "Protected", "feasible_ranges", "protect", "protect_grid",
           "protect_list"]

SUPPRESSED = "c"
DEFAULT_MIN_COUNT = 10
LOWEST_MIN_COUNT = 3

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class DisclosureRule:
    """``min_count``: the smallest count that may be published; ``round_to``: round
    every figure to this base instead of suppressing (None: suppress)."""

    min_count: int = DEFAULT_MIN_COUNT
    round_to: int | None = None

    def __post_init__(self) -> None:
        if self.min_count < LOWEST_MIN_COUNT:
            raise InvalidInput(_("The smallest publishable count must be at least {n}.")
                               .format(n=LOWEST_MIN_COUNT))
        if self.round_to is not None and self.round_to < 2:
            raise InvalidInput(_("Rounding needs a base of 2 or more (5 is usual)."))

    def describe(self) -> str:
        if self.round_to:
            return _("every count and total rounded to the nearest multiple of {base}, "
                     "each on its own").format(base=self.round_to)
        return _("counts below {n} withheld (primary suppression) and further counts "
                 "withheld so that none of them can be worked out from the totals "
                 "(secondary suppression); withheld counts are shown as {c}").format(
            n=self.min_count, c=SUPPRESSED)


@dataclass(frozen=True)
class Line(Generic[K]):
    """Entries ``members`` that add up to the entry ``total``."""

    members: tuple[K, ...]
    total: K


@dataclass
class Protected(Generic[K]):
    """A table made safe: ``published`` holds the figure of each entry, None where
    withheld. ``primary``/``secondary``: why each withheld entry was withheld."""

    published: dict[K, int | None]
    primary: set[K] = field(default_factory=set)
    secondary: set[K] = field(default_factory=set)
    rule: DisclosureRule = DisclosureRule()

    def text(self, key: K) -> str:
        value = self.published[key]
        return SUPPRESSED if value is None else str(value)


def _round(value: int, base: int) -> int:
    # Half away from zero (counts are never negative): 2.5 -> 5, not Python's 0.
    return ((2 * value + base) // (2 * base)) * base


def protect(values: Mapping[K, int], lines: Sequence[Line[K]], rule: DisclosureRule,
            totals: set[K] | None = None) -> Protected[K]:
    """``values`` (exact counts of cells and totals) made safe under ``rule``.
    ``totals``: the entries that are totals (they are withheld last)."""
    if rule.round_to:
        base = rule.round_to
        return Protected({k: _round(v, base) for k, v in values.items()}, rule=rule)
    totals = totals if totals is not None else {line.total for line in lines}
    primary = {k for k, v in values.items() if v < rule.min_count}
    withheld = set(primary)
    while True:
        _complete_lines(values, lines, withheld, totals)
        narrow = _narrow(values, lines, withheld, rule.min_count)
        if not narrow:
            break
        if not _widen(values, lines, withheld, totals, narrow):
            break  # nothing left to withhold: everything is
    return Protected({k: (None if k in withheld else v) for k, v in values.items()},
                     primary=primary, secondary=withheld - primary, rule=rule)


def _pick(values: Mapping[K, int], candidates: Sequence[K], totals: set[K]) -> K:
    """The smallest published entry, a cell before a total (withholding a total
    takes information from more readers than withholding a cell)."""
    return min(candidates, key=lambda k: (k in totals, values[k], str(k)))


def _complete_lines(values: Mapping[K, int], lines: Sequence[Line[K]], withheld: set[K],
                    totals: set[K]) -> None:
    changed = True
    while changed:
        changed = False
        for line in lines:
            entries = (*line.members, line.total)
            hidden = [k for k in entries if k in withheld]
            if len(hidden) == 1:
                shown = [k for k in entries if k not in withheld]
                if shown:
                    withheld.add(_pick(values, shown, totals))
                    changed = True


def feasible_ranges(published: Mapping[K, int | None], lines: Sequence[Line[K]]
                    ) -> dict[K, tuple[float, float]]:
    """For each withheld entry, the smallest and largest value it can take given the
    published figures and the lines' sums (counts are never negative); ``inf`` when
    nothing bounds it. What someone trying to undo the suppression can work out."""
    # lazy: numpy/scipy load in ~0.5 s; only this computation needs them
    import numpy as np
    from scipy.optimize import linprog

    hidden = [k for k, v in published.items() if v is None]
    if not hidden:
        return {}
    index = {k: i for i, k in enumerate(hidden)}
    rows: list[list[float]] = []
    rhs: list[float] = []
    for line in lines:
        row = [0.0] * len(hidden)
        constant = 0.0
        for key, sign in [*((m, 1.0) for m in line.members), (line.total, -1.0)]:
            value = published[key]
            if value is None:
                row[index[key]] += sign
            else:
                constant += sign * value
        if any(row):
            rows.append(row)
            rhs.append(-constant)
    out: dict[K, tuple[float, float]] = {}
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    for key, i in index.items():
        objective = np.zeros(len(hidden))
        objective[i] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        lo = float(low.fun) if low.status == 0 else 0.0
        hi = float(-high.fun) if high.status == 0 else float("inf")
        out[key] = (lo, hi)
    return out


def _narrow(values: Mapping[K, int], lines: Sequence[Line[K]], withheld: set[K],
            min_count: int) -> list[K]:
    """Withheld entries whose possible values span less than ``min_count``."""
    published = {k: (None if k in withheld else v) for k, v in values.items()}
    return [k for k, (lo, hi) in feasible_ranges(published, lines).items()
            if hi - lo < min_count - 1e-6]


def _widen(values: Mapping[K, int], lines: Sequence[Line[K]], withheld: set[K],
           totals: set[K], narrow: Sequence[K]) -> bool:
    """Withhold one more entry next to a narrow one (in a line it is in, else in any
    line with a withheld entry, else anywhere). False when all are withheld."""
    added = False
    for key in narrow:  # one more per narrow entry, so the audit runs few times
        near = [k for line in lines if key in (*line.members, line.total)
                for k in (*line.members, line.total) if k not in withheld]
        if near:
            withheld.add(_pick(values, near, totals))
            added = True
    if added:
        return True
    near = [k for line in lines if any(k in withheld for k in (*line.members, line.total))
            for k in (*line.members, line.total) if k not in withheld]
    if not near:
        near = [k for k in values if k not in withheld]
    if not near:
        return False
    withheld.add(_pick(values, near, totals))
    return True


TOTAL = "Total"


def protect_list(counts: Mapping[str, int], rule: DisclosureRule
                 ) -> Protected[tuple[str, ...]]:
    """A one-way table: each category and the ``Total`` (keys are 1-tuples)."""
    values: dict[tuple[str, ...], int] = {(k,): v for k, v in counts.items()}
    values[(TOTAL,)] = sum(counts.values())
    members: tuple[tuple[str, ...], ...] = tuple((k,) for k in counts)
    line: Line[tuple[str, ...]] = Line(members, (TOTAL,))
    return protect(values, [line], rule)


def protect_grid(counts: Mapping[tuple[str, str], int], rows: Sequence[str],
                 columns: Sequence[str], rule: DisclosureRule
                 ) -> Protected[tuple[str, ...]]:
    """A two-way table (missing cells are 0) with its row, column and grand totals,
    ``Total`` in place of a row or column name."""
    values: dict[tuple[str, ...], int] = {}
    for r in rows:
        for c in columns:
            values[(r, c)] = counts.get((r, c), 0)
        values[(r, TOTAL)] = sum(values[(r, c)] for c in columns)
    for c in columns:
        values[(TOTAL, c)] = sum(values[(r, c)] for r in rows)
    values[(TOTAL, TOTAL)] = sum(values[(r, TOTAL)] for r in rows)
    lines: list[Line[tuple[str, ...]]] = [
        Line(tuple((r, c) for c in columns), (r, TOTAL)) for r in (*rows, TOTAL)]
    lines += [Line(tuple((r, c) for r in rows), (TOTAL, c)) for c in (*columns, TOTAL)]
    return protect(values, lines, rule)
