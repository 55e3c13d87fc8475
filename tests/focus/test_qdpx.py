"""The .qdpx export against the published REFI-QDA schema (Project-mrt2019.xsd, MIT
licence, in tests/resources/refi_qda) and the structure the standard documents:
a zip with project.qde; codes nested as the themes are; each coded passage a
selection whose positions (in characters) point at its text in the source."""

from __future__ import annotations

import zipfile
from pathlib import Path

import xmlschema
from defusedxml import ElementTree

from fieldkit.focus.qdpx import NAMESPACE, write_qdpx
from fieldkit.focus.reading import read_focus
from tests.focus.conftest import Site

SCHEMA = Path(__file__).parents[1] / "resources" / "refi_qda" / "Project-mrt2019.xsd"
NS = {"q": NAMESPACE}


def test_the_project_file_is_valid_and_carries_codebook_sources_and_codings(
        site: Site, tmp_path: Path) -> None:
    w = site.writer
    damp = w.code(site.notes["mould"], site.themes["damp"], 0, 15, memo="Romanian & English")
    advice = w.code(site.notes["advice"], site.themes["advice"], 8, 33)
    w.add_memo(site.group, "The interpreter summarised the second hour.")
    data = read_focus(site.store, site.project_id)
    out = tmp_path / "study.qdpx"
    summary = write_qdpx(data, out, name="Focus test")
    assert (summary.codes, summary.sources, summary.selections) == (3, 1, 2)

    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde")
        text_members = [n for n in archive.namelist() if n.startswith("sources/")]
        assert text_members == [f"sources/{site.group}.txt"]
        stored_text = archive.read(text_members[0]).decode("utf-8")
    root = ElementTree.fromstring(qde)
    xmlschema.XMLSchema(str(SCHEMA)).validate(root)
    assert root.tag == f"{{{NAMESPACE}}}Project"

    # The codebook keeps the tree: Damp and mould under Housing.
    housing = root.find(f"q:CodeBook/q:Codes/q:Code[@guid='{site.themes['housing']}']", NS)
    assert housing is not None and housing.get("name") == "Housing"
    assert housing.find(f"q:Code[@guid='{site.themes['damp']}']", NS) is not None
    assert "ro: Locuință" in (housing.findtext("q:Description", "", NS))

    source = root.find("q:Sources/q:TextSource", NS)
    assert source is not None and source.get("guid") == site.group
    assert source.get("plainTextPath") == f"internal://{site.group}.txt"
    content = source.findtext("q:PlainTextContent", "", NS)
    assert content == stored_text
    assert "What is it like to live here?" in content and "Rosa: Casa are mucegai" in content
    assert "Community: Roma" in source.findtext("q:Description", "", NS)
    selections = {s.get("guid"): s for s in source.findall("q:PlainTextSelection", NS)}
    for coding, expected, theme in ((damp, "Casa are mucega", site.themes["damp"]),
                                    (advice, "go to the church for help", site.themes["advice"])):
        selection = selections[coding]
        start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
        assert content[start:end] == expected
        ref = selection.find("q:Coding/q:CodeRef", NS)
        assert ref is not None and ref.get("targetGUID") == theme
    # The passage memo and the group memo are notes, referred to where they belong.
    memo_ref = selections[damp].find("q:NoteRef", NS)
    assert memo_ref is not None
    notes = {n.get("guid"): n.findtext("q:PlainTextContent", "", NS)
             for n in root.findall("q:Notes/q:Note", NS)}
    assert notes[memo_ref.get("targetGUID")] == "Romanian & English"
    assert "The interpreter summarised the second hour." in notes.values()
    [case] = root.findall("q:Cases/q:Case", NS)
    assert case.get("name") == "Roma"
    assert case.find("q:SourceRef", NS).get("targetGUID") == site.group  # type: ignore[union-attr]


def test_an_empty_project_is_still_a_valid_file(store: object, tmp_path: Path) -> None:
    from fieldkit.focus.records import FocusData

    out = tmp_path / "empty.qdpx"
    write_qdpx(FocusData(), out, name="Nothing yet")
    with zipfile.ZipFile(out) as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))
    xmlschema.XMLSchema(str(SCHEMA)).validate(root)


def test_control_characters_do_not_break_the_file_or_shift_positions(
        site: Site, tmp_path: Path) -> None:
    note = site.writer.add_note(site.group, "bad\x0bchar then the point")
    coding = site.writer.code(note, site.themes["housing"], 14, 23)
    out = tmp_path / "c.qdpx"
    write_qdpx(read_focus(site.store, site.project_id), out, name="c")
    with zipfile.ZipFile(out) as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))
    xmlschema.XMLSchema(str(SCHEMA)).validate(root)
    source = root.find("q:Sources/q:TextSource", NS)
    assert source is not None
    content = source.findtext("q:PlainTextContent", "", NS)
    selection = source.find(f"q:PlainTextSelection[@guid='{coding}']", NS)
    assert selection is not None
    start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
    assert content[start:end] == "the point"
