"""Where fieldkit keeps its files: the one source of truth for paths.

The data dir comes from ``--data-dir``, else ``FIELDKIT_DATA_DIR``, else the
platform's user data dir (platformdirs). When the data dir is given explicitly,
logs go inside it, so a data dir on a USB stick or in a test stays self-contained.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _

APP_NAME = "fieldkit"
DATA_DIR_ENV = "FIELDKIT_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path

    @property
    def db_file(self) -> Path:
        return self.data_dir / "fieldkit.sqlite3"

    @property
    def default_db_url(self) -> str:
        return f"sqlite:///{self.db_file}"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.json"

    @property
    def ui_state_file(self) -> Path:
        """Choices the windows remember between runs (not settings: no Preferences entry)."""
        return self.data_dir / "ui_state.json"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def attachments_dir(self) -> Path:
        """Files attached to interview answers, one folder per interview."""
        return self.data_dir / "attachments"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "fieldkit.lock"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "fieldkit.log"

    @property
    def crash_file(self) -> Path:
        """faulthandler writes here; a non-empty file at start means the last run crashed."""
        return self.log_dir / "crash.log"


def resolve_paths(data_dir: str | os.PathLike[str] | None = None,
                  environ: Mapping[str, str] | None = None) -> AppPaths:
    env = os.environ if environ is None else environ
    chosen = data_dir if data_dir is not None else env.get(DATA_DIR_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data_dir=root, log_dir=root / "logs")
    import platformdirs  # only here: an explicit data dir (tests, benchmarks) skips it

    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


PRIVATE_UMASK = 0o077


def _make_private(folder: Path) -> None:
    """``folder`` 0700 and, the first time (it was not 0700), what is in it 0600/0700."""
    if stat.S_IMODE(folder.stat().st_mode) == 0o700:
        return
    folder.chmod(0o700)
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            with contextlib.suppress(OSError):  # a file another user owns stays as it is
                if not path.is_symlink():
                    path.chmod(0o700 if path.is_dir() else 0o600)


def ensure_writable(paths: AppPaths) -> None:
    """Create the data and log dirs and prove they can be written to.

    Raises EnvironmentProblem with one line that names the folder and what to do.
    Everything fieldkit writes from here on is its user's alone: the umask makes new
    files 0600 and folders 0700 (stores, WAL, backups, logs, exports, packs, bundles),
    and a data folder left open by an older fieldkit is closed once (F13).
    """
    os.umask(PRIVATE_UMASK)
    for folder in (paths.data_dir, paths.log_dir, paths.backup_dir):
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            _make_private(folder)
            probe = folder / f".write-test-{os.getpid()}"
            os.close(os.open(probe, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
            probe.unlink()
        except OSError as exc:
            raise EnvironmentProblem(
                _("Cannot write to the folder {folder} ({reason}); choose another data "
                  "folder with --data-dir, or ask whoever manages this computer for "
                  "write permission.").format(
                    folder=folder, reason=exc.strerror or exc)
            ) from exc
