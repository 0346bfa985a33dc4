// Whether the caller's agency owns the plan action `action` (the owner exception, docs/plans-design.md section 2, whose Python half is app/access/plans.py): an agency that owns an action always sees it, may mark it DONE, and gets its ACTION_OVERDUE alert, without RISK_PLAN and whether or not it is involved in the case. The one text of the exception: visible_action, alert_audience and the writes to an action splice it, and none has a copy (tests/unit/test_access_rule.py).
// params: agencyId
// args: action
action.ownerAgencyId = $agencyId
