"""startup: process start to main window shown, `fieldkit gui --smoke` on the
embedded default (the practice project) vs a bare PySide6 window; same run, same
machine, alternating so load on the machine hits both alike.

Both processes write the wall-clock time at which their window has been shown
(FIELDKIT_STARTUP_TRACE); "shown" is measured from just before the process is
spawned. fieldkit's whole smoke run (store opened, project loaded, exit) is
reported too, as `total_ms`. Target: shown ≤ 2× the bare window.

``--built PATH`` measures the built app instead (PATH: the folder `python3 dev.py
dist` made, dist/fieldkit, or its executable) against the bare window built the same
way by PyInstaller (packaging/bare_window.spec; built next to it when missing), and
reports the folder's size.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BARE = Path(__file__).with_name("bare_window.py")
ROOT = Path(__file__).resolve().parent.parent
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def _time_once(cmd: list[str], env: dict[str, str], trace: Path) -> tuple[float, float]:
    trace.unlink(missing_ok=True)
    start = time.time()
    done = subprocess.run(cmd, env={**env, "FIELDKIT_STARTUP_TRACE": str(trace)},
                          capture_output=True, text=True, check=False)
    end = time.time()
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.strip()}")
    shown = float(trace.read_text(encoding="utf-8"))
    return (shown - start) * 1000, (end - start) * 1000


def built_commands(built: Path) -> tuple[list[str], list[str], Path]:
    """The built app's smoke command, the built bare window's command, and the app
    folder (whose size is reported)."""
    folder = built if built.is_dir() else built.parent
    app = folder / f"fieldkit{EXE_SUFFIX}"
    if sys.platform == "win32":
        app = folder / "fieldkit-cli.exe"  # the console build waits; fieldkit.exe detaches
    if not app.is_file():
        raise SystemExit(f"--built {built}: no fieldkit executable there; run "
                         "`python3 dev.py dist` first")
    bare_dir = folder.parent / "bare-window"
    bare = bare_dir / f"bare-window{EXE_SUFFIX}"
    if not bare.is_file():
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level=WARN",
                        "--distpath", str(folder.parent),
                        "--workpath", str(ROOT / "build" / "pyinstaller-bare"),
                        str(ROOT / "packaging" / "bare_window.spec")], check=True)
    return [str(app), "gui", "--smoke"], [str(bare)], folder


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def run(quick: bool, built: str | None = None) -> list[dict[str, Any]]:
    reps = 3 if quick else 11
    with tempfile.TemporaryDirectory(prefix="fieldkit-bench-") as tmp:
        # Bytecode as an installed app has it: with PYTHONDONTWRITEBYTECODE set (some
        # shells and CI images set it) every start would compile every module again,
        # which weighs on fieldkit's many modules and hardly on the bare window's.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"FIELDKIT_DATA_DIR": str(Path(tmp) / "data"), "QT_QPA_PLATFORM": "offscreen"}
        trace = Path(tmp) / "shown"
        fieldkit = [sys.executable, "-m", "fieldkit", "gui", "--smoke"]
        bare = [sys.executable, str(BARE)]
        folder: Path | None = None
        if built is not None:
            fieldkit, bare, folder = built_commands(Path(built))
        first_shown, first_total = _time_once(fieldkit, env, trace)  # creates the store
        _time_once(bare, env, trace)  # warm the OS file cache for both
        shown: list[float] = []
        total: list[float] = []
        bare_shown: list[float] = []
        for _ in range(reps):
            s, t = _time_once(fieldkit, env, trace)
            shown.append(s)
            total.append(t)
            bare_shown.append(_time_once(bare, env, trace)[0])
    median_shown = statistics.median(shown)
    median_bare = statistics.median(bare_shown)
    extra: dict[str, Any] = {}
    if folder is not None:
        extra = {"built": str(folder), "unpacked_mb": round(folder_size(folder) / 1e6, 1),
                 "size_target_mb": 150}
    return [{
        "name": "startup-built" if folder is not None else "startup",
        "repetitions": reps,
        "quick": quick,
        "shown_ms": round(median_shown, 1),
        "total_ms": round(statistics.median(total), 1),
        "first_start_shown_ms": round(first_shown, 1),
        "first_start_total_ms": round(first_total, 1),
        "baseline_bare_window_shown_ms": round(median_bare, 1),
        "ratio": round(median_shown / median_bare, 3),
        "target": 2.0,
        **extra,
    }]
