"""Zone geometry in pure Python: checking a polygon ring, and what MODEL.md stores for a zone
(GeoJSON text, a centre point, a bounding box). Positions are (longitude, latitude), as in GeoJSON.

Rings are checked on the plane of longitude and latitude, which is exact enough for zones of a few
kilometres away from the poles and the antimeridian (the service covers England and Wales).
"""

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

EARTH_RADIUS_M = 6_371_008.8  # mean radius, as the seed uses
MAX_RING_POSITIONS = 1_000

Position = tuple[float, float]  # (lon, lat)


class RingProblem(ValueError):
    """A ring that is not a valid simple polygon; `position` names the offending index."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


@dataclass(frozen=True)
class Box:
    south: float
    west: float
    north: float
    east: float


def _cross(o: Position, a: Position, b: Position) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _on_segment(p: Position, a: Position, b: Position) -> bool:
    """Whether p, known to be collinear with a-b, lies within the segment's extent."""
    return (min(a[0], b[0]) <= p[0] <= max(a[0], b[0])
            and min(a[1], b[1]) <= p[1] <= max(a[1], b[1]))


def segments_meet(a: Position, b: Position, c: Position, d: Position) -> bool:
    """Whether the closed segments a-b and c-d share at least one point."""
    d1, d2 = _cross(c, d, a), _cross(c, d, b)
    d3, d4 = _cross(a, b, c), _cross(a, b, d)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True
    return ((d1 == 0 and _on_segment(a, c, d)) or (d2 == 0 and _on_segment(b, c, d))
            or (d3 == 0 and _on_segment(c, a, b)) or (d4 == 0 and _on_segment(d, a, b)))


def signed_area(ring: Sequence[Position]) -> float:
    """Twice the signed area of a closed ring: positive when counter-clockwise."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring))


def check_ring(ring: Sequence[Position]) -> None:
    """Raise RingProblem unless `ring` is closed, has at least 4 positions, repeats no position
    in a row, encloses an area, and no two of its edges meet except adjacent ones at their
    shared vertex (so it does not cross, touch or fold back on itself)."""
    if len(ring) < 4:
        raise RingProblem("a polygon ring needs at least 4 positions (3 corners, then the first "
                          "again to close it)")
    if len(ring) > MAX_RING_POSITIONS:
        raise RingProblem(f"a polygon ring has at most {MAX_RING_POSITIONS} positions")
    if ring[0] != ring[-1]:
        raise RingProblem("the ring is not closed: the last position must repeat the first",
                          len(ring) - 1)
    edges = len(ring) - 1
    for i in range(edges):
        if ring[i] == ring[i + 1]:
            raise RingProblem("the ring repeats a position", i + 1)
    for i in range(edges):
        a, b = ring[i], ring[i + 1]
        for j in range(i + 1, edges):
            c, d = ring[j], ring[j + 1]
            adjacent = j == i + 1 or (i == 0 and j == edges - 1)
            if not adjacent:
                if segments_meet(a, b, c, d):
                    raise RingProblem("the ring intersects itself", j)
                continue
            # Adjacent edges share one vertex; they must not run back over each other.
            shared, far, other = (b, a, d) if j == i + 1 else (a, b, c)
            if _cross(shared, far, other) == 0 and (
                (far[0] - shared[0]) * (other[0] - shared[0])
                + (far[1] - shared[1]) * (other[1] - shared[1]) > 0
            ):
                raise RingProblem("the ring folds back on itself", j)
    if signed_area(ring) == 0:
        raise RingProblem("the ring encloses no area")


def counter_clockwise(ring: Sequence[Position]) -> list[Position]:
    """The ring wound counter-clockwise (the GeoJSON right-hand rule for an exterior ring)."""
    return list(ring) if signed_area(ring) > 0 else list(reversed(ring))


def _contains(ring: Sequence[Position], p: Position) -> bool:
    inside = False
    for a, b in pairwise(ring):
        if (a[1] > p[1]) != (b[1] > p[1]):
            x = a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
            if p[0] < x:
                inside = not inside
    return inside


def interior_point(ring: Sequence[Position]) -> Position:
    """A point inside the ring: its centroid when that lies inside, else the middle of the widest
    stretch of a horizontal line through the centroid (for concave shapes)."""
    twice_area = signed_area(ring)
    cx = sum((a[0] + b[0]) * (a[0] * b[1] - b[0] * a[1])
             for a, b in pairwise(ring)) / (3 * twice_area)
    cy = sum((a[1] + b[1]) * (a[0] * b[1] - b[0] * a[1])
             for a, b in pairwise(ring)) / (3 * twice_area)
    if _contains(ring, (cx, cy)):
        return cx, cy
    lats = sorted({p[1] for p in ring})
    # A line through no vertex: halfway between the two vertex latitudes around the centroid.
    below = max((lat for lat in lats if lat <= cy), default=lats[0])
    above = min((lat for lat in lats if lat > below), default=lats[-1])
    y = (below + above) / 2
    crossings = sorted(
        a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
        for a, b in pairwise(ring) if (a[1] > y) != (b[1] > y)
    )
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    west, east = max(spans, key=lambda span: span[1] - span[0])
    return (west + east) / 2, y


def ring_box(ring: Sequence[Position]) -> Box:
    return Box(south=min(p[1] for p in ring), west=min(p[0] for p in ring),
               north=max(p[1] for p in ring), east=max(p[0] for p in ring))


def destination(lat: float, lon: float, bearing_deg: float, distance_m: float) -> Position:
    """(lon, lat) of the point `distance_m` from (lat, lon) along the bearing (0 = north)."""
    p1, l1 = math.radians(lat), math.radians(lon)
    b, d = math.radians(bearing_deg), distance_m / EARTH_RADIUS_M
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(l2), math.degrees(p2)


def circle_box(lat: float, lon: float, radius_m: float) -> Box:
    """The box round a circle, a little generous so that index prefiltering never misses."""
    margin = radius_m * 1.01
    return Box(
        south=destination(lat, lon, 180, margin)[1], west=destination(lat, lon, 270, margin)[0],
        north=destination(lat, lon, 0, margin)[1], east=destination(lat, lon, 90, margin)[0],
    )


def polygon_geojson(ring: Sequence[Position]) -> str:
    return json.dumps({"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
                      separators=(",", ":"))


def point_geojson(lat: float, lon: float) -> str:
    return json.dumps({"type": "Point", "coordinates": [lon, lat]}, separators=(",", ":"))
