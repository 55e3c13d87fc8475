"""Local categories added to the default forms' lists as new form versions."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from fieldkit.errors import UsageError
from fieldkit.forms.check import check_form
from fieldkit.project_forms import add_form, default_form_files
from fieldkit.store.models import Form
from fieldkit.sync.form_admin import list_forms
from fieldkit.sync.local_categories import add_category, category_lists, next_local_version
from tests.sync.helpers import Coordinator


def test_versions_get_a_local_suffix() -> None:
    assert next_local_version("2026112301") == "2026112301-local1"
    assert next_local_version("2026112301-local1") == "2026112301-local2"
    assert next_local_version("") == "1-local1"


@pytest.fixture
def profile(coordinator: Coordinator) -> Coordinator:
    path = next(p for p in default_form_files() if p.stem == "customer_profile")
    add_form(coordinator.store, coordinator.project_id, path)
    return coordinator


def test_the_usual_lists_come_first(profile: Coordinator) -> None:
    lists = category_lists(profile.store, "en")
    first = [(c.form_id, c.list_name) for c in lists[:3]]
    assert ("customer_profile", "ethnicity") in first
    assert ("customer_profile", "nationality") in first
    ethnicity = next(c for c in lists if c.list_name == "ethnicity")
    assert ("roma", "Roma") in ethnicity.choices
    assert "Which ethnic group do you belong to?" in ethnicity.questions
    assert "English (en)" in ethnicity.languages and "Soomaali (so)" in ethnicity.languages


def test_a_category_becomes_a_new_version_above_other(profile: Coordinator,
                                                      tmp_path: Path) -> None:
    ethnicity = next(c for c in category_lists(profile.store, "en")
                     if c.list_name == "ethnicity")
    labels = {lang: f"Eritrean ({lang})" for lang in ethnicity.languages}
    labels["English (en)"] = "Eritrean"
    with pytest.raises(UsageError, match="missing: Soomaali"):
        add_category(profile.store, "customer_profile", "ethnicity", "eritrean",
                     labels={k: v for k, v in labels.items() if k != "Soomaali (so)"})
    with pytest.raises(UsageError, match="has a choice roma already"):
        add_category(profile.store, "customer_profile", "ethnicity", "roma", labels=labels)
    with pytest.raises(UsageError, match="one short word"):
        add_category(profile.store, "customer_profile", "ethnicity", "two words",
                     labels=labels)
    assert [f.versions for f in list_forms(profile.store)
            if f.form_id == "customer_profile"] == [("2026120701",)]

    version = add_category(profile.store, "customer_profile", "ethnicity", "eritrean",
                           labels=labels, actor="coord")
    assert version == "2026120701-local1"
    after = next(c for c in category_lists(profile.store, "en")
                 if c.list_name == "ethnicity")
    names = [n for n, _label in after.choices]
    assert names.index("eritrean") == names.index("other") - 1
    assert ("eritrean", "Eritrean") in after.choices
    names.remove("eritrean")
    assert names == [n for n, _l in ethnicity.choices]  # nothing else moved
    # The edited source is a valid form with no new warnings.
    with profile.store.session() as session:
        row = session.scalars(select(Form).where(Form.version == version)).one()
        source = row.source
    edited = tmp_path / "customer_profile.md"
    edited.write_bytes(source)
    assert check_form(edited).ok
    # A second one stacks on the first.
    assert add_category(profile.store, "customer_profile", "ethnicity", "sudanese",
                        labels=labels) == "2026120701-local2"


def test_an_excel_form_is_edited_in_its_sheets(coordinator: Coordinator,
                                               tmp_path: Path) -> None:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::English (en)", "label::Polski (pl)"])
    survey.append(["select_one ethnicity", "ethnicity", "Ethnic group", "Grupa etniczna"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)", "label::Polski (pl)"])
    choices.append(["ethnicity", "roma", "Roma", "Romska"])
    choices.append(["ethnicity", "other", "Other", "Inna"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version", "default_language"])
    settings.append(["xl_form", "7", "English (en)"])
    path = tmp_path / "xl_form.xlsx"
    book.save(path)
    add_form(coordinator.store, coordinator.project_id, path)
    assert add_category(coordinator.store, "xl_form", "ethnicity", "white_polish",
                        labels={"English (en)": "White – Polish",
                                "Polski (pl)": "Biała – polska"}) == "7-local1"
    with coordinator.store.session() as session:
        source = session.scalars(select(Form.source).where(
            Form.form_id == "xl_form", Form.version == "7-local1")).one()
    sheet = load_workbook(io.BytesIO(source))["choices"]
    assert [tuple(r) for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("ethnicity", "roma", "Roma", "Romska"),
        ("ethnicity", "white_polish", "White – Polish", "Biała – polska"),
        ("ethnicity", "other", "Other", "Inna")]
