// The durable queue of offenders whose alert rules must run again: one request per offender,
// merged by every write that touches the offender, in the write's own transaction.
CREATE CONSTRAINT evaluation_request_offender IF NOT EXISTS FOR (n:EvaluationRequest) REQUIRE n.offenderId IS UNIQUE;
CREATE INDEX evaluation_request_pending IF NOT EXISTS FOR (n:EvaluationRequest) ON (n.pending, n.requestedAt);
// Emergency grants are revoked by id; recorded addresses are matched to known ones by postcode.
CREATE CONSTRAINT emergency_grant_id IF NOT EXISTS FOR (n:EmergencyGrant) REQUIRE n.id IS UNIQUE;
CREATE INDEX address_postcode IF NOT EXISTS FOR (n:Address) ON (n.postcode);
