"""Personal data in exports: kept, replaced by a keyed hash, or left out.

A pseudonym is HMAC-SHA256 under the project's ``pseudonym`` secret (kept in the
store, never exported) of the value, normalised so that " Anna " and "anna" give
the same code; truncated to 80 bits and written in base32 ("P-" + 16 letters and
digits). The same value gets the same pseudonym in every export of the project;
without the key it cannot be reversed or recomputed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from collections.abc import Callable

__all__ = ["SECRET_NAME", "pseudonymiser"]

SECRET_NAME = "pseudonym"
_CODE_BYTES = 10  # 80 bits: 16 base32 characters


def _normalise(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def pseudonymiser(key: bytes) -> Callable[[str], str]:
    """A function value -> pseudonym under ``key`` (memoised: names repeat a lot)."""
    seen: dict[str, str] = {}

    def pseudonym(value: str) -> str:
        code = seen.get(value)
        if code is None:
            digest = hmac.new(key, _normalise(value).encode("utf-8"), hashlib.sha256).digest()
            code = "P-" + base64.b32encode(digest[:_CODE_BYTES]).decode("ascii")
            seen[value] = code
        return code

    return pseudonym
