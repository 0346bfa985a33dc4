// The profile of `offender` as the caller may read it (GraphQL's Offender): each field of a class the caller lacks is withheld here (null), so it never leaves the database; fields the client did not select (not in $fields, the selected field paths such as 'victims.name') are not read at all, down to a linked person's name and date of birth and an address's location. The one projection of an offender: the profile and the caseload page splice it.
// params: agencyId, userId, classes, police, fields
// args: offender
offender {
  .id,
  name: CASE WHEN 'IDENTITY' IN $classes AND 'name' IN $fields THEN offender.name END,
  aliases: CASE WHEN 'IDENTITY' IN $classes AND 'aliases' IN $fields THEN coalesce(offender.aliases, []) END,
  dateOfBirth: CASE WHEN 'IDENTITY' IN $classes AND 'dateOfBirth' IN $fields THEN offender.dateOfBirth END,
  pnc: CASE WHEN 'IDENTITY' IN $classes AND 'pnc' IN $fields THEN offender.pnc END,
  visorRef: CASE WHEN 'IDENTITY' IN $classes AND 'visorRef' IN $fields THEN offender.visorRef END,
  category: CASE WHEN 'MAPPA_STATUS' IN $classes AND 'category' IN $fields THEN offender.category END,
  level: CASE WHEN 'MAPPA_STATUS' IN $classes AND 'level' IN $fields THEN offender.level END,
  area: CASE WHEN 'MAPPA_STATUS' IN $classes AND 'area' IN $fields THEN offender.area END,
  reviewDate: CASE WHEN 'MAPPA_STATUS' IN $classes AND 'reviewDate' IN $fields THEN offender.reviewDate END,
  registeredSexOffender: CASE WHEN 'MAPPA_STATUS' IN $classes AND 'registeredSexOffender' IN $fields THEN offender.registeredSexOffender END,
  leadAgency: CASE WHEN 'MAPPA_STATUS' IN $classes AND 'leadAgency' IN $fields THEN head(COLLECT {
    MATCH (offender)-[:LEAD_AGENCY]->(a:Agency)
    RETURN a {.id, .name, .kind}
  }) END,
  agencies: CASE WHEN 'MAPPA_STATUS' IN $classes AND 'agencies' IN $fields THEN COLLECT {
    MATCH (a:Agency)-[involvement:INVOLVED_IN]->(offender)
    WHERE @open_involvement(involvement)
    RETURN {agency: a {.id, .name, .kind}, basis: involvement.basis, since: involvement.since, until: involvement.until}
    ORDER BY a.id
  } END,
  officers: CASE WHEN 'MAPPA_STATUS' IN $classes AND 'officers' IN $fields THEN COLLECT {
    // Only officers whose agency's involvement is open: a lapsed one manages nothing.
    MATCH (co:CaseOfficer)-[m:MANAGES]->(offender)
    MATCH (co)-[:WORKS_FOR]->(a:Agency)-[officersInvolvement:INVOLVED_IN]->(offender)
    WHERE @open_involvement(officersInvolvement)
    RETURN co {.id, .name, .role, agencyId: a.id, since: m.since}
    ORDER BY co.id
  } END,
  indexOffence: CASE WHEN 'OFFENCE_SUMMARY' IN $classes AND 'indexOffence' IN $fields THEN offender.indexOffence END,
  currentAddress: CASE WHEN 'OFFENDER_ADDRESS' IN $classes AND 'currentAddress' IN $fields THEN head(COLLECT {
    MATCH (offender)-[r:RESIDES_AT]->(a:Address)
    WHERE r.kind <> 'PROPOSED' AND (r.from IS NULL OR r.from <= date()) AND (r.to IS NULL OR r.to > date())
    RETURN a {.id, .line1, .town, .postcode,
      location: CASE WHEN 'currentAddress.location' IN $fields THEN a.location END}
    ORDER BY r.from DESC
  }) END,
  addresses: CASE WHEN 'OFFENDER_ADDRESS' IN $classes AND 'addresses' IN $fields THEN COLLECT {
    MATCH (offender)-[r:RESIDES_AT]->(a:Address)
    RETURN {address: a {.id, .line1, .town, .postcode,
        location: CASE WHEN 'addresses.address.location' IN $fields THEN a.location END},
      kind: r.kind, from: r.from, to: r.to}
    ORDER BY r.from DESC, a.id
  } END,
  conditions: CASE WHEN 'CONDITIONS' IN $classes AND 'conditions' IN $fields THEN COLLECT {
    MATCH (offender)-[:SUBJECT_TO]->(c:LicenceCondition)
    RETURN c {.id, .kind, .text, .validFrom, .validTo, .premisesKind,
      zones: COLLECT {
        MATCH (c)-[:DEFINES_ZONE]->(z:Zone)
        RETURN z {.id, .kind, .shape, .geometry, .radiusMetres, .validFrom, .validTo} ORDER BY z.id
      },
      protectedPersonIds: COLLECT { MATCH (c)-[:PROTECTS]->(p:Person) RETURN p.id ORDER BY p.id }}
    ORDER BY c.validFrom, c.id
  } END,
  riskOfSeriousHarm: CASE WHEN 'RISK_SUMMARY' IN $classes AND 'riskOfSeriousHarm' IN $fields THEN head(COLLECT {
    MATCH (offender)-[:HAS_RISK_ASSESSMENT]->(ra:RiskAssessment)
    RETURN ra {.tool, .assessedOn, .overall, .children, .publicAtLarge, .knownAdult, .staff}
    ORDER BY ra.assessedOn DESC, ra.id DESC
  }) END,
  contacts: CASE WHEN 'CONTACTS' IN $classes AND 'contacts' IN $fields THEN COLLECT {
    MATCH (offender)-[r:HAS_CONTACT]->(p:Person)
    RETURN {
      relationship: r.relationship,
      householdMember: EXISTS { (p)-[:HOUSEHOLD_MEMBER_OF]->(offender) },
      person: p {.id,
        name: CASE WHEN 'contacts.person.name' IN $fields THEN p.name END,
        dateOfBirth: CASE WHEN 'contacts.person.dateOfBirth' IN $fields THEN p.dateOfBirth END,
        isChild: CASE WHEN 'contacts.person.isChild' IN $fields THEN p.dateOfBirth > date() - duration({years: 18}) END}
    }
    ORDER BY p.id
  } END,
  // An associate is shown only if the caller may see them (as an offender, a victim or a named
  // contact); code C only for police.
  associations: CASE WHEN 'INTELLIGENCE' IN $classes AND 'associations' IN $fields THEN COLLECT {
    MATCH (offender)-[r:ASSOCIATES_WITH]-(p:Person)
    WHERE (r.handling <> 'C' OR $police)
      AND @person_kind(p) IS NOT NULL
    RETURN {
      person: p {.id,
        name: CASE WHEN 'associations.person.name' IN $fields THEN p.name END,
        dateOfBirth: CASE WHEN 'associations.person.dateOfBirth' IN $fields THEN p.dateOfBirth END},
      sourceAgency: r.sourceAgency, source: r.source,
      information: r.information, handling: r.handling, observedAt: r.observedAt
    }
    ORDER BY r.observedAt DESC, p.id
  } END,
  victims: CASE WHEN 'VICTIM_IDENTITY' IN $classes AND 'victims' IN $fields THEN COLLECT {
    MATCH (offender)-[:OFFENDED_AGAINST]->(v:Person)
    RETURN v {.id,
      name: CASE WHEN 'victims.name' IN $fields THEN v.name END,
      dateOfBirth: CASE WHEN 'victims.dateOfBirth' IN $fields THEN v.dateOfBirth END,
      location: CASE WHEN 'VICTIM_LOCATION' IN $classes AND 'victims.location' IN $fields THEN head(COLLECT {
        MATCH (v)-[l:LOCATED_AT]->(a:Address)
        RETURN a {.id, .line1, .town, .postcode,
          location: CASE WHEN 'victims.location.location' IN $fields THEN a.location END}
        ORDER BY l.from DESC
      }) END}
    ORDER BY v.id
  } END,
  healthNotes: CASE WHEN 'HEALTH' IN $classes AND 'healthNotes' IN $fields THEN COLLECT {
    MATCH (offender)-[:HAS_HEALTH_NOTE]->(h:HealthNote)
    RETURN h {.id, .text, .recordedOn}
    ORDER BY h.recordedOn DESC, h.id
  } END,
  lastKnownLocation: CASE WHEN 'EM_LOCATION' IN $classes AND 'lastKnownLocation' IN $fields
    AND offender.lastFixLocation IS NOT NULL
    THEN {location: offender.lastFixLocation, at: offender.lastFixAt} END,
  interventions: CASE WHEN 'SUPERVISION' IN $classes AND 'interventions' IN $fields THEN COLLECT {
    MATCH (offender)-[:ATTENDS]->(intervention:Intervention)
    RETURN intervention {.id, .kind, .name, .status, .start, .end}
    ORDER BY intervention.start DESC, intervention.id
  } END,
  complianceEvents: CASE WHEN 'SUPERVISION' IN $classes AND 'complianceEvents' IN $fields THEN COLLECT {
    MATCH (e:ComplianceEvent)-[:RECORDED_FOR]->(offender)
    RETURN e {.id, .kind, .at, .outcome}
    ORDER BY e.at DESC, e.id
  } END,
  notifications: CASE WHEN 'SUPERVISION' IN $classes AND 'notifications' IN $fields THEN COLLECT {
    MATCH (n:Notification)-[:RECORDED_FOR]->(offender)
    RETURN n {.id, .kind, .madeOn, .dueOn}
    ORDER BY n.madeOn DESC, n.id
  } END
}
