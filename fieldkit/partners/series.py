"""Partners' figures as time series (source x area x category), and their tests
for the F7 trend alerts: each period against the one before and the same period a
year before, as a Poisson comparison of rates per day (the test F7 uses for a
community's interviews), so partner series share the run's false discovery rate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fieldkit.insight.periods import period_range, previous_period, year_before

__all__ = ["PartnerComparison", "PartnerSeries", "load_series", "partner_comparisons"]


@dataclass(frozen=True)
class PartnerSeries:
    source: str
    area: str
    category: str
    counts: Mapping[str, int]  # period -> count


@dataclass(frozen=True)
class PartnerComparison:
    series: PartnerSeries
    period: str
    previous_period: str
    count: int
    previous_count: int
    days: int
    previous_days: int
    change: float  # relative change of the rate per day


def _days(period: str) -> int:
    first, last = period_range(period)
    return (last - first).days + 1


def partner_comparisons(series: Sequence[PartnerSeries], min_n: int
                        ) -> list[PartnerComparison]:
    """Every test of the partner series (both periods present, the larger count at
    least ``min_n``: a filter blind to the change, so the FDR holds)."""
    out = []
    for one in series:
        for period, n in sorted(one.counts.items()):
            befores = dict.fromkeys(b for b in (previous_period(period), year_before(period))
                                    if b in one.counts)
            for before in befores:
                n0 = one.counts[before]
                if max(n, n0) < min_n:
                    continue
                e1, e2 = _days(before), _days(period)
                change = (n / e2) / (n0 / e1) - 1 if n0 else float("inf")
                out.append(PartnerComparison(one, period, before, n, n0, e2, e1, change))
    return out


def load_series(store: object, project_id: str) -> list[PartnerSeries]:
    """Every partner series held in the store."""
    from sqlalchemy import select

    from fieldkit.partners.models import PartnerFigure
    from fieldkit.store import Store

    assert isinstance(store, Store)
    table: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    with store.session() as session:
        for source, area, category, period, count in session.execute(
                select(PartnerFigure.source, PartnerFigure.area, PartnerFigure.category,
                       PartnerFigure.period, PartnerFigure.count)
                .where(PartnerFigure.project_id == project_id)):
            table[(source, area, category)][period] = int(count)
    return [PartnerSeries(s, a, c, counts) for (s, a, c), counts in sorted(table.items())]
