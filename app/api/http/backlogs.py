"""The backlogs operators watch on /metrics, as Neo4j holds them (every process's): the evaluation
queue and the webhook deliveries waiting."""

from typing import NamedTuple

from app.platform.neo4j.driver import Tx, run
from app.platform.neo4j.registry import Query

MEASURE_BACKLOGS = Query("backlog/measure_backlogs")


class Backlogs(NamedTuple):
    evaluations: int  # offenders whose rules wait to run again
    oldest_evaluation_s: float  # how long the oldest of them has waited
    deliveries: int  # webhook deliveries waiting to be sent or retried


async def measure_backlogs(tx: Tx) -> Backlogs:
    [row] = await run(tx, MEASURE_BACKLOGS)
    return Backlogs(int(row["evaluations"]), float(row["oldestAgeSeconds"]),
                    int(row["deliveries"]))
