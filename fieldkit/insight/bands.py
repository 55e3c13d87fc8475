"""Numbers in bands, as a profile counts them.

Ages get the bands a housing officer uses (children under 5, school age, the
16-17 year olds who may need their own room, young adults, working age, older
people). Any other number gets "1-2-5" bands (0, 1, 2, 3, 4, 5–9, 10–19, 20–49,
50–99, ...), which suit counts of rooms or people and sums of money alike without
a first pass over the data. Banding happens in SQL (a CASE over the value), so
one row per band comes back, not one per distinct number.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, case, cast

__all__ = ["AGE_EDGES", "GENERIC_EDGES", "band_codes", "band_label", "band_sql", "edges_for"]

#: Lower edges of the age bands (the last is open: 75+).
AGE_EDGES: tuple[int, ...] = (0, 5, 10, 16, 18, 25, 35, 45, 65, 75)
#: Lower edges of the 1-2-5 bands for other numbers.
GENERIC_EDGES: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 10, 20, 50, 100, 200, 500, 1000, 2000,
                                  5000, 10000, 20000, 50000, 100000)
BELOW = "<0"


def edges_for(name: str) -> tuple[int, ...]:
    """Age bands for a field named ``age`` (or ``..._age``, ``age_...``), else 1-2-5."""
    lowered = name.lower()
    if lowered == "age" or lowered.endswith("_age") or lowered.startswith("age_"):
        return AGE_EDGES
    return GENERIC_EDGES


def band_codes(edges: tuple[int, ...]) -> list[str]:
    """Band codes in order: ``0-4``, ``5-9``, ..., ``75+`` (``2`` for a one-value band)."""
    out = [BELOW]
    for i, low in enumerate(edges):
        if i + 1 == len(edges):
            out.append(f"{low}+")
        elif edges[i + 1] - low == 1:
            out.append(str(low))
        else:
            out.append(f"{low}-{edges[i + 1] - 1}")
    return out


def band_label(code: str) -> str:
    """A band for people: ``18–24`` (en dash), ``75+``, ``below 0``."""
    if code == BELOW:
        return "< 0"
    return code.replace("-", "\u2013")


def band_sql(value: Any, edges: tuple[int, ...], numeric_guard: Any = None) -> Any:
    """The band code of ``value`` (text holding a number). ``numeric_guard`` keeps
    text that is not a number out (PostgreSQL refuses to cast it)."""
    number = cast(value, Float)
    codes = band_codes(edges)
    whens: list[tuple[Any, str]] = []
    if numeric_guard is not None:
        whens.append((~numeric_guard, ""))
    whens.append((number < edges[0], codes[0]))
    for i in range(1, len(edges)):
        whens.append((number < edges[i], codes[i]))
    return case(*whens, else_=codes[-1])
