// Keep each offender's newest reported location and its time (one fix per offender given) (raw trails are not stored), in cases the caller's agency is involved in; an older fix arriving late changes nothing.
// params: fixes, agencyId
UNWIND $fixes AS f
MATCH (o:Person {id: f.offenderId})
WHERE o:Offender AND @involved_case(o)
WITH o, f, o.lastFixAt IS NULL OR o.lastFixAt < f.at AS newer
SET o.lastFixLocation = CASE WHEN newer THEN point({latitude: f.latitude, longitude: f.longitude}) ELSE o.lastFixLocation END,
    o.lastFixAt = CASE WHEN newer THEN f.at ELSE o.lastFixAt END
RETURN count(DISTINCT o) AS recorded
