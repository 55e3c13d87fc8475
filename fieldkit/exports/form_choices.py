"""What an export can be chosen from: the project's forms that have interviews, with
their title, interviews per status and label languages (for the Export tab; Qt-free).

Counts and languages follow the service: all versions of a form (by ``form_id``)
count together, and the languages are the newest version's, as the export uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from fieldkit.form_roles import role_of
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.projects import current_project
from fieldkit.store import Store
from fieldkit.store.models import INTERVIEW_STATUSES, Interview
from fieldkit.store.models import Form as FormRow

__all__ = ["FormChoice", "form_choices"]


@dataclass(frozen=True)
class FormChoice:
    form_id: str
    title: str
    #: Interviews per status (every status of INTERVIEW_STATUSES, 0 when none).
    counts: Mapping[str, int]
    #: Label languages of the newest version, e.g. ``("English (en)", "Polski (pl)")``.
    languages: tuple[str, ...]
    default_language: str | None

    @property
    def any_status(self) -> bool:
        """Records exported whatever their status, as the service does (see
        fieldkit.form_roles)."""
        return role_of(self.form_id).exported_at_any_status

    def interviews(self, statuses: Iterable[str]) -> int:
        """How many interviews have one of ``statuses`` (all of them, for records
        exported at any status)."""
        if self.any_status:
            return self.total
        return sum(self.counts.get(s, 0) for s in set(statuses))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def form_choices(store: Store, since: date | None = None) -> list[FormChoice]:
    """The forms of the current project that have interviews (started on or after
    ``since``, UTC, when given), ordered by form_id as the export writes them."""

    project_id = current_project(store).id
    start = (datetime(since.year, since.month, since.day, tzinfo=UTC)
             if since is not None else None)
    with store.session() as session:
        versions = session.execute(
            select(FormRow.form_id, FormRow.id)
            .where(FormRow.project_id == project_id)
            .order_by(FormRow.form_id, FormRow.created_at, FormRow.id)).all()
        newest: dict[str, int] = {}
        form_of: dict[int, str] = {}
        for form_id, pk in versions:
            newest[form_id] = pk  # the last row of each form_id is its newest version
            form_of[pk] = form_id
        query = (select(Interview.form_pk, Interview.status, func.count())
                 .where(Interview.project_id == project_id)
                 .group_by(Interview.form_pk, Interview.status))
        if start is not None:
            query = query.where(Interview.created_at >= start)
        counts: dict[str, dict[str, int]] = {}
        for pk, status, n in session.execute(query):
            owner = form_of.get(pk)
            if owner is None:
                continue
            per = counts.setdefault(owner, dict.fromkeys(INTERVIEW_STATUSES, 0))
            per[status] = per.get(status, 0) + n
        out = []
        for form_id in sorted(counts):
            ref, form = runtime_form(session, newest[form_id])
            out.append(FormChoice(form_id, form.title or ref.title or form_id,
                                  counts[form_id], tuple(form.languages),
                                  form.default_language))
    return out
