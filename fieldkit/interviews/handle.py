"""An open interview: the form session plus its store, saving every answer as it is given.

Each user action (an answer, a clear, adding or removing a repeat instance, a page
change) is one short transaction that upserts the changed answer rows with fresh
logical clocks and touches ``Interview.updated_at``. If the write fails (the
interview was finalized elsewhere, the disk is full...), the session is rebuilt
from the store before the error is raised, so what the interviewer sees is what
is saved.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace

from sqlalchemy import select, update

from fieldkit.form_roles import ATTENDS_PATH, needs_consent_record
from fieldkit.forms import Form, FormSession, Page, Problem, SessionError
from fieldkit.i18n import _
from fieldkit.interviews import repeat_rows
from fieldkit.interviews.answer_rows import (
    CURRENT_PAGE_PATH,
    StoredAnswers,
    is_form_path,
    read_answers,
    touch_draft,
    write_answers,
)
from fieldkit.interviews.answered import asked_questions, count_answered
from fieldkit.interviews.audit import add_event, interviewer_name
from fieldkit.interviews.consent import (
    Consent,
    ConsentRequired,
    consent_from_rows,
    consent_rows,
)
from fieldkit.interviews.errors import (
    InterviewNotFound,
    InterviewReadOnly,
    InterviewStateError,
    UnknownRecord,
)
from fieldkit.interviews.last_saved import last_saved_xml
from fieldkit.interviews.records import InterviewInfo
from fieldkit.interviews.runtime_forms import FormRef, runtime_form
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.models import Interview, Interviewer, utcnow

__all__ = ["InterviewHandle", "open_interview", "start_interview"]


class InterviewHandle:
    """One open interview. Read pages, questions and values from :attr:`session`;
    change answers and move between pages through the handle's methods. (Answers
    changed on the session directly are saved too, through its ``on_change``, but
    the page shown is only saved when the handle moves or edits a repeat: working
    it out costs about as much as the answer's own write.)"""

    def __init__(self, store: Store, info: InterviewInfo, form: Form, session: FormSession,
                 *, stored: Mapping[str, str], device_id: str) -> None:
        self._store = store
        self._info = info
        self.form = form
        self._device_id = device_id
        self._session = session
        #: {path: value} of the live rows in the store, kept in step with every write.
        self._stored: dict[str, str] = dict(stored)
        self._pending: dict[str, str | None] = {}
        self._depth = 0
        session.on_change = self._on_change
        session.roster_pages = True  # rosters are tables on the interviewer's screen

    # -- what the GUI reads ---------------------------------------------------------

    @property
    def uuid(self) -> str:
        return self._info.uuid

    @property
    def info(self) -> InterviewInfo:
        return self._info

    @property
    def status(self) -> str:
        return self._info.status

    @property
    def session(self) -> FormSession:
        """The live form session (replaced if the handle had to reload from the store)."""
        return self._session

    @property
    def current_page(self) -> Page | None:
        return self._session.current_page

    @property
    def consent(self) -> Consent | None:
        """The consent recorded for this interview, or None before it is recorded."""
        return consent_from_rows(self._stored)

    @property
    def store(self) -> Store:
        """The store the interview is saved in."""
        return self._store

    def stored_answers(self) -> dict[str, str]:
        """{path: value} of the form fields as saved (incl. empty and non-relevant)."""
        return {p: v for p, v in self._stored.items() if is_form_path(p)}

    def _answered_count(self, values: Mapping[str, str | None]) -> int:
        """Relevant questions a person answered (not meta, preloads or calculations)."""
        asked = asked_questions(self.form)

        def shown(path: str) -> bool:
            try:
                return self._session.relevant(path)
            except SessionError:
                return False

        return count_answered(asked, ((p, v) for p, v in values.items()
                                      if is_form_path(p) and v and shown(p)))

    def validate(self) -> list[Problem]:
        return self._session.validate()

    # -- changes ----------------------------------------------------------------------

    def answer(self, path: str, value: object) -> frozenset[str]:
        """Answer a question and save it; returns the paths whose value or state changed."""
        with self._action():
            return self._session.answer(path, value)

    def clear(self, path: str) -> frozenset[str]:
        with self._action():
            return self._session.clear(path)

    def add_repeat(self, path: str, index: int | None = None) -> str:
        """Add a repeat instance (saved with a row per leaf); returns its path."""
        with self._action():
            added = self._session.add_repeat(path, index)
            self._pending.update(repeat_rows.reconcile(
                self._session, self.form, repeat_rows.collection_of(path), self._stored))
            self._note_page()  # page paths after the instance were renumbered
            return added

    def remove_repeat(self, path: str, index: int) -> frozenset[str]:
        """Remove a repeat instance; its rows become tombstones, later ones move down."""
        with self._action():
            changed = self._session.remove_repeat(path, index)
            self._pending.update(repeat_rows.reconcile(
                self._session, self.form, repeat_rows.collection_of(path), self._stored))
            self._note_page()
            return changed

    def set_own_field(self, path: str, value: str | None) -> None:
        """Save one of fieldkit's own ``@fieldkit/...`` rows of this interview (e.g.
        the advice session an attendance belongs to); None makes it a tombstone."""
        if is_form_path(path):
            raise ValueError(f"{path} is a form field: answer it instead")
        with self._action(answers=False):  # fieldkit's own rows, not the respondent's
            self._pending[path] = value

    def own_field(self, path: str) -> str | None:
        """One of fieldkit's own rows, as saved or about to be (inside :meth:`batch`)."""
        if path in self._pending:
            return self._pending[path]
        return self._stored.get(path)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Changes made inside (on :attr:`session` directly or through
        :meth:`set_own_field`) are saved in one transaction when the block ends."""
        with self._action(answers=False):  # each answer inside is checked as it is given
            yield

    def record_consent(self, consent: Consent) -> None:
        """Record how the respondent consented (audited). Form answers are refused
        until this is done. A refusal closes the interview at once: it becomes
        finalized with no answers, and its consent method says ``refused``."""
        self._require_draft()
        consent = consent.checked()
        if not consent.recorded_by and self._info.interviewer_id:
            consent = replace(consent, recorded_by=self._info.interviewer_id)
        if self.consent is not None and self.consent.given:
            raise InterviewStateError(
                _("Consent for interview {uuid} is already recorded.").format(uuid=self.uuid))
        now = utcnow()
        rows = consent_rows(consent, now)
        refused = not consent.given
        try:
            with self._store.durable_session() as db:
                touch_draft(db, self.uuid, now)
                write_answers(db, self.uuid, self._device_id, rows, now)
                if refused:
                    db.execute(update(Interview).where(Interview.uuid == self.uuid)
                               .values(status="finalized", finalized_at=now))
                add_event(db, action="consent", uuid=self.uuid,
                          actor=self._info.interviewer_name, device_id=self._device_id,
                          at=now, detail={"method": consent.method,
                                          "recorded_by": consent.recorded_by,
                                          "on_behalf": consent.method == "on_behalf"})
        except BaseException:
            self._reload()
            raise
        self._remember(rows)
        if refused:
            self._info = replace(self._info, status="finalized", finalized_at=now,
                                 updated_at=now)
        else:
            self._info = replace(self._info, updated_at=now)
            self._answer_consent_questions(consent)

    def _answer_consent_questions(self, consent: Consent) -> None:
        """Answer the form's own consent questions from the consent step, so the
        interviewer is not asked twice: ``consent`` (yes) and ``consent_type`` (the
        method, where the form offers it as a choice), by the default forms'
        convention. An answer already given is left alone."""
        session = self._session
        wanted = (("consent", "yes"), ("consent_type", consent.method))
        for name, value in wanted:
            path = next((q.path for page in session.pages() for q in page.questions
                         if q.name == name), None)
            if path is None or session.value(path) or not session.relevant(path) \
                    or session.readonly(path) \
                    or value not in {c.value for c in session.choices(path)}:
                continue
            self.answer(path, value)

    def _require_consent(self) -> None:
        if not self._may_answer():
            raise ConsentRequired(self.uuid, refused=self.consent is not None)

    def _may_answer(self) -> bool:
        """Form answers wait for a consent record, unless the form's role says
        otherwise (see fieldkit.form_roles: e.g. an advice session has no respondent,
        and an attendance's consent is the check-in's own first question)."""
        consent = self.consent
        if consent is not None:
            return consent.given
        return not needs_consent_record(
            self._info.form_id, attends=self.own_field(ATTENDS_PATH) is not None)

    def set_language(self, language: str) -> None:
        """Show the form in ``language`` and keep it as the respondent's language."""
        self._require_draft()
        previous = self._session.language
        self._session.set_language(language)  # a SessionError for an unknown language
        now = utcnow()
        try:
            with self._store.session() as db:
                touch_draft(db, self.uuid, now)
                db.execute(update(Interview).where(Interview.uuid == self.uuid)
                           .values(respondent_language=language))
        except BaseException:
            if previous is not None:
                self._session.set_language(previous)
            raise
        self._info = replace(self._info, respondent_language=language, updated_at=now)

    # -- pages (the page shown is saved, so a restart comes back to it) ----------------

    def next_page(self) -> Page | None:
        page = self._session.next_page()
        self._save_page()
        return page

    def previous_page(self) -> Page | None:
        page = self._session.previous_page()
        self._save_page()
        return page

    def jump_to(self, path: str) -> Page:
        page = self._session.jump_to(path)
        self._save_page()
        return page

    def _save_page(self) -> None:
        self._note_page()
        if self._depth == 0:
            self._flush()

    def _note_page(self) -> None:
        """Queue the page shown now as :data:`CURRENT_PAGE_PATH` if it changed."""
        if self._info.status != "draft":
            return  # a finalized interview is only looked at
        page = self._session.current_page
        if page is not None and self._stored.get(CURRENT_PAGE_PATH) != page.path:
            self._pending[CURRENT_PAGE_PATH] = page.path

    # -- finalizing ----------------------------------------------------------------------

    def finalize(self) -> list[Problem]:
        """Validate; with problems, return them and change nothing. Otherwise stamp
        the ``end`` time, mark the interview finalized (fsynced) and audit it."""
        self._require_draft()
        self._require_consent()
        problems = self._session.validate()
        if problems:
            return problems
        self._depth += 1
        try:
            self._session.to_xml(finalize=True)  # stamps end preloads -> _pending
        finally:
            self._depth -= 1
        changes = self._take_pending()
        now = utcnow()
        try:
            with self._store.durable_session() as db:
                touch_draft(db, self.uuid, now)
                write_answers(db, self.uuid, self._device_id, changes, now)
                db.execute(update(Interview).where(Interview.uuid == self.uuid)
                           .values(status="finalized", finalized_at=now))
                answered = self._answered_count({**self._stored, **changes})
                add_event(db, action="finalize", uuid=self.uuid,
                          actor=self._info.interviewer_name, device_id=self._device_id,
                          at=now, detail={"form_id": self._info.form_id, "answered": answered})
        except BaseException:
            self._reload()
            raise
        self._remember(changes)
        self._info = replace(self._info, status="finalized", finalized_at=now, updated_at=now)
        return []

    def reload(self) -> None:
        """Rebuild the session from the store (e.g. after a reopen elsewhere)."""
        self._reload()

    # -- machinery -------------------------------------------------------------------------

    def _require_draft(self) -> None:
        if self._info.status == "draft":
            return
        with self._store.session() as db:  # it may have been reopened meanwhile
            status = db.scalar(select(Interview.status).where(Interview.uuid == self.uuid))
        if status is None:
            raise InterviewNotFound(self.uuid)
        if status != "draft":
            raise InterviewReadOnly(self.uuid, status)
        self._reload()

    @contextmanager
    def _action(self, *, answers: bool = True) -> Iterator[None]:
        """Save what changes inside, once, when the outermost action ends. ``answers``:
        the action changes form answers, so consent must be recorded first."""
        self._require_draft()
        if answers:
            self._require_consent()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:  # nested in batch(): the outer block saves
                self._flush()

    def _on_change(self, changes: Mapping[str, str | None]) -> None:
        if any(is_form_path(p) for p in changes) and not self._may_answer():
            # An answer given on the session directly (or in a batch) before consent.
            self._pending.clear()
            self._reload()  # the session forgets the answer that was refused
            raise ConsentRequired(self.uuid, refused=self.consent is not None)
        self._pending.update(changes)
        if self._depth == 0:
            self._flush()

    def _take_pending(self) -> dict[str, str | None]:
        """The pending changes that differ from the store (a tombstone only for a
        row that is live)."""
        changes = {p: v for p, v in self._pending.items()
                   if (p in self._stored if v is None else self._stored.get(p) != v)}
        self._pending.clear()
        return changes

    def _flush(self) -> None:
        changes = self._take_pending()
        if not changes:
            return
        now = utcnow()
        try:
            with self._store.session() as db:
                touch_draft(db, self.uuid, now)
                write_answers(db, self.uuid, self._device_id, changes, now)
        except BaseException:
            self._reload()
            raise
        self._remember(changes)
        self._info = replace(self._info, updated_at=now)

    def _remember(self, changes: Mapping[str, str | None]) -> None:
        for path, value in changes.items():
            if value is None:
                self._stored.pop(path, None)
            else:
                self._stored[path] = value

    def _reload(self) -> None:
        """Make memory match the store again; a failure here leaves things as they were."""
        try:
            info, form, session, stored = _load(self._store, self.uuid, self._device_id)
        except Exception:
            return
        self._info, self.form, self._session = info, form, session
        self._stored = dict(stored.live)
        self._pending.clear()
        session.on_change = self._on_change
        session.roster_pages = True


def _info_of(row: Interview, ref: FormRef, name: str) -> InterviewInfo:
    return InterviewInfo(
        uuid=row.uuid, project_id=row.project_id, form_pk=row.form_pk, form_id=ref.form_id,
        form_title=ref.title, status=row.status, label=row.label,
        respondent_language=row.respondent_language, interviewer_id=row.interviewer_id,
        interviewer_name=name, device_id=row.device_id, created_at=row.created_at,
        updated_at=row.updated_at, finalized_at=row.finalized_at)


def _form_language(form: Form, language: str) -> str | None:
    if language and (language in form.languages or language in form.translations):
        return language
    return None


def _load(store: Store, uuid: str, device_id: str
          ) -> tuple[InterviewInfo, Form, FormSession, StoredAnswers]:
    with store.session() as db:
        row = db.get(Interview, uuid)
        if row is None:
            raise InterviewNotFound(uuid)
        ref, form = runtime_form(db, row.form_pk)
        info = _info_of(row, ref, interviewer_name(db, row.interviewer_id))
        stored = read_answers(db, uuid)
        last = last_saved_xml(db, form, form_pk=row.form_pk, device_id=device_id,
                              exclude=uuid)
    session = FormSession.from_dict(
        form, stored.form_values(), language=_form_language(form, info.respondent_language),
        device_id=device_id, properties={"username": info.interviewer_name}, last_saved=last)
    repeat_rows.trim_to_rows(session, form, stored.live, stored.dead)
    session.roster_pages = True  # before the jump: the page left may be a roster
    current = stored.live.get(CURRENT_PAGE_PATH)
    if current:
        # The page may be gone (e.g. its repeat instance): then stay on the first page.
        with contextlib.suppress(SessionError):
            session.jump_to(current)
    return info, form, session, stored


def open_interview(store: Store, uuid: str) -> InterviewHandle:
    """Rebuild an interview from its stored answers, on the page where it was left."""
    device_id = ensure_local_device(store).id
    info, form, session, stored = _load(store, uuid, device_id)
    return InterviewHandle(store, info, form, session, stored=stored.live, device_id=device_id)


def start_interview(store: Store, *, form_pk: int, respondent_language: str,
                    interviewer_id: str | None = None, label: str = "",
                    consent: Consent | None = None) -> InterviewHandle:
    """Create a draft interview of form ``form_pk`` on this device and save its first
    answers (preloads, defaults, instanceID) at once. It takes no answers until
    consent is recorded: pass ``consent`` (given, not refused) to record it with
    the start, or call :meth:`InterviewHandle.record_consent`."""
    if consent is not None:
        consent = consent.checked()
        if not consent.recorded_by and interviewer_id:
            consent = replace(consent, recorded_by=interviewer_id)
        if not consent.given:
            raise InterviewStateError(_("A refusal is recorded on a started interview "
                                        "(record_consent), so that it is counted."))
    device_id = ensure_local_device(store).id
    with store.session() as db:
        ref, form = runtime_form(db, form_pk)
        name = ""
        if interviewer_id is not None:
            interviewer = db.get(Interviewer, interviewer_id)
            if interviewer is None or interviewer.project_id != ref.project_id:
                raise UnknownRecord(
                    _("There is no interviewer {id} in this project.").format(id=interviewer_id))
            name = interviewer.name
        last = last_saved_xml(db, form, form_pk=form_pk, device_id=device_id)
    session = FormSession(form, language=respondent_language or None, device_id=device_id,
                          properties={"username": name}, last_saved=last)
    session.roster_pages = True
    rows: dict[str, str | None] = dict(repeat_rows.start_rows(session, form))
    first_page = session.current_page
    if first_page is not None:
        rows[CURRENT_PAGE_PATH] = first_page.path
    language = session.language or ""
    now = utcnow()
    if consent is not None:
        rows.update(consent_rows(consent, now))
    with store.session() as db:
        row = Interview(project_id=ref.project_id, form_pk=form_pk, status="draft",
                        label=label, respondent_language=language,
                        interviewer_id=interviewer_id, device_id=device_id,
                        created_at=now, updated_at=now)
        db.add(row)
        db.flush()
        uuid = row.uuid
        write_answers(db, uuid, device_id, rows, now)
        add_event(db, action="start", uuid=uuid, actor=name, device_id=device_id, at=now,
                  detail={"form_id": ref.form_id, "form_version": ref.version,
                          "respondent_language": language, "label": label})
        if consent is not None:
            add_event(db, action="consent", uuid=uuid, actor=name, device_id=device_id,
                      at=now, detail={"method": consent.method,
                                      "recorded_by": consent.recorded_by,
                                      "on_behalf": consent.method == "on_behalf"})
        info = _info_of(row, ref, name)
    stored = {p: v for p, v in rows.items() if v is not None}
    return InterviewHandle(store, info, form, session, stored=stored, device_id=device_id)
