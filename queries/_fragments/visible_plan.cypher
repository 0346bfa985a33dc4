// Whether the caller may see the risk management plan of the case of `offender`: it sees the case (visible_case) with RISK_PLAN. Every read of a plan, and of an action by any way but the owner exception, splices it.
// params: agencyId, userId, classes
// args: offender
'RISK_PLAN' IN $classes AND @visible_case(offender)
