"""area(), distance() and geofence(): ODK's geographic functions, checked against
figures computed independently (a degree of longitude at the equator on a sphere
of JavaRosa's radius, 6378100 m, is 6378100 * pi / 180 metres)."""

from __future__ import annotations

import math

from fieldkit.forms.xpath import evaluate

DEGREE = 6_378_100 * math.pi / 180
SQUARE = "0 0 0 0;0 1 0 0;1 1 0 0;1 0 0 0;0 0 0 0"


def test_distance_of_a_trace_and_of_separate_points() -> None:
    assert evaluate("distance('0 0 0 0;0 1 0 0')") == round(DEGREE, 2)
    assert evaluate("distance('0 0', '0 1', '0 2')") == round(2 * DEGREE, 2)
    xml = "<d><p>0 0</p><p>0 1</p><p>1 1</p></d>"
    assert evaluate("distance(/d/p)", xml) == round(2 * DEGREE, 2)


def test_distance_of_invalid_or_single_points_is_nan() -> None:
    assert math.isnan(evaluate("distance('0 0')"))  # type: ignore[arg-type]
    assert math.isnan(evaluate("distance('91 0;0 0')"))  # type: ignore[arg-type]
    assert math.isnan(evaluate("distance('a b;0 0')"))  # type: ignore[arg-type]


def test_area_of_a_one_degree_square_at_the_equator() -> None:
    # Spherical area of the cell: R^2 * (lon2 - lon1) * (sin(lat2) - sin(lat1)).
    expected = 6_378_100**2 * math.radians(1) * math.sin(math.radians(1))
    assert abs(evaluate(f"area('{SQUARE}')") - expected) < 0.01 * expected  # type: ignore[operator]
    # An open shape is closed; the direction does not matter.
    assert evaluate("area('0 0;0 1;1 1;1 0')") == evaluate(f"area('{SQUARE}')")
    assert evaluate("area('0 0;1 0;1 1;0 1')") == evaluate(f"area('{SQUARE}')")
    assert evaluate("enclosed-area('0 0;0 1;1 1;1 0')") == evaluate(f"area('{SQUARE}')")


def test_geofence() -> None:
    assert evaluate(f"geofence('0.5 0.5 0 0', '{SQUARE}')") is True
    assert evaluate(f"geofence('1.5 0.5', '{SQUARE}')") is False
    assert evaluate("geofence('0.5 0.5', '0 0;0 1')") is False  # not a shape
    assert evaluate(f"geofence('', '{SQUARE}')") is False
