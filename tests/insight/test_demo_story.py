"""The demo data tells the stories Insight is for, and the alerts find them."""

from __future__ import annotations

from pathlib import Path

from fieldkit.demo.seeding import seed_demo
from fieldkit.insight import AlertSettings, ProfileQuery, build_profile, find_alerts
from fieldkit.store import open_store


def test_afghan_families_and_romanian_growth_are_found(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        seed_demo(store, interviews=1500, seed=1)
        profile = build_profile(store, ProfileQuery("household_survey", "ethnicity",
                                                    ("household_type",)))
    finally:
        store.close()
    assert profile.periods == ["2024H1", "2024H2", "2025H1", "2025H2", "2026H1"]
    run = find_alerts(profile, AlertSettings(), "en")
    families = [a for a in run.alerts if a.group == "afghan"
                and a.category == "family_with_children" and a.period == "2026H1"
                and a.previous_period == "2025H2"]
    assert families, [a.text for a in run.alerts]
    assert families[0].share is not None and families[0].previous_share is not None
    assert families[0].share - families[0].previous_share > 0.25
    assert families[0].text.startswith("Afghan households: family with children ")
    growth = [a for a in run.alerts if a.kind == "count" and a.group == "white_romanian"]
    assert growth and all(a.n > a.previous_n for a in growth)
    # No other community changed: nothing else should be flagged about them.
    assert {a.group for a in run.alerts} <= {"afghan", "white_romanian"}
