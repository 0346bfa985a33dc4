// Open a case: a new offender led by the caller's agency (LEAD_AGENCY and an open INVOLVED_IN {basis: 'LEAD'}), in the agency's area.
// params: offenderId, agencyId, name, dateOfBirth, category, level, indexOffence, pnc, registeredSexOffender
MATCH (lead:Agency {id: $agencyId})
CREATE (o:Person:Offender {
  id: $offenderId, name: $name, aliases: [], dateOfBirth: $dateOfBirth, category: $category,
  level: $level, area: lead.area, indexOffence: $indexOffence, pnc: $pnc,
  registeredSexOffender: $registeredSexOffender
})
CREATE (o)-[:LEAD_AGENCY {since: date()}]->(lead)
CREATE (lead)-[:INVOLVED_IN {basis: 'LEAD', since: date(), agencyId: lead.id, offenderId: o.id}]->(o)
SET o.searchKeys = @search_keys(o)
RETURN o.id AS id, o.area AS area
