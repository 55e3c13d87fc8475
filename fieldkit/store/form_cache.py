"""The store as a cache of converted forms (fieldkit.forms.FormCache)."""

from __future__ import annotations

from fieldkit.store.database import Store
from fieldkit.store.models import FormCacheEntry
from fieldkit.store.upsert import conflict_insert


class StoreFormCache:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, key: str) -> str | None:
        with self.store.session() as session:
            found = session.get(FormCacheEntry, key)
            return found.entry if found is not None else None

    def put(self, key: str, xform_xml: str) -> None:
        # An upsert: two processes converting the same form must not collide.
        statement = conflict_insert(self.store.engine, FormCacheEntry).values(
            key=key, entry=xform_xml)
        statement = statement.on_conflict_do_update(
            index_elements=[FormCacheEntry.key], set_={"entry": statement.excluded.entry})
        with self.store.session() as session:
            session.execute(statement)
