"""Respondent languages as forms name them (``"کوردی (ckb)"``) and their direction."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt

from fieldkit.forms.language_names import language_code
from fieldkit.i18n import is_rtl


def language_direction(name: str) -> Qt.LayoutDirection:
    """The layout direction for a form shown in the language ``name``."""
    code = language_code(name, bare=True)
    if code is not None and is_rtl(code):
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


#: Languages Qt has no locale of its own for, and the locale whose digits they use.
_LOCALE_FOR = {"prs": "fa_AF"}


def respondent_locale(name: str) -> QLocale:
    """The locale the form's numbers, dates and times are shown in for the
    respondent language ``name``; the interface's locale if Qt does not know it."""
    code = language_code(name, bare=True)
    if code is None:
        return QLocale()
    locale = QLocale(_LOCALE_FOR.get(code, code))
    return QLocale() if locale.language() == QLocale.Language.C else locale


def localise_digits(text: str, locale: QLocale) -> str:
    """``text`` with ASCII digits written in ``locale``'s digits, so that the
    numbers the screen writes itself (row numbers, "2 to answer") match the
    respondent's language. Only for such text: never for labels, which may carry
    answers (``${address}``: "Flat 12B" must stay as the respondent gave it)."""
    zero = locale.zeroDigit()
    if zero == "0" or len(zero) != 1 or not any("0" <= c <= "9" for c in text):
        return text
    base = ord(zero)
    return "".join(chr(base + ord(c) - 48) if "0" <= c <= "9" else c for c in text)
