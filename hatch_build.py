"""Hatch build hook: the wheel carries ui/, translations/ (with .mo compiled from
the .po files; none is committed) and resources/ as fieldkit/_data/<kind>."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return  # an editable install reads the checkout's folders directly
        root = Path(self.root)
        include: dict[str, str] = build_data.setdefault("force_include", {})
        for kind in ("ui", "translations", "resources"):
            include[str(root / kind)] = f"fieldkit/_data/{kind}"
        self._mo_dir = tempfile.TemporaryDirectory(prefix="fieldkit-mo-")
        out = Path(self._mo_dir.name)
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted((root / "translations").glob("*.po")):
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=po.stem, domain="fieldkit")
            mo = out / f"{po.stem}.mo"
            with mo.open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)
            include[str(mo)] = f"fieldkit/_data/translations/{po.stem}.mo"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        mo_dir = getattr(self, "_mo_dir", None)
        if mo_dir is not None:
            mo_dir.cleanup()
