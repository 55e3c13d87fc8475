"""``fieldkit focus report`` and ``fieldkit focus export`` on a seeded demo project."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import xmlschema
from defusedxml import ElementTree
from openpyxl import load_workbook

from fieldkit.cli import main
from fieldkit.focus.analysis import theme_matrix, what_people_told_us
from fieldkit.focus.reading import read_focus
from fieldkit.projects import current_project
from fieldkit.store import open_store

SCHEMA = Path(__file__).parents[1] / "resources" / "refi_qda" / "Project-mrt2019.xsd"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert main(["--db", url, "demo", "seed", "--interviews", "2", "--json"]) == 0
    return url


def test_report_counts_groups_participants_and_themes(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--db", db, "focus", "report", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) == {"groups", "participants", "themes"}
    assert figures["groups"] == 3 and figures["participants"] == 17
    rows = {r["theme"]: r for r in figures["themes"]}
    assert set(rows["Harassment"]) == {"theme", "groups", "passages"}
    # Counted independently from the demo's own table of what was said.
    from fieldkit.focus.demo import GROUPS

    said = [themes for _c, _l, questions in GROUPS for lines in questions
            for _t, _lang, themes in lines]
    assert rows["Harassment"]["passages"] == sum("Harassment" in t for t in said) == 4
    assert rows["Harassment"]["groups"] == 3
    assert rows["Housing conditions > Overcrowding"]["groups"] == 3
    assert main(["--db", db, "focus", "report"]) == 0
    assert "Harassment: 4 passages in 3 groups" in capsys.readouterr().out


def test_exports_and_the_report_section(db: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "study.qdpx"
    assert main(["--db", db, "focus", "export", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))
    xmlschema.XMLSchema(str(SCHEMA)).validate(root)
    xlsx = tmp_path / "segments.xlsx"
    assert main(["--db", db, "focus", "export", "--out", str(xlsx)]) == 0
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    from fieldkit.focus.demo import GROUPS

    coded = sum(len(themes) for _c, _l, questions in GROUPS for lines in questions
                for _t, _lang, themes in lines)
    assert sheet.max_row - 1 == coded == 16
    assert main(["--db", db, "focus", "export", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "--out" in capsys.readouterr().err

    store = open_store(db)
    try:
        data = read_focus(store, current_project(store).id)
    finally:
        store.close()
    section = what_people_told_us(data)
    assert [c for c, _rows in section.communities] == ["Kurdish", "Roma", "Somali"]
    assert all(q.speaker for q in section.quotes)
    matrix = theme_matrix(data, by="community")
    harassment = next(t.uuid for t in data.themes if t.name == "Harassment")
    assert matrix[harassment] == {"Roma": 1, "Kurdish": 2, "Somali": 1}
