// What the caller may see `person` as: OFFENDER (an offender whose case it may see, with IDENTITY), VICTIM (a victim of such an offender, with VICTIM_IDENTITY), NAMED_CONTACT (a named contact of one, with CONTACTS); null for a person it may not see. Search, traversals, associations and alert counterparts show people by it.
// params: agencyId, userId, classes
// args: person
CASE
  WHEN person:Offender AND 'IDENTITY' IN $classes AND @visible_case(person) THEN 'OFFENDER'
  WHEN person:Victim AND 'VICTIM_IDENTITY' IN $classes AND EXISTS {
    MATCH (victimsOffender:Offender)-[:OFFENDED_AGAINST]->(person)
    WHERE @visible_case(victimsOffender)
  } THEN 'VICTIM'
  WHEN person:NamedContact AND 'CONTACTS' IN $classes AND EXISTS {
    MATCH (contactsOffender:Offender)-[:HAS_CONTACT]->(person)
    WHERE @visible_case(contactsOffender)
  } THEN 'NAMED_CONTACT'
END
