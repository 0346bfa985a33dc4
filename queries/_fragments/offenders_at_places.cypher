// The ids of the offenders whose cases have someone living now at one of `places` (a list of Place nodes): the offender himself, or one of his named contacts or household members. A write that changes who lives at a place has their cases re-evaluated too: the shared-address rules (OFFENDER_ASSOCIATION, CHILD_IN_HOUSEHOLD, PROHIBITED_CONTACT, VICTIM_IN_NETWORK) meet at places, whichever case recorded each address there.
// params: none
// args: places
COLLECT {
  UNWIND places AS livingPlace
  MATCH (livingPlace)<-[:AT]-(:Address)<-[livingResidence:RESIDES_AT]-(livingResident:Person)
  WHERE livingResidence.to IS NULL AND livingResidence.kind <> 'PROPOSED'
  MATCH (livingResident)-[:HAS_CONTACT|HOUSEHOLD_MEMBER_OF*0..1]-(livingOffender:Offender)
  RETURN DISTINCT livingOffender.id
}
