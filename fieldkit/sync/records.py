"""The records of packs and bundles as types: every member's schema (types, ranges,
lengths, path grammar) in one place, decoded by msgspec in one typed, depth-bounded
pass. Anything outside the schema is refused, signed or not: a signature says who
wrote a file, not that its values are sane.

The limits are far beyond what an honest laptop writes (a clock counts the answers
a laptop ever wrote; a sequence counts its exports) and low enough that no value can
wedge a store or blow up memory (see tests/hostile/).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Annotated, TypeVar

import msgspec

from fieldkit.i18n import N_, _

__all__ = [
    "MAX_CLOCK",
    "MAX_CLOCK_STEP",
    "MAX_SEQ",
    "MAX_SEQ_STEP",
    "MAX_VALUE_CHARS",
    "BundleEnvelope",
    "BundleManifest",
    "BundleMembers",
    "Header",
    "RecordError",
    "decode_record",
    "is_iso_time",
    "is_valid_path",
    "shorten",
]

#: Clocks and sequences: JSON-safe integers, and a bundle may move a device's
#: highest clock (or sequence) forward by at most a STEP: four billion answers, a
#: million exports. A receipt hands the coordinator's highest clock back to the
#: laptop, which continues from it; a bundle that jumped to the top of the range
#: would leave that laptop no clock to write with.
MAX_CLOCK = 2**53
MAX_CLOCK_STEP = 2**32
MAX_SEQ = 2**53
MAX_SEQ_STEP = 2**20
#: One answer's value: a long note is a few kB; a photo is an attachment, not a value.
MAX_VALUE_CHARS = 1_000_000

#: ISO 8601 date and time as fieldkit writes it (``datetime.isoformat``).
ISO_TIME = (r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d"
            r"(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?")
_ISO_TIME = re.compile(ISO_TIME)

#: Field paths: a form's (``/data/hh[2]/name``: XML names, repeat instances) or
#: fieldkit's own rows (``@fieldkit/...``, ``@sync/header``). No ``..``, no empty
#: or dot segments, no control characters, nothing else.
_NAME = r"[^\W\d][\w.:\-]*"  # an XML name (a namespace prefix too)
FIELD_PATH = (rf"(/{_NAME}(\[\d{{1,6}}\])?)+"
              rf"|@(fieldkit|sync)(/{_NAME})+")
_FIELD_PATH = re.compile(FIELD_PATH)

_Id = Annotated[str, msgspec.Meta(min_length=1, max_length=36)]
_Hex64 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$")]
_Time = Annotated[str, msgspec.Meta(max_length=40, pattern=f"^{ISO_TIME}$")]
_TimeOrNone = Annotated[str, msgspec.Meta(max_length=40, pattern=f"^({ISO_TIME})?$")]
_Count = Annotated[int, msgspec.Meta(ge=0, le=100_000_000)]
_Clock = Annotated[int, msgspec.Meta(ge=0, lt=MAX_CLOCK)]


class BundleEnvelope(msgspec.Struct, forbid_unknown_fields=True):
    """``envelope.json``: the only part of a bundle readable without the key."""

    format: Annotated[str, msgspec.Meta(max_length=64)]
    version: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
    project_id: _Id
    #: The fieldkit release that reads this format (named to a user of an older one).
    needs_fieldkit: Annotated[str, msgspec.Meta(max_length=32)] = ""


class BundleMembers(msgspec.Struct, forbid_unknown_fields=True):
    versions_jsonl: _Hex64 = msgspec.field(name="versions.jsonl")


class BundleManifest(msgspec.Struct, forbid_unknown_fields=True):
    """``manifest.json`` inside the sealed part: who wrote the bundle, signed."""

    format: Annotated[str, msgspec.Meta(max_length=64)]
    version: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
    project_id: _Id
    device_id: _Id
    interviewer_id: _Id
    device_key: _Hex64
    enrolment_proof: Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
    seq: Annotated[int, msgspec.Meta(ge=1, lt=MAX_SEQ)]
    created_at: _Time
    clock_range: tuple[_Clock, _Clock]
    interviews: _Count
    versions: _Count
    members: BundleMembers


class Header(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The value of an interview's ``@sync/header`` version."""

    project_id: _Id
    form_id: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    form_version: Annotated[str, msgspec.Meta(max_length=100)]
    form_hash: _Hex64
    label: Annotated[str, msgspec.Meta(max_length=500)]
    respondent_language: Annotated[str, msgspec.Meta(max_length=100)]
    interviewer_id: _Id | None
    device_id: _Id
    created_at: _Time
    finalized_at: _TimeOrNone


class RecordError(ValueError):
    """A record outside its schema; the message names where, shortened."""


_T = TypeVar("_T")
_DECODERS: dict[type, msgspec.json.Decoder[object]] = {}


def decode_record(data: bytes | str, kind: type[_T]) -> _T:
    """``data`` decoded as ``kind``, every type, range and length checked. Raises
    RecordError (never RecursionError: nesting is bounded whatever the input)."""
    decoder = _DECODERS.get(kind)
    if decoder is None:
        decoder = _DECODERS[kind] = msgspec.json.Decoder(kind)
        assert decoder is not None
    try:
        return decoder.decode(data)  # type: ignore[return-value]
    except msgspec.ValidationError as exc:
        raise RecordError(plain_reason(str(exc))) from exc
    except msgspec.DecodeError as exc:
        raise RecordError(_("not valid JSON")) from exc
    except RecursionError as exc:  # an unknown field nested deeper than msgspec follows
        raise RecordError(_("nested too deeply")) from exc


_AT = re.compile(r" - at `\$\.?(?P<where>[^`]*)`$")
_REASONS = (
    ("Object contains unknown field", N_("an unknown field")),
    ("Object missing required field", N_("a missing field")),
    ("matching regex", N_("a value not in the expected form")),
    ("of length", N_("a value too long or too short")),
    ("Expected `int` >", N_("a number out of range")),
    ("Expected `int` <", N_("a number out of range")),
    ("Expected `array` of length", N_("a list of the wrong length")),
)


def plain_reason(message: str) -> str:
    """msgspec's message in short plain words, naming the field (never echoing a
    value or an unknown field's name, which the file chose)."""
    found = _AT.search(message)
    where = shorten(found.group("where"), 40) if found and found.group("where") else ""
    reason = _(next((plain for text, plain in _REASONS if text in message),
                    N_("a value of the wrong type")))
    return _("{reason} at {field}").format(reason=reason, field=where) if where else reason


def is_iso_time(text: str) -> bool:
    """An ISO date and time that is a real one (the pattern lets 30 February by)."""
    if len(text) > 40 or _ISO_TIME.fullmatch(text) is None:
        return False

    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_valid_path(path: str) -> bool:
    return len(path) <= 1000 and _FIELD_PATH.fullmatch(path) is not None


_ISO_TIME_OR_EMPTY = re.compile(f"({ISO_TIME})?")


def bad_path_or_time(paths: set[str], times: set[str]) -> str | None:
    """The first of ``paths`` outside the path grammar or of ``times`` not an ISO
    time (nor empty), or None; run over a bundle's distinct values."""
    if not all(map(_FIELD_PATH.fullmatch, paths)):
        return next(p for p in paths if _FIELD_PATH.fullmatch(p) is None)
    if not all(map(_ISO_TIME_OR_EMPTY.fullmatch, times)):
        return next(t for t in times if _ISO_TIME_OR_EMPTY.fullmatch(t) is None)
    return None


def shorten(text: str, limit: int = 60) -> str:
    """``text`` safe to show inside a message: control and bidirectional formatting
    characters replaced (a name cannot reorder or hide the rest of the line), and cut
    in the middle to ``limit`` characters."""
    cleaned = "".join("\N{REPLACEMENT CHARACTER}"
                      if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
                      for c in (text if len(text) <= 4 * limit else
                                text[:2 * limit] + text[-2 * limit:]))
    if len(text) > limit:
        keep = max(limit - 1, 2) // 2
        cleaned = cleaned[:keep] + "\N{HORIZONTAL ELLIPSIS}" + cleaned[-keep:]
    return cleaned
