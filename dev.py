#!/usr/bin/env python3
"""Set up and run fieldkit from a source checkout, on a fresh machine with only python3.

    python3 dev.py start    install fieldkit in .venv and start the app
    python3 dev.py test     install fieldkit with its test tools in .venv and run every test

Standard library only, so it runs before anything is installed. On Debian/Ubuntu it
installs the system packages Qt (and, for tests, PostgreSQL and fonts) need with
apt-get when run as root, and otherwise prints the one apt-get command to run.

Python packages come from the lock files in requirements/ (exact versions with
their hashes: a new upstream release cannot change a build), then fieldkit itself
without dependencies. To refresh the locks after changing pyproject.toml:

    python3 dev.py lock     (uses uv in a throwaway virtual environment; needs PyPI)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
LOCKS = ROOT / "requirements"

# Debian 12 packages, measured on a bare machine.
QT_OFFSCREEN = ["libglib2.0-0", "libegl1", "libgl1", "libfontconfig1", "libxkbcommon0",
                "libdbus-1-3",
                "libpulse0"]  # QtMultimedia / QtTextToSpeech (read aloud) load it
QT_WINDOWS = ["libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
              "libxcb-render-util0", "libxcb-shape0", "libxkbcommon-x11-0", "libxcb-xinerama0",
              "libxcb-randr0", "libxcb-xfixes0", "libxcb-shm0", "libxcb-sync1", "libxcb-xkb1",
              "libx11-xcb1"]
FONTS = ["fonts-dejavu-core", "fonts-noto-ui-core"]
TESTS = ["postgresql", "xvfb", "xauth",
         "poppler-utils"]  # pdftotext: the sign-in sheet tests read the PDF's text
VENV_TOOLS = ["python3-venv"]


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def missing_debian_packages(packages: list[str]) -> list[str]:
    if shutil.which("dpkg-query") is None:
        return []  # not Debian: the user installs Qt's libraries their own way
    missing = []
    for package in packages:
        done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                              capture_output=True, text=True, check=False)
        if "install ok installed" not in done.stdout:
            missing.append(package)
    return missing


def ensure_debian_packages(packages: list[str]) -> None:
    missing = missing_debian_packages(packages)
    if not missing:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() != 0:
        sudo = "sudo " if shutil.which("sudo") else ""
        say("these system packages are missing; install them first, then run this again:")
        print(f"    {sudo}apt-get update && {sudo}{' '.join(command)}")
        sys.exit(4)
    say(f"installing system packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)


def ensure_venv() -> None:
    if PYTHON.exists():
        return
    try:
        import ensurepip  # noqa: F401 - Debian ships it separately (python3-venv)
    except ImportError:
        ensure_debian_packages(VENV_TOOLS)
    say(f"creating {VENV}")
    venv.EnvBuilder(with_pip=True, upgrade_deps=False).create(VENV)


def pip_install(lock: str) -> None:
    """The locked packages (hashes checked), then fieldkit itself, editable, with the
    build tools the lock installed."""
    say(f"installing requirements/{lock} and fieldkit into .venv "
        "(first time takes a few minutes)")
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--require-hashes", "-r", str(LOCKS / lock)], check=True, cwd=ROOT)
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", "."], check=True,
                   cwd=ROOT)


def lock(args: list[str]) -> int:
    """Re-resolve requirements/*.lock from pyproject.toml (keeping the locked versions
    that still fit; pass --upgrade to take the newest)."""
    tools = ROOT / ".lock-tools"
    if not tools.exists():
        venv.EnvBuilder(with_pip=True, upgrade_deps=False).create(tools)
    tool_bin = tools / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(tool_bin / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", "uv"], check=True)
    compile_ = [str(tool_bin / "uv"), "pip", "compile", "pyproject.toml",
                str(LOCKS / "build.in"), "--universal", "--python-version", "3.11",
                "--generate-hashes", "--no-header", "--quiet", *args]
    say("resolving requirements/test.lock and requirements/app.lock")
    subprocess.run([*compile_, "--extra", "test", "-o", str(LOCKS / "test.lock")],
                   check=True, cwd=ROOT)
    # The app's lock takes the test lock's versions: tests run what users get.
    subprocess.run([*compile_, "-c", str(LOCKS / "test.lock"), "-o", str(LOCKS / "app.lock")],
                   check=True, cwd=ROOT)
    return 0


def start(args: list[str]) -> int:
    ensure_debian_packages(QT_OFFSCREEN + QT_WINDOWS + FONTS)
    ensure_venv()
    pip_install("app.lock")
    return subprocess.run([str(BIN / "fieldkit"), *args], check=False).returncode


def test(args: list[str]) -> int:
    ensure_debian_packages(QT_OFFSCREEN + FONTS + TESTS)
    ensure_venv()
    pip_install("test.lock")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(PYTHON), "-m", "pytest", *args], check=False, cwd=ROOT,
                          env=env).returncode


def main() -> int:
    commands = {"start": start, "test": test, "lock": lock}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
