"""The REFI-QDA project exchange file (``.qdpx``), so researchers can carry on in
NVivo, ATLAS.ti, MAXQDA or QualCoder.

A ``.qdpx`` is a zip holding ``project.qde`` (XML in the ``urn:QDA-XML:project:1.0``
namespace, schema ``Project-mrt2019.xsd``) and the sources under ``sources/``.
What goes in:

- the codebook: one ``Code`` per theme, nested as the themes are, with descriptions;
- one text source per group: its notes as a transcript (under each topic-guide
  question, ``[time] speaker: what was said``; speakers by pseudonym or number),
  with each coded passage a ``PlainTextSelection`` carrying its ``Coding``;
- memos as ``Notes`` referred to by their passage or group;
- one ``Case`` per community, holding its groups;
- a group's audio recording only when every participant agreed to recording.

Element order follows the schema's sequences. Written with the standard library;
the tests parse it back with defusedxml and validate it against the schema.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid as uuid_module
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fieldkit.errors import EnvironmentProblem
from fieldkit.focus.analysis import theme_path
from fieldkit.focus.consent import recording_allowed
from fieldkit.focus.records import FocusData, Group, Note
from fieldkit.i18n import _
from fieldkit.vault.sealed import plain_chunks

__all__ = ["NAMESPACE", "QdpxSummary", "transcript", "write_qdpx"]

NAMESPACE = "urn:QDA-XML:project:1.0"
#: Derived guids (codings, memo notes) are stable across exports of the same data.
_GUIDS = uuid_module.UUID("6f9c1a52-5d0e-4c1e-9a57-0f0c1d2e3f40")


#: Characters XML 1.0 cannot carry (C0 controls but tab and newlines, lone surrogates,
#: U+FFFE/U+FFFF): replaced one for one, so coded positions stay right.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _guid(*parts: str) -> str:
    return str(uuid_module.uuid5(_GUIDS, "/".join(parts)))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), {k: _xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _xml_text(text)
    return element


@dataclass(frozen=True)
class QdpxSummary:
    path: Path
    codes: int
    sources: int
    selections: int
    recordings: int
    recordings_left_out: int


def transcript(data: FocusData, group: Group) -> tuple[str, dict[str, int]]:
    """The group's notes as one text, and {note uuid: where its text starts}."""
    guide = data.guide(group.guide) if group.guide else None
    notes = sorted(data.notes_of(group.uuid), key=lambda n: (n.at, n.uuid))
    sections: list[tuple[str, list[Note]]] = []
    placed: set[str] = set()
    for question in (guide.questions if guide else ()):
        under = [n for n in notes if n.question == question.id]
        placed.update(n.uuid for n in under)
        sections.append((question.text, under))
    rest = [n for n in notes if n.uuid not in placed]
    if rest:
        sections.append((_("Other notes") if guide else "", rest))
    text, starts = "", {}
    for heading, under in sections:
        if heading:
            text += heading + "\n"
        for note in under:
            speaker = data.speaker_label(note)
            prefix = f"[{note.at[11:16]}] " if len(note.at) >= 16 else ""
            prefix += f"{speaker}: " if speaker else ""
            starts[note.uuid] = len(text) + len(prefix)
            text += prefix + note.text + "\n"
        text += "\n"
    return text, starts


def _project(data: FocusData, name: str, attachments_dir: Path | None
             ) -> tuple[ET.Element, dict[str, bytes], dict[str, Path], QdpxSummary]:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    user = _guid("user", "fieldkit")
    root = ET.Element(_q("Project"), {"name": name, "origin": "fieldkit",
                                      "creatingUserGUID": user, "creationDateTime": now})
    users = _sub(root, "Users")
    _sub(users, "User", guid=user, name="fieldkit")

    live_themes = {t.uuid for t in data.themes}
    children: dict[str, list[str]] = {}
    for theme in data.themes:
        parent = theme.parent if theme.parent in live_themes else ""
        children.setdefault(parent, []).append(theme.uuid)
    if data.themes:
        codes = _sub(_sub(root, "CodeBook"), "Codes")
        done: set[str] = set()

        def add_code(parent: ET.Element, uuid: str) -> None:
            theme = data.theme(uuid)
            if theme is None or uuid in done:
                return
            done.add(uuid)
            code = _sub(parent, "Code", guid=uuid, name=theme.name, isCodable="true")
            description = theme.description
            if theme.translations:
                names = "; ".join(f"{k}: {v}" for k, v in sorted(theme.translations.items()))
                description = f"{description}\n{names}".strip()
            if description:
                _sub(code, "Description", description)
            for child in children.get(uuid, []):
                add_code(code, child)

        for top in children.get("", []):
            add_code(codes, top)
        for theme in data.themes:  # themes in a parent cycle (a merge can make one)
            add_code(codes, theme.uuid)

    communities: dict[str, list[str]] = {}
    for group in data.groups:
        communities.setdefault(group.community, []).append(group.uuid)
    if data.groups:
        cases = _sub(root, "Cases")
        for community, uuids in sorted(communities.items()):
            case = _sub(cases, "Case", guid=_guid("case", community),
                        name=community or _("(no community)"))
            for uuid in uuids:
                _sub(case, "SourceRef", targetGUID=uuid)

    files: dict[str, bytes] = {}
    audio: dict[str, Path] = {}
    memos: list[tuple[str, str, str]] = []  # (guid, name, text)
    selections = recordings = left_out = 0
    if data.groups:
        sources = _sub(root, "Sources")
        for group in data.groups:
            text, starts = transcript(data, group)
            source = _sub(sources, "TextSource", guid=group.uuid,
                          name=group.title or _("Focus group"),
                          plainTextPath=f"internal://{group.uuid}.txt",
                          creatingUser=user, creationDateTime=now)
            people = data.participants_of(group.uuid)
            facts = [
                _("Date: {value}").format(value=group.date.isoformat() if group.date else ""),
                _("Venue: {value}").format(value=group.venue),
                _("Community: {value}").format(value=group.community),
                _("Languages: {value}").format(value=" ".join(group.languages)),
                _("Facilitator: {value}").format(value=group.facilitator),
                _("Interpreter: {value}").format(value=group.interpreter),
                _("Participants: {value}").format(value=len(people))]
            _sub(source, "Description", "\n".join(facts))
            _sub(source, "PlainTextContent", text)
            files[f"sources/{group.uuid}.txt"] = _xml_text(text).encode("utf-8")
            for coding in (c for c in data.codings if c.group == group.uuid):
                if coding.note not in starts:
                    continue
                start = starts[coding.note] + coding.start
                selection = _sub(source, "PlainTextSelection", guid=coding.uuid,
                                 name=data.passage(coding)[:60],
                                 startPosition=str(start),
                                 endPosition=str(start + coding.end - coding.start),
                                 creatingUser=user, creationDateTime=now)
                coded = _sub(selection, "Coding", guid=_guid("coding", coding.uuid),
                             creatingUser=user, creationDateTime=now)
                _sub(coded, "CodeRef", targetGUID=coding.theme)
                if coding.memo:
                    memo_guid = _guid("memo", coding.uuid)
                    coded_theme = data.theme(coding.theme)
                    memos.append((memo_guid, theme_path(data, coded_theme) if coded_theme else "",
                                  coding.memo))
                    _sub(selection, "NoteRef", targetGUID=memo_guid)
                selections += 1
            for memo in (m for m in data.memos if m.group == group.uuid):
                memos.append((memo.uuid, _("Memo"), memo.text))
                _sub(source, "NoteRef", targetGUID=memo.uuid)
        for group in data.groups:
            if not group.recording:
                continue
            stored = (attachments_dir / group.uuid / group.recording
                      if attachments_dir is not None else None)
            if not recording_allowed(data, group.uuid) or stored is None \
                    or not stored.is_file():
                left_out += 1
                continue
            member = f"{group.uuid}-{group.recording}"
            audio[f"sources/{member}"] = stored
            _sub(sources, "AudioSource", guid=_guid("audio", group.uuid),
                 name=group.title or _("Focus group"), path=f"internal://{member}",
                 creatingUser=user, creationDateTime=now)
            recordings += 1
    if memos:
        notes = _sub(root, "Notes")
        for guid, title, text in memos:
            note = _sub(notes, "Note", guid=guid, name=title or _("Memo"),
                        creatingUser=user, creationDateTime=now)
            _sub(note, "PlainTextContent", text)
    summary = QdpxSummary(Path(), len(data.themes), len(data.groups), selections,
                          recordings, left_out)
    return root, files, audio, summary


def write_qdpx(data: FocusData, out: Path, *, name: str,
               attachments_dir: Path | None = None,
               attachments_key: bytes | None = None) -> QdpxSummary:
    """Write the project's focus groups to ``out`` (replaced whole, or left as it
    was if writing fails). ``attachments_key``: an encrypted store's (recordings are
    decrypted into the archive as they are read, never into a file of their own)."""
    root, files, audio, summary = _project(data, name, attachments_dir)
    ET.register_namespace("", NAMESPACE)
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".focus-", suffix=".qdpx", dir=out.parent)
        os.close(fd)
        try:
            with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("project.qde", xml)
                for member, content in files.items():
                    archive.writestr(member, content)
                for member, path in audio.items():
                    with archive.open(member, "w", force_zip64=True) as sink:
                        for part in plain_chunks(path, attachments_key):
                            sink.write(part)
            Path(temp).replace(out)
        finally:
            Path(temp).unlink(missing_ok=True)
    except OSError as exc:
        raise EnvironmentProblem(_("Could not write {path}: {error}").format(
            path=out, error=exc.strerror or exc)) from exc
    return QdpxSummary(out, summary.codes, summary.sources, summary.selections,
                       summary.recordings, summary.recordings_left_out)
