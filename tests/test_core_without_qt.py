"""The core never imports Qt: every module outside fieldkit.gui imports with
PySide6 made unimportable (in a fresh interpreter, so nothing is cached)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import importlib, importlib.abc, pkgutil, sys

    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith(("PySide6.", "shiboken6")):
                raise ImportError(f"Qt is blocked in the core: {name}")
            return None

    sys.meta_path.insert(0, BlockQt())
    import fieldkit
    names = [m.name for m in pkgutil.walk_packages(fieldkit.__path__, "fieldkit.")
             if not m.name.startswith("fieldkit.gui") and m.name != "fieldkit.__main__"]
    for name in names:
        importlib.import_module(name)
    assert not any(k.startswith("PySide6") for k in sys.modules)
    print(len(names))
""")


def test_core_modules_import_without_qt() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 15  # the walk found the core, not nothing


def test_the_block_really_blocks() -> None:
    """The check above would pass vacuously if the blocker did not work."""
    script = SCRIPT.replace("import fieldkit\n", "import fieldkit\nimport fieldkit.gui.app\n"
                            "from PySide6 import QtCore\n", 1)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode != 0
    assert "Qt is blocked" in done.stderr
