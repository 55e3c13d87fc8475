"""The log of anecdotal information: dated observations from outreach workers and
partners, kept beside the figures for the same community and period (good local
practice uses what people hear, not numbers alone)."""

from __future__ import annotations

from datetime import date

from fieldkit.errors import OptionError
from fieldkit.i18n import _
from fieldkit.insight.beside import Observation, list_observations, observation_from_row
from fieldkit.store import Store
from fieldkit.store.audit import record_event as audit
from fieldkit.store.models import Anecdote

__all__ = ["Observation", "add_observation", "list_observations"]


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
        return observation_from_row(row)

