"""The pack's list of erasures is checked before anything is touched: wrong shapes,
paths outside the grammar and oversized entries are a rejected pack (exit 3)."""

from __future__ import annotations

from typing import Any

import pytest

from fieldkit.errors import RejectedInput
from fieldkit.sync.erasures import read_erasures


def test_a_well_formed_list_is_read() -> None:
    entries = [{"interview": "u1", "scope": ""},
               {"interview": "u2", "scope": "/data/survey/roster/member[2]/"},
               {"interview": "u3", "scope": "@fieldkit/consent/"}]
    assert read_erasures(entries, "p") == [
        ("u1", ""), ("u2", "/data/survey/roster/member[2]/"), ("u3", "@fieldkit/consent/")]
    assert read_erasures(None, "p") == []


@pytest.mark.parametrize("data", [
    {"interview": "u1", "scope": ""},  # not a list
    [["u1", ""]],
    [{"interview": "u1"}],
    [{"interview": "u1", "scope": "", "value": "x"}],
    [{"interview": "", "scope": ""}],
    [{"interview": "u" * 37, "scope": ""}],
    [{"interview": 1, "scope": ""}],
    [{"interview": "u1", "scope": "/data/../etc/"}],
    [{"interview": "u1", "scope": "/data/x"}],  # a scope ends in "/"
    [{"interview": "u1", "scope": "%/"}],
])
def test_malformed_lists_are_rejected(data: Any) -> None:
    with pytest.raises(RejectedInput, match="erasures is malformed"):
        read_erasures(data, "pack.fkpack")
