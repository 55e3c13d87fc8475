"""Reading every focus-group record of a project in one query (the analysis needs
all of them; a project has a handful of groups and a few thousand notes)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select

from fieldkit.answer_paths import is_form_path
from fieldkit.focus import GROUP_PATH, KIND_PATH, REMOVED_PATH, Kind, own
from fieldkit.focus.forms import stored_focus_forms
from fieldkit.focus.records import (
    Coding,
    FocusData,
    Group,
    Guide,
    GuideQuestion,
    Memo,
    Note,
    Participant,
    Theme,
)
from fieldkit.interviews.records import parse_date
from fieldkit.store import Store
from fieldkit.store.models import Answer, Interview

__all__ = ["read_focus"]


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def _json(value: str, default: object) -> object:
    try:
        return json.loads(value) if value else default
    except ValueError:
        return default


def _questions(value: str) -> tuple[GuideQuestion, ...]:
    raw = _json(value, [])
    if not isinstance(raw, list):
        return ()
    return tuple(GuideQuestion(str(q.get("id", "")), str(q.get("text", "")))
                 for q in raw if isinstance(q, dict))


def _translations(value: str) -> dict[str, str]:
    raw = _json(value, {})
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def read_focus(store: Store, project_id: str) -> FocusData:
    """Every live focus-group record of the project (none before its forms exist)."""
    forms = stored_focus_forms(store, project_id)
    if forms is None:
        return FocusData()
    values: dict[str, dict[str, str]] = defaultdict(dict)
    created: dict[str, datetime] = {}
    with store.session() as db:
        for uuid, created_at, path, value in db.execute(
                select(Interview.uuid, Interview.created_at, Answer.path, Answer.value)
                .join(Answer, Answer.interview_uuid == Interview.uuid)
                .where(Interview.project_id == project_id,
                       Interview.form_pk.in_([*forms.group_pks, *forms.item_pks]),
                       Answer.value.is_not(None))):
            created[uuid] = created_at
            key = path.rsplit("/", 1)[-1] if is_form_path(path) else path
            values[uuid][key] = value or ""
    kinds: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
    for uuid in sorted(values, key=lambda u: (created[u], u)):
        vals = values[uuid]
        if vals.get(REMOVED_PATH) == "yes":
            continue
        kinds[vals.get(KIND_PATH, "")].append((uuid, vals))

    def get(vals: dict[str, str], name: str) -> str:
        return vals.get(own(name), "")

    groups = tuple(Group(
        uuid=u, title=v.get("title", ""), date=parse_date(v.get("group_date", "")),
        venue=v.get("venue", ""), community=v.get("community", ""),
        languages=tuple(v.get("languages", "").split()), facilitator=v.get("facilitator", ""),
        interpreter=v.get("interpreter", ""), guide=get(v, "guide"),
        recording=v.get("recording", "")) for u, v in kinds[Kind.GROUP])
    live_groups = {g.uuid for g in groups}

    def items(kind: Kind) -> list[tuple[str, dict[str, str]]]:
        # An item whose group was removed goes with it.
        return [(u, v) for u, v in kinds[kind] if v.get(GROUP_PATH, "") in live_groups]

    participants = tuple(Participant(
        uuid=u, group=v[GROUP_PATH], number=_int(get(v, "number")),
        pseudonym=v.get("text", ""), age_band=get(v, "age_band"), sex=get(v, "sex"),
        consent=get(v, "consent") == "yes", consent_audio=get(v, "consent_audio") == "yes",
        consent_quote=get(v, "consent_quote") == "yes") for u, v in items(Kind.PARTICIPANT))
    notes = tuple(Note(
        uuid=u, group=v[GROUP_PATH], question=get(v, "question"), at=get(v, "at"),
        speaker=get(v, "speaker"), language=get(v, "language"), text=v.get("text", ""))
        for u, v in items(Kind.NOTE))
    live_notes = {n.uuid: n for n in notes}
    codings = tuple(Coding(
        uuid=u, group=v[GROUP_PATH], note=get(v, "note"), theme=get(v, "theme"),
        start=_int(get(v, "start")), end=_int(get(v, "end")), memo=v.get("text", ""),
        quote=get(v, "quote") == "yes")
        for u, v in items(Kind.CODING) if get(v, "note") in live_notes)
    memos = tuple(Memo(uuid=u, group=v[GROUP_PATH], theme=get(v, "theme"),
                       text=v.get("text", "")) for u, v in items(Kind.MEMO))
    guides = tuple(Guide(u, v.get("title", ""), _questions(get(v, "questions")))
                   for u, v in kinds[Kind.GUIDE])
    themes = tuple(Theme(u, v.get("title", ""), get(v, "parent"), get(v, "description"),
                         _translations(get(v, "translations")))
                   for u, v in kinds[Kind.THEME])
    live_themes = {t.uuid for t in themes}
    codings = tuple(c for c in codings if c.theme in live_themes)
    groups = tuple(sorted(groups, key=lambda g: (g.date or date.max, g.title)))
    return FocusData(groups=groups,
                     guides=guides, themes=themes, participants=participants, notes=notes,
                     codings=codings, memos=memos)
