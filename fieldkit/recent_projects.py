"""The data folders this computer's user opened recently (File → Open recent), kept
in the user's configuration folder, not in any one data folder: the list is what
lets a coordinator switch between the practice project and their projects.

Database addresses are remembered without their password (put it in the PostgreSQL
password file, ``~/.pgpass``, which libpq reads). Qt-free; a damaged file is an empty
list, and writes are atomic.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["CONFIG_DIR_ENV", "MAX_RECENT", "RecentProject", "forget", "recent_file",
           "recent_projects", "remember"]

#: Overrides the user configuration folder (tests, portable installs).
CONFIG_DIR_ENV = "FIELDKIT_CONFIG_DIR"
MAX_RECENT = 8


@dataclass(frozen=True)
class RecentProject:
    data_dir: str
    #: The store's address when it is not the data folder's own SQLite file.
    db_url: str
    name: str
    role: str


def recent_file() -> Path:
    chosen = os.environ.get(CONFIG_DIR_ENV)
    if chosen:
        return Path(chosen) / "recent_projects.json"
    # lazy: only looking up the user's folders needs platformdirs
    import platformdirs

    return Path(platformdirs.user_config_dir("fieldkit", appauthor=False)) / \
        "recent_projects.json"


def _without_password(url: str) -> str:
    if not url:
        return ""
    # lazy: SQLAlchemy stays out of the first window, which reads this list
    from sqlalchemy.engine import URL, make_url

    try:
        given = make_url(url)
    except Exception:  # an address SQLAlchemy cannot read is not worth remembering
        return ""
    # URL.set(password=None) keeps the password: build the address without it.
    return URL.create(given.drivername, username=given.username, host=given.host,
                      port=given.port, database=given.database, query=given.query
                      ).render_as_string(hide_password=False)


def recent_projects() -> list[RecentProject]:
    """Most recent first; entries whose folder is gone are left out."""
    try:
        raw = json.loads(recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    out = []
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, dict):
            continue
        fields = {key: entry.get(key) for key in ("data_dir", "db_url", "name", "role")}
        if not all(isinstance(value, str) for value in fields.values()):
            continue
        recent = RecentProject(**fields)  # type: ignore[arg-type]
        if Path(recent.data_dir).is_dir():
            out.append(recent)
    return out


def _write(entries: list[RecentProject]) -> None:
    path = recent_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=1),
                    encoding="utf-8")
    temp.replace(path)


def remember(data_dir: Path, name: str, role: str, db_url: str = "") -> None:
    """Put a data folder at the top of the list (best effort: a configuration folder
    that cannot be written costs the list, never the work)."""
    entry = RecentProject(str(Path(data_dir).resolve()), _without_password(db_url),
                          name, role)
    rest = [e for e in recent_projects() if e.data_dir != entry.data_dir]
    with contextlib.suppress(OSError):
        _write([entry, *rest][:MAX_RECENT])


def forget(data_dir: Path) -> None:
    wanted = str(Path(data_dir).resolve())
    with contextlib.suppress(OSError):
        _write([e for e in recent_projects() if e.data_dir != wanted])
