// The people whose searchKeys (search_keys) the involvements in `offender`'s case decide: he, his victims and his named contacts. A write that changes an involvement sets the keys of each.
// params: none
// args: offender
[offender] + COLLECT { MATCH (offender)-[:OFFENDED_AGAINST|HAS_CONTACT]->(keyedLinked:Person) RETURN DISTINCT keyedLinked }
