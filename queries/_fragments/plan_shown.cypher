// A version of the risk management plan of `offender` as the caller may read it (GraphQL's RiskManagementPlan), for a caller who sees the plan (visible_plan): each measure's reference only under that record's own class ($measureClasses, by kind: app/access/plans.py), else withheld here; its actions by due date (action_shown): the version's own, and for the current version every earlier version's still OPEN (they carry forward). The one projection of a plan: the current plan and the history splice it.
// params: agencyId, userId, classes, measureClasses
// args: plan, offender
plan {
  .id, .offenderId, .version, .status, .summary, .reviewDate, .createdAt, .createdBy, .agreedOn,
  .agreedBy,
  current: EXISTS { (offender)-[:CURRENT_PLAN]->(plan) },
  agreedAtMeeting: CASE WHEN plan.agreedAtMeetingId IS NOT NULL THEN coalesce(head(COLLECT {
    MATCH (shownMeeting:MappaMeeting {id: plan.agreedAtMeetingId}) RETURN shownMeeting {.id, .date}
  }), {id: plan.agreedAtMeetingId}) END,
  measures: COLLECT {
    MATCH (plan)-[:HAS_MEASURE]->(shownMeasure:PlanMeasure)
    OPTIONAL MATCH (shownMeasure)-[:REFERS_TO]->(shownTarget)
    WITH shownMeasure, shownTarget, $measureClasses[shownMeasure.kind] IN $classes AS shownReference
    RETURN shownMeasure {.id, .kind, .text,
      refers: shownTarget IS NOT NULL,
      condition: CASE WHEN shownReference AND shownTarget:LicenceCondition
        THEN shownTarget {.id, .kind, .text, .validFrom, .validTo, .premisesKind} END,
      residence: CASE WHEN shownReference AND shownTarget:Address
        THEN shownTarget {.id, .line1, .town, .postcode, .location} END,
      intervention: CASE WHEN shownReference AND shownTarget:Intervention
        THEN shownTarget {.id, .kind, .name, .status, .start, .end} END,
      officer: CASE WHEN shownReference AND shownTarget:CaseOfficer
        THEN shownTarget {.id, .name, .role,
          agencyId: head(COLLECT { MATCH (shownTarget)-[:WORKS_FOR]->(shownTargetAgency:Agency) RETURN shownTargetAgency.id })} END}
    ORDER BY shownMeasure.id
  },
  actions: COLLECT {
    MATCH (offender)-[:HAS_PLAN]->(shownVersion:RiskManagementPlan)-[:HAS_ACTION]->(shownAction:PlanAction)
    WHERE shownVersion = plan OR (shownVersion.version < plan.version AND shownAction.status = 'OPEN'
      AND EXISTS { (offender)-[:CURRENT_PLAN]->(plan) })
    WITH shownAction, offender, true AS shownCaseSeen
    RETURN @action_shown(shownAction, offender, shownCaseSeen)
    ORDER BY shownAction.dueOn, shownAction.id
  }
}
