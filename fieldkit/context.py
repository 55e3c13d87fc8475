"""What one run of fieldkit works with: its paths, settings and store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fieldkit.paths import AppPaths
from fieldkit.settings import Settings

if TYPE_CHECKING:
    from fieldkit.store import Store


@dataclass
class AppContext:
    paths: AppPaths
    settings: Settings
    db_url: str
    ui_language: str
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        """The store, opened (and migrated, with a backup first) on first use."""
        if self._store is None:
            # Imported here: SQLAlchemy is a large import the first screen can do without.
            from fieldkit.store import open_store

            self._store = open_store(self.db_url, backup_dir=self.paths.backup_dir)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
