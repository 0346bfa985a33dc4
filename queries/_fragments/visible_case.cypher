// Whether the caller may see the case of `offender` (PRODUCT.md section 4, graph_schema/MODEL.md): its agency is involved in it (an open INVOLVED_IN), or the caller holds an emergency grant on it that is neither revoked nor expired. The one text of the rule: every query that reads, walks, alerts on or writes to the cases a caller may see splices it, and none has a copy (tests/unit/test_access_rule.py).
// params: agencyId, userId
// args: offender
// The rule's middle clause, a case officer who WORKS_FOR the caller's agency and MANAGES him while
// that agency's involvement is open, is not written: it holds only when the first clause holds.
// So MANAGES gives nothing of itself: an officer's link that outlives his agency's involvement
// shows nothing, and a token whose sub equals an officer's id (a PARTNER_SYSTEM, AUDITOR or ADMIN,
// or another agency's) gains nothing by it. Both are read as of now, so a lapse, a withdrawal, an
// expiry or a revocation takes effect on the next operation.
@involved_case(offender)
  OR EXISTS { (callerGrant:EmergencyGrant)-[:GRANTS_ACCESS_TO]->(offender)
              WHERE @callers_grant(callerGrant) }
