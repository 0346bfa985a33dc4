// Whether the caller's agency owns the plan action `action` (the owner exception, docs/plans-design.md section 2; app/access/plans.py): an agency that owns an action always sees it, and its ACTION_OVERDUE alert, even where it sees nothing else of the plan or the case.
// params: agencyId
// args: action
action.ownerAgencyId = $agencyId
