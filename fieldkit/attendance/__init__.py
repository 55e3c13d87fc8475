"""Advice sessions: sessions, check-in, returning attendees, follow-ups and figures
(Qt-free).

Sessions and attendances are stored as interviews, so they travel in data bundles
and merge field by field like any other interview:

- a *session* is an interview of the session form (``advice_session``);
- an *attendance* is an interview of the attendee form (``advice_session_attendee``
  by default) with fieldkit's own rows: :data:`SESSION_PATH` (the session's
  interview uuid), :data:`PERSON_PATH` (who this is, shared by the attendances of
  one returning person) and :data:`FOLLOWUP_DONE_PATH` (when the follow-up was done).

This module only names things. What the layers below need to know about these forms
(consent, workspace, export, travel) is their role in fieldkit.form_roles.
"""

from __future__ import annotations

from fieldkit.answer_paths import own_path
from fieldkit.form_roles import ADVICE_ATTENDEE_FORM_ID, ADVICE_SESSION_FORM_ID, ATTENDS_PATH

SESSION_FORM_ID = ADVICE_SESSION_FORM_ID
ATTENDEE_FORM_ID = ADVICE_ATTENDEE_FORM_ID
#: The forms this package works with (their policy: fieldkit.form_roles).
SESSION_FORM_IDS = frozenset({SESSION_FORM_ID, ATTENDEE_FORM_ID})

SESSION_PATH = ATTENDS_PATH
PERSON_PATH = own_path("person")
FOLLOWUP_DONE_PATH = own_path("followup_done")
#: Sessions created together as a recurring series share this id.
SERIES_PATH = own_path("series")
