// What scheduling or inviting names, as the graph has it: the area of the caller's agency, the chair's role (null when there is no such case officer), and which of the agencies exist.
// params: callerAgencyId, chairId, agencyIds
OPTIONAL MATCH (callersAgency:Agency {id: $callerAgencyId})
OPTIONAL MATCH (chair:CaseOfficer {id: $chairId})
RETURN callersAgency.area AS callerArea, chair.role AS chairRole,
  COLLECT { MATCH (agency:Agency) WHERE agency.id IN $agencyIds RETURN agency.id } AS agencyIds
