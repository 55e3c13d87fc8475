"""Partner series in the F7 alerts: the test's p-value against a computation by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
from scipy.stats import binom

from fieldkit.insight import AlertSettings, Profile, ProfileQuery, find_alerts
from fieldkit.insight.beside import PartnerSeries, partner_comparisons


def _empty_profile() -> Profile:
    return Profile(query=ProfileQuery(form_id="f", by="g"), periods=[], groups=[], cells=[],
                   interviews={}, source="")


def test_poisson_comparison_by_hand() -> None:
    series = PartnerSeries("GP registrations", "SO14", "Romanian",
                           {"2025H2": 31, "2026H1": 74})
    run = find_alerts(_empty_profile(), AlertSettings(), "en", partner_series=[series])
    assert run.tests == 1
    (alert,) = run.alerts
    # Conditional on 105 registrations, those of 2026H1 are binomial with the
    # share of days (181 of 365); two-sided: every outcome no likelier than 74.
    e1 = (date(2025, 12, 31) - date(2025, 7, 1)).days + 1
    e2 = (date(2026, 6, 30) - date(2026, 1, 1)).days + 1
    pmf = binom.pmf(np.arange(106), 105, e2 / (e1 + e2))
    by_hand = pmf[pmf <= pmf[74] * (1 + 1e-7)].sum()
    assert abs(alert.p_value - by_hand) < 1e-9
    assert alert.source == "GP registrations" and alert.unit == "figures"
    assert alert.text == "GP registrations: Romanian in SO14: 31 → 74 (2025 H2 → 2026 H1)"


def test_small_series_are_not_tested() -> None:
    series = PartnerSeries("GP", "", "Somali", {"2025": 3, "2026": 8, "2024": 2})
    assert partner_comparisons([series], min_n=10) == []
    assert [c.period for c in partner_comparisons([series], min_n=5)] == ["2026"]
