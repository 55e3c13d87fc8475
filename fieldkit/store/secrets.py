"""Named per-project secrets (see models.ProjectSecret)."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from fieldkit.store.database import Store
from fieldkit.store.models import ProjectSecret
from fieldkit.store.upsert import conflict_insert


def get_secret(store: Store, project_id: str, name: str) -> bytes | None:
    with store.session() as session:
        found = session.get(ProjectSecret, (project_id, name))
        return found.value if found is not None else None


def put_secret(store: Store, project_id: str, name: str, value: bytes) -> None:
    """Store or replace a secret."""
    with store.session() as session:
        session.merge(ProjectSecret(project_id=project_id, name=name, value=value))


def get_or_create_secret(store: Store, project_id: str, name: str,
                         make: Callable[[], bytes] = lambda: secrets.token_bytes(32)) -> bytes:
    """The secret, created on first use. Two processes racing on a shared store agree:
    the first insert wins and both return its value."""
    found = get_secret(store, project_id, name)
    if found is not None:
        return found
    statement = conflict_insert(store.engine, ProjectSecret).values(
        project_id=project_id, name=name, value=make()).on_conflict_do_nothing()
    with store.session() as session:
        session.execute(statement)
    value = get_secret(store, project_id, name)
    assert value is not None  # just inserted, or inserted by the winner of a race
    return value
