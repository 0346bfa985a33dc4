// Visibility checks look a caller's emergency grants up by user and agency.
CREATE INDEX emergency_grant_holder IF NOT EXISTS FOR (n:EmergencyGrant) ON (n.userId, n.agencyId);
