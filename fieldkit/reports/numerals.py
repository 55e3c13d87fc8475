"""Numbers written as a reader of a language expects them: Babel's separators and,
where CLDR says a language usually writes its own digits (Sorani, Farsi, Dari,
Pashto, Arabic), those digits rather than Latin ones."""

from __future__ import annotations

__all__ = ["native_digits", "number", "percent"]

# Babel formats numbers but leaves the digits Latin; these are the digits of the
# numbering systems CLDR gives fieldkit's right-to-left languages.
_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


def _system(language: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(language or "en").default_numbering_system)
    except (UnknownLocaleError, ValueError, AttributeError, TypeError):
        return "latn"


def native_digits(text: str, language: str) -> str:
    """``text`` with its ASCII digits in the language's usual digits."""
    digits = _DIGITS.get(_system(language))
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def number(value: int, language: str) -> str:
    """A whole number with the language's grouping and digits (1,234 / 1 234 / ۱٬۲۳۴)."""
    from babel.numbers import format_decimal

    try:
        text = str(format_decimal(value, format="#,##0", locale=language or "en",
                                  numbering_system="default"))
    except (ValueError, LookupError):
        text = f"{value:,}"
    return native_digits(text, language)


def percent(share: float, language: str) -> str:
    """A share as a whole percentage (47% / 47 % / ٪٤٧)."""
    from babel.numbers import format_percent

    try:
        text = str(format_percent(share, locale=language or "en", numbering_system="default"))
    except (ValueError, LookupError):
        text = f"{round(share * 100)}%"
    return native_digits(text, language)
