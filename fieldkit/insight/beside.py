"""What sits beside fieldkit's own figures (F9): partners' figures as time series
(source x area x category) and the anecdotal log, read from the store.

Partner series join the trend alerts: each period against the one before and the
same period a year before, as a Poisson comparison of rates per day (the test used
for a community's interviews), so they share the run's false discovery rate.
Taking figures in and writing the log is fieldkit.partners' work; this module only
reads, so the engine does not depend on the partners package."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from fieldkit.insight.periods import period_range, previous_period, year_before
from fieldkit.store.models import Anecdote, PartnerFigure

if TYPE_CHECKING:
    from fieldkit.store import Store
    from fieldkit.store.models import Anecdote

__all__ = ["Observation", "PartnerComparison", "PartnerSeries", "beside", "list_observations",
           "load_series", "observation_from_row", "partner_comparisons"]


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


def load_series(store: Store, project_id: str) -> list[PartnerSeries]:
    """Every partner series held in the store."""


    table: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    with store.session() as session:
        for source, area, category, period, count in session.execute(
                select(PartnerFigure.source, PartnerFigure.area, PartnerFigure.category,
                       PartnerFigure.period, PartnerFigure.count)
                .where(PartnerFigure.project_id == project_id)):
            table[(source, area, category)][period] = int(count)
    return [PartnerSeries(s, a, c, counts) for (s, a, c), counts in sorted(table.items())]


@dataclass(frozen=True)
class Observation:
    id: int
    observed_on: date
    source: str
    community: str
    area: str
    text: str
    tags: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "date": self.observed_on.isoformat(), "source": self.source,
                "community": self.community, "area": self.area, "text": self.text,
                "tags": list(self.tags)}


def observation_from_row(row: Anecdote) -> Observation:
    return Observation(row.id, row.observed_on, row.source, row.community, row.area,
                       row.text, tuple(t for t in row.tags.split(",") if t))


def list_observations(store: Store, project_id: str, *, community: str | None = None,
                      area: str | None = None, since: date | None = None,
                      until: date | None = None, tag: str | None = None
                      ) -> list[Observation]:
    """Observations, newest first; ``community``/``area`` match without regard to case."""


    with store.session() as session:
        query = select(Anecdote).where(Anecdote.project_id == project_id)
        if since is not None:
            query = query.where(Anecdote.observed_on >= since)
        if until is not None:
            query = query.where(Anecdote.observed_on <= until)
        rows = [observation_from_row(r) for r in session.scalars(
            query.order_by(Anecdote.observed_on.desc(), Anecdote.id.desc()))]
    if community:
        rows = [r for r in rows if r.community.lower() == community.strip().lower()]
    if area:
        rows = [r for r in rows if r.area.lower() == area.strip().lower()]
    if tag:
        rows = [r for r in rows if tag.strip().lower() in r.tags]
    return rows



def beside(observations: list[Observation], names: set[str], period: str
           ) -> list[Observation]:
    """The observations about a community (any of ``names``: its code, its label, a
    partner's category) made during ``period`` (an F7 period key)."""

    first, last = period_range(period)
    wanted = {n.strip().lower() for n in names if n.strip()}
    return [o for o in observations
            if o.community.lower() in wanted and first <= o.observed_on <= last]
