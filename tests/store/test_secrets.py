from __future__ import annotations

from fieldkit.projects import current_project
from fieldkit.store import open_store
from fieldkit.store.secrets import get_or_create_secret, get_secret, put_secret


def test_secrets_are_created_once_and_kept(store_url: str) -> None:
    store = open_store(store_url)
    try:
        project_id = current_project(store).id
        assert get_secret(store, project_id, "pseudonym") is None
        first = get_or_create_secret(store, project_id, "pseudonym")
        assert len(first) == 32
        assert get_or_create_secret(store, project_id, "pseudonym") == first
        put_secret(store, project_id, "signing", b"k" * 32)
        put_secret(store, project_id, "signing", b"j" * 32)
        assert get_secret(store, project_id, "signing") == b"j" * 32
        assert get_secret(store, project_id, "pseudonym") == first
    finally:
        store.close()
