"""One running fieldkit per data dir, so two windows never write one store."""

from __future__ import annotations

from PySide6.QtCore import QLockFile

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _
from fieldkit.paths import AppPaths


class InstanceLock:
    def __init__(self, paths: AppPaths) -> None:
        self._path = paths.lock_file
        self._lock = QLockFile(str(paths.lock_file))
        self._lock.setStaleLockTime(0)  # stale only if its process is gone

    def acquire(self) -> None:
        if self._lock.tryLock(200):
            return
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            info = self._lock.getLockInfo()  # PySide6: (pid, hostname, appname)
            pid, host = (info[-3], info[-2]) if len(info) >= 3 else ("?", "?")
            raise EnvironmentProblem(
                _("fieldkit is already running with the data folder {folder} (process "
                  "{pid} on {host}); switch to that window, or close it first.").format(
                    folder=self._path.parent, pid=pid, host=host))
        raise EnvironmentProblem(
            _("Cannot create the lock file {path}; check that the data folder is "
              "writable.").format(path=self._path))

    def release(self) -> None:
        self._lock.unlock()
