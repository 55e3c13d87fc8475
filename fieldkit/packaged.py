"""Where the packaged files (ui/, translations/, resources/) are.

One place answers this for a source checkout and an installed wheel alike: the
wheel carries the three folders inside the package as ``fieldkit/_data/<kind>``
(see ``[tool.hatch.build]`` in pyproject.toml); a checkout has them next to the
package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

Kind = Literal["ui", "translations", "resources"]

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def packaged_dir(kind: Kind) -> Path:
    """The folder holding packaged files of ``kind``."""
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


def ui_file(name: str) -> Path:
    return packaged_dir("ui") / name


def resource(*parts: str) -> Path:
    return packaged_dir("resources").joinpath(*parts)
