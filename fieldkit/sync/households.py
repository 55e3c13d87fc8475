"""What identifies a household: its postcode, address and head's name, found in an
interview's answers by field name, normalised so that spelling differences still
match, and turned into keyed hashes (HMAC-SHA256 with the project's household key)
so that indexes and the consultation register never hold an address in clear.

Fields, by the last step of the answer's path: ``postcode``, ``address``, and the
head's name ``head_name`` or the first roster member's ``member[1]/member_name``
(the household survey asks for "the person who rents or owns the home" first).
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from hashlib import sha256

from anyascii import anyascii

__all__ = ["HOUSEHOLD_KEY_SECRET", "Household", "address_key", "household_of", "keyed",
           "normalise_address", "normalise_name", "normalise_postcode"]

#: The project secret behind every household hash (coordinator; laptops get it
#: wrapped per interviewer in the pack, see consultation.py).
HOUSEHOLD_KEY_SECRET = "sync/household-key"

# Common street-type abbreviations, so "12 Leeds Rd." and "12 Leeds Road" agree.
_ABBREVIATIONS = {
    "RD": "ROAD", "ST": "STREET", "AVE": "AVENUE", "AV": "AVENUE", "LN": "LANE",
    "DR": "DRIVE", "CT": "COURT", "CRES": "CRESCENT", "CL": "CLOSE", "PL": "PLACE",
    "SQ": "SQUARE", "TER": "TERRACE", "TERR": "TERRACE", "GDNS": "GARDENS",
    "GRV": "GROVE", "HSE": "HOUSE", "APT": "FLAT", "APARTMENT": "FLAT",
}
_NUMBER = re.compile(r"^\d+[A-Z]?$")


@dataclass(frozen=True)
class Household:
    postcode: str  # as answered
    address: str
    head_name: str

    @property
    def has_address(self) -> bool:
        return bool(normalise_address(self.address))


def _field(path: str) -> str:
    return re.sub(r"\[\d+\]", "", path.rsplit("/", 1)[-1])


#: How a household field's path ends (what the store is asked for; then
#: is_household_path decides).
HOUSEHOLD_ENDINGS = ("/postcode", "/address", "/head_name", "/member[1]/member_name")


def is_household_path(path: str) -> bool:
    return (_field(path) in ("postcode", "address", "head_name")
            or path.endswith("/member[1]/member_name"))


def household_of(answers: Mapping[str, str | None]) -> Household:
    """The household fields among an interview's answers (path -> value)."""
    found = {"postcode": "", "address": "", "head": ""}
    for path, value in answers.items():
        if not value:
            continue
        name = _field(path)
        if name in ("postcode", "address") and not found[name]:
            found[name] = value
        elif name == "head_name" or path.endswith("/member[1]/member_name"):
            found["head"] = found["head"] or value
    return Household(found["postcode"], found["address"], found["head"])


def _latin_upper(text: str) -> str:
    # Any script to ASCII, so "Łódź" and "Lodz" (or Arabic-script spellings) compare.
    return anyascii(text).upper()


@lru_cache(maxsize=4096)  # an import compares each address with its neighbours'
def normalise_postcode(text: str) -> str:
    """``ls6 1aa`` and ``LS61AA`` -> ``LS61AA``."""
    return "".join(ch for ch in _latin_upper(text) if ch.isalnum())


@lru_cache(maxsize=4096)
def normalise_address(text: str) -> str:
    words = re.sub(r"[^A-Z0-9]+", " ", _latin_upper(text)).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@lru_cache(maxsize=4096)
def normalise_name(text: str) -> str:
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", _latin_upper(text)).split())


@lru_cache(maxsize=4096)
def address_numbers(address: str) -> str:
    """The house and flat numbers, e.g. ``Flat 3, 12 Leeds Road`` -> ``12 3``: within
    one postcode they tell addresses apart even when the street is spelled two ways.
    Sorted, as people write "12 Leeds Road, flat 3" too."""
    return " ".join(sorted(w for w in normalise_address(address).split() if _NUMBER.match(w)))


def address_key(postcode: str, address: str) -> str | None:
    """The text whose keyed hash stands for the address; None without an address."""
    text = normalise_address(address)
    if not text:
        return None
    code = normalise_postcode(postcode)
    numbers = address_numbers(address)
    if code and numbers:
        return f"{code}|#{numbers}"
    return f"{code}|{text}"


def block_key(form_id: str, household: Household) -> str | None:
    """Interviews worth comparing share this: same form, same postcode (or the same
    address when there is no postcode)."""
    key = address_key(household.postcode, household.address)
    if key is None:
        return None
    code = normalise_postcode(household.postcode)
    return f"{form_id}|{code}" if code else f"{form_id}|{key}"


def keyed(key: bytes, text: str) -> str:
    return hmac.new(key, b"fieldkit-household-v1|" + text.encode("utf-8"), sha256).hexdigest()
