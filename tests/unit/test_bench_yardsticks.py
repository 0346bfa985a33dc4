"""The bench flags a run whose machine was more than 20% slower than the reference run's on any
yardstick, at the run's start or at its end, and says by how much (bench/yardsticks.py)."""

from pathlib import Path

from bench.yardsticks import reference, report_lines, set_reference, slower

REFERENCE = {"run": "2026-12-02 20:33 UTC, mappa bench, 100,000 offenders",
             "pythonYardstickMs": 78.0, "boltYardstickMs": 1.23}


def at(python: float, bolt: float, cypher: float = 12.0) -> dict[str, float]:
    return {"pythonYardstickMs": python, "boltYardstickMs": bolt, "cypherYardstickMs": cypher}


def test_a_machine_within_20_percent_is_not_flagged() -> None:
    measured = {"start": at(80.0, 1.30), "end": at(93.6, 1.476)}  # 1.2x exactly at the end
    assert slower(measured, REFERENCE) == []
    [line] = report_lines(measured, REFERENCE)
    assert "Warning" not in line
    assert "Within 20% of the reference run (2026-12-02 20:33 UTC" in line


def test_a_machine_slower_at_the_end_only_is_flagged_and_by_how_much() -> None:
    measured = {"start": at(80.0, 1.25), "end": at(79.0, 1.60)}
    [flag] = slower(measured, REFERENCE)
    assert (flag.when, flag.name) == ("end", "boltYardstickMs")
    assert round(flag.ratio, 2) == 1.30
    warning = report_lines(measured, REFERENCE)[0]
    assert warning.startswith("> **Warning: this run's machine was more than 20% slower")
    assert "at the end, a `RETURN 1` round trip" in warning
    assert "1.60 ms, 1.30x the reference's 1.23 ms (30% slower)" in warning


def test_each_slow_yardstick_at_each_moment_is_flagged() -> None:
    measured = {"start": at(156.0, 1.0), "end": at(117.0, 2.46)}
    assert [(f.when, f.name, round(f.ratio, 1)) for f in slower(measured, REFERENCE)] == [
        ("start", "pythonYardstickMs", 2.0), ("end", "pythonYardstickMs", 1.5),
        ("end", "boltYardstickMs", 2.0)]


def test_a_machine_much_faster_than_the_reference_is_told_so_beside_its_goals() -> None:
    measured = {"start": at(36.0, 1.0), "end": at(36.0, 0.44)}
    assert slower(measured, REFERENCE) == []
    [line] = report_lines(measured, REFERENCE)
    assert "Within 20%" not in line
    assert "More than 20% faster than the reference run on 3 yardstick(s)" in line
    assert "at the end, a `RETURN 1` round trip to Neo4j through the driver 0.44 ms, 0.36x" in line
    assert "a goal met in this run is not thereby shown met on the reference run's machine" in line


def test_a_yardstick_the_reference_run_did_not_measure_is_shown_but_not_judged() -> None:
    measured = {"start": at(78.0, 1.23, cypher=500.0), "end": at(78.0, 1.23, cypher=500.0)}
    assert slower(measured, REFERENCE) == []
    assert "500.0 / 500.0 ms (not in the reference run)" in report_lines(measured, REFERENCE)[0]


def test_a_new_reference_run_replaces_the_old(tmp_path: Path) -> None:
    path = tmp_path / "reference.json"
    set_reference("2027-01-05 10:00 UTC, mappa bench, 100,000 offenders", at(60.0, 0.9, 11.0),
                  path)
    assert reference(path) == {"run": "2027-01-05 10:00 UTC, mappa bench, 100,000 offenders",
                               **at(60.0, 0.9, 11.0)}
    assert slower({"start": at(78.0, 0.9, 11.0)}, reference(path))[0].name == "pythonYardstickMs"


def test_the_committed_reference_is_the_2026_12_02_full_run() -> None:
    committed = reference()
    assert committed["run"].startswith("2026-12-02")
    assert (committed["pythonYardstickMs"], committed["boltYardstickMs"]) == (78.0, 1.23)
