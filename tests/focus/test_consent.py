"""Consent rules: a quote leaves fieldkit only when its speaker agreed to be quoted;
a recording is kept, and exported, only when every participant agreed to it."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from fieldkit.errors import InvalidInput
from fieldkit.focus.analysis import quotes, what_people_told_us
from fieldkit.focus.consent import quote_refusal, recording_allowed
from fieldkit.focus.qdpx import write_qdpx
from fieldkit.focus.reading import read_focus
from fieldkit.focus.segments import write_quotes, write_segments
from tests.focus.conftest import Site


def test_only_passages_of_people_who_agreed_are_quoted(site: Site, tmp_path: Path) -> None:
    w = site.writer
    rosa = w.code(site.notes["mould"], site.themes["damp"], 0, 15, quote=True)
    refused = w.code(site.notes["advice"], site.themes["advice"], quote=True)
    nobody = w.code(site.notes["room"], site.themes["housing"], quote=True)
    data = read_focus(site.store, site.project_id)
    assert [q.text for q in quotes(data)] == ["Casa are mucega"]
    assert quotes(data)[0].speaker == "Rosa"
    by_uuid = {c.uuid: c for c in data.codings}
    assert quote_refusal(data, by_uuid[rosa]) is None
    assert "participant 2" in (quote_refusal(data, by_uuid[refused]) or "")
    assert quote_refusal(data, by_uuid[nobody]) is not None
    assert [q.text for q in what_people_told_us(data).quotes] == ["Casa are mucega"]

    out = tmp_path / "quotes.csv"
    assert write_quotes(data, out) == 1
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [r[1] for r in rows[1:]] == ["Casa are mucega"]
    assert "We only go to the church" not in out.read_text(encoding="utf-8-sig")

    # Rosa withdraws: her quote no longer leaves, though the coding stays for analysis.
    w.set_participant(site.people["Rosa"], consent_quote=False)
    data = read_focus(site.store, site.project_id)
    assert quotes(data) == []
    assert write_quotes(data, out) == 0
    segments = tmp_path / "segments.csv"
    assert write_segments(data, segments) == 3
    table = list(csv.DictReader(segments.read_text(encoding="utf-8-sig").splitlines()))
    assert {r["may_quote"] for r in table} == {"no"}


def test_a_recording_needs_everyones_consent(site: Site, tmp_path: Path) -> None:
    audio = tmp_path / "group.ogg"
    audio.write_bytes(b"OggS fake audio")
    attachments = tmp_path / "attachments"
    w = site.writer
    late = w.add_participant(site.group, pseudonym="Late arrival", consent_audio=False)
    with pytest.raises(InvalidInput, match="Late arrival"):
        w.attach_recording(site.group, attachments, audio)
    data = read_focus(site.store, site.project_id)
    assert not recording_allowed(data, site.group)
    assert data.group(site.group).recording == ""  # type: ignore[union-attr]

    w.set_participant(late, consent_audio=True)
    name = w.attach_recording(site.group, attachments, audio)
    data = read_focus(site.store, site.project_id)
    assert recording_allowed(data, site.group)
    out = tmp_path / "p.qdpx"
    summary = write_qdpx(data, out, name="p", attachments_dir=attachments)
    assert summary.recordings == 1
    with zipfile.ZipFile(out) as archive:
        assert any(n.endswith(name) for n in archive.namelist())

    # A participant withdraws consent to recording: the recording stays out.
    w.set_participant(late, consent_audio=False)
    data = read_focus(site.store, site.project_id)
    summary = write_qdpx(data, out, name="p", attachments_dir=attachments)
    assert (summary.recordings, summary.recordings_left_out) == (0, 1)
    with zipfile.ZipFile(out) as archive:
        assert not any(n.endswith(name) for n in archive.namelist())
        assert b"AudioSource" not in archive.read("project.qde")


def test_a_group_with_nobody_counted_cannot_keep_a_recording(site: Site,
                                                             tmp_path: Path) -> None:
    empty = site.writer.create_group({"title": "Empty"})
    audio = tmp_path / "a.ogg"
    audio.write_bytes(b"x")
    with pytest.raises(InvalidInput, match="consent"):
        site.writer.attach_recording(empty, tmp_path / "att", audio)
