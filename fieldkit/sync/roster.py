"""The coordinator's interviewer roster as the set-up screens edit it: rename, the
languages each interviewer speaks, active or not, and the slip that hands an
enrolment code over in person.

Adding an interviewer (and making the code) is :func:`fieldkit.sync.project.add_interviewer`;
the code is shown once, when it is made: it is the secret a laptop proves in every
bundle, so it cannot be re-issued without cutting off a laptop that already joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldkit.errors import UsageError
from fieldkit.i18n import N_, _, catalog, is_rtl
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.models import Interviewer, Project, SyncDevice
from fieldkit.sync.audit import audit
from fieldkit.sync.project import coordinator_project, deactivate_interviewer

__all__ = ["RosterMember", "code_slip_html", "project_organisation", "rename_interviewer",
           "roster", "set_active", "set_languages"]

# A language code as forms and the interface write them: "so", "ckb", "fa_AF", "fa-AF".
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$")


@dataclass(frozen=True)
class RosterMember:
    id: str
    name: str
    active: bool
    #: Codes of the languages the interviewer speaks, in the order given.
    languages: tuple[str, ...]
    #: Laptops that have sent bundles as this interviewer.
    devices: int


def _languages(text: str) -> tuple[str, ...]:
    return tuple(code for code in text.split() if code)


def _member(row: Interviewer, devices: int) -> RosterMember:
    return RosterMember(row.id, row.name, row.active, _languages(row.languages), devices)


def roster(store: Store) -> list[RosterMember]:
    """Everyone on the coordinator's roster, by name."""
    project = coordinator_project(store)
    with store.session() as session:
        counts = dict(session.execute(
            select(SyncDevice.interviewer_id, func.count())
            .where(SyncDevice.interviewer_id.is_not(None))
            .group_by(SyncDevice.interviewer_id)).all())
        rows = session.scalars(select(Interviewer).where(Interviewer.project_id == project.id)
                               .order_by(func.lower(Interviewer.name)))
        return [_member(row, counts.get(row.id, 0)) for row in rows]


def _row(session: Session, project_id: str, interviewer_id: str) -> Interviewer:
    row = session.get(Interviewer, interviewer_id)
    if row is None or row.project_id != project_id:
        raise UsageError(_("That interviewer is not on the roster (any more)."))
    return row


def rename_interviewer(store: Store, interviewer_id: str, new_name: str,
                       actor: str = "") -> RosterMember:
    """Correct an interviewer's name (a typo, a preferred spelling). Their laptops and
    what they sent keep belonging to them; the next pack carries the new name. Audited."""

    project = coordinator_project(store)
    name = new_name.strip()
    if not name:
        raise UsageError(_("Give the interviewer a name."))
    device = ensure_local_device(store)
    with store.session() as session:
        row = _row(session, project.id, interviewer_id)
        taken = session.scalars(select(Interviewer.id).where(
            Interviewer.project_id == project.id, Interviewer.name == name,
            Interviewer.id != interviewer_id)).first()
        if taken is not None:
            raise UsageError(_("{name} is already on the roster.").format(name=name))
        old = row.name
        row.name = name
        audit(session, "rename-interviewer", object_type="interviewer", object_id=row.id,
              device_id=device.id, actor=actor, detail={"from": old, "to": name})
        return _member(row, 0)


def set_languages(store: Store, interviewer_id: str, languages: Iterable[str],
                  actor: str = "") -> RosterMember:
    """Record the languages an interviewer speaks (codes such as ``pl``, ``ckb``,
    ``fa_AF``), used when assigning work. Audited."""

    codes = tuple(dict.fromkeys(code.strip() for code in languages if code.strip()))
    for code in codes:
        if not _LANGUAGE_CODE.match(code):
            raise UsageError(_("{code}: not a language code (for example pl, ckb or fa_AF).")
                             .format(code=code))
    project = coordinator_project(store)
    device = ensure_local_device(store)
    with store.session() as session:
        row = _row(session, project.id, interviewer_id)
        row.languages = " ".join(codes)
        audit(session, "interviewer-languages", object_type="interviewer", object_id=row.id,
              device_id=device.id, actor=actor, detail={"languages": list(codes)})
        return _member(row, 0)


def set_active(store: Store, interviewer_id: str, active: bool,
               actor: str = "") -> RosterMember:
    """Deactivate (a lost laptop, someone who left) or reactivate an interviewer; see
    :func:`fieldkit.sync.project.deactivate_interviewer`."""
    project = coordinator_project(store)
    with store.session() as session:
        name = _row(session, project.id, interviewer_id).name
    deactivate_interviewer(store, name, actor, active=active)
    with store.session() as session:
        return _member(_row(session, project.id, interviewer_id), 0)


# -- the code slip ----------------------------------------------------------------------

# Marked for extraction; translated into the slip's language, not the interface's.
_SLIP_TITLE = N_("Your fieldkit enrolment code")
_SLIP_FOR = N_("For: {name}")
_SLIP_PROJECT = N_("Project: {project}")
_SLIP_ORGANISATION = N_("Organisation: {organisation}")
_SLIP_STEPS = (
    N_("Open fieldkit on your laptop and choose File → Join a project…"),
    N_("Choose the project pack file your coordinator gave you."),
    N_("Pick your name and type this code."),
)
_SLIP_KEEP = N_("Keep this code to yourself. If you lose it or someone else sees it, "
                "tell your coordinator.")


def code_slip_html(*, project: str, organisation: str, interviewer: str, code: str,
                   language: str) -> str:
    """A small printable slip with the interviewer's name, their code and how to join,
    in ``language`` (the interviewer's interface language), as HTML for Qt's
    rich-text engine (the GUI prints it to PDF)."""
    tr = catalog(language).gettext
    direction = "rtl" if is_rtl(language) else "ltr"
    lines = [f'<h2>{escape(tr(_SLIP_TITLE))}</h2>',
             f"<p>{escape(tr(_SLIP_FOR).format(name=interviewer))}</p>",
             f"<p>{escape(tr(_SLIP_PROJECT).format(project=project))}</p>"]
    if organisation:
        lines.append(f"<p>{escape(tr(_SLIP_ORGANISATION).format(organisation=organisation))}"
                     "</p>")
    # The code itself is always left to right, large and in a fixed-width face.
    lines.append('<p dir="ltr" align="center" style="font-family: monospace; '
                 f'font-size: 28pt; letter-spacing: 4px;">{escape(code)}</p>')
    lines.append("<ol>" + "".join(f"<li>{escape(tr(step))}</li>" for step in _SLIP_STEPS)
                 + "</ol>")
    lines.append(f"<p><i>{escape(tr(_SLIP_KEEP))}</i></p>")
    return f'<html><body dir="{direction}">{"".join(lines)}</body></html>'


def project_organisation(store: Store) -> str:
    project = coordinator_project(store)
    with store.session() as session:
        return session.get_one(Project, project.id).organisation
