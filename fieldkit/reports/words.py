"""Text in a report's language that Qt does not format for us (Qt-free): digits of
the language's own numbering system in period labels and dates."""

from __future__ import annotations

__all__ = ["local_digits"]

#: Digits of the numbering systems CLDR gives fieldkit's right-to-left languages
#: (Babel formats dates and periods with Latin digits).
_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


def local_digits(text: str, language: str) -> str:
    """``text`` with the language's own digits (Persian, Sorani, Arabic...), as Qt
    prints numbers in those languages."""
    from babel import Locale, UnknownLocaleError

    try:
        system = Locale.parse(language or "en").default_numbering_system
    except (UnknownLocaleError, ValueError, AttributeError):
        return text
    digits = _DIGITS.get(system)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text
