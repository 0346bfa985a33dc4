// Whether the caller reviews the emergency grants on the case of `offender` (reviewEmergencyAccess, app/access/write_rights.py): where its rights hold ($grantScopes), its agency leads the case (LEAD) or is involved in it (INVOLVED). The alert queries show a grant only to such a caller; a review is recorded only by one.
// params: agencyId, grantScopes
// args: offender
('LEAD' IN $grantScopes AND @led_case(offender))
  OR ('INVOLVED' IN $grantScopes AND @involved_case(offender))
