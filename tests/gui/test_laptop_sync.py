"""The laptop's sync round trip from the File menu: join a project from its pack, write
a data bundle the coordinator imports, import the coordinator's receipt."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from fieldkit.attendance.forms import service_forms
from fieldkit.attendance.service import AttendanceService
from fieldkit.context import AppContext
from fieldkit.errors import UsageError
from fieldkit.gui.laptop_sync import JoinDialog
from fieldkit.gui.main_window import MainWindow
from fieldkit.interviews.runtime_forms import clear_cache
from fieldkit.projects import ensure_local_device
from fieldkit.store import open_store
from fieldkit.store.models import Form, Interview
from fieldkit.sync import pack_sessions
from fieldkit.sync.bundle_in import import_bundles
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.project import add_interviewer, init_project, laptop_project, write_pack
from fieldkit.sync.receipts import write_receipt
from tests.gui.conftest import open_window
from tests.gui.coordinator.site import FORM_HASH, XFORM
from tests.sync.helpers import FORM_ID, Coordinator, Laptop, make_laptop, write_interview


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Coordinator]:
    """A coordinator's own store (not the window's) with Ana on the roster and a pack."""
    store = open_store(f"sqlite:///{tmp_path / 'coordinator.sqlite3'}")
    project = init_project(store, "Outreach 2026", retention_days=0, default_forms=False)
    with store.session() as session:
        session.add(Form(project_id=project.id, form_id=FORM_ID, version="1",
                         title="Household", source_name="hh.xml", source=XFORM.encode(),
                         hash=FORM_HASH, xform=XFORM))
    site = Coordinator(store, project.id)
    entry, code = add_interviewer(store, "Ana")
    site.codes["Ana"], site.ids["Ana"] = code, entry.id
    site.pack = tmp_path / "pack.zip"
    write_pack(store, site.pack)
    yield site
    store.close()
    clear_cache()


def _action(window: MainWindow, key: str) -> None:
    action = window.findChild(QAction, f"action_{key}")
    assert action is not None and action.isEnabled()
    action.trigger()


def _join(qtbot: QtBot, window: MainWindow, pack: Path, name: str, code: str) -> JoinDialog:
    _action(window, "join_project")
    dialog = window.join_dialog
    assert isinstance(dialog, JoinDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.pack_edit, str(pack))
    qtbot.keyClicks(dialog.name_edit, name)
    qtbot.keyClicks(dialog.code_edit, code)
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return dialog


def _message(qtbot: QtBot, window: MainWindow) -> str:
    qtbot.waitUntil(lambda: window.sync_message is not None)
    box = window.sync_message
    assert isinstance(box, QMessageBox)
    text = box.text()
    box.accept()
    window.sync_message = None
    return text


def test_join_dialog_joins_and_the_window_follows(
        qtbot: QtBot, ctx: AppContext, site: Coordinator) -> None:
    window = open_window(qtbot, ctx)
    assert window.overview is not None and window.overview.role == "practice"
    dialog = _join(qtbot, window, site.pack or Path(), "Ana", site.codes["Ana"])
    assert dialog.message.text() == "Joined project \u2068Outreach 2026\u2069 (pack version 1)."
    project = laptop_project(ctx.store)
    assert project.id == site.project_id
    assert window.project_id == site.project_id
    assert "Outreach 2026" in window.windowTitle()


def test_a_wrong_code_is_one_line_and_joins_nothing(
        qtbot: QtBot, ctx: AppContext, site: Coordinator) -> None:
    window = open_window(qtbot, ctx)
    dialog = _join(qtbot, window, site.pack or Path(), "Ana", "ABCD-EFGH-JKLM-NPQR")
    line = dialog.message.text()
    assert line and "\n" not in line and "Traceback" not in line
    # Said for the dialog's field, not as the command line's --code option.
    assert line.startswith("This is not the enrolment code") and "--" not in line
    assert dialog.isVisible()
    with pytest.raises(UsageError):
        laptop_project(ctx.store)
    assert window.overview is not None and window.overview.role == "practice"


def test_missing_fields_are_named_before_anything_runs(
        qtbot: QtBot, ctx: AppContext, site: Coordinator) -> None:
    window = open_window(qtbot, ctx)
    dialog = _join(qtbot, window, site.pack or Path(), "", "")
    assert dialog.message.text() == "Type your name as it is on the project's roster."
    with pytest.raises(UsageError):
        laptop_project(ctx.store)


def test_bundle_and_receipt_round_trip(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    window = open_window(qtbot, ctx)
    # Bundles and receipts wait for a joined project.
    assert not window._actions["write_bundle"][0].isEnabled()
    _join(qtbot, window, site.pack or Path(), "Ana", site.codes["Ana"])
    ana = Laptop(ctx.store, "", Path(), site.project_id, ensure_local_device(ctx.store).id,
                 site.ids["Ana"])
    uuid = write_interview(ana, {"/data/size": "3", "/data/tenure": "own"})

    # Through the menu's save dialog.
    _action(window, "write_bundle")
    dialog = window.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    out = tmp_path / "ana-1.zip"
    dialog.selectFile(str(out))
    dialog.accept()
    line = _message(qtbot, window)
    assert line.startswith("Wrote ") and str(out) in line and ": bundle 1, 1 interviews," in line
    assert out.is_file()
    [report] = import_bundles(site.store, [out])
    assert report.accepted and report.counts.interviews_new == 1
    with ctx.store.session() as session:
        assert session.get_one(Interview, uuid).status == "sent"

    receipt = tmp_path / "ana-receipt.zip"
    write_receipt(site.store, ana.device_id, receipt)
    window.import_receipt(receipt)
    line = _message(qtbot, window)
    assert "ana-receipt.zip" in line and "1 interviews purged" in line
    with ctx.store.session() as session:
        assert session.get_one(Interview, uuid).status == "receipted"

    # A bundle that cannot be written: the same one line as the coordinator's tabs
    # give, the file isolated for right-to-left interfaces.
    window.write_bundle(tmp_path / "missing-folder" / "ana-2.zip")
    line = _message(qtbot, window)
    assert line.startswith(f"\u2068{tmp_path / 'missing-folder' / 'ana-2.zip'}")
    assert line.endswith("\u2069: No such file or directory")

    # A file that is not a receipt: one line naming it, nothing changes.
    bad = tmp_path / "holiday.zip"
    bad.write_bytes(b"not a zip")
    window.import_receipt(bad)
    line = _message(qtbot, window)
    assert "holiday.zip" in line and "\n" not in line


def test_a_newer_pack_says_which_advice_sessions_it_brought_and_which_left(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Bo runs a session at the coordinator's project; Ana's laptop (the window's) joins.
    service_forms(site.store, site.project_id)
    entry, site.codes["Bo"] = add_interviewer(site.store, "Bo")
    site.ids["Bo"] = entry.id
    assert site.pack is not None
    write_pack(site.store, site.pack)
    bo = make_laptop(site, tmp_path / "bo", "Bo")
    bo_service = AttendanceService(bo.store, bo.project_id)
    [session] = bo_service.writer.create_sessions({
        "title": "Drop-in", "session_date": date.today() - timedelta(days=7),
        "start_time": "10:00", "venue": "Community Centre"})
    bo_service.writer.add_attendance(session, {"consent": "yes",
                                               "attendee_name": "Hristo Petrov"})
    export_bundle(bo.store, tmp_path / "bo-1.zip")
    bo.store.close()
    [report] = import_bundles(site.store, [tmp_path / "bo-1.zip"])
    assert report.accepted
    write_pack(site.store, site.pack)

    window = open_window(qtbot, ctx)
    dialog = _join(qtbot, window, site.pack, "Ana", site.codes["Ana"])
    assert dialog.message.text() == (
        "Joined project \u2068Outreach 2026\u2069 (pack version 3). "
        "Advice sessions: 2 sessions and attendances from the project.")
    here = AttendanceService(ctx.store, site.project_id)
    assert [s.uuid for s in here.sessions()] == [session]
    dialog.close()

    # A year on, the session has left the pack's window: the next join removes it.
    monkeypatch.setattr(pack_sessions, "SESSION_MONTHS", 0)
    write_pack(site.store, site.pack)
    dialog = _join(qtbot, window, site.pack, "Ana", site.codes["Ana"])
    assert dialog.message.text() == (
        "Updated project \u2068Outreach 2026\u2069 to pack version 4. "
        "Advice sessions: 2 sessions and attendances no longer in the pack were removed "
        "from this laptop.")
    assert here.sessions() == [] and here.attendances() == []
