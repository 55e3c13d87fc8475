"""What one run of fieldkit works with: its paths, settings and store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
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
    #: Asks for the PIN of an encrypted store and returns its data key (the app sets it).
    unlocker: Callable[[Path], bytes] | None = field(default=None, repr=False)
    _key: bytes | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        """The store, opened (and migrated, with a backup first) on first use."""
        if self._store is None:
            # Imported here: SQLAlchemy is a large import the first screen can do without.
            from fieldkit.store import open_store

            key = self.store_key()
            self._store = open_store(self.db_url, backup_dir=self.paths.backup_dir, key=key)
            if key is not None:
                from fieldkit.vault.sealed import file_key, seal_folder

                # Attachments from before the store was encrypted, or a sealing cut short.
                seal_folder(self.paths.attachments_dir, file_key(key))
        return self._store

    def store_key(self) -> bytes | None:
        """The data key when the store is an encrypted one (fieldkit.vault), got from
        ``unlocker`` (the app's sign-in) or the command line's environment/prompt."""
        if self._key is not None:
            return self._key
        from fieldkit.store.database import sqlite_file

        file = sqlite_file(self.db_url)
        if file is None:
            return None
        from fieldkit.vault.sqlcipher import finish_pending, is_encrypted_store

        finish_pending(file, self.paths.backup_dir)
        if not is_encrypted_store(file):
            return None
        if self.unlocker is not None:
            self._key = self.unlocker(file)
        else:
            from fieldkit.vault.access import unlock_for_command_line

            self._key = unlock_for_command_line(file).key
        return self._key

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
