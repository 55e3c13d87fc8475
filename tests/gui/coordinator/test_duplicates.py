"""Duplicate households: the list of pairs most alike first, the two households side
by side with what they share highlighted, and the three decisions (stored, audited,
on to the next pair); settled pairs on request, the empty state, right-to-left."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from fieldkit.context import AppContext
from fieldkit.gui.coordinator import CoordinatorWorkspace
from fieldkit.gui.coordinator.duplicates_tab import DuplicatesTab
from fieldkit.gui.coordinator.household_card import HouseholdCard
from fieldkit.store import open_store
from fieldkit.store.models import AuditEvent, Form
from fieldkit.sync.bundle_in import import_bundles
from fieldkit.sync.duplicates import DuplicateFlag, list_duplicates
from fieldkit.sync.project import write_pack
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.gui.coordinator.site import XFORM, bundle, laptop
from tests.sync.helpers import Coordinator, just_before_flag_write, write_interview
from tests.sync.test_duplicates import household


def _uuid(n: int) -> str:
    return f"{n:08d}-0000-4000-8000-000000000000"


def _with_household_fields(site: Coordinator) -> None:
    """The site's form given the household fields (postcode, address, the roster's
    head) before the laptops join: a bundle's answers must be fields of its form."""
    xform = XFORM.replace("<name/></data>", (
        "<name/><survey><address_grp><postcode/><address/></address_grp><roster>"
        '<member jr:template=""><member_name/></member></roster></survey><x/></data>'
    )).replace("</h:body>", (
        '<repeat nodeset="/data/survey/roster/member"><input '
        'ref="/data/survey/roster/member/member_name"><label>Name</label></input>'
        "</repeat></h:body>"))
    assert xform.count("<postcode/>") == 1 and xform.count("<repeat ") == 1
    digest = hashlib.sha256(xform.encode()).hexdigest()
    with site.store.session() as session:
        session.execute(update(Form).where(Form.project_id == site.project_id).values(
            xform=xform, source=xform.encode(), hash=digest))
    assert site.pack is not None
    write_pack(site.store, site.pack)


def _flagged_bundles(site: Coordinator, folder: Path) -> list[Path]:
    """Ana and Bo both interviewed two homes (spelled a little differently): two
    flags, the first (same head's name) more alike than the second."""
    _with_household_fields(site)
    ana = laptop(site, folder, "Ana")
    bo = laptop(site, folder, "Bo")
    # Ana's ids sort first: a flag's first interview (left card) is Ana's.
    write_interview(ana, household("LS6 1AA", "Flat 3, 12 Leeds Rd.", "Ahmed Karimi"),
                    _uuid(1))
    write_interview(bo, household("ls61aa", "flat 3 12 leeds road", "Ahmed Karimi"),
                    _uuid(2))
    write_interview(ana, household("E1 6AN", "5 Brick Lane", "Sara Jones"), _uuid(3))
    write_interview(bo, household("E1 6AN", "5 Brick Lane", "Sarah Jones"), _uuid(4))
    out = [bundle(ana, folder / "ana.zip"), bundle(bo, folder / "bo.zip")]
    ana.store.close()
    bo.store.close()
    return out


def _open(qtbot: QtBot, ctx: AppContext, site: Coordinator, folder: Path, *,
          language: str = "en", flags: bool = True
          ) -> tuple[DuplicatesTab, CoordinatorWorkspace]:
    if flags:
        assert all(r.accepted for r in import_bundles(site.store,
                                                      _flagged_bundles(site, folder)))
    _window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "DuplicatesTab")
    idle(qtbot, workspace)
    assert isinstance(tab, DuplicatesTab)
    return tab, workspace


def _stored(site: Coordinator) -> list[DuplicateFlag]:
    return list_duplicates(site.store, include_resolved=True)


def _plain(text: str) -> str:
    """Text as a person reads it (without the direction marks)."""
    return "".join(c for c in text if c not in "\u200e\u200f\u2068\u2069")


def _rows(tab: DuplicatesTab) -> list[list[str]]:
    """The list's entries, line by line."""
    pairs = tab.pair_list
    return [_plain(pairs.item(r).text()).split("\n") for r in range(pairs.count())]


def _click_row(qtbot: QtBot, tab: DuplicatesTab, row: int) -> None:
    pairs = tab.pair_list
    rect = pairs.visualItemRect(pairs.item(row))
    qtbot.mouseClick(pairs.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # The new cards are shown by the next turn of the event loop, as a person sees them.
    qtbot.waitUntil(lambda: all(c.isVisible() for c in tab.cards))


def _text(card: HouseholdCard, field: str) -> str:
    """A card's value as a person reads it (without the direction marks)."""
    return _plain(card.values[field].text())


def _left_button(tab: DuplicatesTab) -> QPushButton:
    """The "is the duplicate" button on the card shown on the left."""
    return min(tab.duplicate_buttons, key=lambda b: b.mapTo(tab, b.rect().center()).x())


def _shot(tab: DuplicatesTab, workspace: CoordinatorWorkspace, name: str) -> None:
    if os.environ.get("FIELDKIT_SHOTS"):  # screenshots for a person to look at
        workspace.window().resize(1100, 650)
        QApplication.processEvents()
        workspace.window().grab().save(name)


def test_pairs_side_by_side_and_the_left_one_is_the_duplicate(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    tab, workspace = _open(qtbot, ctx, site, tmp_path)
    assert workspace.tabs.tabText(workspace.tabs.indexOf(tab)) == "Duplicates (2)"
    rows = _rows(tab)
    assert rows == [["LS6 1AA · Flat 3, 12 Leeds Rd.", "Very alike · 100"],
                    ["E1 6AN · 5 Brick Lane", rows[1][1]]]
    assert rows[1][1].startswith(("Very alike · 9", "Alike · "))
    assert _plain(tab.pair_list.item(0).toolTip()).endswith("hh (Ana) and hh (Bo)")
    assert tab.summary.text() == ("2 pairs of interviews may be the same household. "
                                  "Decide for each.")
    # The first pair is shown: the shared fields highlighted, the reasons in words.
    assert tab.reasons.text() == ("Same address · Same household head's name · "
                                  "Different interviewers")
    left, right = tab.cards
    assert _text(left, "head_name") == _text(right, "head_name") == "Ahmed Karimi"
    assert _text(left, "address") == "Flat 3, 12 Leeds Rd."
    assert _text(right, "address") == "flat 3 12 leeds road"
    assert (_text(left, "interviewer"), _text(right, "interviewer")) == ("Ana", "Bo")
    for card in tab.cards:
        assert {k for k, v in card.values.items() if v.property("match")} == {
            "head_name", "address", "postcode"}
        assert _text(card, "finalized")  # the local time
    _shot(tab, workspace, "/tmp/dups-en.png")

    # The second pair: names alike, not the same.
    _click_row(qtbot, tab, 1)
    assert [_text(c, "head_name") for c in tab.cards] == ["Sara Jones", "Sarah Jones"]
    assert "Household heads' names" in tab.reasons.text()
    assert "% alike" in tab.reasons.text()
    assert not tab.cards[0].values["head_name"].property("match")

    # Back to the first; Alt+L: the left card's interview is the duplicate.
    _click_row(qtbot, tab, 0)
    first = tab.selected()
    assert first is not None
    button = _left_button(tab)
    assert button.text() == "Same household: &left is the duplicate"
    qtbot.keyClick(tab, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    # A mnemonic clicks after a short animation, then the list reloads.
    qtbot.waitUntil(lambda: tab.pair_list.count() == 1)
    idle(qtbot, workspace)
    done = next(f for f in _stored(site) if f.id == first.id)
    assert (done.status, done.duplicate_uuid) == ("duplicate", first.a.interview_uuid)
    assert done.resolved_by
    with site.store.session() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "resolve-duplicate")).one()
    assert event.object_id == str(first.id)
    assert json.loads(event.detail)["duplicate"] == first.a.interview_uuid
    # On to the next pair, which is all that is left to decide.
    assert tab.pair_list.count() == 1
    selected = tab.selected()
    assert selected is not None and selected.id != first.id
    assert tab.result.text() == "\u2068hh\u2069 marked as the duplicate."
    assert workspace.tabs.tabText(workspace.tabs.indexOf(tab)) == "Duplicates (1)"

    # Different households, with a click.
    qtbot.mouseClick(tab.different_button, Qt.MouseButton.LeftButton)
    idle(qtbot, workspace)
    second = next(f for f in _stored(site) if f.id == selected.id)
    assert (second.status, second.duplicate_uuid) == ("not_duplicate", None)
    assert tab.pair_list.count() == 0 and tab.pages.currentWidget() is tab.empty
    assert tab.empty.text() == ("\u200eNothing left to review: all 2 possible duplicates "
                                "were decided.\n\u200eTick “Show settled flags too” to "
                                "see the decisions.")
    qtbot.mouseClick(tab.show_settled, Qt.MouseButton.LeftButton)
    assert [r[1].split(" · ")[-1] for r in _rows(tab)] == ["Duplicate", "Different"]
    assert tab.summary.text() == "Nothing left to decide."
    assert workspace.tabs.tabText(workspace.tabs.indexOf(tab)) == "Duplicates"


def test_settled_pairs_show_who_decided_and_cannot_be_decided_again(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    from fieldkit.sync.duplicates import resolve_duplicate

    tab, workspace = _open(qtbot, ctx, site, tmp_path)
    flags = list_duplicates(site.store)
    resolve_duplicate(site.store, flags[0].id, same_household=True,
                      duplicate=flags[0].b.interview_uuid, actor="Jo")
    tab.refresh()
    idle(qtbot, workspace)
    assert tab.pair_list.count() == 1
    qtbot.mouseClick(tab.show_settled, Qt.MouseButton.LeftButton)
    idle(qtbot, workspace)
    assert [r[1].split(" · ")[-1] for r in _rows(tab)] == ["95", "Duplicate"]
    assert workspace.tabs.tabText(workspace.tabs.indexOf(tab)) == "Duplicates (1)"
    _click_row(qtbot, tab, 1)
    assert tab.settled.text().startswith("Settled by \u2068Jo\u2069 on ")
    assert tab.settled.text().endswith(": the same household; \u2068hh\u2069 is the "
                                       "duplicate.")
    assert tab.cards[1].badge.isVisibleTo(tab) and not tab.cards[0].badge.isVisibleTo(tab)
    assert not any(b.isEnabled() for b in (tab.different_button, *tab.duplicate_buttons))
    _shot(tab, workspace, "/tmp/dups-settled.png")
    assert tab.different_button.text() == "&Different households"
    qtbot.keyClick(tab, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(300)  # longer than a mnemonic's click animation
    idle(qtbot, workspace)
    assert next(f for f in _stored(site) if f.id == flags[0].id).status == "duplicate"


def test_a_pair_settled_or_withdrawn_meanwhile_is_not_decided_again(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    from fieldkit.store.models import SyncDuplicate
    from fieldkit.sync.duplicates import resolve_duplicate

    tab, workspace = _open(qtbot, ctx, site, tmp_path)
    first, second = list_duplicates(site.store)
    assert tab.selected() == first
    # Another coordinator settles the shown pair while this screen is open.
    resolve_duplicate(site.store, first.id, same_household=False, actor="Jo")
    qtbot.mouseClick(_left_button(tab), Qt.MouseButton.LeftButton)
    idle(qtbot, workspace)
    done = next(f for f in _stored(site) if f.id == first.id)
    assert (done.status, done.resolved_by) == ("not_duplicate", "Jo")
    assert tab.result.text() == ("Someone else settled this pair meanwhile; their "
                                 "decision stands.")
    assert tab.show_settled.isChecked() and tab.selected() == done
    assert _plain(tab.settled.text()).startswith("Settled by Jo on ")

    # An import withdrew the other pair (its interviews changed) meanwhile.
    _click_row(qtbot, tab, 0)
    assert tab.selected() == second
    with site.store.session() as session:
        session.delete(session.get(SyncDuplicate, second.id))
    qtbot.mouseClick(tab.different_button, Qt.MouseButton.LeftButton)
    idle(qtbot, workspace)
    assert [f.id for f in _stored(site)] == [first.id]
    assert tab.result.text().startswith("This pair is no longer flagged")
    assert tab.pair_list.count() == 1 and tab.open_count() == 0


def test_a_pair_settled_while_this_decision_is_written_keeps_theirs(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    from fieldkit.sync.duplicates import resolve_duplicate

    tab, workspace = _open(qtbot, ctx, site, tmp_path)
    first = tab.selected()
    assert first is not None and first.status == "open"
    theirs = open_store(str(site.store.engine.url))  # another coordinator, same store
    try:
        # They decide "different households" after this screen last read the flag,
        # just before its own decision is written.
        just_before_flag_write(site.store, lambda: resolve_duplicate(
            theirs, first.id, same_household=False, actor="Jo"))
        qtbot.mouseClick(_left_button(tab), Qt.MouseButton.LeftButton)
        idle(qtbot, workspace)
    finally:
        theirs.close()
    done = next(f for f in _stored(site) if f.id == first.id)
    assert (done.status, done.duplicate_uuid, done.resolved_by) == (
        "not_duplicate", None, "Jo")
    with site.store.session() as session:
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "resolve-duplicate")).all()
    assert [e.actor for e in events] == ["Jo"]
    assert tab.result.text() == ("Someone else settled this pair meanwhile; their "
                                 "decision stands.")
    assert tab.show_settled.isChecked() and tab.selected() == done
    assert _plain(tab.settled.text()).startswith("Settled by Jo on ")
    assert workspace.tabs.tabText(workspace.tabs.indexOf(tab)) == "Duplicates (1)"


def test_nothing_to_review(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                           tmp_path: Path) -> None:
    tab, workspace = _open(qtbot, ctx, site, tmp_path, flags=False)
    assert tab.pages.currentWidget() is tab.empty and tab.empty.isVisible()
    _shot(tab, workspace, "/tmp/dups-empty.png")
    assert tab.empty.text() == (
        "Nothing to review: no two interviews look like the same household.")
    assert workspace.tabs.tabText(workspace.tabs.indexOf(tab)) == "Duplicates"


def test_an_import_updates_the_count(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                     tmp_path: Path) -> None:
    _tab, workspace = _open(qtbot, ctx, site, tmp_path, flags=False)
    workspace.tabs.setCurrentWidget(workspace.import_tab)
    assert workspace.import_tab.import_files(_flagged_bundles(site, tmp_path))
    idle(qtbot, workspace)
    tab = workspace.tab("DuplicatesTab")
    assert workspace.tabs.tabText(workspace.tabs.indexOf(tab)) == "Duplicates (2)"


def test_right_to_left_in_sorani(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                 tmp_path: Path) -> None:
    tab, workspace = _open(qtbot, ctx, site, tmp_path, language="ckb")
    assert tab.layoutDirection() == Qt.LayoutDirection.RightToLeft
    first = tab.selected()
    assert first is not None and len(tab.cards) == 2
    # The flag's first interview is on the right; the left button marks the other.
    x = [c.mapTo(tab, c.rect().center()).x() for c in tab.cards]
    assert x[0] > x[1]
    _shot(tab, workspace, "/tmp/dups-ckb.png")
    qtbot.mouseClick(_left_button(tab), Qt.MouseButton.LeftButton)
    idle(qtbot, workspace)
    done = next(f for f in _stored(site) if f.id == first.id)
    assert (done.status, done.duplicate_uuid) == ("duplicate", first.b.interview_uuid)
    assert isinstance(tab.findChild(QLabel, "duplicateSummary"), QLabel)
