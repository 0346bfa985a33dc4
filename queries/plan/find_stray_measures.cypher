// The positions of the measures given (maps: kind, refersToId) that refer to no record of the offender's case (measure_target), OTHER measures apart: what draftPlan refuses, checked after the write is authorised.
// params: offenderId, measures
MATCH (offender:Person {id: $offenderId})
WHERE offender:Offender
UNWIND range(0, size($measures) - 1) AS position
WITH offender, position, $measures[position] AS measure
WHERE measure.kind <> 'OTHER' AND @measure_target(offender, measure) IS NULL
RETURN position
ORDER BY position
