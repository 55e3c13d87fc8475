"""Shared fixtures for the XPath engine tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from fieldkit.forms.xpath import evaluate

SURVEY = """
<data id="survey" version="3">
  <name>Ana</name>
  <age>34</age>
  <colors>red  blue green</colors>
  <empty/>
  <hh>
    <member><m_name>Ana</m_name><m_age>34</m_age></member>
    <member><m_name>Bo</m_name><m_age>7</m_age></member>
    <member><m_name>Cy</m_name><m_age>61</m_age></member>
  </hh>
  <grp><b>x</b><c>2024-01-15</c></grp>
  <country>ro</country>
  <city/>
  <meta><instanceID>uuid:1</instanceID></meta>
</data>
"""

CITIES = """
<root>
  <item><name>buc</name><label>Bucharest</label><country>ro</country><pop>1800</pop></item>
  <item><name>clj</name><label>Cluj</label><country>ro</country><pop>290</pop></item>
  <item><name>sof</name><label>Sofia</label><country>bg</country><pop>1200</pop></item>
</root>
"""

FIXED_NOW = datetime(2024, 3, 5, 14, 30, 15, 250000, tzinfo=timezone(timedelta(hours=2)))


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture
def ev() -> Callable[..., Any]:
    """evaluate() against SURVEY with the CITIES secondary instance and a fixed clock."""

    def run(expression: str, context: str | None = None, result: str = "any", **kw: Any) -> Any:
        kw.setdefault("instances", {"cities": CITIES})
        kw.setdefault("clock", fixed_clock)
        return evaluate(expression, SURVEY, context, result, **kw)

    return run
