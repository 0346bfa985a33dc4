"""Each alert rule is one row of app/alerts/rules.py: every code has its row, and each row's query
(or, for a place rule, its finder) takes exactly the settings the row gives it."""

from app.alerts.places import AT_FIXES, FINDERS
from app.alerts.rules import RULE, RULES, Limits
from app.core.enums import AlertRule
from app.queries import load_all_queries
from app.settings import PROJECT_ROOT


def test_every_rule_has_one_row() -> None:
    assert [rule.code for rule in RULES] == list(RULE)
    assert set(RULE) == set(AlertRule)


def test_a_rule_is_a_query_or_a_place_test_never_both() -> None:
    tested_in_python = {rule.code for rule in RULES if rule.query is None}
    assert tested_in_python == set(FINDERS)
    assert set(AT_FIXES) <= tested_in_python


def test_each_query_takes_the_offenders_and_the_settings_its_row_gives() -> None:
    load_all_queries(PROJECT_ROOT / "queries")
    for rule in RULES:
        if rule.query is not None:
            given = {"offenderIds", *rule.settings(Limits())}
            assert rule.query.params == given, rule.code
            assert rule.query.name == f"rules/{rule.code.value.lower()}", rule.code


def test_each_summary_says_more_than_its_restricted_form() -> None:
    for rule in RULES:
        assert rule.summary.full != rule.summary.restricted, rule.code
        assert rule.summary.restricted.endswith(("MAPPA coordinator", "lead agency")), rule.code
