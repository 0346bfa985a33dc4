// Create offenders from seed rows, each with what is theirs alone (residences, each at its own address, victims and their protected addresses, contacts, conditions, zones, assessments, interventions, compliance events, notifications, health notes), linked to existing agencies and officers, and to the Place of each address (created here, or found when another case's address is at it).
// params: rows
UNWIND $rows AS r
MATCH (lead:Agency {id: r.leadAgencyId})
CREATE (o:Person:Offender {
  id: r.id, name: r.name, aliases: r.aliases, dateOfBirth: date(r.dateOfBirth), pnc: r.pnc,
  visorRef: r.visorRef, category: r.category, level: r.level, area: r.area,
  indexOffence: r.indexOffence, reviewDate: date(r.reviewDate),
  registeredSexOffender: r.registeredSexOffender,
  lastFixLocation: point({latitude: r.lastFix.lat, longitude: r.lastFix.lon}),
  lastFixAt: datetime(r.lastFix.at)
})
CREATE (o)-[:LEAD_AGENCY {since: date(r.leadSince)}]->(lead)
WITH o, r
CALL (o, r) {
  UNWIND r.involvements AS involvement
  MATCH (agency:Agency {id: involvement.agencyId})
  CREATE (agency)-[:INVOLVED_IN {
    basis: involvement.basis, since: date(involvement.since), until: date(involvement.until),
    agencyId: agency.id, offenderId: o.id, meetingId: involvement.meetingId
  }]->(o)
}
CALL (o, r) {
  UNWIND r.managers AS manager
  MATCH (officer:CaseOfficer {id: manager.officerId})
  CREATE (officer)-[:MANAGES {since: date(manager.since)}]->(o)
}
// Each residence is at its own address, at the Place of its key, which the person is RESIDENT_OF.
CALL (o, r) {
  WITH r.home.address AS a
  CREATE (o)-[:RESIDES_AT {from: date(r.home.start), to: date(r.home.end), kind: r.home.kind}]->(home:Address {
    id: a.id, line1: a.line1, town: a.town, postcode: a.postcode, area: a.area,
    location: point({latitude: a.lat, longitude: a.lon}), approvedPremises: a.approvedPremises
  })
  MERGE (place:Place {key: @place_key(home)})
  CREATE (home)-[:AT]->(place)
  MERGE (o)-[:RESIDENT_OF]->(place)
  RETURN home, place AS homePlace
}
CALL (o, r) {
  UNWIND r.pastResidences AS residence
  WITH residence, residence.address AS a
  CREATE (o)-[:RESIDES_AT {from: date(residence.start), to: date(residence.end), kind: residence.kind}]->(address:Address {
    id: a.id, line1: a.line1, town: a.town, postcode: a.postcode, area: a.area,
    location: point({latitude: a.lat, longitude: a.lon}), approvedPremises: a.approvedPremises
  })
  MERGE (place:Place {key: @place_key(address)})
  CREATE (address)-[:AT]->(place)
  MERGE (o)-[:RESIDENT_OF]->(place)
}
CALL (o, r) {
  UNWIND r.victims AS v
  CREATE (o)-[:OFFENDED_AGAINST]->(victim:Person:Victim {
    id: v.id, name: v.name, dateOfBirth: date(v.dateOfBirth)
  })
  CREATE (victim)-[:LOCATED_AT {from: date(v.locatedFrom)}]->(place:Address {
    id: v.address.id, line1: v.address.line1, town: v.address.town,
    postcode: v.address.postcode, area: v.address.area,
    location: point({latitude: v.address.lat, longitude: v.address.lon}),
    approvedPremises: v.address.approvedPremises
  })
  FOREACH (flag IN CASE WHEN v.address.protected THEN [1] ELSE [] END | SET place:Protected)
  FOREACH (relationship IN v.contactRelationship |
    SET victim:NamedContact
    CREATE (o)-[:HAS_CONTACT {relationship: relationship}]->(victim)
  )
  RETURN collect(victim) AS victims
}
CALL (o, r, home, homePlace) {
  UNWIND r.contacts AS c
  CREATE (o)-[:HAS_CONTACT {relationship: c.relationship}]->(contact:Person:NamedContact {
    id: c.id, name: c.name, dateOfBirth: date(c.dateOfBirth)
  })
  FOREACH (household IN c.household |
    CREATE (contact)-[:HOUSEHOLD_MEMBER_OF {since: date(household.since)}]->(o)
    CREATE (contact)-[:RESIDES_AT {from: date(household.since), kind: household.kind}]->(home)
    MERGE (contact)-[:RESIDENT_OF]->(homePlace)
  )
  WITH contact, c
  CALL (contact, c) {
    UNWIND c.residences AS residence
    WITH residence, residence.address AS a
    CREATE (contact)-[:RESIDES_AT {
      from: date(residence.start), to: date(residence.end), kind: residence.kind
    }]->(address:Address {
      id: a.id, line1: a.line1, town: a.town, postcode: a.postcode, area: a.area,
      location: point({latitude: a.lat, longitude: a.lon}), approvedPremises: a.approvedPremises
    })
    MERGE (place:Place {key: @place_key(address)})
    CREATE (address)-[:AT]->(place)
    MERGE (contact)-[:RESIDENT_OF]->(place)
  }
  RETURN collect(contact) AS contacts
}
FOREACH (c IN r.conditions |
  CREATE (o)-[:SUBJECT_TO]->(condition:LicenceCondition {
    id: c.id, kind: c.kind, text: c.text, validFrom: date(c.validFrom), validTo: date(c.validTo),
    premisesKind: c.premisesKind
  })
  FOREACH (person IN [i IN c.protectsVictims | victims[i]] + [i IN c.protectsContacts | contacts[i]] |
    CREATE (condition)-[:PROTECTS]->(person)
  )
  FOREACH (z IN c.zones |
    CREATE (condition)-[:DEFINES_ZONE]->(:Zone {
      id: z.id, kind: z.kind, shape: z.shape, geometry: z.geometry,
      centre: point({latitude: z.centreLat, longitude: z.centreLon}),
      radiusMetres: z.radiusMetres,
      bboxLow: point({latitude: z.south, longitude: z.west}),
      bboxHigh: point({latitude: z.north, longitude: z.east}),
      validFrom: date(z.validFrom), validTo: date(z.validTo)
    })
  )
)
FOREACH (a IN r.riskAssessments |
  CREATE (o)-[:HAS_RISK_ASSESSMENT]->(:RiskAssessment {
    id: a.id, tool: a.tool, assessedOn: date(a.assessedOn), overall: a.overall,
    children: a.children, publicAtLarge: a.publicAtLarge, knownAdult: a.knownAdult,
    staff: a.staff
  })
)
FOREACH (i IN r.interventions |
  CREATE (o)-[:ATTENDS]->(:Intervention {
    id: i.id, kind: i.kind, name: i.name, status: i.status, start: date(i.start), end: date(i.end)
  })
)
FOREACH (e IN r.complianceEvents |
  CREATE (:ComplianceEvent {
    id: e.id, kind: e.kind, at: datetime(e.at), outcome: e.outcome, note: e.note,
    recordedBy: e.recordedBy
  })-[:RECORDED_FOR]->(o)
)
FOREACH (n IN r.notifications |
  CREATE (:Notification {
    id: n.id, kind: n.kind, madeOn: date(n.madeOn), dueOn: date(n.dueOn), details: n.details
  })-[:RECORDED_FOR]->(o)
)
FOREACH (h IN r.healthNotes |
  CREATE (o)-[:HAS_HEALTH_NOTE]->(:HealthNote {id: h.id, text: h.text, recordedOn: date(h.recordedOn)})
)
// Every person's searchKeys (queries/_fragments/search_keys.cypher), which searchPeople asks the full-text index for.
FOREACH (keyed IN @keyed_people(o) | SET keyed.searchKeys = @search_keys(keyed))
