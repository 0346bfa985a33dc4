"""Exact zone tests for the alert rules: is a point inside a zone? Polygons with shapely (on the
longitude-latitude plane, exact enough for zones of a few kilometres in England and Wales),
circles by great-circle distance from the centre, measured as Neo4j measures the victim and
premises distances, so that every distance a rule compares agrees with point.distance."""

import json
import math
from typing import Any

from shapely.geometry import Point, shape

# The sphere Neo4j's point.distance uses for WGS-84 (haversine); not the mean radius the seed
# places points with, which would make a circle 0.1% smaller than Cypher sees it.
NEO4J_EARTH_RADIUS_M = 6_378_140.0


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance, equal to Neo4j's point.distance on WGS-84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * NEO4J_EARTH_RADIUS_M * math.atan2(math.sqrt(a), math.sqrt(1 - a))


def zone_contains(zone: dict[str, Any], latitude: float, longitude: float) -> bool:
    """Whether the point lies inside (or on the edge of) a zone as MODEL.md stores it: `shape`
    POLYGON with GeoJSON `geometry`, or CIRCLE with `centre` and `radiusMetres`."""
    if zone["shape"] == "CIRCLE":
        centre, radius = zone["centre"], float(zone["radiusMetres"])
        return distance_m(centre.latitude, centre.longitude, latitude, longitude) <= radius
    return bool(shape(json.loads(zone["geometry"])).covers(Point(longitude, latitude)))
