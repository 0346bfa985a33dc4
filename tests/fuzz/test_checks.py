"""The fuzz suite's own judges, without a server: the oracle derives what each persona must not
see, and `problems` finds a leak, an uncoded error or internals, but not the caller's own input
said back to it."""

from datetime import date

import httpx

from seed.demo import PERSONAS
from tests.fuzz.checks import problems, secret_pattern
from tests.fuzz.oracle import secrets_of

BY_ID = {p.officer_id: p for p in PERSONAS}


def secrets(officer_id: str) -> frozenset[str]:
    return secrets_of(BY_ID[officer_id], date.today())


def test_housing_may_know_its_one_case_but_not_its_victim_or_other_cases() -> None:
    hidden = secrets("demo.housing.partner")
    assert "Darren Holt" not in hidden  # its case, IDENTITY
    assert "17 Ayres Road" not in hidden  # its case, OFFENDER_ADDRESS
    assert {"Kelly Marsh", "8 Clarendon Street", "DEMO-VIC-01"} <= hidden  # his victim
    assert {"Lee Kershaw", "DEMO-OFF-03"} <= hidden  # a case housing is not involved in
    assert "Lives within reach of a protected address of a victim or protected person" in hidden


def test_a_standard_text_shown_on_a_visible_case_is_no_secret() -> None:
    """The electronic monitoring system sees Craig Mellor's conditions (CONDITIONS), so the
    standard exclusion text is no secret to it, though other cases carry it too."""
    hidden = secrets("demo.em.system")
    assert not any(text.startswith("Not to enter the area defined") for text in hidden)
    assert "Rebecca Lowe" in hidden  # his victim: no VICTIM_IDENTITY


def test_only_an_auditor_may_see_ids_of_cases_it_is_not_involved_in() -> None:
    assert "DEMO-OFF-03" in secrets("demo.police.ppo")
    assert "DEMO-OFF-03" not in secrets("demo.auditor")
    assert "Lee Kershaw" in secrets("demo.auditor")


def answer(body: object, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=body)


def test_problems_are_found() -> None:
    housing = secret_pattern(secrets("demo.housing.partner"))
    leak = answer({"data": {"offender": {"victims": [{"name": "Kelly Marsh"}]}}})
    assert problems(leak, [], housing)
    internal = answer({"errors": [{"message": "Unexpected error.",
                                   "extensions": {"code": "INTERNAL"}}]})
    assert problems(internal, [], housing)
    uncoded = answer({"errors": [{"message": "nope"}]})
    assert problems(uncoded, [], housing)
    trace = answer({"errors": [{"message": "KeyError: 'x'", "extensions": {"code": "VALIDATION"}}]})
    assert problems(trace, [], housing)
    assert problems(answer({}, status=500), [], housing)
    for library_text in (  # Neo4j's constraint message, pydantic's and PyJWT's words
        "Node(1234) already exists with label `Offender` and property `pnc` = '19/1X'",
        "input.name: String should have at least 1 character",
        "invalid token: Signature has expired",
    ):
        said = answer({"errors": [{"message": library_text, "extensions": {"code": "CONFLICT"}}]})
        assert problems(said, [], housing), library_text


def test_the_callers_own_input_said_back_is_no_problem() -> None:
    housing = secret_pattern(secrets("demo.housing.partner"))
    sent = "DEMO-OFF-03' OR 1=1 //}) MATCH (n) DETACH DELETE n //"
    echoed = answer({"data": None, "errors": [{
        "message": f"no offender {sent!r}", "extensions": {"code": "NOT_FOUND"}}]})
    assert problems(echoed, [sent], housing) == []
    assert problems(echoed, [], housing)  # unless it was not the caller's
