"""The postcode lookup: ``fieldkit census lookup import FILE`` reads the CSV layouts of
the ONS Postcode Directory (ONSPD: ``pcds``, ``oa21``, ``lsoa21``, ``msoa21``, ``osward``,
``oslaua``), the National Statistics Postcode Lookup (NSPL: ``pcds``, ``oa21``, ``lsoa21``,
``msoa21``, ``ward``, ``laua``) and the ONS best-fit lookups (``pcds``, ``oa21cd``,
``lsoa21cd``, ``msoa21cd``, ``wd22cd``, ``lad22cd``); column names in any case, 2021
areas preferred to 2011 ones when a file has both.

It also answers how areas aggregate upwards: an LSOA belongs to a ward when every
postcode of the LSOA in the lookup lies in that ward (LSOAs are not built from wards,
so some straddle two; those are reported, never guessed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, insert, select

from fieldkit.census.geography import level_of
from fieldkit.census.lines import csv_rows, refuse
from fieldkit.errors import InvalidInput
from fieldkit.i18n import _
from fieldkit.store import Store
from fieldkit.store.census_models import CensusPostcode

LEVELS = ("oa", "lsoa", "msoa", "ward", "lad")

# Column names for each level, best first (lower case).
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "postcode": ("pcds", "pcd2", "pcd"),
    "oa": ("oa21cd", "oa21", "oa11cd", "oa11"),
    "lsoa": ("lsoa21cd", "lsoa21", "lsoa11cd", "lsoa11"),
    "msoa": ("msoa21cd", "msoa21", "msoa11cd", "msoa11"),
    "ward": ("osward", "ward"),
    "lad": ("oslaua", "laua"),
}
# Dated codes of best-fit lookups: wd22cd, wd24cd, lad22cd, ltla22cd, ...
_DATED = {"ward": re.compile(r"wd(\d\d)?cd"), "lad": re.compile(r"(?:lad|ltla)(\d\d)?cd")}
POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}")
BATCH = 2000


def normalise_postcode(text: str) -> str:
    """``so14 7lp`` → ``SO147LP``: the key postcodes are stored and looked up by."""
    return re.sub(r"\s+", "", text).upper()


@dataclass
class LookupResult:
    file: str
    layout: str
    postcodes: int
    columns: dict[str, str] = field(default_factory=dict)  # level → the file's column

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "layout": self.layout, "postcodes": self.postcodes,
                "columns": self.columns}


def _columns(path: Path, header: list[str]) -> tuple[str, dict[str, int]]:
    names = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for level, candidates in _CANDIDATES.items():
        for name in candidates:
            if name in names:
                found[level] = names.index(name)
                break
        else:
            if level in _DATED:
                dated = [(m.group(1) or "", i) for i, n in enumerate(names)
                         if (m := _DATED[level].fullmatch(n))]
                if dated:
                    found[level] = max(dated)[1]  # the newest boundaries
    if "postcode" not in found:
        raise refuse(path, 1, None, _(
            "not a postcode lookup: no 'pcds' column (the ONS Postcode Directory and the "
            "National Statistics Postcode Lookup have one)"))
    if not any(level in found for level in LEVELS):
        raise refuse(path, 1, None, _(
            "no census area columns: expected some of oa21, lsoa21, msoa21, osward or "
            "ward, oslaua or laua (or oa21cd, lsoa21cd, ... in a best-fit lookup)"))
    if "osward" in names or "oslaua" in names:
        layout = "ONSPD"
    elif "ward" in names or "laua" in names:
        layout = "NSPL"
    else:
        layout = "ONS best-fit lookup"
    return layout, found


def import_lookup(store: Store, path: Path) -> LookupResult:
    """Add (or update) the postcodes of ``path``; all or nothing."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InvalidInput(_("{path}: cannot read the file ({reason}).").format(
            path=path, reason=exc.strerror or exc)) from None
    with stream, store.session() as session:
        rows = csv_rows(path, stream)
        first = next(rows, None)
        if first is None:
            raise refuse(path, 1, None, _("the file is empty"))
        header = first[1]
        layout, columns = _columns(path, header)
        seen: set[str] = set()
        batch: list[dict[str, str]] = []

        def flush() -> None:
            keys = [b["postcode"] for b in batch]
            session.execute(delete(CensusPostcode).where(CensusPostcode.postcode.in_(keys)))
            session.execute(insert(CensusPostcode), batch)
            batch.clear()

        for number, fields in rows:
            if len(fields) != len(header):
                raise refuse(path, number, None, _(
                    "{n} fields where the header has {m}").format(n=len(fields),
                                                                  m=len(header)))
            shown = fields[columns["postcode"]].strip()
            if not POSTCODE.fullmatch(shown.upper()):
                raise refuse(path, number, header[columns["postcode"]], _(
                    "'{value}' is not a postcode").format(value=shown[:40]))
            key = normalise_postcode(shown)
            if key in seen:
                raise refuse(path, number, header[columns["postcode"]], _(
                    "{postcode} appears twice").format(postcode=shown))
            seen.add(key)
            row = {"postcode": key, "pcds": shown.upper(), "source_name": path.name[:500]}
            for level in LEVELS:
                code = fields[columns[level]].strip() if level in columns else ""
                if code.endswith("99999999"):
                    code = ""  # ONS pseudo-codes: no area of this kind (e.g. Scotland)
                if code and level_of(code) != level:
                    raise refuse(path, number, header[columns[level]], _(
                        "'{value}' is not a census {level} code").format(
                            value=code[:40], level=level))
                row[level] = code
            batch.append(row)
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
        if not seen:
            raise refuse(path, 2, None, _("the lookup has no postcodes"))
    return LookupResult(file=str(path), layout=layout, postcodes=len(seen),
                        columns={level: header[i] for level, i in columns.items()})


def areas_of_postcode(store: Store, postcode: str) -> dict[str, str] | None:
    """The census areas of ``postcode`` (any spacing or case), or None if not loaded."""
    with store.session() as session:
        row = session.get(CensusPostcode, normalise_postcode(postcode))
        if row is None:
            return None
        return {level: getattr(row, level) for level in LEVELS}


@dataclass(frozen=True)
class Nesting:
    """Areas of a lower level inside areas of a higher one, as the lookup says."""

    children: dict[str, tuple[str, ...]]  # parent code → its children codes
    split: tuple[str, ...]  # children with postcodes in more than one of the parents


def nesting(store: Store, parents: Iterable[str], child_level: str) -> Nesting:
    """Which ``child_level`` areas lie wholly in each of ``parents`` (one level each)."""
    wanted = sorted(set(parents))
    levels = {level_of(p) for p in wanted}
    if len(levels) != 1 or None in levels:
        raise InvalidInput(_("--area: give census area codes of one level, e.g. ward codes "
                             "E05002455 E05002456."))
    parent_level = levels.pop()
    assert parent_level is not None
    if parent_level not in LEVELS or child_level not in LEVELS or \
            LEVELS.index(child_level) >= LEVELS.index(parent_level):
        return Nesting(children={}, split=())
    child_col = getattr(CensusPostcode, child_level)
    parent_col = getattr(CensusPostcode, parent_level)
    with store.session() as session:
        pairs = session.execute(select(child_col, parent_col).distinct().where(
            child_col.in_(select(child_col).where(parent_col.in_(wanted))),
            child_col != "")).all()
    parents_of: dict[str, set[str]] = {}
    for child, parent in pairs:
        parents_of.setdefault(child, set()).add(parent)
    children: dict[str, list[str]] = {p: [] for p in wanted}
    split = []
    for child, owners in sorted(parents_of.items()):
        if len(owners) > 1:
            split.append(child)
        else:
            (owner,) = owners
            if owner in children:
                children[owner].append(child)
    return Nesting(children={p: tuple(c) for p, c in children.items()}, split=tuple(split))
