"""Zone rings are checked in pure Python: closed, simple, enclosing an area; stored
counter-clockwise with a centre inside them and their bounding box."""

import pytest

from app.core import geometry
from app.core.geometry import RingProblem, check_ring

SQUARE = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]  # counter-clockwise
# A "C" shape whose centroid lies outside it.
C_SHAPE = [(0.0, 0.0), (3.0, 0.0), (3.0, 1.0), (1.0, 1.0), (1.0, 2.0), (3.0, 2.0), (3.0, 3.0),
           (0.0, 3.0), (0.0, 0.0)]


@pytest.mark.parametrize("ring", [SQUARE, list(reversed(SQUARE)), C_SHAPE,
                                  [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)]])
def test_simple_rings_pass(ring: list[tuple[float, float]]) -> None:
    check_ring(ring)


@pytest.mark.parametrize(("ring", "problem", "position"), [
    ([(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)], "intersects itself", 2),
    (SQUARE[:-1], "not closed", 3),
    (SQUARE[:3], "at least 4", None),
    ([(0.0, 0.0), (1.0, 0.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)], "repeats", 2),
    ([(0.0, 0.0), (2.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)], "folds back", 1),
    ([(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (0.0, 0.0)], "folds back", 2),
    # A vertex touching a non-adjacent edge.
    ([(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (1.0, 0.0), (0.0, 2.0), (0.0, 0.0)],
     "intersects itself", 2),
])
def test_bad_rings_name_the_problem_and_where(
    ring: list[tuple[float, float]], problem: str, position: int | None
) -> None:
    with pytest.raises(RingProblem, match=problem) as raised:
        check_ring(ring)
    assert raised.value.position == position


def test_rings_are_stored_counter_clockwise() -> None:
    clockwise = list(reversed(SQUARE))
    assert geometry.counter_clockwise(clockwise) == SQUARE
    assert geometry.counter_clockwise(SQUARE) == SQUARE


def test_the_centre_lies_inside_even_when_the_centroid_does_not() -> None:
    assert geometry.interior_point(SQUARE) == pytest.approx((0.5, 0.5))
    x, y = geometry.interior_point(C_SHAPE)
    in_spine = 0 < x < 1 and 0 < y < 3
    in_an_arm = 0 < x < 3 and (0 < y < 1 or 2 < y < 3)
    assert in_spine or in_an_arm


def test_circle_box_contains_the_circle() -> None:
    box = geometry.circle_box(53.48, -2.24, 1_000)
    assert box.north - 53.48 == pytest.approx(0.00908, abs=1e-4)
    assert box.south < 53.48 < box.north
    assert box.west < -2.24 < box.east
