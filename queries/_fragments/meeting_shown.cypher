// A MAPPA meeting as the caller may read it (GraphQL's MappaMeeting): its chair and invited agencies, and the cases of its agenda the caller may see (@visible_case), each with its profile (@offender_profile: the caller's classes, the selected fields), its decision (MAPPA_STATUS; the plan version it agreed under RISK_PLAN, @plan_shown; the actions it created as the caller may see them, @visible_action), minutes (RISK_PLAN), the case's OPEN actions past their due date as the caller may see them, and the compliance events since the case's previous meeting (SUPERVISION). The one projection of a meeting: the meeting and the meetings list splice it.
// params: agencyId, userId, classes, police, fields, measureClasses
// args: meeting
meeting {
  .id, .level, .area, .date, .status, .cancelledReason,
  chair: head(COLLECT {
    MATCH (meeting)-[:CHAIRED_BY]->(chair:CaseOfficer)
    RETURN chair {.id, .name, .role,
                  agencyId: head([(chair)-[:WORKS_FOR]->(chairsAgency:Agency) | chairsAgency.id])}
  }),
  invited: COLLECT {
    MATCH (invitee:Agency)-[invitation:INVITED_TO]->(meeting)
    RETURN {agency: invitee {.id, .name, .kind}, invitedAt: invitation.invitedAt,
            attended: invitation.attended}
    ORDER BY invitee.id
  },
  agenda: COLLECT {
    MATCH (meeting)-[:HAS_AGENDA_ITEM]->(item:AgendaItem)-[:CONSIDERS]->(offender:Offender)
    WHERE @visible_case(offender)
    // The case's previous meeting (not cancelled): compliance is told since then.
    WITH item, offender, head(COLLECT {
      MATCH (previousMeeting:MappaMeeting)-[:HAS_AGENDA_ITEM]->(:AgendaItem)-[:CONSIDERS]->(offender)
      WHERE previousMeeting.date < meeting.date AND previousMeeting.status <> 'CANCELLED'
      RETURN previousMeeting.date AS previousDate
      ORDER BY previousDate DESC
      LIMIT 1
    }) AS since
    RETURN item {
      .id, .position, .addedAt,
      offender: @offender_profile(offender),
      decision: CASE WHEN 'MAPPA_STATUS' IN $classes AND item.decidedAt IS NOT NULL
        THEN item {.levelBefore, .level, .nextReviewDate, .decidedAt, .decidedBy,
          plan: CASE WHEN @visible_plan(offender) THEN head(COLLECT {
            MATCH (item)-[:AGREED]->(agreedPlan:RiskManagementPlan)
            RETURN @plan_shown(agreedPlan, offender) AS agreed
          }) END,
          actions: COLLECT {
            MATCH (item)-[:CREATED_ACTION]->(createdAction:PlanAction)
            WHERE @visible_action(createdAction, offender)
            WITH createdAction, offender, true AS createdCaseSeen
            RETURN @action_shown(createdAction, offender, createdCaseSeen) AS created
            ORDER BY created.dueOn, created.id
          }} END,
      overdueActions: COLLECT {
        MATCH (overdueAction:PlanAction {offenderId: offender.id})
        WHERE overdueAction.status = 'OPEN' AND overdueAction.dueOn < date()
          AND @visible_action(overdueAction, offender)
        WITH overdueAction, offender, true AS overdueCaseSeen
        RETURN @action_shown(overdueAction, offender, overdueCaseSeen) AS overdue
        ORDER BY overdue.dueOn, overdue.id
      },
      minutes: CASE WHEN 'RISK_PLAN' IN $classes THEN item.minutes END,
      complianceSince: CASE WHEN 'SUPERVISION' IN $classes THEN COLLECT {
        MATCH (event:ComplianceEvent)-[:RECORDED_FOR]->(offender)
        WHERE (since IS NULL OR date(event.at) >= since) AND date(event.at) <= meeting.date
        RETURN event {.id, .kind, .at, .outcome}
        ORDER BY event.at DESC, event.id
      } END
    }
    ORDER BY item.position
  }
}
