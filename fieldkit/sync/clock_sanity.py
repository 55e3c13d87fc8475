"""Clock sanity: a laptop whose clock is wrong dates its interviews wrong, and
``export --since`` then leaves them out without a word. An import warns when a
bundle's times are implausible: written in the future, dated before the project
existed, or later than the bundle itself says it was written (a clock set back).
Only a warning: the data is kept as the laptop recorded it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from fieldkit.i18n import _, ngettext

__all__ = ["clock_warnings"]

#: Clocks of laptops drift, and time zones are set wrong: a day is not implausible.
TOLERANCE = timedelta(days=1)


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def clock_warnings(*, written: str, times: Iterable[str], project_created: datetime,
                   now: datetime) -> list[str]:
    """Warnings (one line each) about a bundle written at ``written`` (its manifest's
    time) whose records carry ``times`` (ISO texts), imported at ``now``."""
    found = [m for m in map(_moment, (t for t in times if t)) if m is not None]
    bundle_time = _moment(written)
    created = project_created if project_created.tzinfo else project_created.replace(
        tzinfo=UTC)
    warnings = []
    if bundle_time is not None and bundle_time > now + TOLERANCE:
        days = (bundle_time - now).days
        warnings.append(ngettext(
            "the laptop's clock is ahead: the bundle says it was written {days} day in the "
            "future; check the laptop's date and time.",
            "the laptop's clock is ahead: the bundle says it was written {days} days in the "
            "future; check the laptop's date and time.", days).format(days=days))
    earliest = min(found, default=None)
    if earliest is not None and earliest < created - TOLERANCE:
        warnings.append(_("records are dated {date}, before the project existed ({created}): "
                          "the laptop's clock was probably behind; check its date and "
                          "time (those records are dated wrong in exports).").format(
                              date=earliest.date().isoformat(),
                              created=created.date().isoformat()))
    latest = max(found, default=None)
    if latest is not None and bundle_time is not None and latest > bundle_time + TOLERANCE:
        warnings.append(_("records are dated {date}, after the bundle was written ({written}): "
                          "the laptop's clock was changed; check its date and time.").format(
                              date=latest.date().isoformat(),
                              written=bundle_time.date().isoformat()))
    return warnings
