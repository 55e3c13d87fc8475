"""Path kinds of answer rows and field versions."""

from __future__ import annotations

from fieldkit.answer_paths import (
    HEADER_PATH,
    PathKind,
    is_form_path,
    is_stored_path,
    own_path,
    path_kind,
)
from fieldkit.interviews.answer_rows import CURRENT_PAGE_PATH
from fieldkit.interviews.consent import METHOD_PATH


def test_each_kind_is_told_apart() -> None:
    assert path_kind("/data/name") is PathKind.FORM
    assert path_kind(CURRENT_PAGE_PATH) is PathKind.OWN
    assert path_kind(METHOD_PATH) is PathKind.OWN
    assert path_kind(HEADER_PATH) is PathKind.SYNC
    assert path_kind("@later/kind") is PathKind.OWN  # a later fieldkit's row is kept
    assert path_kind("data/name") is None
    assert path_kind("name") is None


def test_form_paths_and_what_a_bundle_may_carry() -> None:
    assert is_form_path("/data/a") and not is_form_path(own_path("current"))
    assert not is_form_path(HEADER_PATH)
    assert all(is_stored_path(p) for p in ("/data/a", HEADER_PATH, own_path("x")))
    assert not is_stored_path("data/a") and not is_stored_path("")
    assert own_path("current") == CURRENT_PAGE_PATH == "@fieldkit/current"
    assert METHOD_PATH == "@fieldkit/consent/method"
