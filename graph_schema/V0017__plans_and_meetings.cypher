// Risk management plans, their measures and actions, and MAPPA meetings with their agenda items
// (issue 22; graph_schema/MODEL.md). Ids are unique per label.
CREATE CONSTRAINT risk_management_plan_id IF NOT EXISTS FOR (n:RiskManagementPlan) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT plan_measure_id IF NOT EXISTS FOR (n:PlanMeasure) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT plan_action_id IF NOT EXISTS FOR (n:PlanAction) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT mappa_meeting_id IF NOT EXISTS FOR (n:MappaMeeting) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agenda_item_id IF NOT EXISTS FOR (n:AgendaItem) REQUIRE n.id IS UNIQUE;
// "What does my agency owe this week" (actions(filter)) and ACTION_OVERDUE read one index.
CREATE INDEX plan_action_owner_status_due IF NOT EXISTS FOR (n:PlanAction) ON (n.ownerAgencyId, n.status, n.dueOn);
CREATE INDEX plan_action_status_due IF NOT EXISTS FOR (n:PlanAction) ON (n.status, n.dueOn);
CREATE INDEX plan_action_offender IF NOT EXISTS FOR (n:PlanAction) ON (n.offenderId);
CREATE INDEX risk_management_plan_offender IF NOT EXISTS FOR (n:RiskManagementPlan) ON (n.offenderId);
CREATE INDEX mappa_meeting_area_date IF NOT EXISTS FOR (n:MappaMeeting) ON (n.area, n.date);
CREATE INDEX mappa_meeting_date IF NOT EXISTS FOR (n:MappaMeeting) ON (n.date);
// REVIEW_OVERDUE asks "is a meeting scheduled for this case".
CREATE INDEX agenda_item_offender IF NOT EXISTS FOR (n:AgendaItem) ON (n.offenderId);
CREATE INDEX offender_review_date IF NOT EXISTS FOR (n:Offender) ON (n.reviewDate);
