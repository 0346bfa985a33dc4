// Whether the caller's agency is the lead agency of the case of `offender` (LEAD_AGENCY): what the lead's rights (reviewing and revoking emergency grants, cancelling a plan's action) and ACTION_OVERDUE's audience are decided on. The one text of it: every query that asks splices it.
// params: agencyId
// args: offender
EXISTS { (offender)-[:LEAD_AGENCY]->(:Agency {id: $agencyId}) }
