"""Insight (F7): community profiles over time and local trend alerts, Qt-free.

:func:`build_profile` counts (in SQL) the interviews of one form by group, period
and area; :func:`find_alerts` compares each period with the one before and the
same period a year before, with exact or chi-square tests and Benjamini-Hochberg
control of the false discovery rate over every test of the run.

Names are loaded on first use: the command line imports this package's
``commands`` module at start-up, which must not pull in SQLAlchemy or scipy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fieldkit.insight.alerts import Alert, AlertRun, AlertSettings, find_alerts
    from fieldkit.insight.fields import FieldInfo, measurable_fields
    from fieldkit.insight.profile import (
        Profile,
        ProfileCell,
        ProfileQuery,
        build_profile,
        profile_from_counts,
    )

_WHERE = {
    "Alert": "alerts", "AlertRun": "alerts", "AlertSettings": "alerts", "find_alerts": "alerts",
    "FieldInfo": "fields", "measurable_fields": "fields",
    "Profile": "profile", "ProfileCell": "profile", "ProfileQuery": "profile",
    "build_profile": "profile", "profile_from_counts": "profile",
}

__all__ = ["Alert", "AlertRun", "AlertSettings", "FieldInfo", "Profile", "ProfileCell",
           "ProfileQuery", "build_profile", "find_alerts", "measurable_fields",
           "profile_from_counts"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"fieldkit.insight.{module}"), name)
