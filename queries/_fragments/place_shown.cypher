// The address a caller is shown for `place` in a traversal: of the addresses recorded at it, the first by id that someone the caller may see lives at (a residence not only PROPOSED), with the class that residence is in (OFFENDER_ADDRESS for an offender's, VICTIM_LOCATION for a victim's, CONTACTS for anyone else's, as the traversals' link rule has it). So a place reached from a co-resident shows what a case the caller may see recorded, never another case's line, town or point; null for a place where the caller may see no one.
// params: agencyId, userId, classes
// args: place
head(COLLECT {
  MATCH (place)<-[:AT]-(shownAddress:Address)<-[shownResidence:RESIDES_AT]-(shownResident:Person)
  WHERE shownResidence.kind <> 'PROPOSED'
    AND @residence_class(shownResident) IN $classes
    AND @person_kind(shownResident) IS NOT NULL
  RETURN shownAddress ORDER BY shownAddress.id LIMIT 1
})
