"""Fuzzing the bundle reader over the member schema: manifests and version lines
whose every field may be any JSON value (absurd numbers, wrong types, long or
strange strings, deep lists), signed and sealed as a laptop with its keys would.
Reading and applying such a bundle either works or raises RejectedInput: never
another exception, and a refusal leaves nothing behind (the transaction is rolled
back; the CLI tests check the store byte for byte)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldkit.errors import RejectedInput
from fieldkit.sync import keys
from fieldkit.sync.bundle_in import apply_bundle, read_bundle
from tests.hostile.forge import Forge
from tests.sync.helpers import Coordinator

_weird_text = st.one_of(
    st.text(max_size=50),
    st.sampled_from(["", "/../../etc/passwd", "/data/\0x", "@sync/header", "@fieldkit/x",
                     "/data/name", "\u202e/data", "2026-02-30T10:00:00+00:00",
                     "0" * 64, "x" * 5000, "NaN", "-1"]),
)
_numbers = st.one_of(st.integers(), st.floats(allow_nan=False),
                     st.sampled_from([0, -1, 2**53, 2**62 - 3, 2**64, 10**30, 1.5, 1e308]))
_leaf = st.one_of(st.none(), st.booleans(), _numbers, _weird_text)
_json = st.recursive(_leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)
# (100,000 levels: test_bundle_values; json.dumps, which writes these, stops near 1,000.)
_deep = st.integers(1, 900).map(lambda depth: {"__deep__": depth})

MANIFEST_KEYS = ("format", "version", "project_id", "device_id", "interviewer_id",
                 "device_key", "enrolment_proof", "seq", "created_at", "clock_range",
                 "interviews", "versions")
RECORD_KEYS = ("id", "interview", "path", "value", "device", "clock", "at", "supersedes")
HEADER_KEYS = ("project_id", "form_id", "form_version", "form_hash", "label",
               "respondent_language", "interviewer_id", "device_id", "created_at",
               "finalized_at")


def _materialise(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"__deep__"}:
        nested: Any = []
        for _ in range(value["__deep__"]):
            nested = [nested]
        return nested
    return value


_changes = st.dictionaries(st.sampled_from(MANIFEST_KEYS), st.one_of(_json, _deep),
                           max_size=3)
_record_changes = st.dictionaries(st.sampled_from(RECORD_KEYS), st.one_of(_json, _deep),
                                  max_size=3)
_header_changes = st.dictionaries(st.sampled_from(HEADER_KEYS), _json, max_size=3)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(manifest=_changes, header=_header_changes, record=_record_changes,
       which=st.integers(0, 2), extra=st.one_of(st.none(), st.text(min_size=1, max_size=8)))
def test_fuzzed_bundles_are_read_or_refused(  # noqa: PLR0917
        coordinator: Coordinator, forge: Forge, tmp_path: Path, manifest: dict[str, Any],
        header: dict[str, Any], record: dict[str, Any], which: int,
        extra: str | None) -> None:
    records = forge.interview({"/data/name": "Rana", "/data/age": "30"}, **header)
    records[which] = {**records[which],
                      **{key: _materialise(value) for key, value in record.items()}}
    if extra is not None:
        records[which][extra] = 1
    path = forge.write(tmp_path / "fuzz.zip", records,
                       manifest={k: _materialise(v) for k, v in manifest.items()})
    box = keys.box_private(coordinator.store, coordinator.project_id)
    session = coordinator.store.sessions()
    try:
        parsed = read_bundle(path, coordinator.project_id, box)
        apply_bundle(session, coordinator.store, coordinator.project_id, parsed)
    except RejectedInput as exc:
        message = str(exc)
        assert "\n" not in message and len(message) < len(str(path)) + 240, message
    finally:
        session.rollback()
        session.close()
