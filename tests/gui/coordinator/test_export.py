"""The Export tab: ticking forms and statuses, picking a format, typing where to write,
Export, and reading back what was written; Cancel and bad paths leave nothing."""

from __future__ import annotations

import csv
import io
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLineEdit, QPushButton, QRadioButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.context import AppContext
from fieldkit.gui.coordinator import CoordinatorWorkspace
from fieldkit.gui.coordinator.base import actor_name
from fieldkit.gui.coordinator.export_tab import ExportTab
from fieldkit.interviews.answer_rows import write_answers
from fieldkit.projects import ensure_local_device
from fieldkit.store.models import AuditEvent, Form, Interview, utcnow
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.gui.coordinator.site import SORANI, bundle, laptop
from tests.sync.helpers import FORM_ID, Coordinator

VISIT_FORM = """<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">
<h:head><h:title>Follow-up visit</h:title><model>
<instance><data id="visit"><outcome/></data></instance>
<bind nodeset="/data/outcome" type="string"/>
</model></h:head>
<h:body><input ref="/data/outcome"><label>Outcome</label></input></h:body></h:html>"""


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))


def _interviews(site: Coordinator, ctx: AppContext, folder: Path) -> None:
    """Two household interviews arrive in bundles (Ana's, Bo's); a visit form has one
    finalised interview and one draft, entered on the coordinator's computer."""
    from fieldkit.sync.bundle_in import import_bundles

    ana, bo = laptop(site, folder, "Ana"), laptop(site, folder, "Bo")
    reports = import_bundles(ctx.store, [
        bundle(ana, folder / "ana.zip", {"/data/size": "3", "/data/tenure": "own"}),
        bundle(bo, folder / "bo.zip", {"/data/size": "2", "/data/tenure": "rent"})])
    assert all(r.accepted for r in reports)
    device = ensure_local_device(ctx.store).id
    with ctx.store.session() as session:
        form = Form(project_id=site.project_id, form_id="visit", version="1",
                    title="Follow-up visit", source_name="visit.xml",
                    source=VISIT_FORM.encode(), hash="b" * 63 + "1", xform=VISIT_FORM)
        session.add(form)
        session.flush()
        for status, outcome in (("finalized", "moved"), ("draft", "")):
            now = utcnow()
            row = Interview(project_id=site.project_id, form_pk=form.id, status=status,
                            label="Kowalski", device_id=device, created_at=now,
                            updated_at=now)
            session.add(row)
            session.flush()
            write_answers(session, row.uuid, device, {"/data/outcome": outcome}, now)


def _open(qtbot: QtBot, ctx: AppContext, language: str = "en"
          ) -> tuple[CoordinatorWorkspace, ExportTab]:
    _window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "ExportTab")
    assert isinstance(tab, ExportTab)
    idle(qtbot, workspace)
    qtbot.waitUntil(lambda: tab.ticks.form_list.count() > 0)
    return workspace, tab


def _click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click ``button``; a check box or radio button on its box (its middle may be
    past the end of a short text, where a click does nothing)."""
    if isinstance(button, QCheckBox | QRadioButton):
        x = 6 if button.isLeftToRight() else button.width() - 6
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(x, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _type_path(qtbot: QtBot, edit: QLineEdit, path: Path | str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, str(path))


def _export(qtbot: QtBot, tab: ExportTab) -> None:
    _click(qtbot, tab.export_button)
    qtbot.waitUntil(lambda: not tab.busy("export"), timeout=20000)


def _choose_format(qtbot: QtBot, tab: ExportTab, fmt: str) -> None:
    wanted = tab.how.format_combo.findData(fmt)
    assert wanted >= 0
    while tab.how.format_combo.currentIndex() != wanted:
        key = Qt.Key.Key_Down if tab.how.format_combo.currentIndex() < wanted else Qt.Key.Key_Up
        qtbot.keyClick(tab.how.format_combo, key)


def _items(tab: ExportTab) -> list[tuple[str, bool]]:
    return [(tab.ticks.form_list.item(r).text(),
             tab.ticks.form_list.item(r).checkState() == Qt.CheckState.Checked)
            for r in range(tab.ticks.form_list.count())]


def _untick(qtbot: QtBot, tab: ExportTab, row: int) -> None:
    tab.ticks.form_list.setFocus()
    tab.ticks.form_list.setCurrentRow(row)
    qtbot.keyClick(tab.ticks.form_list, Qt.Key.Key_Space)


def test_csv_of_the_ticked_form_with_pseudonyms(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _interviews(site, ctx, tmp_path)
    _workspace, tab = _open(qtbot, ctx)
    # Drafts are not counted until ticked; every form starts ticked.
    assert _items(tab) == [("\u2068Household\u2069: 2 interviews", True),
                           ("\u2068Follow-up visit\u2069: 1 interview", True)]
    assert tab.ticks.status_boxes["draft"].text() == "Draft (1)"
    assert not tab.ticks.status_boxes["draft"].isChecked()
    assert tab.selection.text() == "3 interviews of 2 forms will be exported."
    assert tab.how.personal_buttons["pseudonymise"].isChecked()
    _click(qtbot, tab.ticks.status_boxes["draft"])
    assert _items(tab)[1][0] == "\u2068Follow-up visit\u2069: 2 interviews"
    _click(qtbot, tab.ticks.status_boxes["draft"])
    _untick(qtbot, tab, 1)
    assert [ticked for _text, ticked in _items(tab)] == [True, False]
    assert tab.selection.text() == "2 interviews of 1 form will be exported."

    out = tmp_path / "analysis"
    _type_path(qtbot, tab.how.out_edit, out)
    _export(qtbot, tab)
    assert tab.status.text() == f"Exported 2 interviews to \u2068{out}\u2069."
    assert sorted(p.name for p in out.iterdir()) == ["codebook.md", "codebook.xlsx",
                                                     f"{FORM_ID}.csv"]
    rows = _csv(out / f"{FORM_ID}.csv")
    assert sorted((r["size"], r["tenure"]) for r in rows) == [("2", "rent"), ("3", "own")]
    # The interview label is personal: a pseudonym, the same for the same label.
    labels = {r["meta_label"] for r in rows}
    assert len(labels) == 1 and labels != {"hh"} and labels.pop().startswith("P-")
    table = tab.shown.table
    assert [[table.item(0, c).text() for c in range(4)]] == [["Household", "2", FORM_ID, "2"]]
    assert [tab.shown.files.item(r).text() for r in range(tab.shown.files.count())] == [
        f"{FORM_ID}.csv", "codebook.xlsx", "codebook.md"]  # as written
    with ctx.store.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.actor == actor_name()

    opened: list[QUrl] = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", opened.append)
    _click(qtbot, tab.shown.open_button)
    tab.shown.files.itemActivated.emit(tab.shown.files.item(0))
    assert [u.toLocalFile() for u in opened] == [str(out), str(out)]


def test_excel_with_labels_in_sorani_keeping_personal_data(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    _interviews(site, ctx, tmp_path)
    _workspace, tab = _open(qtbot, ctx)
    _choose_format(qtbot, tab, "sav")
    # SPSS keeps codes (with value labels): nothing to choose.
    assert not tab.how.labels_button.isEnabled() and tab.how.choices_hint.isVisible()
    assert tab.how.zip_box.isEnabled()
    _choose_format(qtbot, tab, "xlsx")
    assert tab.how.labels_button.isEnabled() and not tab.how.zip_box.isEnabled()
    _click(qtbot, tab.how.labels_button)
    _click(qtbot, tab.how.personal_buttons["keep"])
    languages = [tab.how.language_combo.itemText(i) for i in range(tab.how.language_combo.count())]
    assert languages == ["Each form's default language", "English (en)", SORANI]
    tab.how.language_combo.setCurrentIndex(2)
    _type_path(qtbot, tab.how.out_edit, tmp_path / "report")  # the suffix is added
    _export(qtbot, tab)

    book = tmp_path / "report.xlsx"
    assert tab.how.out_edit.text() == str(book)
    assert sorted(p.name for p in tmp_path.glob("report*")) == [
        "report-codebook.md", "report-codebook.xlsx", "report.xlsx"]
    sheets = load_workbook(book)
    households = [list(r) for r in sheets[FORM_ID].iter_rows(values_only=True)]
    names, labels = households[0], households[1]
    assert labels[names.index("size")] == "قەبارەی خێزان"
    data = [dict(zip(names, r, strict=True)) for r in households[2:]]
    assert sorted(str(r["tenure"]) for r in data) == ["بەکرێ", "موڵکی خۆیەتی"]
    assert {r["meta_label"] for r in data} == {"hh"}
    visits = [list(r) for r in sheets["visit"].iter_rows(values_only=True)]
    assert len(visits) == 3 and visits[2][visits[0].index("outcome")] == "moved"


def test_cancel_leaves_nothing(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.exports import service

    _interviews(site, ctx, tmp_path)
    _workspace, tab = _open(qtbot, ctx)
    started, release = threading.Event(), threading.Event()
    real: Callable[..., list[int]] = service._write_form

    def slow(*args: object, **kwargs: object) -> list[int]:
        started.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "_write_form", slow)
    _click(qtbot, tab.how.zip_box)
    target = tmp_path / "out" / "all.zip"
    target.parent.mkdir()
    _type_path(qtbot, tab.how.out_edit, target)
    _click(qtbot, tab.export_button)
    assert tab.busy("export") and tab.progress_row.isVisible()
    assert not tab.export_button.isEnabled()
    qtbot.waitUntil(started.is_set)
    _click(qtbot, tab.cancel_button)
    release.set()
    qtbot.waitUntil(lambda: not tab.busy("export"), timeout=20000)
    assert tab.status.text() == "The export was cancelled; nothing was written."
    assert list(target.parent.iterdir()) == []  # no zip, no staging folder
    assert not ctx.paths.ui_state_file.exists()  # a cancelled export is not remembered
    assert not tab.progress_row.isVisible() and tab.export_button.isEnabled()
    with ctx.store.session() as session:
        assert session.scalars(select(AuditEvent).where(
            AuditEvent.action == "export")).all() == []

    # Not cancelled, the same export is written as one zip.
    release.set()
    _export(qtbot, tab)
    assert list(target.parent.iterdir()) == [target]
    assert sorted(zipfile.ZipFile(target).namelist()) == [
        "codebook.md", "codebook.xlsx", f"{FORM_ID}.csv", "visit.csv"]


@pytest.mark.parametrize("case", [
    ("csv", "relative/out", "\u2068relative/out\u2069: type the full path (from the top "
                            "folder), or use Browse…."),
    ("csv", "{tmp}/no/such/out", "\u2068{tmp}/no/such\u2069: there is no such folder; choose a "
                                 "folder that exists."),
    ("csv", "{tmp}/out.zip", "\u2068{tmp}/out.zip\u2069 looks like a file name; give a folder, "
                             "or tick \"Put the files in one .zip file\"."),
    ("csv", "{tmp}/a-file", "{tmp}/a-file: a file of that name exists; give a folder name (or a "
                            "name ending in .zip)."),
    # A file error: the path isolated for right-to-left interfaces, the system's reason.
    ("xlsx", "{tmp}/" + "x" * 300,
     "\u2068{tmp}/" + "x" * 300 + ".xlsx\u2069: File name too long"),
])
def test_a_bad_path_says_what_to_do_in_one_line_and_writes_nothing(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path,
        case: tuple[str, str, str]) -> None:
    fmt, typed, expected = case
    _interviews(site, ctx, tmp_path / "bundles")
    place = tmp_path / "place"
    place.mkdir()
    (place / "a-file").write_text("mine")
    _workspace, tab = _open(qtbot, ctx)
    _choose_format(qtbot, tab, fmt)
    _type_path(qtbot, tab.how.out_edit, typed.format(tmp=place))
    _export(qtbot, tab)
    assert tab.status.text() == expected.format(tmp=place)
    assert [p.name for p in place.iterdir()] == ["a-file"]
    assert (place / "a-file").read_text() == "mine"
    assert not ctx.paths.ui_state_file.exists()
    assert not tab.shown.results.isVisible()


def test_nothing_ticked_nothing_to_export(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                         tmp_path: Path) -> None:
    _interviews(site, ctx, tmp_path)
    _workspace, tab = _open(qtbot, ctx)
    for box in ("finalized", "sent", "receipted"):
        _click(qtbot, tab.ticks.status_boxes[box])
    assert tab.selection.text() == "Tick at least one status."
    assert not tab.export_button.isEnabled()
    _click(qtbot, tab.ticks.status_boxes["draft"])
    _untick(qtbot, tab, 1)  # the household form has no drafts
    assert tab.selection.text() == ("Nothing to export: the ticked forms have no interviews "
                                    "with the ticked statuses.")
    assert not tab.export_button.isEnabled()


def test_sorani_window_exports_right_to_left(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                             tmp_path: Path) -> None:
    _interviews(site, ctx, tmp_path)
    _workspace, tab = _open(qtbot, ctx, "ckb")
    assert tab.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert tab.how.out_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    out = tmp_path / "ckb"
    _type_path(qtbot, tab.how.out_edit, out)
    _export(qtbot, tab)
    assert (out / f"{FORM_ID}.csv").exists() and (out / "visit.csv").exists()
    assert str(out) in tab.status.text()


def test_browse_picks_an_excel_file_name(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                         tmp_path: Path) -> None:
    _interviews(site, ctx, tmp_path)
    _workspace, tab = _open(qtbot, ctx)
    _choose_format(qtbot, tab, "xlsx")
    _click(qtbot, tab.findChild(QPushButton, "browseExport"))
    dialog = tab.file_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.setDirectory(str(tmp_path))
    dialog.selectFile("chosen")
    dialog.accept()
    assert tab.how.out_edit.text() == str(tmp_path / "chosen.xlsx")
    # Another format keeps the name, with that format's suffix (a folder has none).
    _choose_format(qtbot, tab, "csv")
    assert tab.how.out_edit.text() == str(tmp_path / "chosen")
    _click(qtbot, tab.how.zip_box)
    assert tab.how.out_edit.text() == str(tmp_path / "chosen.zip")


def _shown(tab: ExportTab) -> dict[str, object]:
    """The remembered choices as the tab shows them."""
    return {"format": tab.how.export_format(), "zip": tab.how.zip_box.isChecked(),
            "personal": [c for c, b in tab.how.personal_buttons.items() if b.isChecked()],
            "labels": tab.how.labels_button.isChecked(),
            "language": tab.how.language_combo.currentText(),
            "statuses": tab.ticks.ticked_statuses(), "path": tab.how.out_edit.text()}


DEFAULTS = {"format": "csv", "zip": False, "personal": ["pseudonymise"], "labels": False,
            "language": "Each form's default language",
            "statuses": ("finalized", "sent", "receipted"), "path": ""}


def test_the_next_window_shows_the_last_exports_choices(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    _interviews(site, ctx, tmp_path)
    window, workspace = show_coordinator(qtbot, ctx)
    tab = tab_named(workspace, "ExportTab")
    assert isinstance(tab, ExportTab)
    idle(qtbot, workspace)
    qtbot.waitUntil(lambda: tab.ticks.form_list.count() > 0)
    assert _shown(tab) == DEFAULTS
    _choose_format(qtbot, tab, "xlsx")
    _click(qtbot, tab.how.labels_button)
    _click(qtbot, tab.how.personal_buttons["drop"])
    _click(qtbot, tab.ticks.status_boxes["draft"])
    _click(qtbot, tab.ticks.status_boxes["receipted"])
    tab.how.language_combo.setCurrentIndex(2)
    _untick(qtbot, tab, 1)  # the forms ticked are not remembered
    tab.ticks.since_box.setChecked(True)  # nor the start day
    _type_path(qtbot, tab.how.out_edit, tmp_path / "weekly")
    # Choices are remembered when an export worked, not as they are clicked.
    assert not ctx.paths.ui_state_file.exists()
    _export(qtbot, tab)
    assert (tmp_path / "weekly.xlsx").exists()
    chosen = {"format": "xlsx", "zip": False, "personal": ["drop"], "labels": True,
              "language": SORANI, "statuses": ("draft", "finalized", "sent"),
              "path": str(tmp_path / "weekly.xlsx")}
    assert _shown(tab) == chosen
    window.close()

    _workspace, again = _open(qtbot, ctx)
    assert again is not tab
    assert _shown(again) == chosen
    assert [ticked for _text, ticked in _items(again)] == [True, True]
    assert not again.ticks.since_box.isChecked()
    # Excel has no zip; CSV keeps the path's name, as a folder.
    assert not again.how.zip_box.isEnabled()
    _choose_format(qtbot, again, "csv")
    assert again.how.out_edit.text() == str(tmp_path / "weekly")


@pytest.mark.parametrize("text", [
    "{not json",
    "[\"export\"]",
    '{"export": "xlsx"}',
    '{"export": {"format": "parquet", "zip": "yes", "personal": "burn", "choices": 1,'
    ' "language": "xx", "statuses": ["lost"], "path": 7}}',
])
def test_a_damaged_or_stale_memory_gives_the_defaults(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path, text: str) -> None:
    _interviews(site, ctx, tmp_path)
    ctx.paths.ui_state_file.write_text(text, "utf-8")
    _workspace, tab = _open(qtbot, ctx)
    assert _shown(tab) == DEFAULTS
    assert tab.status.text() == ""


def test_a_language_the_forms_no_longer_have_is_the_default(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    _interviews(site, ctx, tmp_path)
    ctx.paths.ui_state_file.write_text(
        '{"export": {"format": "sav", "language": "pl", "personal": "keep"}}', "utf-8")
    _workspace, tab = _open(qtbot, ctx)
    assert _shown(tab) == {**DEFAULTS, "format": "sav", "personal": ["keep"]}


@pytest.mark.parametrize("answer", ["No", "Yes"])
def test_an_existing_file_is_replaced_only_when_the_user_says_so(  # noqa: PLR0917
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, answer: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    _interviews(site, ctx, tmp_path / "bundles")
    out = tmp_path / "data.xlsx"
    out.write_bytes(b"mine")
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object
                 ) -> QMessageBox.StandardButton:
        asked.append(text)
        return getattr(QMessageBox.StandardButton, answer)

    monkeypatch.setattr(QMessageBox, "question", question)
    _workspace, tab = _open(qtbot, ctx)
    _choose_format(qtbot, tab, "xlsx")
    _type_path(qtbot, tab.how.out_edit, out)
    _export(qtbot, tab)
    assert len(asked) == 1 and "data.xlsx" in asked[0]
    if answer == "No":
        assert out.read_bytes() == b"mine" and tab.result is None
    else:
        assert zipfile.is_zipfile(out) and tab.result is not None
