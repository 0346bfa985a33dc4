// How many nodes carry each label the seed creates (read from the counts store, no scan).
// params: none
CALL () { MATCH (n:Agency) RETURN count(n) AS agencies }
CALL () { MATCH (n:CaseOfficer) RETURN count(n) AS officers }
CALL () { MATCH (n:Person) RETURN count(n) AS people }
CALL () { MATCH (n:Offender) RETURN count(n) AS offenders }
CALL () { MATCH (n:Victim) RETURN count(n) AS victims }
CALL () { MATCH (n:NamedContact) RETURN count(n) AS contacts }
CALL () { MATCH (n:Address) RETURN count(n) AS addresses }
CALL () { MATCH (n:Protected) RETURN count(n) AS protectedAddresses }
CALL () { MATCH (n:Place) RETURN count(n) AS places }
CALL () { MATCH (n:Premises) RETURN count(n) AS premises }
CALL () { MATCH (n:LicenceCondition) RETURN count(n) AS conditions }
CALL () { MATCH (n:Zone) RETURN count(n) AS zones }
CALL () { MATCH (n:RiskAssessment) RETURN count(n) AS assessments }
CALL () { MATCH (n:Intervention) RETURN count(n) AS interventions }
CALL () { MATCH (n:ComplianceEvent) RETURN count(n) AS complianceEvents }
CALL () { MATCH (n:Notification) RETURN count(n) AS notifications }
CALL () { MATCH (n:HealthNote) RETURN count(n) AS healthNotes }
CALL () { MATCH (n:RiskManagementPlan) RETURN count(n) AS plans }
CALL () { MATCH (n:PlanMeasure) RETURN count(n) AS measures }
CALL () { MATCH (n:PlanAction) RETURN count(n) AS actions }
CALL () { MATCH (n:MappaMeeting) RETURN count(n) AS meetings }
CALL () { MATCH (n:AgendaItem) RETURN count(n) AS agendaItems }
RETURN {
  Agency: agencies, CaseOfficer: officers, Person: people, Offender: offenders, Victim: victims,
  NamedContact: contacts, Address: addresses, Protected: protectedAddresses, Place: places,
  Premises: premises,
  LicenceCondition: conditions, Zone: zones, RiskAssessment: assessments,
  Intervention: interventions, ComplianceEvent: complianceEvents, Notification: notifications,
  HealthNote: healthNotes, RiskManagementPlan: plans, PlanMeasure: measures,
  PlanAction: actions, MappaMeeting: meetings, AgendaItem: agendaItems
} AS counts
