"""Insight (F7): community profiles over time and local trend alerts, Qt-free.

:func:`build_profile` counts (in SQL) the interviews of one form by group, period
and area; :func:`find_alerts` compares each period with the one before and the
same period a year before, with exact or chi-square tests and Benjamini-Hochberg
control of the false discovery rate over every test of the run.

The names below are imported when first used: the command line's parser imports
``fieldkit.insight.commands`` (and so this package) at every start, and the GUI's
first screen must not wait for SQLAlchemy and the engine (see the startup benchmark).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldkit.insight.alerts import Alert, AlertRun, AlertSettings, find_alerts
    from fieldkit.insight.fields import FieldInfo, measurable_fields
    from fieldkit.insight.profile import Profile, ProfileCell, ProfileQuery, build_profile

__all__ = ["Alert", "AlertRun", "AlertSettings", "FieldInfo", "Profile", "ProfileCell",
           "ProfileQuery", "build_profile", "find_alerts", "measurable_fields"]

_MODULES = {"Alert": "alerts", "AlertRun": "alerts", "AlertSettings": "alerts",
            "find_alerts": "alerts", "FieldInfo": "fields", "measurable_fields": "fields",
            "Profile": "profile", "ProfileCell": "profile", "ProfileQuery": "profile",
            "build_profile": "profile"}


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'fieldkit.insight' has no attribute {name!r}")
    return getattr(importlib.import_module(f"fieldkit.insight.{module}"), name)
