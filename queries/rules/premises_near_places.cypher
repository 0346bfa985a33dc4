// NEAR_RESTRICTED_PREMISES at given places: for each place (an offender's residence or reported fix), premises within $distanceMetres of a kind an active OUT_OF_BOUNDS_PREMISES_TYPE condition of that offender bars (found through the premises point index, pinned by a hint so that the plan does not hang on statistics).
// params: places, distanceMetres
UNWIND $places AS place
MATCH (o:Person:Offender {id: place.offenderId})-[:SUBJECT_TO]->(c:LicenceCondition {kind: 'OUT_OF_BOUNDS_PREMISES_TYPE'})
WHERE (c.validFrom IS NULL OR c.validFrom <= date()) AND (c.validTo IS NULL OR c.validTo >= date())
WITH DISTINCT place, c.premisesKind AS kind, point({latitude: place.latitude, longitude: place.longitude}) AS at
MATCH (pr:Premises) USING POINT INDEX pr:Premises(location)
WHERE point.distance(pr.location, at) <= $distanceMetres AND pr.kind = kind
RETURN place.index AS place, place.offenderId AS offenderId, pr.id AS counterpartId,
       point.distance(pr.location, at) AS distanceMetres
