"""Date, dateTime and time handling for ODK's date functions.

ODK stores dates as ``YYYY-MM-DD`` strings and dateTimes as ISO 8601 strings with
a UTC offset. As numbers they are days since 1970-01-01 (fractional for
dateTimes). Values are handled as *wall-clock* times: a UTC offset is kept for
display but does not shift the value, so ``2024-01-02T06:00:00+02:00`` is
19724.25 and compares consistently with ``today()`` and ``now()`` of the same
device (JavaRosa converts through the device time zone with the same effect
when the offset is the device's own).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH = datetime(1970, 1, 1)
_MS_PER_DAY = 86_400_000

_OFFSET = r"(Z|[+-][0-9]{2}(?::?[0-9]{2})?)"
_TIME = rf"([0-9]{{2}}):([0-9]{{2}})(?::([0-9]{{2}})(?:\.([0-9]+))?)?{_OFFSET}?"
_DATE_RE = re.compile(rf"[ \t\r\n]*([0-9]{{4}})-([0-9]{{2}})-([0-9]{{2}})(?:T{_TIME})?[ \t\r\n]*")
_TIME_RE = re.compile(rf"[ \t\r\n]*{_TIME}[ \t\r\n]*")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class ParsedDateTime(NamedTuple):
    value: datetime  # naive wall-clock time
    offset: str | None  # 'Z', '+02:00', ... as written; None if absent
    has_time: bool


def _micros(fraction: str | None) -> int:
    return int((fraction or "")[:6].ljust(6, "0"))


def parse_date_time(text: str) -> ParsedDateTime | None:
    """Parse ``YYYY-MM-DD`` optionally followed by ``THH:MM[:SS[.fff]][offset]``."""
    m = _DATE_RE.fullmatch(text)
    if m is None:
        return None
    year, month, day, hour, minute, second, fraction, offset = m.groups()
    try:
        value = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            _micros(fraction),
        )
    except ValueError:  # e.g. 2023-02-30
        return None
    return ParsedDateTime(value, offset, hour is not None)


def parse_time(text: str) -> float | None:
    """``HH:MM[:SS[.fff]][offset]`` -> fraction of a day, or None."""
    m = _TIME_RE.fullmatch(text)
    if m is None:
        return None
    hour, minute, second, fraction, _offset = m.groups()
    h, mi, s = int(hour), int(minute), int(second or 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    return (h * 3600 + mi * 60 + s + _micros(fraction) / 1e6) / 86400


def to_days(value: datetime) -> float:
    """Days since 1970-01-01 of a wall-clock datetime."""
    days = value.toordinal() - _EPOCH_ORDINAL
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    return days + seconds / 86400 if seconds else float(days)


def date_string_to_days(text: str) -> float:
    """number() of a date/dateTime string; NaN for anything else."""
    parsed = parse_date_time(text)
    return math.nan if parsed is None else to_days(parsed.value)


def from_days(days: float) -> datetime:
    """Inverse of :func:`to_days` (millisecond precision); raises OverflowError/ValueError."""
    return _EPOCH + timedelta(milliseconds=round(days * _MS_PER_DAY))


def iso_date(value: datetime | date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def iso_date_time(value: datetime, offset: str | None) -> str:
    text = (
        f"{iso_date(value)}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        f".{value.microsecond // 1000:03d}"
    )
    return text + offset if offset else text


def offset_of(value: datetime) -> str | None:
    """'+HH:MM' offset of an aware datetime, None for a naive one."""
    delta = value.utcoffset()
    if delta is None:
        return None
    minutes = round(delta.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def format_date(value: datetime, pattern: str) -> str:
    """ODK format-date / format-date-time.

    Tokens: %Y %y %m %n %b %d %e %a %H %h %M %S %3 and %% for a literal '%'.
    Month and weekday names are English. Unknown tokens raise ValueError, as in
    JavaRosa.
    """
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c != "%" or i + 1 == n:
            out.append(c)
            i += 1
            continue
        token = pattern[i + 1]
        i += 2
        if token == "Y":
            out.append(f"{value.year:04d}")
        elif token == "y":
            out.append(f"{value.year % 100:02d}")
        elif token == "m":
            out.append(f"{value.month:02d}")
        elif token == "n":
            out.append(str(value.month))
        elif token == "b":
            out.append(MONTHS[value.month - 1])
        elif token == "d":
            out.append(f"{value.day:02d}")
        elif token == "e":
            out.append(str(value.day))
        elif token == "a":
            out.append(WEEKDAYS[value.weekday()])
        elif token == "H":
            out.append(f"{value.hour:02d}")
        elif token == "h":
            out.append(str(value.hour))
        elif token == "M":
            out.append(f"{value.minute:02d}")
        elif token == "S":
            out.append(f"{value.second:02d}")
        elif token == "3":
            out.append(f"{value.microsecond // 1000:03d}")
        elif token == "%":
            out.append("%")
        else:
            raise ValueError(f"unsupported date format token '%{token}'")
    return "".join(out)
