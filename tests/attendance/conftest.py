"""A store per backend holding the default forms (copied from rows converted once)."""

from __future__ import annotations

from tests.interviews.conftest import (  # noqa: F401 - fixtures
    default_form_rows,
    forms,
    project_id,
    store,
)
