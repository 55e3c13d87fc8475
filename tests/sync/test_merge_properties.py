"""Property: any set of bundles, in any order, imported any number of times, gives
the same coordinator store; generated edit histories from two laptops include a
laptop restored from an old backup (its counter goes back)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldkit.store import open_store
from fieldkit.sync.bundle_in import import_bundle
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.versions import Version, heads, is_conflict
from tests.sync.helpers import (
    backup,
    dump,
    edit,
    make_coordinator,
    make_laptop,
    restore,
    write_interview,
)

FIELDS = ("/data/a", "/data/b", "/data/c")
VALUES = ("x", "y", "z", None)

op = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 1), st.sampled_from(FIELDS),
              st.sampled_from(VALUES)),
    st.tuples(st.just("export"), st.integers(0, 1)),
    st.tuples(st.just("backup"), st.integers(0, 1)),
    st.tuples(st.just("restore"), st.integers(0, 1)),
)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(op, min_size=1, max_size=14), data=st.data())
def test_any_order_any_repeats_same_store(ops: list[tuple[object, ...]],
                                          data: st.DataObject) -> None:
    folder = Path(tempfile.mkdtemp(prefix="fk-prop-"))
    try:
        _check(folder, ops, data)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check(folder: Path, ops: list[tuple[object, ...]], data: st.DataObject) -> None:
    coordinator = make_coordinator(f"sqlite:///{folder / 'c.sqlite3'}", folder)
    coordinator.store.close()
    pristine = folder / "c.sqlite3"
    laptops = [make_laptop(coordinator, folder / name, name) for name in ("Ana", "Bo")]
    uuids = [write_interview(lap, {f: "0" for f in FIELDS}) for lap in laptops]
    backups: list[Path | None] = [None, None]
    bundles: list[Path] = []
    for step in ops:
        kind, who = step[0], int(step[1])  # type: ignore[call-overload]
        lap = laptops[who]
        if kind == "edit":
            edit(lap, uuids[who], {str(step[2]): step[3]})  # type: ignore[dict-item]
        elif kind == "export":
            bundles.append(folder / f"b{len(bundles)}.zip")
            export_bundle(lap.store, bundles[-1])
        elif kind == "backup":
            backups[who] = backup(lap, folder / f"backup{who}-{len(bundles)}.sqlite3")
        elif backups[who] is not None:
            restore(lap, backups[who])  # type: ignore[arg-type]
    for lap in laptops:
        bundles.append(folder / f"final-{lap.device_id}.zip")
        export_bundle(lap.store, bundles[-1])
        lap.store.close()

    def imported(order: list[Path], name: str) -> dict[str, object]:
        db = folder / name
        shutil.copy(pristine, db)
        store = open_store(f"sqlite:///{db}")
        try:
            for path in order:
                report = import_bundle(store, path)
                assert report.accepted, report.reason
            return dump(store)
        finally:
            store.close()

    first = imported(bundles, "in-order.sqlite3")
    shuffled = data.draw(st.permutations(bundles))
    repeats = data.draw(st.lists(st.sampled_from(bundles), max_size=4))
    assert imported([*shuffled, *repeats], "shuffled.sqlite3") == first
    assert imported([*reversed(bundles), *bundles], "twice.sqlite3") == first


# -- the merge rule itself, over many more histories ------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1), st.sampled_from(VALUES),
                          st.booleans()), max_size=25), st.data())
def test_heads_never_drop_an_unsuperseded_edit(edits: list[tuple[int, int, str | None, bool]],
                                               data: st.DataObject) -> None:
    """Three devices edit two fields; a device may forget its last edits (restored from
    a backup). Every version is either a head or superseded by one whose writer knew
    it; the heads do not depend on the order or repetition of what arrives."""
    known: list[dict[int, list[Version]]] = [{0: [], 1: []} for _ in range(3)]
    clocks = [0, 0, 0]
    made: list[Version] = []
    for device, fld, value, forget in edits:
        if forget and known[device][fld]:
            known[device][fld].pop()  # restored: the last edit is gone, the clock too
            clocks[device] -= 1
            continue
        clocks[device] += 1
        version = Version.make("i", f"/f{fld}", value, device_id=f"d{device}",
                               clock=clocks[device], written_at="",
                               supersedes=(v.id for v in known[device][fld]))
        known[device][fld].append(version)
        made.append(version)
    order = data.draw(st.permutations(made))
    extra = data.draw(st.lists(st.sampled_from(made), max_size=5)) if made else []
    for fld in (0, 1):
        mine = [v for v in made if v.path == f"/f{fld}"]
        theirs = [v for v in [*order, *extra] if v.path == f"/f{fld}"]
        assert heads(mine) == heads(theirs)
        head_ids = {v.id for v in heads(mine)}
        for v in mine:
            assert v.id in head_ids or any(v.id in w.supersedes for w in mine)
        # Two devices that both edited a field without seeing each other conflict.
        writers = {v.device_id for v in heads(mine)}
        if len({v.value for v in heads(mine)}) > 1:
            assert is_conflict(heads(mine)) and len(writers | {"x"}) >= 2
