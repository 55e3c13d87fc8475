"""The log of anecdotal information: dated observations from outreach workers and
partners, kept beside the figures for the same community and period (good local
practice uses what people hear, not numbers alone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from fieldkit.errors import OptionError
from fieldkit.i18n import _
from fieldkit.partners.models import Anecdote
from fieldkit.store import Store
from fieldkit.sync.audit import audit

__all__ = ["Observation", "add_observation", "beside", "list_observations"]


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


def _from_row(row: Anecdote) -> Observation:
    return Observation(row.id, row.observed_on, row.source, row.community, row.area,
                       row.text, tuple(t for t in row.tags.split(",") if t))


def add_observation(store: Store, project_id: str, *, observed_on: date, source: str,
                    text: str, community: str = "", area: str = "",
                    tags: tuple[str, ...] = (), actor: str = "") -> Observation:
    if not source.strip():
        raise OptionError("--source", _("say who reported it (a partner, an outreach "
                                        "worker)."))
    if not text.strip():
        raise OptionError("--text", _("write what was observed."))
    if observed_on > date.today():
        raise OptionError("--date", _("an observation cannot be dated in the future."))
    clean_tags = tuple(dict.fromkeys(t.strip().lower() for t in tags if t.strip()))
    with store.session() as session:
        row = Anecdote(project_id=project_id, observed_on=observed_on, source=source.strip(),
                       community=community.strip(), area=area.strip(), text=text.strip(),
                       tags=",".join(clean_tags), actor=actor)
        session.add(row)
        session.flush()
        audit(session, "anecdote_add", object_type="anecdote", object_id=str(row.id),
              device_id=None, actor=actor, detail={"source": row.source,
                                                   "community": row.community})
        return _from_row(row)


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
        rows = [_from_row(r) for r in session.scalars(
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
    from fieldkit.insight.periods import period_range

    first, last = period_range(period)
    wanted = {n.strip().lower() for n in names if n.strip()}
    return [o for o in observations
            if o.community.lower() in wanted and first <= o.observed_on <= last]
