// Whether the caller's agency owns `action` (a PlanAction): the owner exception of docs/plans-design.md section 2, whose Python half is app/access/plans.py. An agency that owns an action always sees it and may mark it DONE, without RISK_PLAN and whether or not it is involved in the case. The one text of the exception: visible_action and the writes to an action splice it, and none has a copy (tests/unit/test_access_rule.py).
// params: agencyId
// args: action
action.ownerAgencyId = $agencyId
