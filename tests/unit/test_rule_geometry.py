"""The zone tests of the alert rules, without a database: polygons (shapely) and circles
(great-circle distance), against points placed by bearing and distance."""

import json

import pytest
from neo4j.spatial import WGS84Point

from app.alerts.geometry import distance_m, zone_contains
from app.domain.geometry import destination

CENTRE = (53.4808, -2.2426)  # (lat, lon)


def circle(radius: float) -> dict[str, object]:
    return {"shape": "CIRCLE", "centre": WGS84Point((CENTRE[1], CENTRE[0])),
            "radiusMetres": radius}


def square(half_side_m: float) -> dict[str, object]:
    corners = [destination(*CENTRE, bearing, half_side_m * 2 ** 0.5)
               for bearing in (225, 135, 45, 315)]
    ring = [list(c) for c in [*corners, corners[0]]]
    return {"shape": "POLYGON", "geometry": json.dumps({"type": "Polygon", "coordinates": [ring]})}


def at(bearing: float, metres: float) -> tuple[float, float]:
    lon, lat = destination(*CENTRE, bearing, metres)
    return lat, lon


def test_distance_matches_the_destination_it_was_placed_at() -> None:
    assert distance_m(*CENTRE, *at(73, 1_234)) == pytest.approx(1_234, abs=0.01)


@pytest.mark.parametrize(("metres", "inside"), [(0, True), (799, True), (801, False)])
def test_a_circle_contains_points_within_its_radius(metres: float, inside: bool) -> None:
    assert zone_contains(circle(800), *at(10, metres)) is inside


@pytest.mark.parametrize(("bearing", "metres", "inside"), [
    (0, 0, True), (90, 490, True), (90, 510, False), (45, 690, True), (45, 730, False),
])
def test_a_polygon_contains_exactly_the_points_inside_it(
    bearing: float, metres: float, inside: bool
) -> None:
    assert zone_contains(square(500), *at(bearing, metres)) is inside
