"""form check refuses every form an interview cannot start with (F14 item 4, F17
item 5), and bounds what it reads."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from fieldkit.forms import FormError, FormSession, check_form, load_form
from fieldkit.forms.loader import MAX_UNPACKED_BYTES

ODK = Path(__file__).parent / "data" / "odk"


def _md(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "form.md"
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


def test_a_calculate_loop_is_not_ok(tmp_path: Path) -> None:
    result = check_form(_md(tmp_path, """
| survey |
| | type | name | label | calculation |
| | calculate | a | | ${b} + 1 |
| | calculate | b | | ${a} + 1 |
"""))
    assert not result.ok
    assert "loop" in result.errors[0] and "form.md" in result.errors[0]


def test_a_self_cycle_in_a_repeat_is_not_ok() -> None:
    result = check_form(ODK / "repeat-self-cycle.xml")
    assert not result.ok and "/data/rep/a" in result.errors[0]


def test_repeat_until_a_condition_is_ok() -> None:
    assert check_form(ODK / "repeat-until.xml").ok


def test_a_syntax_error_in_an_expression_is_not_ok(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    text = (ODK / "repeat-until.xml").read_text(encoding="utf-8")
    path.write_text(text.replace('relevant="../name != \'\'"', 'relevant="../name !=="'), "utf-8")
    result = check_form(path)
    assert not result.ok and "/data/rep/more" in result.errors[0]


@pytest.mark.parametrize(
    ("expression", "ok"),
    [
        ("(" * 100 + "1" + ")" * 100, True),
        (" + ".join(["${a}"] * 500), True),
        ("not(" * 10_000 + "true()" + ")" * 10_000, False),
    ],
    ids=["100 parentheses", "sum of 500 terms", "10000 nested not()"],
)
def test_deep_expressions_run_or_are_refused_as_form_errors(
    tmp_path: Path, expression: str, ok: bool
) -> None:
    path = _md(tmp_path, f"""
| survey |
| | type | name | label | calculation |
| | integer | a | A | |
| | calculate | s | | {expression} |
""")
    result = check_form(path)
    assert result.ok is ok, result.errors
    if not ok:
        assert "nests more than 100 levels" in result.errors[0]
        assert len(result.errors[0]) < 600  # the expression is shortened, not echoed whole


SLOW_REGEX = """<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">
<h:head><h:title>Slow regex</h:title>
<model><instance><data id="slow-regex"><r/></data></instance>
<bind nodeset="/data/r" type="string" constraint="regex(., '^(a|aa)+$')"/>
</model></h:head>
<h:body><input ref="/data/r"><label>R</label></input></h:body></h:html>
"""


def test_a_slow_regex_fails_to_evaluate_within_its_time_limit(tmp_path: Path) -> None:
    path = tmp_path / "slow.xml"
    path.write_text(SLOW_REGEX, encoding="utf-8")
    session = FormSession(load_form(path))
    start = time.monotonic()
    session.answer("/data/r", "a" * 60 + "b")  # backtracks for hours without a limit
    assert time.monotonic() - start < 10
    problems = session.validate()
    assert [p.kind for p in problems] == ["expression"]
    assert "takes too long" in problems[0].message
    session.answer("/data/r", "aaaa")
    assert session.validate() == []


def test_an_xlsx_zip_bomb_is_refused_without_unpacking_it(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        chunk = b"<row/>" * (1024 * 1024)
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range((MAX_UNPACKED_BYTES // len(chunk)) + 2):
                sheet.write(chunk)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 5 * 1024 * 1024
    start = time.monotonic()
    result = check_form(path)
    assert time.monotonic() - start < 10
    assert not result.ok and "unpacks to" in result.errors[0]
    with pytest.raises(FormError, match="unpacks to"):
        load_form(path)


def test_an_xhtml_file_is_an_xform(tmp_path: Path) -> None:
    path = tmp_path / "form.xhtml"
    shutil.copy(ODK / "repeat-until.xml", path)
    assert load_form(path).form_id == "repeat-until"
    assert check_form(path).ok


def test_an_oversized_form_file_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldkit.forms import loader

    monkeypatch.setattr(loader, "MAX_XLSFORM_BYTES", 1024 * 1024)
    rows = "| | note | n | x |\n" * 70_000
    path = _md(tmp_path, "| survey |\n| | type | name | label |\n" + rows)
    assert path.stat().st_size > 1024 * 1024
    result = check_form(path)
    assert not result.ok and "fieldkit reads forms of up to 1 MB" in result.errors[0]


def test_a_repeat_count_without_end_is_not_ok(tmp_path: Path) -> None:
    text = (ODK / "repeat-until.xml").read_text(encoding="utf-8")
    start = text.index('calculate="if(')
    end = text.index('"/>', start)
    path = tmp_path / "runaway.xml"
    path.write_text(text[:start] + 'calculate="count(/data/rep) + 1' + text[end:], "utf-8")
    result = check_form(path)
    assert not result.ok and "grows with every instance" in result.errors[0]


@pytest.mark.parametrize(
    "table",
    [
        "| survey |\n| | type | name | label::English (en) | label |\n| | text | a | A | |\n"
        "| | text | b | B | Bee |\n",
        "| survey |\n| | type | name | label::English (en) | label::French (fr) |\n"
        "| | select_one yn | a | A | Ah |\n| choices |\n| | list_name | name | label |\n"
        "| | yn | y | Yes |\n",
        "| survey |\n| | type | name | label | image |\n| | text | a | A | a.png |\n",
    ],
    ids=["mixed", "untranslated choices", "untranslated with media"],
)
def test_languages_are_the_xforms_own(tmp_path: Path, table: str) -> None:
    """No implicit 'default' language that pyxform's XForm does not have (and none
    for an untranslated form whose only translation is pyxform's media one)."""
    import re

    from fieldkit.forms.xlsform import convert_xlsform

    path = _md(tmp_path, table)
    xform = convert_xlsform(path.read_bytes(), filename=path.name).xform
    declared = re.findall(r'<translation lang="([^"]*)"', xform)
    expected = [] if declared == ["default"] else declared
    assert check_form(path).languages == expected
