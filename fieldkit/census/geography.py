"""Census geography codes (GSS codes): what level of geography a code names."""

from __future__ import annotations

import re

from fieldkit.i18n import N_

CODE = re.compile(r"[EWSNK]\d{8}")

#: The first three characters of a GSS code → the level fieldkit calls it.
LEVEL_BY_PREFIX = {
    "E00": "oa", "W00": "oa",
    "E01": "lsoa", "W01": "lsoa",
    "E02": "msoa", "W02": "msoa",
    "E05": "ward", "W05": "ward",
    "E06": "lad", "E07": "lad", "E08": "lad", "E09": "lad", "W06": "lad",
    "E10": "county", "E11": "county",
    "E12": "region",
    "E92": "country", "W92": "country", "K04": "country",
}

#: Levels from the smallest up, with their names for people.
LEVELS = {
    "oa": N_("output area"),
    "lsoa": N_("lower layer super output area (LSOA)"),
    "msoa": N_("middle layer super output area (MSOA)"),
    "ward": N_("electoral ward"),
    "lad": N_("local authority"),
    "county": N_("county"),
    "region": N_("region"),
    "country": N_("country"),
}


def level_of(code: str) -> str | None:
    """The level of a well-formed GSS code, else None."""
    if not CODE.fullmatch(code):
        return None
    return LEVEL_BY_PREFIX.get(code[:3])
