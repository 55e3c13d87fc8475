"""Alert settings come from the declared settings; texts follow the language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fieldkit.insight import AlertSettings, find_alerts
from fieldkit.insight.counting import RawCount
from fieldkit.insight.fields import ChoiceLabel, FieldInfo
from fieldkit.insight.profile import ProfileQuery, profile_from_counts
from fieldkit.settings import Settings, declaration

GROUP = FieldInfo("community", "/data/community", "select", False, "households",
                  choices=(ChoiceLabel("afghan", {"English (en)": "Afghan",
                                                  "فارسی (fa)": "افغان"}),),
                  languages=("English (en)", "فارسی (fa)"), default_language="English (en)")
MEASURE = FieldInfo("tenure", "/data/tenure", "select", False, "households",
                    labels={"English (en)": "Tenure", "فارسی (fa)": "نوع سکونت"},
                    choices=(ChoiceLabel("private", {"English (en)": "Private rent"}),
                             ChoiceLabel("social", {"English (en)": "Social rent"})),
                    languages=("English (en)", "فارسی (fa)"), default_language="English (en)")


def _profile() -> object:
    rows = [RawCount("afghan", "2025H2", None, "private", 10), RawCount("afghan", "2025H2", None,
                                                                       "social", 108),
            RawCount("afghan", "2026H1", None, "private", 52), RawCount("afghan", "2026H1", None,
                                                                       "social", 69)]
    return profile_from_counts(ProfileQuery("s", "community", ("tenure",)), GROUP,
                               [(MEASURE, rows)], {("afghan", "2025H2"): 118,
                                                   ("afghan", "2026H1"): 121},
                               first_day=date(2025, 7, 1), last_day=date(2026, 6, 30))


def test_defaults_are_the_declared_settings(tmp_path: Path) -> None:
    assert AlertSettings() == AlertSettings(
        fdr=int(declaration("insight_fdr_percent").default) / 100,
        min_change=int(declaration("insight_min_change_points").default) / 100,
        min_n=int(declaration("insight_min_n").default))
    assert AlertSettings() == AlertSettings(0.05, 0.10, 10)
    settings = Settings.load(tmp_path / "settings.json")
    settings.set("insight_fdr_percent", 1)
    settings.set("insight_min_change_points", 20)
    settings.set("insight_min_n", 30)
    assert AlertSettings.from_settings(settings) == AlertSettings(0.01, 0.20, 30)


def test_the_alert_in_words_and_numbers() -> None:
    profile = _profile()
    run = find_alerts(profile, AlertSettings(), "en")  # type: ignore[arg-type]
    shares = [a for a in run.alerts if a.kind == "share"]
    assert {a.category for a in shares} == {"private", "social"}
    private = next(a for a in shares if a.category == "private")
    assert private.text == ("Afghan households: Tenure: Private rent 8% → 43% "
                            "(2025 H2 → 2026 H1; 118 and 121 households)")
    assert (private.n, private.previous_n, private.test) == (121, 118, "chi-square")
    assert run.tests == 3  # two shares and the count of interviews
    # Stricter thresholds: a 35-point change is not "at least 40 points".
    assert not [a for a in find_alerts(profile, AlertSettings(min_change=0.40),  # type: ignore[arg-type]
                                       "en").alerts if a.kind == "share"]
    assert not find_alerts(profile, AlertSettings(min_n=200), "en").alerts  # type: ignore[arg-type]
    persian = next(a for a in find_alerts(profile, AlertSettings(), "fa").alerts  # type: ignore[arg-type]
                   if a.category == "private")
    assert "افغان" in persian.text and "نوع سکونت" in persian.text
    assert "۴۳" in persian.text and "۱۲۱" in persian.text  # the language's digits
