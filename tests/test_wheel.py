"""The built wheel carries ui/, translations/ (with compiled .mo) and resources/,
and the app finds them when installed into a fresh venv outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(out), str(ROOT)], check=True, timeout=300)
    (built,) = out.glob("fieldkit-*.whl")
    return built


def test_wheel_carries_packaged_folders_and_compiled_catalogs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "fieldkit/_data/ui/about.ui" in names
    assert "fieldkit/_data/translations/fieldkit.pot" in names
    assert "fieldkit/_data/translations/ckb.mo" in names
    assert "fieldkit/_data/resources/fonts/NotoSansArabicUI-Regular.ttf" in names
    assert "fieldkit/_data/resources/forms/household_survey.md" in names
    assert "fieldkit/store/alembic/versions/0001_initial.py" in names
    assert not any(n.endswith(".po~") or "__pycache__" in n for n in names)


def test_installed_wheel_runs_from_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    bindir = target / "bin"
    # Reuse this environment's dependencies (PySide6 etc.) without installing them
    # again: a .pth adds its site-packages after the new venv's own. Its .pth files
    # (the editable install of the checkout) are not processed that way.
    purelib = subprocess.run([str(bindir / "python"), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "outer_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env.update(FIELDKIT_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, env=env,
                              timeout=300, check=False)

    where = run(str(bindir / "python"), "-c",
                "import fieldkit, fieldkit.packaged as p; print(fieldkit.__file__); "
                "print(p.packaged_dir('ui')); "
                "from fieldkit import i18n; i18n.set_language('pl'); print(i18n._('Interviews'))")
    assert where.returncode == 0, where.stderr
    module, ui_dir, polish = where.stdout.splitlines()
    assert module.startswith(str(target)), module
    assert ui_dir.startswith(str(target)) and ui_dir.endswith("fieldkit/_data/ui")
    assert polish != "Interviews"  # answered by the compiled .mo in the wheel

    version = run(str(bindir / "fieldkit"), "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("fieldkit ")
    smoke = run(str(bindir / "fieldkit"), "gui", "--smoke")
    assert smoke.returncode == 0, smoke.stderr
    assert (tmp_path / "data" / "fieldkit.sqlite3").is_file()
