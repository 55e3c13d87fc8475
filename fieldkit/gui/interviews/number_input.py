"""Numbers as people type them: any script's digits (١٢٣, ۱۲۳, 123), the UI
locale's decimal point, or a plain '.'."""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QLocale, QObject
from PySide6.QtGui import QValidator


def _ascii(text: str) -> str | None:
    locale = QLocale()
    out: list[str] = []
    for char in text.strip():
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            out.append(str(digit))
        elif char in ("-", "\u2212", locale.negativeSign()):
            out.append("-")
        elif char in (".", locale.decimalPoint(), "\u066b"):  # ٫ ARABIC DECIMAL SEPARATOR
            out.append(".")
        elif char in (locale.groupSeparator(), "\u066c", "\u00a0", "\u202f") or char == "+":
            continue
        else:
            return None
    return "".join(out)


def parse_number(text: str, *, decimal: bool) -> int | Decimal | None:
    """The number in ``text``, or None if it is not one (or not whole, for integers)."""
    plain = _ascii(text)
    if not plain:
        return None
    if decimal:
        try:
            value = Decimal(plain)
        except InvalidOperation:
            return None
        return value if value.is_finite() else None
    try:
        return int(plain)
    except ValueError:
        return None


def show_number(value: str, locale: QLocale | None = None) -> str:
    """A stored ODK number ("1234.5") in ``locale`` (the UI's by default), without
    group separators."""
    locale = QLocale(locale) if locale is not None else QLocale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    if number == number.to_integral_value() and "." not in value:
        return locale.toString(int(number))
    digits = max(-number.as_tuple().exponent, 0)  # type: ignore[operator]
    return locale.toString(float(number), "f", digits)


class NumberValidator(QValidator):
    def __init__(self, *, decimal: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.decimal = decimal

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        plain = _ascii(text)
        if plain == "":
            return QValidator.State.Acceptable, text, pos  # empty: not answered
        if plain is None or (not self.decimal and "." in plain) or plain.count(".") > 1 \
                or "-" in plain[1:]:
            return QValidator.State.Invalid, text, pos
        if parse_number(text, decimal=self.decimal) is None:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos
