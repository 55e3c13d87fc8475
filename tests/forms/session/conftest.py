"""Helpers: inline markdown XLSForms loaded through load_form, and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from fieldkit.forms import Form, FormSession, load_form

DATA = Path(__file__).parent.parent / "data" / "pyxform"
NOW = datetime(2024, 5, 17, 10, 30, tzinfo=timezone(timedelta(hours=1)))

LoadMd = Callable[..., Form]


def fixed_clock() -> datetime:
    return NOW


@pytest.fixture
def load_md(tmp_path: Path) -> LoadMd:
    """Write a markdown XLSForm to tmp_path and load it."""
    counter = iter(range(1000))

    def load(text: str, name: str = "data") -> Form:
        path = tmp_path / f"{name}{next(counter)}.md"
        path.write_text(text, encoding="utf-8")
        return load_form(path)

    return load


@pytest.fixture
def session_of(load_md: LoadMd) -> Callable[..., FormSession]:
    def make(text: str, **options: object) -> FormSession:
        options.setdefault("clock", fixed_clock)
        return FormSession(load_md(text), **options)  # type: ignore[arg-type]

    return make
