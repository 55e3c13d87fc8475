"""Where the packaged files (ui/, translations/, resources/) are.

One place answers this for a source checkout and an installed wheel alike: the
wheel carries the three folders inside the package as ``fieldkit/_data/<kind>``
(see ``[tool.hatch.build]`` in pyproject.toml); a checkout has them next to the
package; the built app (PyInstaller, packaging/fieldkit.spec) puts them at
``<bundle>/fieldkit/_data/<kind>``, where ``<bundle>`` is ``sys._MEIPASS``.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Literal

Kind = Literal["ui", "translations", "resources"]

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def packaged_dir(kind: Kind) -> Path:
    """The folder holding packaged files of ``kind``."""
    bundle = frozen_bundle()
    if bundle is not None:
        frozen = bundle / "fieldkit" / "_data" / kind
        if frozen.is_dir():
            return frozen
        raise FileNotFoundError(
            f"fieldkit's {kind}/ folder is missing from this installation ({frozen}); "
            "install fieldkit again"
        )
    installed = _PACKAGE_DIR / "_data" / kind
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent / kind
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"fieldkit's {kind}/ folder is missing (looked in {installed} and {checkout}); "
        "reinstall fieldkit"
    )


def frozen_bundle() -> Path | None:
    """The built app's folder of Python and data (PyInstaller), or None when running
    from a checkout or a pip install."""
    if not getattr(sys, "frozen", False):
        return None
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) if base else Path(sys.executable).resolve().parent


BUILD_INFO = "build.json"


@cache
def build_info() -> dict[str, str] | None:
    """What the built app's build step recorded (platform, date, commit), or None for
    a checkout or a pip install."""

    bundle = frozen_bundle()
    if bundle is None:
        return None
    try:
        data = json.loads((bundle / "fieldkit" / "_data" / BUILD_INFO).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else None


def ui_file(name: str) -> Path:
    return packaged_dir("ui") / name


def resource(*parts: str) -> Path:
    return packaged_dir("resources").joinpath(*parts)
