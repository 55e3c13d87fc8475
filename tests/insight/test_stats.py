"""The statistics against values computed independently (exact sums, closed forms)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from scipy.stats import chi2_contingency

from fieldkit.insight.stats import MIN_EXPECTED, bh_adjust, count_test, share_test, share_tests


def _hypergeometric_two_sided(k1: int, n1: int, k2: int, n2: int) -> float:
    """Fisher's exact test by hand: the probability of every table with the same
    margins that is no more likely than the one observed (exact fractions)."""
    column = k1 + k2
    total = n1 + n2

    def prob(x: int) -> Fraction:
        return Fraction(math.comb(n1, x) * math.comb(n2, column - x), math.comb(total, column))

    observed = prob(k1)
    low, high = max(0, column - n2), min(n1, column)
    # The same relative tolerance as R and scipy, so ties in floating point count.
    limit = observed * Fraction(1 + 10**-7)
    return float(sum(p for x in range(low, high + 1) if (p := prob(x)) <= limit))


def _pearson_by_hand(k1: int, n1: int, k2: int, n2: int) -> float:
    """Closed form of the 2x2 chi-square, and its 1-degree-of-freedom tail."""
    a, b, c, d = k1, n1 - k1, k2, n2 - k2
    n = a + b + c + d
    statistic = n * (a * d - b * c) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    return math.erfc(math.sqrt(statistic / 2))


@pytest.mark.parametrize(("k1", "n1", "k2", "n2"), [
    (1, 12, 9, 14), (0, 10, 5, 11), (3, 20, 3, 20), (2, 9, 8, 10), (0, 15, 0, 15),
])  # fmt: skip
def test_small_tables_use_fishers_exact_test(k1: int, n1: int, k2: int, n2: int) -> None:
    p, names = share_tests([k1], [n1], [k2], [n2])
    if k1 + k2 == 0:
        assert p[0] == pytest.approx(1.0)
        return
    assert names == ["fisher"]
    assert p[0] == pytest.approx(_hypergeometric_two_sided(k1, n1, k2, n2), rel=1e-9)


@pytest.mark.parametrize(("k1", "n1", "k2", "n2"), [
    (10, 118, 52, 121), (40, 100, 55, 100), (300, 1000, 330, 1000), (25, 80, 20, 90),
])  # fmt: skip
def test_large_tables_use_pearsons_chi_square(k1: int, n1: int, k2: int, n2: int) -> None:
    p, names = share_tests([k1], [n1], [k2], [n2])
    assert names == ["chi-square"]
    assert p[0] == pytest.approx(_pearson_by_hand(k1, n1, k2, n2), rel=1e-9)
    table = [[k1, n1 - k1], [k2, n2 - k2]]
    assert p[0] == pytest.approx(chi2_contingency(table, correction=False).pvalue, rel=1e-9)


def test_the_test_follows_the_smallest_expected_count() -> None:
    # Smallest expected counts: 6 * 100 / 200 = 3 -> Fisher; 10 * 100 / 200 = 5 and
    # 40 * 50 / 100 = 20 -> chi-square.
    _p, names = share_tests([1, 3, 20], [100, 100, 50], [5, 7, 20], [100, 100, 50])
    assert names == ["fisher", "chi-square", "chi-square"]
    assert MIN_EXPECTED == 5.0


def test_many_tables_at_once_match_one_at_a_time() -> None:
    rng = np.random.default_rng(7)
    n1 = rng.integers(10, 300, 60)
    n2 = rng.integers(10, 300, 60)
    k1 = rng.binomial(n1, 0.3)
    k2 = rng.binomial(n2, 0.35)
    together, _names = share_tests(list(k1), list(n1), list(k2), list(n2))
    for i in range(60):
        alone = share_test(int(k1[i]), int(n1[i]), int(k2[i]), int(n2[i]))
        assert together[i] == pytest.approx(alone, rel=1e-12)


def _binomial_two_sided(k: int, n: int, p: float) -> float:
    """The conditional test of two Poisson counts by hand: given the sum n, the
    second count is binomial(n, p); sum the outcomes no more likely than k."""
    def pmf(x: int) -> float:
        return math.comb(n, x) * p**x * (1 - p) ** (n - x)

    observed = pmf(k)
    return min(1.0, sum(pmf(x) for x in range(n + 1) if pmf(x) <= observed * (1 + 1e-7)))


@pytest.mark.parametrize(("c1", "e1", "c2", "e2"), [
    (12, 184, 45, 181), (30, 90, 30, 90), (50, 181, 20, 60), (0, 30, 9, 30), (7, 100, 3, 50),
])  # fmt: skip
def test_count_jumps_are_tested_as_two_poisson_counts(c1: int, e1: float, c2: int,
                                                      e2: float) -> None:
    expected = _binomial_two_sided(c2, c1 + c2, e2 / (e1 + e2))
    assert count_test(c1, e1, c2, e2) == pytest.approx(expected, rel=1e-9)


def test_equal_rates_are_not_significant_and_a_jump_is() -> None:
    assert count_test(60, 181, 60, 184) > 0.5
    assert count_test(20, 181, 80, 184) < 1e-6


def _bh_by_hand(p: list[float]) -> list[float]:
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p[i] * m / rank)
        q[i] = running
    return q


def test_benjamini_hochberg_matches_a_hand_computation() -> None:
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216, 0.9, 0.04]
    assert list(bh_adjust(p)) == pytest.approx(_bh_by_hand(p), rel=1e-12)
    rng = np.random.default_rng(3)
    many = list(rng.uniform(size=500) ** 3)
    assert list(bh_adjust(many)) == pytest.approx(_bh_by_hand(many), rel=1e-12)
    assert list(bh_adjust([])) == []
