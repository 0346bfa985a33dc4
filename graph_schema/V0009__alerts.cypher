// Alerts: one per (rule, offender, counterpart), numbered by a gap-free sequence; listed newest first and filtered by status and rule.
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (n:Alert) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT alert_sequence IF NOT EXISTS FOR (n:Alert) REQUIRE n.sequence IS UNIQUE;
CREATE CONSTRAINT alert_dedupe_key IF NOT EXISTS FOR (n:Alert) REQUIRE n.dedupeKey IS UNIQUE;
CREATE INDEX alert_status_rule IF NOT EXISTS FOR (n:Alert) ON (n.status, n.rule);
