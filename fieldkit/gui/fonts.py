"""Fonts: the bundled Noto Sans Arabic UI, put first in the application font's family
list so Sorani, Farsi, Dari and Pashto render with one font that has all their
letters (DejaVu, fontconfig's usual pick, lacks Pashto letters such as ۍ). It has no
Latin letters, so Latin text falls through to the system font."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from fieldkit.packaged import resource

log = logging.getLogger(__name__)

ARABIC_SCRIPT_FAMILY = "Noto Sans Arabic UI"
_system_font: QFont | None = None


def register_bundled_fonts() -> list[str]:
    families: list[str] = []
    for ttf in sorted(resource("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(ttf))
        if font_id < 0:
            log.warning("could not load bundled font %s", ttf)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def apply_app_font(point_size: int) -> QFont:
    """Set the application font: the system font with the Arabic-script font first
    in its fallback list, at ``point_size`` (0: the system size)."""
    global _system_font
    if _system_font is None:
        _system_font = QGuiApplication.font()
    font = QFont(_system_font)
    system_families = _system_font.families() or [_system_font.family()]
    font.setFamilies([ARABIC_SCRIPT_FAMILY, *system_families])
    if point_size > 0:
        font.setPointSize(point_size)
    QGuiApplication.setFont(font)
    return font
