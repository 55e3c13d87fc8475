"""Planted shifts are found; with no shift, false alerts stay near the chosen rate.

Profiles are made from simulated counts with the engine's own pure function
(profile_from_counts), not through the store, so 200 data sets take seconds."""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from fieldkit.insight import AlertSettings, find_alerts
from fieldkit.insight.counting import RawCount
from fieldkit.insight.fields import ChoiceLabel, FieldInfo
from fieldkit.insight.profile import Profile, ProfileQuery, profile_from_counts

PERIODS = ("2024H1", "2024H2", "2025H1", "2025H2")
CATEGORIES = ("single_adult", "couple", "family_with_children", "sharing_adults")
GROUP = FieldInfo("community", "/data/community", "select", False, "households",
                  choices=tuple(ChoiceLabel(c, {"English (en)": c.title()})
                                for c in ("afghan", "polish", "somali")))
MEASURE = FieldInfo("hh_type", "/data/hh_type", "select", False, "households",
                    labels={"English (en)": "Household type"},
                    choices=tuple(ChoiceLabel(c, {"English (en)": c.replace("_", " ")})
                                  for c in CATEGORIES))


def _profile(shares: dict[tuple[str, str], list[float]], sizes: dict[tuple[str, str], int],
             rng: np.random.Generator) -> Profile:
    rows = []
    interviews = {}
    for (group, period), probabilities in shares.items():
        n = sizes[(group, period)]
        interviews[(group, period)] = n
        drawn = rng.multinomial(n, probabilities)
        rows += [RawCount(group, period, None, category, int(k))
                 for category, k in zip(CATEGORIES, drawn, strict=True) if k]
    return profile_from_counts(ProfileQuery("survey", "community", ("hh_type",)), GROUP,
                               [(MEASURE, rows)], interviews,
                               first_day=date(2024, 1, 1), last_day=date(2025, 12, 31))


def test_a_planted_shift_is_found_and_described() -> None:
    rng = np.random.default_rng(2004)
    before = [0.8, 0.05, 0.05, 0.10]  # mostly single young men
    after = [0.35, 0.10, 0.45, 0.10]  # family reunions
    steady = [0.2, 0.3, 0.3, 0.2]
    shares = {("afghan", p): (before if p < "2025H2" else after) for p in PERIODS}
    shares |= {("polish", p): steady for p in PERIODS}
    sizes = {key: 120 for key in shares}
    run = find_alerts(_profile(shares, sizes, rng), AlertSettings(), "en")
    found = {(a.group, a.category, a.period, a.previous_period) for a in run.alerts
             if a.kind == "share"}
    assert ("afghan", "family_with_children", "2025H2", "2025H1") in found
    assert ("afghan", "single_adult", "2025H2", "2025H1") in found
    assert not any(a.group == "polish" for a in run.alerts)
    alert = next(a for a in run.alerts if a.category == "family_with_children"
                 and a.previous_period == "2025H1")
    assert alert.share is not None and alert.previous_share is not None
    assert alert.share > alert.previous_share + 0.25
    assert alert.text.startswith("Afghan households: Household type: family with children ")
    assert "(2025 H1 → 2025 H2; 120 and 120 households)" in alert.text
    assert alert.q_value <= 0.05 and alert.p_value <= alert.q_value


def test_a_growing_community_gives_a_count_alert() -> None:
    rng = np.random.default_rng(5)
    steady = [0.25, 0.25, 0.25, 0.25]
    shares = {(g, p): steady for g in ("polish", "somali") for p in PERIODS}
    sizes = {("polish", p): 150 for p in PERIODS}
    sizes |= {("somali", p): n for p, n in zip(PERIODS, (20, 22, 25, 90), strict=True)}
    run = find_alerts(_profile(shares, sizes, rng), AlertSettings(), "en")
    counts = [a for a in run.alerts if a.kind == "count"]
    assert [(a.group, a.period) for a in counts if a.previous_period == "2025H1"] \
        == [("somali", "2025H2")]
    assert counts[0].n == 90 and counts[0].previous_n in (25, 22)
    assert not any(a.group == "polish" for a in run.alerts)


def test_false_alerts_over_200_null_data_sets_stay_near_the_chosen_rate() -> None:
    """Under no change at all, Benjamini-Hochberg bounds the chance of any alert in a
    run by q. Fisher's and the discrete tests are conservative, so the share of runs
    with a false alert must not exceed q by more than sampling error (3 standard
    errors over 200 runs); min_change 0 so that only the statistics decide."""
    rng = np.random.default_rng(20260607)
    q = 0.05
    settings = AlertSettings(fdr=q, min_change=0.0, min_n=10)
    runs, with_alert, tests = 200, 0, 0
    probabilities = [0.3, 0.2, 0.35, 0.15]
    for _ in range(runs):
        shares = {(g, p): probabilities for g in ("afghan", "polish", "somali")
                  for p in PERIODS}
        base = {"afghan": 40, "polish": 120, "somali": 70}
        sizes = {(g, p): int(rng.poisson(base[g])) for g, p in shares}
        run = find_alerts(_profile(shares, sizes, rng), settings, "en")
        tests += run.tests
        with_alert += bool(run.alerts)
    rate = with_alert / runs
    allowed = q + 3 * math.sqrt(q * (1 - q) / runs)
    assert tests > runs * 50  # every run really tested shares and counts
    assert rate <= allowed, f"{with_alert} of {runs} null runs had an alert"
