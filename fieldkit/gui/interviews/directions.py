"""Respondent languages as forms name them (``"کوردی (ckb)"``) and their direction."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from fieldkit.i18n import is_rtl

_CODE = re.compile(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\)\s*$")


def language_code(name: str) -> str | None:
    """The code in parentheses at the end of an XLSForm language name
    (``"کوردی (ckb)"`` -> ``"ckb"``), a bare code as itself, else None."""
    match = _CODE.search(name)
    if match is not None:
        return match.group(1)
    bare = name.strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", bare):
        return bare
    return None


def language_direction(name: str) -> Qt.LayoutDirection:
    """The layout direction for a form shown in the language ``name``."""
    code = language_code(name)
    if code is not None and is_rtl(code):
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight
