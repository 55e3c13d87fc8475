"""A profile as JSON (``fieldkit insight profile --json``) and as lines of text."""

from __future__ import annotations

from collections.abc import Iterator

from fieldkit.i18n import N_, _
from fieldkit.insight.periods import period_label
from fieldkit.insight.profile import Profile, ProfileCell

__all__ = ["profile_json", "profile_lines"]


def profile_json(profile: Profile) -> dict[str, object]:
    """The profile's figures: codes as in the form, shares as fractions (0-1)."""
    query = profile.query
    return {
        "form": query.form_id, "by": query.by, "period": query.period,
        "date_field": query.date_field, "area_field": query.area_field,
        "source": profile.source, "periods": profile.periods, "groups": profile.groups,
        "measures": [{"name": name, "kind": info.kind, "unit": info.unit,
                      "categories": profile.categories(name)}
                     for name, info in profile.fields.items()],
        "interviews": [{"group": g, "period": p, "n": n}
                       for (g, p), n in sorted(profile.interviews.items())],
        "cells": [{"group": c.group, "period": c.period, "area": c.area,
                   "measure": c.measure, "category": c.category, "count": c.count,
                   "total": c.total, "share": round(c.share, 4), "unit": c.unit}
                  for c in profile.cells],
    }


def profile_lines(profile: Profile, language: str) -> Iterator[str]:
    """Per measure, per group and period: each category's share and count (all areas)."""
    yield profile.source
    table: dict[tuple[str, str, str], list[ProfileCell]] = {}
    for cell in profile.cells:
        if cell.area is None:
            table.setdefault((cell.measure, cell.group, cell.period), []).append(cell)
    for name, info in profile.fields.items():
        yield ""
        yield _("{measure} ({unit})").format(measure=profile.measure_label(name, language),
                                             unit=_(_UNIT_WORDS.get(info.unit, info.unit)))
        for group in profile.groups:
            for period in profile.periods:
                cells = table.get((name, group, period), [])
                if not cells:
                    continue
                parts = ", ".join(
                    _("{category} {share:.0%} ({count})").format(
                        category=profile.category_label(name, c.category, language),
                        share=c.share, count=c.count)
                    for c in cells if c.count)
                yield _("  {group}, {period}, n = {total}: {parts}").format(
                    group=profile.group_label(group, language),
                    period=period_label(period, language), total=cells[0].total,
                    parts=parts)


_UNIT_WORDS = {"households": N_("households"), "people": N_("people"),
               "interviews": N_("interviews"), "entries": N_("entries")}
