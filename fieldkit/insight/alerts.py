"""Trend alerts: which groups changed, and how, between periods of a profile.

For every group x measure x category, each period is compared with the one
before and with the same period a year before (when the profile has it): the
share of the category in both periods is tested (Fisher's exact test for small
expected counts, chi-square otherwise; see stats.py). For every group, the number
of interviews per day surveyed is compared the same way (a Poisson test), so a
community that grows (or stops coming) is seen too. All p-values of the run go
through one Benjamini-Hochberg adjustment; an alert is a test whose q-value is at
most the chosen false discovery rate *and* whose change is large enough to matter
(percentage points for shares, relative change for counts), with both periods
having enough interviews. Tests are only run where both periods have enough
interviews (a filter that does not look at the change, so the FDR still holds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit.i18n import _, ngettext
from fieldkit.insight.beside import partner_comparisons
from fieldkit.insight.periods import days_in, period_label, previous_period, year_before
from fieldkit.insight.profile import Profile
from fieldkit.insight.stats import bh_adjust, count_test, share_tests
from fieldkit.settings import declaration

if TYPE_CHECKING:
    from fieldkit.insight.beside import PartnerComparison, PartnerSeries
    from fieldkit.settings import Settings

__all__ = ["Alert", "AlertRun", "AlertSettings", "Comparison", "find_alerts"]


def _default(name: str) -> int:
    """A threshold's default, as fieldkit/settings.py declares it (declared once)."""
    return int(declaration(name).default)


@dataclass(frozen=True)
class AlertSettings:
    """Thresholds of a run: ``fdr`` (q), ``min_change`` (0.10 = 10 percentage points
    for shares, a 10% change of the rate for counts), ``min_n`` (interviews, or
    people for people measures, in each of the two periods)."""

    fdr: float = _default("insight_fdr_percent") / 100
    min_change: float = _default("insight_min_change_points") / 100
    min_n: int = _default("insight_min_n")

    @classmethod
    def from_settings(cls, settings: Settings) -> AlertSettings:
        """The user's settings, as declared in fieldkit/settings.py."""
        return cls(fdr=int(settings.get("insight_fdr_percent")) / 100,
                   min_change=int(settings.get("insight_min_change_points")) / 100,
                   min_n=int(settings.get("insight_min_n")))


@dataclass(frozen=True)
class Alert:
    """One change worth a look. ``kind`` "share": the share of ``category`` among
    ``measure``'s answers went from ``previous_share`` to ``share``; "count": the
    group's interviews went from ``previous_n`` to ``n`` (``measure`` and ``category``
    empty, shares None). ``test`` names the test ("chi-square", "fisher", "poisson")."""

    kind: str
    group: str
    measure: str
    category: str
    period: str
    previous_period: str
    share: float | None
    previous_share: float | None
    n: int
    previous_n: int
    p_value: float
    q_value: float
    text: str
    unit: str = "households"
    test: str = ""
    count: int = 0
    previous_count: int = 0
    #: A partner's series (F9): who the figures come from and their area; empty
    #: for fieldkit's own interviews.
    source: str = ""
    area: str = ""

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "group": self.group, "measure": self.measure,
                "category": self.category, "period": self.period,
                "previous_period": self.previous_period,
                "share": _round(self.share), "previous_share": _round(self.previous_share),
                "n": self.n, "previous_n": self.previous_n,
                "count": self.count, "previous_count": self.previous_count,
                "unit": self.unit, "test": self.test,
                "p_value": self.p_value, "q_value": self.q_value, "text": self.text,
                "source": self.source, "area": self.area}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class AlertRun:
    alerts: list[Alert]
    #: How many tests the false discovery rate was controlled over.
    tests: int
    settings: AlertSettings = AlertSettings()

    def to_json(self) -> dict[str, object]:
        return {"alerts": [a.to_json() for a in self.alerts], "tests": self.tests,
                "fdr": self.settings.fdr, "min_change": self.settings.min_change,
                "min_n": self.settings.min_n}


@dataclass(frozen=True)
class Comparison:
    """One test of a run, before the FDR adjustment (kept for the alert text)."""

    kind: str
    group: str
    measure: str
    category: str
    period: str
    previous_period: str
    count: int
    n: int
    previous_count: int
    previous_n: int
    unit: str
    change: float  # share points, or relative change of the rate


def comparisons(profile: Profile, settings: AlertSettings
                ) -> tuple[list[Comparison], list[tuple[float, float]]]:
    """Every test the run makes (shares first, then counts), and for count tests
    the days surveyed in each period (empty pairs for share tests)."""
    cells: dict[tuple[str, str, str], tuple[int, dict[str, int]]] = {}
    units: dict[str, str] = {}
    for cell in profile.cells:
        if cell.area is not None:
            continue
        key = (cell.group, cell.period, cell.measure)
        entry = cells.get(key)
        if entry is None:
            entry = cells[key] = (cell.total, {})
        entry[1][cell.category] = cell.count
        units[cell.measure] = cell.unit
    present = set(profile.periods)
    out: list[Comparison] = []
    exposures: list[tuple[float, float]] = []
    for (group, period, measure), (total, counts) in cells.items():
        if total < settings.min_n:
            continue
        for before in _earlier(period, present):
            previous = cells.get((group, before, measure))
            if previous is None or previous[0] < settings.min_n:
                continue
            before_total, before_counts = previous
            for category in dict.fromkeys([*before_counts, *counts]):
                k2, k1 = counts.get(category, 0), before_counts.get(category, 0)
                if k1 == 0 and k2 == 0:
                    continue
                out.append(Comparison("share", group, measure, category, period, before,
                                      k2, total, k1, before_total, units[measure],
                                      k2 / total - k1 / before_total))
                exposures.append((0.0, 0.0))
    for (group, period), n in sorted(profile.interviews.items()):
        for before in _earlier(period, present):
            n0 = profile.interviews.get((group, before), 0)
            e1 = days_in(before, profile.first_day, profile.last_day)
            e2 = days_in(period, profile.first_day, profile.last_day)
            if e1 == 0 or e2 == 0 or max(n, n0) < settings.min_n:
                continue
            rate0, rate = n0 / e1, n / e2
            change = (rate / rate0 - 1) if rate0 > 0 else float("inf")
            out.append(Comparison("count", group, "", "", period, before, n, n, n0, n0,
                                  profile.unit, change))
            exposures.append((float(e1), float(e2)))
    # A group's first period after none: the counts loop above only sees periods
    # with interviews; a period with none after one with some is a fall to zero.
    for (group, before), n0 in sorted(profile.interviews.items()):
        for period in sorted(present):
            if (group, period) in profile.interviews or before not in _earlier(
                    period, present):
                continue
            e1 = days_in(before, profile.first_day, profile.last_day)
            e2 = days_in(period, profile.first_day, profile.last_day)
            if e1 == 0 or e2 == 0 or n0 < settings.min_n:
                continue
            out.append(Comparison("count", group, "", "", period, before, 0, 0, n0, n0,
                                  profile.unit, -1.0))
            exposures.append((float(e1), float(e2)))
    return out, exposures


def _earlier(period: str, present: set[str]) -> list[str]:
    """The period before and the same period a year before, those the profile has."""
    out = []
    for before in (previous_period(period), year_before(period)):
        if before in present and before not in out:
            out.append(before)
    return out


def find_alerts(profile: Profile, settings: AlertSettings, language: str, *,
                partner_series: Sequence[PartnerSeries] = ()) -> AlertRun:
    """The alerts of ``profile``, worded in ``language`` (the interface language).
    ``partner_series`` (F9): partners' figures, tested in the same run (one false
    discovery rate over all) and labelled with their source."""

    partner = partner_comparisons(partner_series, settings.min_n) if partner_series else []
    tests, exposures = comparisons(profile, settings)
    shares = [t for t in tests if t.kind == "share"]
    p_share, names = share_tests([t.previous_count for t in shares],
                                 [t.previous_n for t in shares],
                                 [t.count for t in shares], [t.n for t in shares])
    p_values = [float(p) for p in p_share]
    test_names = list(names)
    for test, (e1, e2) in zip(tests[len(shares):], exposures[len(shares):], strict=True):
        p_values.append(count_test(test.previous_count, e1, test.count, e2))
        test_names.append("poisson")
    for one in partner:
        p_values.append(count_test(one.previous_count, one.previous_days, one.count,
                                   one.days))
    q_values = bh_adjust(p_values)
    alerts = []
    for i, test in enumerate(tests):
        q = float(q_values[i])
        if q > settings.fdr or abs(test.change) < settings.min_change:
            continue
        if test.kind == "share" and min(test.n, test.previous_n) < settings.min_n:
            continue
        alerts.append(_alert(profile, test, p_values[i], q, test_names[i], language=language,
                             exposure=exposures[i]))
    for j, one in enumerate(partner, start=len(tests)):
        q = float(q_values[j])
        if q <= settings.fdr and abs(one.change) >= settings.min_change:
            alerts.append(_partner_alert(one, p_values[j], q, language))
    alerts.sort(key=lambda a: (a.q_value, -abs((a.share or 0) - (a.previous_share or 0)),
                               a.group, a.measure, a.category, a.period))
    return AlertRun(alerts, len(tests) + len(partner), settings)


def _alert(profile: Profile, test: Comparison, p: float, q: float, name: str, *,
           language: str, exposure: tuple[float, float]) -> Alert:
    if test.kind == "share":
        share, previous = test.count / test.n, test.previous_count / test.previous_n
        text = share_text(profile, test, language)
        return Alert("share", test.group, test.measure, test.category, test.period,
                     test.previous_period, share, previous, test.n, test.previous_n, p, q,
                     text, test.unit, name, test.count, test.previous_count)
    text = count_text(profile, test, language, exposure)
    return Alert("count", test.group, "", "", test.period, test.previous_period, None, None,
                 test.n, test.previous_n, p, q, text, test.unit, name, test.count,
                 test.previous_count)


def _partner_alert(test: PartnerComparison, p: float, q: float, language: str) -> Alert:
    series = test.series
    what = _("{category} in {area}").format(category=series.category, area=series.area) \
        if series.area else series.category
    text = _("{source}: {what}: {n_before} → {n} ({period_before} → {period})").format(
        source=series.source, what=what, n_before=_number(test.previous_count, language),
        n=_number(test.count, language),
        period_before=_digits(period_label(test.previous_period, language), language),
        period=_digits(period_label(test.period, language), language))
    return Alert("count", series.category, "", "", test.period, test.previous_period, None,
                 None, test.count, test.previous_count, p, q, text, "figures", "poisson",
                 test.count, test.previous_count, source=series.source, area=series.area)


#: Digits of the numbering systems CLDR gives fieldkit's right-to-left languages
#: (Babel formats numbers but leaves the digits Latin).
_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


def _digits(text: str, language: str) -> str:
    """``text`` with the language's own digits (Persian, Sorani...), as Qt shows them."""
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel import Locale, UnknownLocaleError

    try:
        system = Locale.parse(language or "en").default_numbering_system
    except (UnknownLocaleError, ValueError, AttributeError):
        return text
    digits = _DIGITS.get(system)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def _percent(value: float, language: str) -> str:
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.numbers import format_percent

    try:
        text = str(format_percent(value, locale=language or "en",
                                  numbering_system="default"))
    except (ValueError, LookupError):
        text = f"{round(value * 100)}%"
    return _digits(text, language)


def _number(value: float, language: str, digits: int = 0) -> str:
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.numbers import format_decimal

    pattern = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    try:
        text = str(format_decimal(value, format=pattern, locale=language or "en",
                                  numbering_system="default"))
    except (ValueError, LookupError):
        text = f"{value:,.{digits}f}"
    return _digits(text, language)


def _units(unit: str, n: int) -> str:
    if unit == "people":
        return ngettext("person", "people", n)
    if unit == "interviews":
        return ngettext("interview", "interviews", n)
    if unit == "entries":
        return ngettext("entry", "entries", n)
    return ngettext("household", "households", n)


def _group_words(profile: Profile, group: str, unit: str, language: str) -> str:
    name = profile.group_label(group, language)
    if unit == "people":
        return _("{group} people").format(group=name)
    if unit == "interviews":
        return _("{group} interviews").format(group=name)
    if unit == "entries":
        return _("{group} entries").format(group=name)
    return _("{group} households").format(group=name)


def share_text(profile: Profile, test: Comparison, language: str) -> str:
    """"Afghan households: family with children 8% → 43% (2025 H2 → 2026 H1; 118 and
    121 households)"."""
    info = profile.fields.get(test.measure)
    category = profile.category_label(test.measure, test.category, language)
    what = category if info is not None and info.kind == "derived" else _(
        "{measure}: {category}").format(measure=profile.measure_label(test.measure, language),
                                        category=category)
    return _("{group}: {what} {before} → {after} ({period_before} → {period}; {n_before} "
             "and {n} {units})").format(
        group=_group_words(profile, test.group, test.unit, language), what=what,
        before=_percent(test.previous_count / test.previous_n, language),
        after=_percent(test.count / test.n, language),
        period_before=_digits(period_label(test.previous_period, language), language),
        period=_digits(period_label(test.period, language), language),
        n_before=_number(test.previous_n, language), n=_number(test.n, language),
        units=_units(test.unit, test.n))


def count_text(profile: Profile, test: Comparison, language: str,
               exposure: tuple[float, float]) -> str:
    """"Romanian households: 12 → 45 interviewed (2025 H2 → 2026 H1), 2.0 → 7.5 a month"."""
    e1, e2 = exposure
    month = 365.25 / 12
    return _("{group}: {n_before} → {n} {units} ({period_before} → {period}), {rate_before} → "
             "{rate} a month over the days surveyed").format(
        group=profile.group_label(test.group, language),
        n_before=_number(test.previous_count, language), n=_number(test.count, language),
        units=_units(test.unit, test.count),
        period_before=_digits(period_label(test.previous_period, language), language),
        period=_digits(period_label(test.period, language), language),
        rate_before=_number(test.previous_count / e1 * month if e1 else 0, language, 1),
        rate=_number(test.count / e2 * month if e2 else 0, language, 1))

