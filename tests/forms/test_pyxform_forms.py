"""The public pyxform test forms: fieldkit's counts agree with pyxform's XForm.

The forms (BSD 2-clause, see data/pyxform/LICENSE) are copied from pyxform 4.5.0.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring
from pyxform.xls2xform import convert

from fieldkit.forms import check_form, load_form
from fieldkit.forms.model import Repeat, iter_body

DATA = Path(__file__).parent / "data" / "pyxform"
INVALID = {"duplicate_columns.xlsx", "group_name_test.xls"}
VALID = sorted(p.name for p in DATA.iterdir() if p.name != "LICENSE" and p.name not in INVALID)
XF = "{http://www.w3.org/2002/xforms}"

# Counted by hand from the forms; the independent count below must agree too,
# and this table keeps the comparison from being vacuous.
EXPECTED: dict[str, tuple[int, list[str]]] = {
    "calculate.xls": (4, []),
    "cascading_select_test_equivalent.xls": (9, []),
    "case_insensitivity.md": (3, ["EN"]),
    "choice_filter_test.xlsx": (3, []),
    "field-list.xlsx": (1, ["default", "chinese", "english"]),
    "gps.xls": (1, []),
    "group.md": (3, ["English (en)"]),
    "group.xlsx": (3, ["English (en)"]),
    "hidden.xls": (1, []),
    "loop.xlsx": (6, ["english"]),
    "or_other.xlsx": (3, []),
    "repeat_date_test.xls": (5, []),
    "specify_other.xlsx": (2, ["English"]),
    "table-list.xls": (9, []),
    "text_and_integer.md": (2, ["english"]),
    "widgets.xls": (36, []),
    "xml_escaping.xls": (3, []),
    "yes_or_no_question.md": (1, ["english"]),
}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def pyxform_counts(path: Path) -> tuple[int, list[str]]:
    """Leaf paths outside meta and translation languages, straight from pyxform's XML."""
    root: Element = fromstring(convert(str(path)).xform)
    model = root.find(f"{{http://www.w3.org/1999/xhtml}}head/{XF}model")
    assert model is not None
    primary = model.find(f"{XF}instance")
    assert primary is not None
    data = primary[0]
    leaves: set[str] = set()

    def walk(elem: Element, path: str) -> None:
        if len(elem) == 0:
            leaves.add(path)
        for child in elem:
            walk(child, f"{path}/{_local(child.tag)}")

    for child in data:
        if _local(child.tag) != "meta":
            walk(child, f"/{_local(data.tag)}/{_local(child.tag)}")
    langs = [str(t.get("lang")) for t in model.iterfind(f"{XF}itext/{XF}translation")]
    # pyxform names an untranslated form's only translation "default".
    return len(leaves), ([] if langs == ["default"] else langs)


def test_every_valid_form_is_in_the_table() -> None:
    assert sorted(EXPECTED) == VALID


@pytest.mark.parametrize("name", VALID)
def test_counts_agree_with_pyxform(name: str) -> None:
    result = check_form(DATA / name)
    assert result.ok, result.errors
    assert (result.fields, result.languages) == pyxform_counts(DATA / name)
    assert (result.fields, result.languages) == EXPECTED[name]


@pytest.mark.parametrize("name", VALID)
def test_json_has_the_contract_keys(name: str) -> None:
    data = check_form(DATA / name).to_json()
    keys = {"ok", "form_id", "version", "title", "languages", "default_language"}
    assert keys | {"fields", "errors", "warnings"} <= set(data)
    assert data["errors"] == []


def test_duplicate_columns_names_the_column() -> None:
    result = check_form(DATA / "duplicate_columns.xlsx")
    assert not result.ok
    (error,) = result.errors
    assert "duplicate_columns.xlsx" in error
    assert "'label'" in error
    assert "sheet 'survey'" in error
    assert "D and E" in error  # the two columns headed "label"
    assert "\n" not in error


def test_group_without_name_names_the_row() -> None:
    result = check_form(DATA / "group_name_test.xls")
    assert not result.ok
    (error,) = result.errors
    assert "group_name_test.xls" in error
    assert "row 3" in error
    assert "'name'" in error
    assert result.fields == 0 and result.form_id is None


def test_widgets_types_and_metadata() -> None:
    form = load_form(DATA / "widgets.xls")
    types = {q.name: q.type for q in form.questions.values()}
    assert types["my_string"] == "text"
    assert types["my_int"] == "integer"
    assert types["my_select"] == "select_multiple"
    assert types["my_select1"] == "select_one"
    assert types["my_trigger"] == "acknowledge"
    assert types["my_output"] == "note"
    assert types["my_image"] == "image"
    assert types["dateTime"] == "dateTime"
    assert form.binds["/data/my_decimal"].default == "18.31"
    msg = form.binds["/data/my_int"].constraint_message
    assert msg is not None and msg.inline == ("number must be less than 10",)
    field_lists = [g for g in form.body if getattr(g, "field_list", False)]
    assert len(field_lists) == 4


def test_repeat_with_count_is_one_repeat() -> None:
    form = load_form(DATA / "repeat_date_test.xls")
    (repeat,) = [n for n in iter_body(form.body) if isinstance(n, Repeat)]
    assert repeat.path == "/data/repeat_test"
    assert repeat.count is not None and "/data/repeat_count" in repeat.count
    node = next(n for n in form.instance.walk() if n.path == "/data/repeat_test")
    assert node.repeat
    # The template and the initial copy are one path each.
    assert form.leaf_paths.count("/data/repeat_test/table_list_3") == 1


def test_choice_filter_is_kept_on_the_itemset() -> None:
    form = load_form(DATA / "choice_filter_test.xlsx")
    filtered = [q for q in form.questions.values() if q.itemset and q.itemset.filter]
    assert filtered
    for question in filtered:
        assert question.itemset is not None
        assert question.choices is not None
        assert question.choices.name == question.itemset.instance_id
