// Whether an emergency grant is the caller's and active: held by the caller (its user, for its agency), neither revoked nor expired. Where the rule (visible_case) and the candidate sources that mirror it (the caseload's and the search's grants) find the caller's grants.
// params: userId, agencyId
// args: emergencyGrant
emergencyGrant.userId = $userId AND emergencyGrant.agencyId = $agencyId AND @active_grant(emergencyGrant)
