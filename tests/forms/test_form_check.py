"""check_form on markdown XLSForms written in the test (as pyxform's own tests do)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit import i18n
from fieldkit.forms import CheckResult, Group, OutputRef, Repeat, check_form, load_form
from fieldkit.forms.model import iter_body


def write_md(tmp_path: Path, text: str, name: str = "form.md") -> Path:
    path = tmp_path / name
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


def check_md(tmp_path: Path, text: str, name: str = "form.md") -> CheckResult:
    return check_form(write_md(tmp_path, text, name))


ROSTER = """
| survey |
| | type              | name    | label::English   | label::Polski (pl) | label::کوردی (ckb) | repeat_count | constraint | constraint_message | relevant | appearance | calculation |
| | integer           | n       | How many people? | Ile osób?          | چەند کەس؟          |              | . > 0      | At least one       |          |            |             |
| | begin repeat      | person  | Person           | Osoba              | کەس                | ${n}         |            |                    |          |            |             |
| | text              | pname   | Name?            | Imię?              | ناو؟               |              |            |                    |          |            |             |
| | integer           | page    | Age of ${pname}? | Wiek ${pname}?     | تەمەنی ${pname}؟   |              | . < 130    |                    |          |            |             |
| | end repeat        |         |                  |                    |                    |              |            |                    |          |            |             |
| | begin group       | housing | Housing          | Mieszkanie         | خانوو              |              |            |                    | ${n} > 0 | field-list |             |
| | select_one tenure | tenure  | Tenure?          | Rodzaj najmu?      | جۆری کرێ؟          |              |            |                    |          |            |             |
| | note              | thanks  | Thanks           | Dziękujemy         |                    |              |            |                    |          |            |             |
| | end group         |         |                  |                    |                    |              |            |                    |          |            |             |
| | calculate         | total   |                  |                    |                    |              |            |                    |          |            | ${n} * 2    |
| choices |
| | list_name | name | label::English | label::Polski (pl) | label::کوردی (ckb) |
| | tenure    | own  | Own   | Własne             | خاوەن              |
| | tenure    | rent | Rent  | Wynajem            | کرێ                |
| | spare     | x    | X     | X                  | X                  |
| settings |
| | form_id | form_title | version | default_language |
| | roster  | Roster     | 7       | Polski (pl)      |
"""  # noqa: E501 - a wide XLSForm table reads best unwrapped


def test_roster_summary(tmp_path: Path) -> None:
    result = check_md(tmp_path, ROSTER)
    assert result.ok, result.errors
    assert result.form_id == "roster"
    assert result.version == "7"
    assert result.title == "Roster"
    assert result.languages == ["English", "Polski (pl)", "کوردی (ckb)"]  # pyxform's order
    assert result.default_language == "Polski (pl)"
    # n, pname, page (counted once despite the repeat template), tenure, thanks, total
    assert result.fields == 6


def test_roster_warnings(tmp_path: Path) -> None:
    warnings = check_md(tmp_path, ROSTER).warnings
    assert "'thanks' (/data/housing/thanks) has no label in language 'کوردی (ckb)'." in warnings
    assert "Choice list 'spare' is not used by any question." in warnings
    constraint = [w for w in warnings if "has a constraint" in w]
    assert len(constraint) == 1 and "'page'" in constraint[0]
    assert not any("'tenure'" in w for w in warnings)


def test_roster_model(tmp_path: Path) -> None:
    form = load_form(write_md(tmp_path, ROSTER))
    nodes = list(iter_body(form.body))
    (repeat,) = [n for n in nodes if isinstance(n, Repeat)]
    assert repeat.path == "/roster/person" or repeat.path.endswith("/person")
    assert repeat.count is not None and "/n" in repeat.count
    (group,) = [n for n in nodes if isinstance(n, Group)]
    assert group.field_list and group.relevant is not None
    page = form.questions[f"/{form.root_name}/person/page"]
    assert page.type == "integer"
    ckb = form.text(page.label, "کوردی (ckb)")
    assert ckb[0] == "تەمەنی " and isinstance(ckb[1], OutputRef)
    assert ckb[1].value.endswith("/person/pname") or "pname" in ckb[1].value
    assert form.questions[f"/{form.root_name}/total"].type == "calculate"
    tenure = form.questions[f"/{form.root_name}/housing/tenure"]
    assert tenure.choices is not None
    assert [c.label("Polski (pl)") for c in tenure.choices.choices] == [("Własne",), ("Wynajem",)]


def test_untranslated_form_has_no_languages(tmp_path: Path) -> None:
    result = check_md(
        tmp_path,
        """
| survey |
| | type             | name | label  |
| | select_one yn    | a    | A?     |
| choices |
| | list_name | name | label | image  |
| | yn        | y    | Yes   | y.png  |
| | yn        | n    | No    | n.png  |
""",
    )
    # pyxform writes one translation named "default" for the images; ODK shows
    # no language choice for such a form, and neither does fieldkit.
    assert result.ok and result.languages == [] and result.default_language is None
    assert result.fields == 1


def test_label_missing_in_one_language(tmp_path: Path) -> None:
    result = check_md(
        tmp_path,
        """
| survey |
| | type | name | label::English (en) | label::Polski (pl) | hint::English (en) |
| | text | a    | A                   | A pl               | Hint               |
| | text | b    | B                   |                    |                    |
""",
    )
    assert result.languages == ["English (en)", "Polski (pl)"]
    assert "'b' (/data/b) has no label in language 'Polski (pl)'." in result.warnings
    assert "'a' (/data/a) has no hint in language 'Polski (pl)'." in result.warnings
    assert not any("'a' (/data/a) has no label" in w for w in result.warnings)


def test_choice_filter_and_or_other(tmp_path: Path) -> None:
    form = load_form(
        write_md(
            tmp_path,
            """
| survey |
| | type                     | name   | label   | choice_filter   |
| | select_one region or_other | region | Region? |                 |
| | select_one city            | city   | City?   | reg=${region}   |
| choices |
| | list_name | name   | label  | reg |
| | region    | krg    | KRG    |     |
| | region    | uk     | UK     |     |
| | city      | erbil  | Erbil  | krg |
| | city      | london | London | uk  |
""",
        )
    )
    city = form.questions["/data/city"]
    assert city.itemset is not None and city.itemset.filter is not None
    assert "reg" in city.itemset.filter and "/data/region" in city.itemset.filter
    assert city.choices is not None
    assert {c.extra.get("reg") for c in city.choices.choices} >= {"krg", "uk"}
    assert "/data/region_other" in form.leaf_paths  # or_other adds a text field
    assert form.questions["/data/region_other"].type == "text"


@pytest.mark.parametrize(
    ("xlsform_type", "expected"),
    [
        ("text", "text"),
        ("integer", "integer"),
        ("decimal", "decimal"),
        ("date", "date"),
        ("time", "time"),
        ("dateTime", "dateTime"),
        ("note", "note"),
        ("acknowledge", "acknowledge"),
        ("geopoint", "geopoint"),
        ("geotrace", "geotrace"),
        ("geoshape", "geoshape"),
        ("image", "image"),
        ("audio", "audio"),
        ("video", "video"),
        ("file", "file"),
        ("barcode", "barcode"),
        ("hidden", "hidden"),
        ("range", "range"),
        ("select_one yn", "select_one"),
        ("select_multiple yn", "select_multiple"),
        ("rank yn", "rank"),
        ("start", "start"),
        ("end", "end"),
        ("today", "today"),
    ],
)
def test_question_types(tmp_path: Path, xlsform_type: str, expected: str) -> None:
    form = load_form(
        write_md(
            tmp_path,
            f"""
| survey |
| | type | name | label |
| | {xlsform_type} | q | Q |
| choices |
| | list_name | name | label |
| | yn | y | Yes |
| | yn | n | No |
""",
        )
    )
    assert form.questions["/data/q"].type == expected


def test_invalid_markdown_names_the_row(tmp_path: Path) -> None:
    result = check_md(
        tmp_path,
        """
| survey |
| | type | name | label | relevant     |
| | text | a    | A     |              |
| | text | b    | B     | ${missing}=1 |
""",
    )
    assert not result.ok
    (error,) = result.errors
    assert "sheet 'survey', row 3, column 'relevant'" in error
    assert "missing" in error


def test_to_json_is_serialisable(tmp_path: Path) -> None:
    data = check_md(tmp_path, ROSTER).to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["ok"] is True and isinstance(data["fields"], int)


def test_messages_go_through_gettext(tmp_path: Path) -> None:
    i18n.set_pseudo(True)
    try:
        missing = check_form(tmp_path / "missing.md")
    finally:
        i18n.set_pseudo(False)
    # Pseudo-localisation marks translated text with ⟦…⟧.
    assert "⟦" in missing.errors[0]
