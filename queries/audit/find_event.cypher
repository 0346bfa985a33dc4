// One audit event by id (pending or in the log).
// params: id
MATCH (e:AuditEvent {id: $id})
RETURN e {.*, at: toString(e.at)} AS event
