#!/usr/bin/env python3
"""Set up and run fieldkit from a source checkout, on a fresh machine with only python3.

    python3 dev.py start    install fieldkit in .venv and start the app
    python3 dev.py test     install fieldkit with its test tools in .venv and run every test
    python3 dev.py dist     build the self-contained app for this platform into dist/
                            (--check: then prove it on a bare Debian root; Linux, root)

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
    # dev.py dist: the app's lock plus PyInstaller.
    subprocess.run([*compile_, "--extra", "dist", "-c", str(LOCKS / "app.lock"),
                    "-o", str(LOCKS / "dist.lock")], check=True, cwd=ROOT)
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


# -- dist: the self-contained app (packaging/) -------------------------------------------
# Kept in one block apart from start/test: it only adds the "dist" extra to .venv.

DIST = ROOT / "dist"
DIST_TOOLS = ["binutils"]  # strip: the build drops symbol tables (about 45 MB)
BARE_ROOT = Path(os.environ.get("FIELDKIT_BARE_ROOT", "/var/tmp/fieldkit-bare-bookworm"))


def dist_platform() -> str:
    import platform

    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform,
                                                                         sys.platform)
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "arm64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def fieldkit_version() -> str:
    import re

    text = (ROOT / "fieldkit" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    assert found is not None, "fieldkit/__init__.py has no __version__"
    return found.group(1)


def dist(args: list[str]) -> int:
    """Build the one-folder app with PyInstaller and pack it as
    dist/fieldkit-VERSION-PLATFORM.tar.gz (Linux, macOS) or .zip (Windows); on Linux
    also write the .requires list beside it. --check proves it on a bare Debian root."""
    import tarfile
    import time
    import zipfile

    unknown = [a for a in args if a not in ("--check", "--no-build")]
    if unknown:
        print(f"dev.py dist: unknown option {unknown[0]} (options: --check, --no-build)")
        return 2
    ensure_debian_packages(QT_OFFSCREEN + FONTS + DIST_TOOLS)
    ensure_venv()
    name = f"fieldkit-{fieldkit_version()}-{dist_platform()}"
    app_dir = DIST / "fieldkit"
    if "--no-build" not in args or not app_dir.is_dir():
        pip_install("dist.lock")
        started = time.monotonic()
        say("building with PyInstaller (packaging/fieldkit.spec; a few minutes)")
        shutil.rmtree(app_dir, ignore_errors=True)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        done = subprocess.run(
            [str(PYTHON), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level=WARN",
             "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
             str(ROOT / "packaging" / "fieldkit.spec")], cwd=ROOT, env=env, check=False)
        if done.returncode != 0:
            return done.returncode
        say(f"built {app_dir} in {time.monotonic() - started:.0f} s")
        if sys.platform == "win32":
            archive = DIST / f"{name}.zip"
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
                for path in sorted(app_dir.rglob("*")):
                    out.write(path, Path("fieldkit") / path.relative_to(app_dir))
        else:
            archive = DIST / f"{name}.tar.gz"
            with tarfile.open(archive, "w:gz", compresslevel=6) as out:
                out.add(app_dir, arcname="fieldkit")
        if sys.platform.startswith("linux"):
            requires = DIST / f"{name}.requires"
            requires.write_text("\n".join(LINUX_APP_REQUIRES) + "\n", encoding="utf-8")
            say(f"wrote {requires}")
        size = sum(p.stat().st_size for p in app_dir.rglob("*")
                   if p.is_file() and not p.is_symlink())
        say(f"wrote {archive} ({archive.stat().st_size / 1e6:.1f} MB; "
            f"{size / 1e6:.1f} MB unpacked)")
    if "--check" in args:
        return subprocess.run([str(PYTHON), str(ROOT / "packaging" / "bare_check.py"),
                               "--archive", str(DIST / f"{name}.tar.gz"),
                               "--requires", str(DIST / f"{name}.requires"),
                               "--root", str(BARE_ROOT)], check=False).returncode
    return 0


# What the built app needs from a bare Debian 12, measured with `dev.py dist --check`
# on a debootstrap --variant=minbase root: the libraries PyInstaller leaves to the
# system on purpose (OpenGL/EGL follow the graphics driver, libxcb the X server), the
# X/Wayland libraries it copies only when the build machine has them (a build machine
# without them, like Debian's minimal images, leaves them to this list), fontconfig's
# configuration and one Latin font (the Arabic-script font is bundled).
LINUX_APP_REQUIRES = ["libgl1", "libegl1", "libxcb1", "libxcb-icccm4", "libxcb-keysyms1",
                      "libwayland-client0", "libwayland-cursor0", "libwayland-egl1",
                      "libfontconfig1", "fonts-dejavu-core"]


def main() -> int:
    commands = {"start": start, "test": test, "lock": lock, "dist": dist}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
