"""Likely duplicate households: flagged at import across laptops, never merged,
settled by a person (audited), and the same whatever the re-imports or order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.errors import UsageError
from fieldkit.exports.flags import interview_flags
from fieldkit.store import Store, open_store
from fieldkit.store.models import AuditEvent, SyncDuplicate, SyncHousehold
from fieldkit.sync.bundle_in import import_bundles
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.duplicates import (
    FlagSettled,
    NoSuchFlag,
    flagged_interviews,
    list_duplicates,
    marked_duplicates,
    name_score,
    resolve_duplicate,
)
from tests.sync.helpers import (
    Coordinator,
    edit,
    just_before_flag_write,
    make_coordinator,
    make_laptop,
    write_interview,
)

POSTCODE = "/data/survey/address_grp/postcode"
ADDRESS = "/data/survey/address_grp/address"
HEAD = "/data/survey/roster/member[1]/member_name"


def household(postcode: str, address: str, head: str) -> dict[str, str | None]:
    return {POSTCODE: postcode, ADDRESS: address, HEAD: head, "/data/x": "1"}


def two_laptops(coordinator: Coordinator, tmp_path: Path) -> tuple[Path, Path, str, str, str]:
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    bo = make_laptop(coordinator, tmp_path / "bo", "Bo")
    first = write_interview(ana, household("LS6 1AA", "Flat 3, 12 Leeds Rd.", "Ahmed Karimi"))
    other = write_interview(ana, household("LS6 1AA", "14 Leeds Road", "Ahmed Karimi"))
    second = write_interview(bo, household("ls61aa", "flat 3 12 leeds road", "Ahmad Karimi"))
    export_bundle(ana.store, tmp_path / "ana.zip")
    export_bundle(bo.store, tmp_path / "bo.zip")
    ana.store.close()
    bo.store.close()
    return tmp_path / "ana.zip", tmp_path / "bo.zip", first, second, other


def test_same_household_from_two_laptops_is_flagged_not_merged(
        coordinator: Coordinator, tmp_path: Path) -> None:
    ana, bo, first, second, other = two_laptops(coordinator, tmp_path)
    reports = import_bundles(coordinator.store, [ana, bo])
    assert [r.accepted for r in reports] == [True, True]
    assert reports[1].counts.duplicates == 1
    (flag,) = list_duplicates(coordinator.store)
    assert {flag.a.interview_uuid, flag.b.interview_uuid} == {first, second}
    assert {flag.a.interviewer, flag.b.interviewer} == {"Ana", "Bo"}
    assert flag.reasons["same_interviewer"] is False
    assert flag.reasons["address_score"] == 100
    assert flagged_interviews(coordinator.store) == {first, second}
    assert other not in flagged_interviews(coordinator.store)
    with coordinator.store.session() as session:  # what exports mark
        assert interview_flags(session, [first, second, other]) == {
            first: (False, True), second: (False, True)}
    with coordinator.store.session() as session:  # keys only, never the address
        stored = session.scalars(select(SyncHousehold)).all()
        assert len(stored) == 3 and all("LEEDS" not in h.address_hash for h in stored)

    import_bundles(coordinator.store, [bo, ana, bo])  # re-imports change nothing
    assert [f.id for f in list_duplicates(coordinator.store)] == [flag.id]


def test_import_order_gives_the_same_flags(coordinator: Coordinator, tmp_path: Path) -> None:
    ana, bo, first, second, _other = two_laptops(coordinator, tmp_path)
    import_bundles(coordinator.store, [bo, ana])
    pairs = {(f.a.interview_uuid, f.b.interview_uuid) for f in list_duplicates(
        coordinator.store)}
    assert pairs == {tuple(sorted((first, second)))}


def test_resolving_is_audited_and_survives_reimport(coordinator: Coordinator,
                                                    tmp_path: Path) -> None:
    ana, bo, _first, second, _other = two_laptops(coordinator, tmp_path)
    import_bundles(coordinator.store, [ana, bo])
    (flag,) = list_duplicates(coordinator.store)
    with pytest.raises(Exception, match="one of the two interviews"):
        resolve_duplicate(coordinator.store, flag.id, same_household=True, duplicate="zzz")
    resolve_duplicate(coordinator.store, flag.id, same_household=True, duplicate=second[:8],
                      actor="Coordinator Jo")
    assert list_duplicates(coordinator.store) == []
    assert flagged_interviews(coordinator.store) == set()
    assert marked_duplicates(coordinator.store) == {second}
    with coordinator.store.session() as session:
        assert interview_flags(session, [second]) == {second: (False, True)}
    (done,) = list_duplicates(coordinator.store, include_resolved=True)
    assert (done.status, done.duplicate_uuid, done.resolved_by) == (
        "duplicate", second, "Coordinator Jo")
    with coordinator.store.session() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "resolve-duplicate")).one()
        assert json.loads(event.detail)["duplicate"] == second
    import_bundles(coordinator.store, [ana, bo])
    assert list_duplicates(coordinator.store) == []
    assert marked_duplicates(coordinator.store) == {second}


def _decisions(store: Store) -> tuple[list[tuple[str, str | None, str]], list[str]]:
    """Each flag's (status, duplicate, resolved_by), and the resolve audit events'
    statuses, in order."""
    with store.session() as session:
        flags = [(f.status, f.duplicate_uuid, f.resolved_by)
                 for f in session.scalars(select(SyncDuplicate).order_by(SyncDuplicate.id))]
        events = [json.loads(e.detail)["status"] for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "resolve-duplicate")
            .order_by(AuditEvent.id))]
    return flags, events


def test_only_if_open_leaves_a_settled_flag_alone(coordinator: Coordinator,
                                                   tmp_path: Path) -> None:
    ana, bo, _first, second, _other = two_laptops(coordinator, tmp_path)
    import_bundles(coordinator.store, [ana, bo])
    (flag,) = list_duplicates(coordinator.store)
    resolve_duplicate(coordinator.store, flag.id, same_household=False, actor="Jo")
    with pytest.raises(FlagSettled) as raised:
        resolve_duplicate(coordinator.store, flag.id, same_household=True,
                          duplicate=second, actor="Kim", only_if_open=True)
    assert (raised.value.flag_id, raised.value.status) == (flag.id, "not_duplicate")
    assert _decisions(coordinator.store) == ([("not_duplicate", None, "Jo")],
                                             ["not_duplicate"])
    # Without it (the command line), a decision can still be changed, and is audited.
    resolve_duplicate(coordinator.store, flag.id, same_household=True, duplicate=second,
                      actor="Kim")
    assert _decisions(coordinator.store) == ([("duplicate", second, "Kim")],
                                             ["not_duplicate", "duplicate"])
    with pytest.raises(NoSuchFlag, match="no duplicate flag 999") as missing:
        resolve_duplicate(coordinator.store, 999, same_household=False, only_if_open=True)
    assert isinstance(missing.value, UsageError)  # the command line's exit code 2


@pytest.mark.parametrize("other", ["settles", "withdraws"])
def test_only_if_open_is_checked_by_the_write_itself(store_url: str, tmp_path: Path,
                                                     other: str) -> None:
    """Another coordinator settles the pair (or an import withdraws it) between
    resolve_duplicate's read and its write: their decision stands, nothing is audited
    for this one."""
    coordinator = make_coordinator(store_url, tmp_path)
    theirs = open_store(store_url)  # another coordinator's connection
    try:
        ana, bo, first, second, _other = two_laptops(coordinator, tmp_path)
        import_bundles(coordinator.store, [ana, bo])
        (flag,) = list_duplicates(coordinator.store)

        def settle() -> None:
            resolve_duplicate(theirs, flag.id, same_household=True, duplicate=first,
                              actor="Jo")

        def withdraw() -> None:
            with theirs.session() as session:
                session.delete(session.get(SyncDuplicate, flag.id))

        just_before_flag_write(coordinator.store, settle if other == "settles" else withdraw)
        with pytest.raises(FlagSettled if other == "settles" else NoSuchFlag):
            resolve_duplicate(coordinator.store, flag.id, same_household=True,
                              duplicate=second, actor="Kim", only_if_open=True)
        if other == "settles":
            assert _decisions(coordinator.store) == ([("duplicate", first, "Jo")],
                                                     ["duplicate"])
        else:
            assert _decisions(coordinator.store) == ([], [])
    finally:
        theirs.close()
        coordinator.store.close()


def test_different_heads_or_numbers_are_not_flagged(coordinator: Coordinator,
                                                     tmp_path: Path) -> None:
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    bo = make_laptop(coordinator, tmp_path / "bo", "Bo")
    write_interview(ana, household("LS6 1AA", "12 Leeds Road", "Anna"))
    write_interview(bo, household("LS6 1AA", "12 Leeds Road", "Marek"))  # a new tenant
    write_interview(bo, household("LS6 1AB", "12 Leeds Road", "Anna"))  # another postcode
    write_interview(bo, {"/data/x": "no address"})
    export_bundle(ana.store, tmp_path / "a.zip")
    export_bundle(bo.store, tmp_path / "b.zip")
    import_bundles(coordinator.store, [tmp_path / "a.zip", tmp_path / "b.zip"])
    assert list_duplicates(coordinator.store) == []


def test_an_edit_that_changes_the_address_withdraws_an_open_flag(
        coordinator: Coordinator, tmp_path: Path) -> None:
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    bo = make_laptop(coordinator, tmp_path / "bo", "Bo")
    write_interview(ana, household("E1 6AN", "5 Brick Lane", "Sara"))
    theirs = write_interview(bo, household("E1 6AN", "5 Brick Lane", "Sarah"))
    export_bundle(ana.store, tmp_path / "a.zip")
    export_bundle(bo.store, tmp_path / "b1.zip")
    import_bundles(coordinator.store, [tmp_path / "a.zip", tmp_path / "b1.zip"])
    assert len(list_duplicates(coordinator.store)) == 1
    edit(bo, theirs, {ADDRESS: "7 Brick Lane"})  # Bo had typed the wrong number
    export_bundle(bo.store, tmp_path / "b2.zip")
    import_bundles(coordinator.store, [tmp_path / "b2.zip"])
    assert list_duplicates(coordinator.store) == []


def test_names_compare_across_spellings_and_initials() -> None:
    assert (name_score("Ahmed Karimi", "AHMAD KARIMI") or 0) >= 80
    assert (name_score("A. K.", "Ahmed Karimi") or 0) >= 80
    assert (name_score("Łucja", "Lucja") or 0) >= 80
    assert (name_score("Anna", "Marek") or 0) < 80
    assert name_score("", "Anna") is None


def test_cli_list_and_resolve(coordinator: Coordinator, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    ana, bo, first, second, _other = two_laptops(coordinator, tmp_path)
    url = str(coordinator.store.engine.url)
    assert main(["--db", url, "bundle", "import", str(ana), str(bo), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["bundles"][1]["duplicates"] == 1
    assert main(["--db", url, "duplicates", "list", "--json"]) == 0
    (flag,) = json.loads(capsys.readouterr().out)
    assert flag["status"] == "open" and flag["score"] >= 80
    assert {flag["a"]["interview"], flag["b"]["interview"]} == {first, second}
    assert {flag["a"]["postcode"], flag["b"]["postcode"]} == {"LS6 1AA", "ls61aa"}
    assert main(["--db", url, "duplicates", "resolve", "999", "--not-duplicates"]) == 2
    assert "no duplicate flag 999" in capsys.readouterr().err
    assert main(["--db", url, "duplicates", "resolve", str(flag["id"]), "--not-duplicates",
                 "--by", "Jo"]) == 0
    capsys.readouterr()
    assert main(["--db", url, "duplicates", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    with coordinator.store.session() as session:
        assert session.scalars(select(SyncDuplicate.status)).all() == ["not_duplicate"]
    assert main(["--db", url, "duplicates", "scan"]) == 0
    assert "0 open" in capsys.readouterr().out
