// What the full-text index person_names holds of `person` beside its names (its searchKeys), so that searchPeople asks for the name and whom the caller may see in one look-up: its own id's key ('p'), which finds it for a caller who holds an emergency grant on its case; and the key ('a') of each agency with an INVOLVED_IN open when the keys are written, on the person if an offender, or on an offender it is a victim or named contact of. No rule is decided by it: an involvement that lapses by date leaves its key until the next write, and person_kind, checked on every hit, shows nothing for it. Every write that changes an INVOLVED_IN, an OFFENDED_AGAINST or a HAS_CONTACT sets the keys of the people it changes (keyed_people), in its transaction; graph_schema/V0019 wrote everyone's.
// params: none
// args: person
[keyedId IN [person.id] | 'p' + @search_key(keyedId)] + COLLECT {
  MATCH (person)<-[:OFFENDED_AGAINST|HAS_CONTACT*0..1]-(:Offender)<-[keyedInvolvement:INVOLVED_IN]-(keyedAgency:Agency)
  WHERE @open_involvement(keyedInvolvement)
  WITH DISTINCT keyedAgency.id AS keyedAgencyId
  ORDER BY keyedAgencyId  // the same list whatever order the writes came in
  RETURN 'a' + @search_key(keyedAgencyId)
}
