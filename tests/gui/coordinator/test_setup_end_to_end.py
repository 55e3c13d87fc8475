"""A coordinator who never sees a terminal: a new project from the wizard, its forms,
an interviewer with a printed code slip, a quota, the pack; a laptop joins with the
code read back from the printed slip."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from fieldkit.cli import build_parser, make_context
from fieldkit.context import AppContext
from fieldkit.gui.coordinator import CoordinatorWorkspace
from fieldkit.gui.coordinator.forms_tab import FormsTab
from fieldkit.gui.coordinator.interviewer_dialogs import CodeDialog
from fieldkit.gui.coordinator.interviewers_tab import InterviewersTab
from fieldkit.gui.coordinator.project_tab import ProjectTab
from fieldkit.gui.coordinator.quota_dialog import QuotaDialog
from fieldkit.gui.coordinator.quotas_tab import QuotasTab
from fieldkit.gui.main_window import MainWindow
from fieldkit.interviews.runtime_forms import clear_cache
from fieldkit.projects import current_project
from fieldkit.store import open_store
from fieldkit.sync.project import join_pack
from fieldkit.sync.review import quota_progress
from tests.gui.conftest import open_window
from tests.gui.coordinator.conftest import idle


@pytest.fixture
def project_ctx(tmp_path: Path) -> Iterator[list[AppContext]]:
    made: list[AppContext] = []
    yield made
    for ctx in made:
        ctx.close()
    clear_cache()


def test_from_nothing_to_a_laptop_that_joined(qtbot: QtBot, ctx: AppContext, tmp_path: Path,
                                              project_ctx: list[AppContext]) -> None:
    # 1. The wizard, from the practice project's window.
    practice = open_window(qtbot, ctx)
    opened: list[Path] = []
    practice.open_folder = lambda folder, _url: opened.append(folder) or True
    practice.open_new_project()
    wizard = practice.wizard
    assert wizard is not None
    wizard.name_page.name.setText("Shirley 2027")  # type: ignore[attr-defined]
    wizard.name_page.organisation.setText("Southampton Housing")  # type: ignore[attr-defined]
    folder = tmp_path / "shirley"
    for _page in range(3):
        wizard.button(QWizard.WizardButton.NextButton).click()  # type: ignore[attr-defined]
        if wizard.currentPage() is wizard.store_page:  # type: ignore[attr-defined]
            wizard.store_page.folder.setText(str(folder))  # type: ignore[attr-defined]
    wizard.button(QWizard.WizardButton.FinishButton).click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: opened == [folder], timeout=60_000)

    # 2. The new project's own window (as the new process would show it).
    coordinator = make_context(build_parser().parse_args(["--data-dir", str(folder), "gui"]))
    project_ctx.append(coordinator)
    window = MainWindow(coordinator, current_project(coordinator.store).id)
    qtbot.addWidget(window)
    window.refresh()
    window.show()
    window.navigation.setCurrentRow(2)
    workspace = window.stack.currentWidget()
    assert isinstance(workspace, CoordinatorWorkspace) and workspace.is_coordinator

    forms = workspace.tab("FormsTab")
    assert isinstance(forms, FormsTab)
    workspace.tabs.setCurrentWidget(forms)
    idle(qtbot, workspace)
    assert {f.form_id for f in forms.forms} >= {"household_survey", "customer_profile"}

    # 3. An interviewer, and the slip printed for them.
    people = workspace.tab("InterviewersTab")
    assert isinstance(people, InterviewersTab)
    workspace.tabs.setCurrentWidget(people)
    idle(qtbot, workspace)
    people.add_interviewer("Hodan Warsame")
    qtbot.waitUntil(lambda: isinstance(people.dialog, CodeDialog))
    slip_dialog = people.dialog
    assert isinstance(slip_dialog, CodeDialog)
    slip_dialog.language.setCurrentIndex(slip_dialog.language.findData("so"))
    slip = tmp_path / "hodan-slip.pdf"
    slip_dialog.write_slip(slip)
    slip_dialog.reject()

    # 4. A quota on the household survey's tenure question.
    quotas = workspace.tab("QuotasTab")
    assert isinstance(quotas, QuotasTab)
    workspace.tabs.setCurrentWidget(quotas)
    idle(qtbot, workspace)
    quotas.open_add()
    dialog = quotas.dialog
    assert isinstance(dialog, QuotaDialog)
    dialog.form.setCurrentIndex(dialog.form.findData("household_survey"))
    dialog.field.setCurrentIndex(next(i for i in range(dialog.field.count())
                                      if str(dialog.field.itemData(i)).endswith("/tenure")))
    dialog.target.setValue(60)
    dialog.accept()
    qtbot.waitUntil(lambda: quotas.table.rowCount() == 1 and not quotas.busy())
    assert [q.target for q in quota_progress(coordinator.store)] == [60]

    # 5. The pack, after seeing what it carries.
    packs = workspace.tab("ProjectTab")
    assert isinstance(packs, ProjectTab)
    workspace.tabs.setCurrentWidget(packs)
    idle(qtbot, workspace)
    packs.choose_pack_file()
    qtbot.waitUntil(lambda: packs.preview_box is not None)
    preview = packs.preview_box
    assert isinstance(preview, QMessageBox)
    assert "Active interviewers (1): Hodan Warsame" in preview.informativeText()
    assert "Quotas: 1" in preview.informativeText()
    preview.reject()
    pack = tmp_path / "pack.zip"
    packs.write_pack(pack)
    qtbot.waitUntil(lambda: not packs.busy("write"))
    assert pack.is_file()

    # 6. The laptop joins with the code as printed on the slip.
    text = subprocess.run(["pdftotext", str(slip), "-"], capture_output=True, text=True,
                          check=True).stdout
    code = re.search(r"[A-Z0-9]{4}(?:-[A-Z0-9]{4})+", text)
    assert code is not None
    laptop = open_store(f"sqlite:///{tmp_path / 'laptop.sqlite3'}")
    try:
        joined = join_pack(laptop, pack, "Hodan Warsame", code.group(0))
        assert joined.name == "Shirley 2027" and joined.forms >= 4
    finally:
        laptop.close()
    window.close()
