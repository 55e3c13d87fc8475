"""The statistics behind trend alerts, all from scipy.

* A share that changed between two periods (``k1`` of ``n1`` then ``k2`` of
  ``n2``) is a 2x2 table (category / not, period 1 / period 2). Where every
  expected count is at least 5 (Cochran's rule) it is tested with Pearson's
  chi-square test of independence (1 degree of freedom, no continuity correction,
  which is over-cautious); otherwise with Fisher's exact test, two-sided. The
  chi-square tests of a run are computed together with :func:`scipy.stats.chisquare`
  (the same statistic as :func:`scipy.stats.chi2_contingency` with
  ``correction=False``), so thousands of tables cost milliseconds.
* A count that jumped (``c1`` interviews over ``e1`` days surveyed, then ``c2``
  over ``e2``) is tested as two Poisson counts: given their sum, ``c2`` is binomial
  with ``p = e2 / (e1 + e2)`` under equal rates (the conditional test), two-sided
  with :func:`scipy.stats.binomtest`.
* Over all tests of a run the false discovery rate is controlled with
  Benjamini-Hochberg (:func:`scipy.stats.false_discovery_control`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

__all__ = ["MIN_EXPECTED", "bh_adjust", "count_test", "share_test", "share_tests"]

#: Below this expected count in any cell, Fisher's exact test rather than chi-square.
MIN_EXPECTED = 5.0

FloatArray = npt.NDArray[np.float64]


@lru_cache(maxsize=65536)
def _fisher(k1: int, n1: int, k2: int, n2: int) -> float:
    # lazy: numpy/scipy load in ~0.5 s; only this computation needs them
    from scipy.stats import fisher_exact

    result = fisher_exact([[k1, n1 - k1], [k2, n2 - k2]], alternative="two-sided")
    return float(result.pvalue)


def share_tests(k1: Sequence[int], n1: Sequence[int], k2: Sequence[int], n2: Sequence[int]
                ) -> tuple[FloatArray, list[str]]:
    """Two-sided p-values of "the share ``k/n`` is the same in both periods", one per
    table, and the name of the test used for each ("chi-square" or "fisher")."""
    # lazy: numpy/scipy load in ~0.5 s; only this computation needs them
    from scipy.stats import chisquare

    a = np.asarray(k1, dtype=np.float64)
    b = np.asarray(n1, dtype=np.float64) - a
    c = np.asarray(k2, dtype=np.float64)
    d = np.asarray(n2, dtype=np.float64) - c
    if a.size == 0:
        return np.zeros(0), []
    observed = np.stack([a, b, c, d], axis=1)
    rows = np.stack([a + b, a + b, c + d, c + d], axis=1)
    cols = np.stack([a + c, b + d, a + c, b + d], axis=1)
    total = (a + b + c + d)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = rows * cols / total
    small = ~(expected.min(axis=1) >= MIN_EXPECTED)
    p = np.ones(a.size)
    large = ~small
    if large.any():
        # ddof=2: a 2x2 table of independence has 4 - 1 - 2 = 1 degree of freedom.
        p[large] = chisquare(observed[large], expected[large], ddof=2, axis=1).pvalue
    for i in np.flatnonzero(small):
        p[i] = _fisher(int(a[i]), int(a[i] + b[i]), int(c[i]), int(c[i] + d[i]))
    return p, ["fisher" if s else "chi-square" for s in small]


def share_test(k1: int, n1: int, k2: int, n2: int) -> float:
    """The p-value of one table (see :func:`share_tests`)."""
    p, _names = share_tests([k1], [n1], [k2], [n2])
    return float(p[0])


@lru_cache(maxsize=65536)
def count_test(c1: int, e1: float, c2: int, e2: float) -> float:
    """Two-sided p-value of "the rate of new records is the same": ``c1`` records in
    exposure ``e1`` (days surveyed) against ``c2`` in ``e2``."""
    # lazy: numpy/scipy load in ~0.5 s; only this computation needs them
    from scipy.stats import binomtest

    if c1 + c2 == 0:
        return 1.0
    return float(binomtest(c2, c1 + c2, e2 / (e1 + e2), alternative="two-sided").pvalue)


def bh_adjust(p_values: Sequence[float] | FloatArray) -> FloatArray:
    """Benjamini-Hochberg q-values (adjusted p-values) of all tests of one run."""
    # lazy: numpy/scipy load in ~0.5 s; only this computation needs them
    from scipy.stats import false_discovery_control

    p = np.asarray(p_values, dtype=np.float64)
    if p.size == 0:
        return p
    return np.asarray(false_discovery_control(p, method="bh"), dtype=np.float64)
