"""Logging to a rotating file in the log dir (and warnings to stderr)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from fieldkit.paths import AppPaths

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_log_file: Path | None = None


def current_log_file() -> Path | None:
    """The file this run logs to, once logging is set up."""
    return _log_file


def setup_logging(paths: AppPaths, *, verbose: bool = False) -> None:
    global _log_file
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_fieldkit", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        _rotate(paths.log_file)
        file_handler: logging.Handler = logging.FileHandler(paths.log_file, encoding="utf-8")
        _log_file = paths.log_file
    except OSError:
        file_handler = logging.NullHandler()  # ensure_writable reports the real problem
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    file_handler._fieldkit = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("fieldkit: %(levelname)s: %(message)s"))
    console._fieldkit = True  # type: ignore[attr-defined]
    root.addHandler(console)
    # SQLAlchemy and Alembic are chatty at INFO.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)


def _rotate(log_file: Path, max_bytes: int = 2_000_000, keep: int = 3) -> None:
    """Rotate at start-up rather than while running: a session never writes 2 MB.
    logging.handlers (about 30 ms to import) loads only when a rotation is due."""
    try:
        if not log_file.is_file() or log_file.stat().st_size < max_bytes:
            return
        from logging.handlers import RotatingFileHandler  # only when rotating: start-up

        handler = RotatingFileHandler(log_file, backupCount=keep, encoding="utf-8", delay=True)
        handler.doRollover()
        handler.close()
    except OSError:
        pass  # an unrotated log is better than no start
