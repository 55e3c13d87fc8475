"""``instance('last-saved')``: the last interview of the same form saved on this laptop.

ODK Collect copies every instance it saves (draft or final) to its form's media as
``last-saved.xml``, and a form reads it as ``instance('last-saved')``, mostly for
defaults (XLSForm's ``${last-saved#village}``). Its media folder belongs to one form
definition, so the instance is the last one of the same form version on the device.

fieldkit saves every answer as it is given, so "the last saved" is the interview of
the same stored form (form id and version) most recently changed on this laptop,
other than the one being opened (which would otherwise always be its own last
saved). Interviews that came from another device (a coordinator's store) do not
count: Collect's last-saved is the device's own. Its XML is what fieldkit would
send: non-relevant fields left out, the values as they were saved.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.forms import Form, FormError, FormSession, SessionError
from fieldkit.forms.external import LAST_SAVED
from fieldkit.interviews.answer_rows import read_answers
from fieldkit.store.models import Interview

__all__ = ["last_saved_xml", "uses_last_saved"]

log = logging.getLogger(__name__)


def uses_last_saved(form: Form) -> bool:
    return any(inst.src == LAST_SAVED for inst in form.secondary_instances.values())


def last_saved_xml(db: Session, form: Form, *, form_pk: int, device_id: str,
                   exclude: str | None = None) -> str | None:
    """The XML instance of the last interview of stored form ``form_pk`` saved on
    ``device_id`` (other than ``exclude``), or None: none yet, or the form does not
    read it (then nothing is looked up)."""
    if not uses_last_saved(form):
        return None
    query = select(Interview.uuid).where(Interview.form_pk == form_pk,
                                         Interview.device_id == device_id)
    if exclude is not None:
        query = query.where(Interview.uuid != exclude)
    uuid = db.scalar(query.order_by(Interview.updated_at.desc(),
                                    Interview.created_at.desc()).limit(1))
    if uuid is None:
        return None
    values = read_answers(db, uuid).form_values()
    try:
        session = FormSession.from_dict(form, values)
        # The values as saved: a calculate the session would work out again (one that
        # reads the last-saved instance itself) keeps what that interview saved.
        return session.to_xml(values=values)
    except (FormError, SessionError) as exc:  # an interview of an older fieldkit's rows
        log.info("last-saved instance of interview %s not built: %s", uuid, exc)
        return None
