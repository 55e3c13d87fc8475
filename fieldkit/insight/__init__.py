"""Insight (F7): community profiles over time and local trend alerts, Qt-free.

:func:`build_profile` counts (in SQL) the interviews of one form by group, period
and area; :func:`find_alerts` compares each period with the one before and the
same period a year before, with exact or chi-square tests and Benjamini-Hochberg
control of the false discovery rate over every test of the run.
"""

from fieldkit.insight.alerts import Alert, AlertRun, AlertSettings, find_alerts
from fieldkit.insight.fields import FieldInfo, measurable_fields
from fieldkit.insight.profile import Profile, ProfileCell, ProfileQuery, build_profile

__all__ = ["Alert", "AlertRun", "AlertSettings", "FieldInfo", "Profile", "ProfileCell",
           "ProfileQuery", "build_profile", "find_alerts", "measurable_fields"]
