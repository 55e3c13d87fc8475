"""Demo data for the screenshot tour (Qt-free): a fresh data folder holding the
practice project, its default forms and a few interviews started through the
interview service, as an interviewer would leave them."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from fieldkit.attendance.demo import seed_sessions
from fieldkit.cli_parser import global_options, make_context
from fieldkit.context import AppContext
from fieldkit.forms import SessionError
from fieldkit.forms.language_names import form_language
from fieldkit.i18n import _
from fieldkit.interviewers import create_interviewer
from fieldkit.interviews import Consent, InterviewHandle, start_interview
from fieldkit.project_forms import StoredForm, install_default_forms
from fieldkit.projects import current_project

HOUSEHOLD_FORM = "household_survey"
ATTENDEE_FORM = "advice_session_attendee"
CUSTOMER_FORM = "customer_profile"
PICTORIAL_FORM = "satisfaction_pictorial"
ENGLISH = "English (en)"
SORANI = "کوردی (ckb)"

MEMBER = "/data/survey/roster/member"
#: The tour's respondents agree out loud.
VERBAL = Consent("verbal")
#: The demo interviewer's profile (the tour signs in with it, as a person would).
INTERVIEWER = "Ola Nowak"
PIN = "2468"


@dataclass(frozen=True)
class DemoData:
    """What the tour shows; each interview is left on the page to photograph."""

    project_id: str
    #: Household survey with a roster of three, on the roster table.
    household: str
    #: Household survey in the respondent language of the tour, on the consent page.
    respondent_language: str
    #: Attendee record with required answers missing (finalising lists problems).
    attendee_draft: str
    #: Customer profile waiting for the respondent's consent.
    no_consent: str
    #: Pictorial satisfaction survey (choice pictures, recordings in English only).
    pictorial: str
    #: The latest of a weekly series of advice sessions with people checked in.
    advice_session: str


def make_demo_context(data_dir: Path, ui_language: str) -> AppContext:
    """An AppContext on ``data_dir`` made as the command line makes one."""
    parser = argparse.ArgumentParser()
    global_options(parser, suppress=False)
    return make_context(parser.parse_args(["--data-dir", str(data_dir), "--lang", ui_language]))


def tour_language(form_languages: list[str], wanted: str) -> str:
    """The form's name for ``wanted``: a name as the form spells it (``کوردی (ckb)``),
    else a language code, found as the interface finds a form language (``fa-AF`` is
    ``Dari (fa_AF)``; ``fa_IR`` is ``Farsi (fa)``). A SessionError if there is none."""
    if wanted in form_languages:
        return wanted
    found = form_language(form_languages, wanted)
    if found is not None:
        return found
    raise SessionError(
        _("The form has no language '{language}' (it has: {languages}).").format(
            language=wanted, languages=", ".join(form_languages) or "-"))


def create_demo_data(ctx: AppContext, respondent_language: str = SORANI) -> DemoData:
    """Fill the store of ``ctx`` (a fresh data folder) with the tour's interviews.

    ``respondent_language`` is the household survey language shown right-to-left in
    the tour (a name or a code, see :func:`tour_language`)."""
    store = ctx.store
    project_id = current_project(store).id
    forms: dict[str, StoredForm] = {f.form_id: f for f in install_default_forms(store, project_id)}
    household_pk = forms[HOUSEHOLD_FORM].pk
    who = create_interviewer(store, project_id, INTERVIEWER, PIN).id
    attendee_pk = forms[ATTENDEE_FORM].pk

    # Checked first, so a wrong language leaves no half-made interviews behind.
    probe = start_interview(store, interviewer_id=who, form_pk=household_pk,
                            respondent_language=ENGLISH, consent=VERBAL, label="HH-014")
    language = tour_language(probe.session.languages, respondent_language)
    household = _fill_household(probe)

    finished = start_interview(store, interviewer_id=who, form_pk=attendee_pk,
                               respondent_language=ENGLISH, consent=VERBAL, label="A-031")
    _fill_attendee(finished, complete=True)
    problems = finished.finalize()
    if problems:  # the form changed under the tour: say which answer is missing
        raise SessionError(f"{finished.info.form_title}: {problems[0].message}")

    waiting = start_interview(store, interviewer_id=who, form_pk=forms[CUSTOMER_FORM].pk,
                              respondent_language=language, label="C-007")
    refused = start_interview(store, interviewer_id=who, form_pk=forms[CUSTOMER_FORM].pk,
                              respondent_language=ENGLISH, label="C-008")
    refused.record_consent(Consent("refused"))

    draft = start_interview(store, interviewer_id=who, form_pk=attendee_pk,
                            respondent_language=ENGLISH, consent=VERBAL, label="A-032")
    _fill_attendee(draft, complete=False)

    other = start_interview(store, interviewer_id=who, form_pk=household_pk,
                            respondent_language=language, consent=VERBAL, label="HH-015")
    other.answer("/data/consent_grp/consent", "yes")
    other.answer("/data/consent_grp/consent_type", "verbal")
    other.jump_to("/data/consent_grp/consent")

    pictorial = start_interview(store, interviewer_id=who, form_pk=forms[PICTORIAL_FORM].pk,
                                respondent_language=language, consent=VERBAL, label="S-003")

    sessions = seed_sessions(store, project_id, sessions=3, seed=7,
                             first=date.today() - timedelta(days=14), attendees=(12, 18))

    return DemoData(project_id=project_id, household=household,
                    respondent_language=other.uuid, attendee_draft=draft.uuid,
                    no_consent=waiting.uuid, pictorial=pictorial.uuid,
                    advice_session=sessions.sessions[-1])


def _fill_household(handle: InterviewHandle) -> str:
    handle.answer("/data/consent_grp/consent", "yes")
    handle.answer("/data/consent_grp/consent_type", "verbal")
    people = (
        # name, age, sex, relationship to person 1, couple, employment
        ("Anna", 41, "female", None, "yes", "part_time"),
        ("Marek", 43, "male", "partner", "yes", "self_employed"),
        ("Zofia", 9, "female", "child", None, None),
    )
    for number, (name, age, sex, relationship, couple, work) in enumerate(people, start=1):
        if number > 1:
            handle.add_repeat(MEMBER)
        member = f"{MEMBER}[{number}]"
        handle.answer(f"{member}/member_name", name)
        handle.answer(f"{member}/age", age)
        handle.answer(f"{member}/sex", sex)
        if relationship is not None:
            handle.answer(f"{member}/relationship", relationship)
        if couple is not None:
            handle.answer(f"{member}/couple", couple)
        if work is not None:
            handle.answer(f"{member}/employment", work)
        handle.answer(f"{member}/ethnicity", "white_polish")
        handle.answer(f"{member}/nationality", "pl")
        handle.answer(f"{member}/main_language", "pl")
        handle.answer(f"{member}/health", ["none"])
    handle.jump_to(MEMBER)
    return handle.uuid


def _fill_attendee(handle: InterviewHandle, *, complete: bool) -> None:
    handle.answer("/data/consent", "yes")
    handle.answer("/data/visit/person/visit_type", "returning")
    handle.answer("/data/visit/person/attendee_name", "R. Kowalczyk")
    handle.answer("/data/visit/person/preferred_language", "pl")
    if not complete:
        handle.jump_to("/data/visit/person/visit_type")
        return
    handle.answer("/data/visit/household/household_size", 4)
    handle.answer("/data/visit/household/children", 2)
    handle.answer("/data/visit/today/issues", ["housing", "repairs"])
    handle.answer("/data/visit/today/outcome", "advice_given")
    handle.answer("/data/visit/today/referral_made", "no")
    handle.answer("/data/visit/today/followup", "no")


#: Household surveys in the coordinator's demo project (with a few homes surveyed twice).
COORDINATOR_INTERVIEWS = 120
COORDINATOR_PROJECT = "Outreach 2026"


def create_coordinator_demo(ctx: AppContext) -> str:
    """Make the store of ``ctx`` (a fresh data folder) a coordinator's project with
    demo interviews from several interviewers and laptops, and flag the homes that
    were surveyed twice; returns the project id."""
    from fieldkit.demo.seeding import seed_demo
    from fieldkit.sync.duplicates import scan_duplicates
    from fieldkit.sync.project import init_project

    project = init_project(ctx.store, COORDINATOR_PROJECT,
                           organisation="Southampton Housing Partnership")
    seed_demo(ctx.store, interviews=COORDINATOR_INTERVIEWS, seed=11)
    scan_duplicates(ctx.store)
    _set_up_coordination(ctx)
    return project.id


#: Languages the demo interviewers speak (fieldkit/demo/household.py's roster).
DEMO_LANGUAGES = {"Agnieszka Nowak": ("pl", "en"), "Bogdan Popescu": ("ro", "bg"),
                  "Shilan Ahmadi": ("ckb", "fa"), "Hodan Warsame": ("so", "ar")}


def _set_up_coordination(ctx: AppContext) -> None:
    """What a coordinator sets up in the app: languages on the roster, quotas on the
    household survey's tenure question, the last day of fieldwork."""
    from datetime import date, timedelta

    from fieldkit.sync.project import add_quota
    from fieldkit.sync.quotas import quota_forms, set_fieldwork_end
    from fieldkit.sync.roster import roster, set_languages

    for member in roster(ctx.store):
        if member.name in DEMO_LANGUAGES:
            set_languages(ctx.store, member.id, DEMO_LANGUAGES[member.name])
    survey = next((f for f in quota_forms(ctx.store, "en") if f.form_id == "household_survey"),
                  None)
    tenure = next((q for q in survey.fields if q.path.endswith("/tenure")), None) \
        if survey else None
    if tenure is not None:
        for (value, _label), target in zip(tenure.choices[:3], (60, 40, 25), strict=False):
            add_quota(ctx.store, form_id="household_survey", path=tenure.path, value=value,
                      target=target)
    set_fieldwork_end(ctx.store, date.today() + timedelta(days=24))

