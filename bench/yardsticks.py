"""How fast the machine was during a bench run, at its start and at its end, against the reference
run's yardsticks (bench/results/reference-yardsticks.json): a run whose machine was more than 20%
slower on any of them is flagged at the top of its report, since its figures cannot be set beside
the reference run's (the same kind of machine has run two to four times slower from one day to the
next, and a shared one slows down within a long run).

    start = await measure(settings)            # at the start of a run; again at its end
    flags = slower({"start": start, "end": end}, reference())
    lines = report_lines({"start": start, "end": end}, reference())

The yardsticks: a fixed pure-Python loop (the service's and the client's own speed), a `RETURN 1`
round trip through the driver (Bolt, the loopback, the driver: where Neo4j does next to nothing),
and a fixed Cypher computation over rows (Neo4j's own CPU: its runtime's cost per row, of which
the floors of W2 and W5 are made, which the round trip does not show).
"""

import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.platform.neo4j.driver import make_driver
from app.settings import Settings

REFERENCE = Path(__file__).resolve().parent / "results" / "reference-yardsticks.json"
TOLERANCE = 0.20  # slower than the reference by more than this: flagged

# Each yardstick's key in the results (milliseconds, medians) and what it is, for the report.
YARDSTICKS = {
    "pythonYardstickMs": "the pure-Python loop (the sum of i*i below a million)",
    "boltYardstickMs": "a `RETURN 1` round trip to Neo4j through the driver",
    "cypherYardstickMs": "a Cypher computation in Neo4j (the sum of i % 7 over 200,000 rows)",
}
CYPHER_YARDSTICK = "UNWIND range(1, 200000) AS i RETURN sum(i % 7) AS total"


def python_yardstick_ms() -> float:
    """How fast this machine runs Python: the median of five timings of a fixed loop."""
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        timings.append(time.perf_counter() - began)
    return 1000 * statistics.median(timings)


async def measure(settings: Settings) -> dict[str, float]:
    """Every yardstick now: the Python loop; the median of 200 `RETURN 1` auto-commit reads
    through the driver, after 500 not counted; the median of 20 runs of the Cypher computation,
    after 10 not counted. (A server just started, as after a reseed, answered the round trip
    five times slower for its first hundreds: its code not yet compiled, not the machine.)"""
    async def timed(query: str, count: int, warm_up: int) -> float:
        timings = []
        for n in range(warm_up + count):
            began = time.perf_counter()
            async with driver.session(database=settings.neo4j_database) as session:
                await (await session.run(query)).consume()
            if n >= warm_up:
                timings.append(time.perf_counter() - began)
        return 1000 * statistics.median(timings)

    async with make_driver(settings) as driver:
        bolt = await timed("RETURN 1", 200, 500)
        cypher = await timed(CYPHER_YARDSTICK, 20, 10)
    return {"pythonYardstickMs": python_yardstick_ms(), "boltYardstickMs": bolt,
            "cypherYardstickMs": cypher}


def reference(path: Path = REFERENCE) -> dict[str, Any]:
    """The reference run's yardsticks: `run` (which run they come from) and a figure for each
    yardstick it measured."""
    return dict(json.loads(path.read_text()))


def set_reference(run: str, figures: dict[str, float], path: Path = REFERENCE) -> None:
    """Make `run`'s yardsticks the reference (an explicit choice: a new full run)."""
    kept = {name: round(figures[name], 3) for name in YARDSTICKS if name in figures}
    path.write_text(json.dumps({"run": run, **kept}, indent=2) + "\n")


def ms(value: float) -> str:
    """Milliseconds to three significant figures or so: 78.0, 1.23."""
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


@dataclass(frozen=True)
class Slower:
    """A yardstick that took more than TOLERANCE longer than the reference's."""

    when: str  # 'start' or 'end'
    name: str  # a key of YARDSTICKS
    measured_ms: float
    reference_ms: float

    @property
    def ratio(self) -> float:
        return self.measured_ms / self.reference_ms

    def figures(self) -> dict[str, Any]:
        """As the run's JSON result keeps it."""
        return {"when": self.when, "yardstick": self.name, "measuredMs": self.measured_ms,
                "referenceMs": self.reference_ms, "ratio": round(self.ratio, 3)}

    def __str__(self) -> str:
        return (f"at the {self.when}, {YARDSTICKS[self.name]} took {ms(self.measured_ms)} ms, "
                f"{self.ratio:.2f}x the reference's {ms(self.reference_ms)} ms "
                f"({self.ratio - 1:.0%} slower)")


def slower(measured: dict[str, dict[str, float]], ref: dict[str, Any],
           tolerance: float = TOLERANCE) -> list[Slower]:
    """Each yardstick, at each moment measured ('start', 'end'), more than `tolerance` slower
    than the reference's; a yardstick the reference lacks is not judged."""
    return [Slower(when, name, figures[name], float(ref[name]))
            for when, figures in measured.items() for name in YARDSTICKS
            if name in figures and ref.get(name) and figures[name] > ref[name] * (1 + tolerance)]


def faster(measured: dict[str, dict[str, float]], ref: dict[str, Any],
           tolerance: float = TOLERANCE) -> list[str]:
    """Each yardstick, at each moment measured, more than `tolerance` faster than the
    reference's, told: a goal met on such a machine is not shown met on the reference's."""
    return [f"at the {when}, {YARDSTICKS[name]} {ms(figures[name])} ms, "
            f"{figures[name] / float(ref[name]):.2f}x the reference's"
            for when, figures in measured.items() for name in YARDSTICKS
            if name in figures and ref.get(name) and figures[name] < ref[name] * (1 - tolerance)]


def report_lines(measured: dict[str, dict[str, float]], ref: dict[str, Any]) -> list[str]:
    """The report's paragraph on the machine's speed: a warning first if it was slow, a
    caution after if it was fast."""
    flags = slower(measured, ref)
    quick = faster(measured, ref)
    lines = []
    if flags:
        lines += [f"> **Warning: this run's machine was more than {TOLERANCE:.0%} slower than the "
                  f"reference run's ({ref['run']}) on {len(flags)} yardstick(s); its figures are "
                  "not comparable with that run's, only its ratios measured side by side are:** "
                  + "; ".join(map(str, flags)) + ".", ""]
    cells = []
    for name, what in YARDSTICKS.items():
        at = " / ".join(ms(measured[when][name]) for when in measured
                        if name in measured[when])
        against = (f"the reference's {ms(float(ref[name]))} ms" if ref.get(name)
                   else "not in the reference run")
        cells.append(f"{what}: {at} ms ({against})")
    lines.append(
        f"How fast the machine was, at the {' and at the '.join(measured)} of the run (medians;"
        f" the same kind of machine has run two to four times slower from one day to the next): "
        + "; ".join(cells) + "."
        + (f" Within {TOLERANCE:.0%} of the reference run ({ref['run']}) on every yardstick "
           "it measured." if not flags and not quick else "")
        + (f" More than {TOLERANCE:.0%} faster than the reference run on {len(quick)} "
           f"yardstick(s) ({'; '.join(quick)}): a goal met in this run is not thereby shown met "
           "on the reference run's machine; the ratios measured side by side hold either way."
           if quick else "")
    )
    return lines
