"""The per-principal token bucket, on a clock the test moves."""

import pytest

from app.api.limits import OperationBuckets
from app.core.errors import RateLimited


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_refill_at_the_rate_per_principal() -> None:
    clock = Clock()
    buckets = OperationBuckets(per_s=2.0, burst=3, clock=clock)
    for _ in range(3):
        buckets.take("AG-1", "alice")
    with pytest.raises(RateLimited) as refused:
        buckets.take("AG-1", "alice")
    assert refused.value.retry_after_s == 1
    assert refused.value.code == "RATE_LIMITED"
    buckets.take("AG-1", "bob")  # another principal has a bucket of its own
    buckets.take("AG-2", "alice")  # the same sub in another agency is another principal
    clock.now = 0.5  # one operation refilled
    buckets.take("AG-1", "alice")
    with pytest.raises(RateLimited):
        buckets.take("AG-1", "alice")
    clock.now = 100.0  # refilled to the burst, never beyond
    for _ in range(3):
        buckets.take("AG-1", "alice")
    with pytest.raises(RateLimited):
        buckets.take("AG-1", "alice")


def test_zero_rate_is_no_limit() -> None:
    buckets = OperationBuckets(per_s=0.0, burst=0)
    for _ in range(1_000):
        buckets.take("AG-1", "alice")


def test_forgotten_principals_start_full() -> None:
    clock = Clock()
    buckets = OperationBuckets(per_s=1.0, burst=1, max_principals=2, clock=clock)
    buckets.take("AG", "a")
    buckets.take("AG", "b")
    buckets.take("AG", "c")  # forgets a, the least recently seen
    buckets.take("AG", "a")
    with pytest.raises(RateLimited):
        buckets.take("AG", "c")
