"""Choices the windows remember between runs (the Export tab's last format, folder,
personal-data choice...), in ``ui_state.json`` in the data folder.

Not the settings: each setting has an entry in the Preferences dialog, and these are
not preferences but what was last done. Losing the file only costs the defaults, so a
missing or damaged file reads as empty (logged, never raised), and a write that fails
is logged and leaves the old file whole (written to a temporary file, then renamed).
"""

from __future__ import annotations

import contextlib
import json
import logging
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["UiValue", "load_ui_state", "save_ui_state"]

log = logging.getLogger(__name__)

#: A remembered value: plain JSON (str, bool, numbers, lists and objects of them).
UiValue = Any


def load_ui_state(path: Path) -> dict[str, UiValue]:
    """Everything remembered; ``{}`` when there is no file or it cannot be read."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("%s: cannot read the remembered choices (%s); using the defaults",
                    path, exc)
        return {}
    try:
        state = json.loads(text)
    except ValueError as exc:
        log.warning("%s: not JSON (%s); using the defaults", path, exc)
        return {}
    if not isinstance(state, dict):
        log.warning("%s: not a JSON object; using the defaults", path)
        return {}
    return state


def save_ui_state(path: Path, key: str, value: UiValue) -> None:
    """Remember ``value`` under ``key``, keeping the other keys. Never raises: a
    failure is logged and the previous file stays as it was."""
    state = load_ui_state(path)
    state[key] = value
    temp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         prefix=f".{path.name}.", suffix=".tmp",
                                         delete=False) as handle:
            temp = Path(handle.name)
            json.dump(state, handle, ensure_ascii=False, indent=1, sort_keys=True)
        temp.replace(path)
    except (OSError, TypeError, ValueError) as exc:
        log.warning("%s: cannot remember the choices (%s)", path, exc)
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
