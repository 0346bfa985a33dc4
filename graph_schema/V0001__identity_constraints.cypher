// Every record is found by its id: one uniqueness constraint (and its index) per label.
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT address_id IF NOT EXISTS FOR (n:Address) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT case_officer_id IF NOT EXISTS FOR (n:CaseOfficer) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT licence_condition_id IF NOT EXISTS FOR (n:LicenceCondition) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT zone_id IF NOT EXISTS FOR (n:Zone) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT premises_id IF NOT EXISTS FOR (n:Premises) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT risk_assessment_id IF NOT EXISTS FOR (n:RiskAssessment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT intervention_id IF NOT EXISTS FOR (n:Intervention) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT compliance_event_id IF NOT EXISTS FOR (n:ComplianceEvent) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT health_note_id IF NOT EXISTS FOR (n:HealthNote) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT offender_pnc IF NOT EXISTS FOR (n:Offender) REQUIRE n.pnc IS UNIQUE;
CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (n:SchemaMigration) REQUIRE n.version IS UNIQUE;
