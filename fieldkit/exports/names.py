"""Names that SPSS, Stata and Excel accept, without collisions.

One rule for both statistics formats (so a variable has the same name in the .sav
and the .dta): ASCII letters, digits and underscores (other letters transliterated
with anyascii), starting with a letter, at most 28 characters (Stata allows 32,
but pyreadstat names each value-label set after its variable plus a counter), not a reserved word
of either program; a name taken already gets ``_2``, ``_3``... (shortened to fit).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from anyascii import anyascii

__all__ = ["legal_names", "sheet_names"]

MAX_NAME = 28
RESERVED = frozenset(w.lower() for w in (
    # SPSS
    "ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH",
    # Stata
    "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long",
    "_n", "_N", "_pi", "_pred", "_rc", "_skip", "strL", "using",
))  # fmt: skip
_BAD = re.compile(r"[^A-Za-z0-9_]+")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")
MAX_SHEET = 31


def _fit(base: str, suffix: str, limit: int) -> str:
    return base[:limit - len(suffix)] + suffix


def legal_names(names: Iterable[str], *, first: Iterable[bool] = ()) -> list[str]:
    """Legal names for ``names``, in order; where ``first`` is True for a name, it
    is placed before the others, so it keeps its name in a collision."""
    given = list(names)
    priority = list(first) or [False] * len(given)
    order = sorted(range(len(given)), key=lambda i: not priority[i])
    out = [""] * len(given)
    taken: set[str] = set()
    for i in order:
        name = given[i]
        base = _BAD.sub("_", anyascii(name)).strip("_") or "v"
        if not base[0].isalpha():
            base = "v_" + base
        if base.lower() in RESERVED or re.fullmatch(r"str[0-9]+", base.lower()):
            base = base + "_"
        base = base[:MAX_NAME]
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = _fit(base, f"_{n}", MAX_NAME)
        taken.add(candidate.lower())
        out[i] = candidate
    return out


def sheet_names(names: Iterable[str]) -> list[str]:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\'``, unique."""
    out: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = _SHEET_BAD.sub("_", name)[:MAX_SHEET] or "sheet"
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = _fit(base, f"~{n}", MAX_SHEET)
        taken.add(candidate.lower())
        out.append(candidate)
    return out
