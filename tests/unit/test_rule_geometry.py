"""The zone tests of the alert rules, without a database: polygons (shapely) and circles
(great-circle distance, as Neo4j's point.distance measures it), against points placed by bearing
and distance."""

import json

import pytest
from neo4j.spatial import WGS84Point

from app.alerts.geometry import NEO4J_EARTH_RADIUS_M, distance_m, zone_contains
from app.core.geometry import EARTH_RADIUS_M, destination

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
    """The point `metres` from CENTRE as Neo4j measures them (destination() uses the mean
    radius)."""
    lon, lat = destination(*CENTRE, bearing, metres * EARTH_RADIUS_M / NEO4J_EARTH_RADIUS_M)
    return lat, lon


# point.distance(point({latitude: a, longitude: b}), point({latitude: c, longitude: d})) in
# Neo4j 5.26.
NEO4J_DISTANCES = [
    ((53.0, -2.0, 54.0, -2.0), 111_319.54315315129),
    ((53.4808, -2.2426, 51.5074, -0.1278), 262_276.4133110389),
    ((53.4808, -2.2426, 53.4809, -2.2425), 12.953949678024422),
]


@pytest.mark.parametrize(("points", "neo4j"), NEO4J_DISTANCES)
def test_distance_is_what_neo4j_point_distance_gives(
    points: tuple[float, float, float, float], neo4j: float
) -> None:
    assert distance_m(*points) == pytest.approx(neo4j, rel=1e-9)


def test_distance_matches_the_point_it_was_placed_at() -> None:
    assert distance_m(*CENTRE, *at(73, 1_234)) == pytest.approx(1_234, abs=0.01)


@pytest.mark.parametrize(("metres", "inside"), [(0, True), (799.9, True), (800.1, False)])
def test_a_circle_contains_points_within_its_radius(metres: float, inside: bool) -> None:
    assert zone_contains(circle(800), *at(10, metres)) is inside


@pytest.mark.parametrize(("bearing", "metres", "inside"), [
    (0, 0, True), (90, 490, True), (90, 510, False), (45, 690, True), (45, 730, False),
])
def test_a_polygon_contains_exactly_the_points_inside_it(
    bearing: float, metres: float, inside: bool
) -> None:
    assert zone_contains(square(500), *at(bearing, metres)) is inside
