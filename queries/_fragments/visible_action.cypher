// Whether the caller may see `action`, an action on the case of `offender`: it sees the case's plan (visible_plan), or its agency owns the action (owned_action), whether or not it may see the case. A principal whose role sees no class of case data sees no action.
// params: agencyId, userId, classes
// args: action, offender
$classes <> [] AND (@visible_plan(offender) OR @owned_action(action))
