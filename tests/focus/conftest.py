"""A project with the focus-group forms, and a group with coded notes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from fieldkit.focus.reading import read_focus
from fieldkit.focus.writes import FocusWriter
from fieldkit.store import Store, open_store
from fieldkit.sync.project import init_project


@dataclass
class Site:
    store: Store
    project_id: str
    writer: FocusWriter
    group: str
    guide: str
    themes: dict[str, str]
    people: dict[str, str]
    notes: dict[str, str]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path / 'focus.sqlite3'}")
    yield s
    s.close()


def build_site(store: Store, project_id: str) -> Site:
    writer = FocusWriter(store, project_id)
    guide = writer.create_guide("Living here", ["What is it like to live here?",
                                                "Where do you go for advice?"])
    data_guide = read_focus(store, project_id).guide(guide)
    assert data_guide is not None
    q1, q2 = (q.id for q in data_guide.questions)
    group = writer.create_group({"title": "Roma women, Tuesday", "group_date": date(2026, 11, 3),
                                 "venue": "Community Centre", "community": "Roma",
                                 "languages": "ro rom", "facilitator": "Ana",
                                 "interpreter": "Maria"}, guide=guide)
    housing = writer.create_theme("Housing", description="Homes, landlords, repairs",
                                  translations={"ro": "Locuință"})
    damp = writer.create_theme("Damp and mould", parent=housing)
    advice = writer.create_theme("Access to advice")
    people = {
        "Rosa": writer.add_participant(group, pseudonym="Rosa", age_band="25-34", sex="f",
                                       consent_audio=True, consent_quote=True),
        "p2": writer.add_participant(group, age_band="35-44", sex="f", consent_audio=True,
                                     consent_quote=False),
    }
    notes = {
        "mould": writer.add_note(group, "Casa are mucegai, the landlord never comes.",
                                 question=q1, speaker=people["Rosa"], language="ro"),
        "advice": writer.add_note(group, "We only go to the church for help.",
                                  question=q2, speaker=people["p2"], language="en"),
        "room": writer.add_note(group, "Everyone agreed about the repairs.", question=q1),
    }
    return Site(store, project_id, writer, group, guide,
                {"housing": housing, "damp": damp, "advice": advice}, people, notes)


@pytest.fixture
def site(store: Store) -> Site:
    project = init_project(store, "Focus test", default_forms=False)
    return build_site(store, project.id)
