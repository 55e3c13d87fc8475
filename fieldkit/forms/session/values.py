"""Answers as ODK XML text: Python values in, type checks per bind type.

ODK stores every answer as text: integers and decimals as digits, dates as
``YYYY-MM-DD``, times as ``HH:MM:SS.sss+HH:MM``, geopoints as
``"lat lon alt acc"``, select_multiple as space-separated values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from fieldkit.forms.model import Bind, Question
from fieldkit.forms.xpath.values import number_to_string
from fieldkit.i18n import _

__all__ = ["BadValue", "check_text", "from_calculation", "normalise", "value_kind"]

_INT = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DATE = re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(
    r"[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
_EPOCH = date(1970, 1, 1).toordinal()
_MULTI = frozenset({"select_multiple", "rank"})
_SELECT = frozenset({"select_one", "select_multiple", "rank", "select_one_external"})
_BIND_KINDS = {
    "int": "int",
    "integer": "int",
    "decimal": "decimal",
    "date": "date",
    "time": "time",
    "dateTime": "dateTime",
    "geopoint": "geopoint",
    "boolean": "boolean",
}


class BadValue(ValueError):
    """A value that does not fit the question's type; the message is for people."""


def value_kind(question: Question | None, bind: Bind | None) -> str:
    """The kind of value a field holds: a select kind, a bind type, or "string"."""
    if question is not None and question.type in _SELECT:
        return "select_multiple" if question.type in _MULTI else "select_one"
    if question is not None and question.type == "acknowledge":
        return "acknowledge"
    bind_type = bind.type if bind is not None else None
    if bind_type in ("select", "select1"):
        return "select_multiple" if bind_type == "select" else "select_one"
    return _BIND_KINDS.get(bind_type or "", "string")


def _number_text(x: float) -> str:
    if x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(x) if "e" not in repr(x) else format(Decimal(repr(x)), "f")


def normalise(value: object, kind: str) -> str:
    """``value`` as ODK text for a field of ``kind``; :class:`BadValue` if it does not fit."""
    if value is None:
        return ""
    if kind in ("select_one", "select_multiple"):
        return _select(value, kind)
    if isinstance(value, str):
        text = value.strip() if kind != "string" else value
    elif kind == "int":
        text = _int(value)
    elif kind == "decimal":
        text = _decimal(value)
    elif kind == "date" and isinstance(value, date):
        text = (value.date() if isinstance(value, datetime) else value).isoformat()
    elif kind == "dateTime" and isinstance(value, datetime):
        text = _datetime_text(value)
    elif kind == "time" and isinstance(value, time):
        text = value.isoformat(timespec="milliseconds")
    elif kind == "geopoint" and isinstance(value, tuple | list):
        text = " ".join(_number_text(float(v)) for v in value)
    elif kind == "acknowledge" and isinstance(value, bool):
        text = "OK" if value else ""
    elif kind == "boolean" and isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise BadValue(
            _("A {type} cannot be stored in this question.").format(type=type(value).__name__)
        )
    else:
        text = _number_text(float(value)) if isinstance(value, float) else str(value)
    problem = check_text(text, kind)
    if problem is not None:
        raise BadValue(problem)
    return text


def _int(value: object) -> str:
    if isinstance(value, bool):
        raise BadValue(_("A yes/no value is not a whole number."))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal) and math.isfinite(value) and value == int(value):
        return str(int(value))
    raise BadValue(_("'{value}' is not a whole number.").format(value=value))


def _decimal(value: object) -> str:
    if isinstance(value, bool):
        raise BadValue(_("A yes/no value is not a number."))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal) and math.isfinite(value):
        return _number_text(float(value)) if isinstance(value, float) else format(value, "f")
    raise BadValue(_("'{value}' is not a number.").format(value=value))


def _datetime_text(value: datetime) -> str:
    return value.isoformat(timespec="milliseconds")


def _select(value: object, kind: str) -> str:
    items: list[str]
    if isinstance(value, str):
        items = value.split()
    elif isinstance(value, Iterable) and not isinstance(value, bytes):
        items = [str(v) for v in value]
    elif isinstance(value, int | float) and not isinstance(value, bool):
        items = [_number_text(float(value))]
    else:
        raise BadValue(
            _("A {type} cannot be stored in a choice question.").format(type=type(value).__name__)
        )
    if any(not item or " " in item for item in items):
        raise BadValue(_("Choice values cannot contain spaces."))
    items = list(dict.fromkeys(items))  # keep the order given, drop repeats
    if kind == "select_one" and len(items) > 1:
        raise BadValue(_("Only one choice may be selected here."))
    return " ".join(items)


def check_text(text: str, kind: str) -> str | None:
    """Why stored text does not fit ``kind`` (a message), or None if it does."""
    if text == "":
        return None
    if kind == "int" and not _INT.fullmatch(text):
        return _("'{value}' is not a whole number.").format(value=text)
    if kind == "decimal" and not _DECIMAL.fullmatch(text):
        return _("'{value}' is not a number.").format(value=text)
    if kind == "date" and not _valid_date(text):
        return _("'{value}' is not a date (YYYY-MM-DD).").format(value=text)
    if kind == "time" and not _TIME.fullmatch(text):
        return _("'{value}' is not a time (HH:MM:SS).").format(value=text)
    if kind == "dateTime" and not _valid_datetime(text):
        return _("'{value}' is not a date and time (YYYY-MM-DDTHH:MM:SS).").format(value=text)
    if kind == "geopoint":
        return _check_geopoint(text)
    return None


def _valid_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _valid_datetime(text: str) -> bool:
    day, sep, clock = text.partition("T")
    return bool(sep) and _valid_date(day) and _TIME.fullmatch(clock) is not None


def _check_geopoint(text: str) -> str | None:
    parts = text.split()
    message = _("'{value}' is not a location (latitude longitude [altitude accuracy]).").format(
        value=text
    )
    if not 2 <= len(parts) <= 4:
        return message
    try:
        numbers = [float(Decimal(p)) for p in parts]
    except (InvalidOperation, ValueError):
        return message
    if not all(math.isfinite(n) for n in numbers):
        return message
    if not -90 <= numbers[0] <= 90 or not -180 <= numbers[1] <= 180:
        return _("'{value}' is outside the range of latitude and longitude.").format(value=text)
    if len(numbers) == 4 and numbers[3] < 0:
        return message
    return None


def from_calculation(value: bool | float | str, kind: str) -> str:
    """A calculation's result as the text stored for a field of ``kind``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if kind in ("int", "decimal", "date", "dateTime") and not math.isfinite(value):
            return ""
        if kind == "int":
            return str(int(value))
        if kind == "date":
            # XPath numbers dates as days since 1970-01-01.
            return date.fromordinal(_EPOCH + math.floor(value)).isoformat()
        return number_to_string(value)
    return value
