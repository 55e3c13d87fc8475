"""Version ids: msgspec's encoding (used to hash, for speed) is the canonical JSON
the format defines, and a bundle's versions are checked all at once as one by one."""

from __future__ import annotations

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from fieldkit.sync.formats import canonical
from fieldkit.sync.versions import Version, _encode, all_ids_match, version_id

_text = st.text(st.characters(exclude_categories=["Cs"]))  # no lone surrogates


def test_every_character_encodes_as_canonical_json() -> None:
    for start in range(0, 0x110000, 0x1000):
        chars = "".join(chr(c) for c in range(start, start + 0x1000)
                        if not 0xD800 <= c <= 0xDFFF)
        payload = (chars, f"a{chars}b", None, "", 0, "x", ["y"])
        assert _encode(payload) == canonical(list(payload))


@given(st.tuples(_text, _text, st.none() | _text, _text, st.integers(0, 2**62 - 1), _text,
                 st.lists(_text, max_size=4).map(lambda sup: sorted(set(sup)))))
def test_payloads_encode_as_canonical_json(payload: tuple[object, ...]) -> None:
    assert _encode(payload) == canonical(list(payload))


@given(st.lists(st.tuples(st.none() | _text, st.lists(_text, max_size=3)), max_size=8),
       st.integers(-1, 7))
def test_all_ids_match_agrees_with_content_ok(rows: list[tuple[str | None, list[str]]],
                                              tamper: int) -> None:
    versions = [Version.make("i", f"/f{n}", value, device_id="d", clock=n,
                             written_at="2026-12-06T10:00:00.000000+00:00", supersedes=sup)
                for n, (value, sup) in enumerate(rows)]
    if 0 <= tamper < len(versions):
        v = versions[tamper]
        versions[tamper] = msgspec.structs.replace(v, value=(v.value or "") + "!")
    assert all_ids_match(versions) == all(v.content_ok() for v in versions)
    assert all_ids_match(versions) == (not 0 <= tamper < len(versions))


def test_unsorted_supersedes_hash_as_sorted() -> None:
    a = version_id("i", "/f", "x", device_id="d", clock=1, written_at="t",
                   supersedes=("b", "a", "b"))
    assert a == version_id("i", "/f", "x", device_id="d", clock=1, written_at="t",
                           supersedes=["a", "b"])
    version = Version(a, "i", "/f", "x", "d", 1, "t", ("b", "a"))
    assert version.content_ok() and all_ids_match([version])
