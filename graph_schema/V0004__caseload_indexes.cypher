// Caseload filters (level, category, area) and date-bounded lookups use range indexes.
CREATE INDEX offender_level IF NOT EXISTS FOR (n:Offender) ON (n.level);
CREATE INDEX offender_category IF NOT EXISTS FOR (n:Offender) ON (n.category);
CREATE INDEX offender_area IF NOT EXISTS FOR (n:Offender) ON (n.area);
CREATE INDEX offender_name IF NOT EXISTS FOR (n:Offender) ON (n.name);
CREATE INDEX agency_kind_area IF NOT EXISTS FOR (n:Agency) ON (n.kind, n.area);
CREATE INDEX premises_kind IF NOT EXISTS FOR (n:Premises) ON (n.kind);
CREATE INDEX condition_kind IF NOT EXISTS FOR (n:LicenceCondition) ON (n.kind);
CREATE INDEX compliance_event_at IF NOT EXISTS FOR (n:ComplianceEvent) ON (n.at);
CREATE INDEX notification_due IF NOT EXISTS FOR (n:Notification) ON (n.dueOn);
