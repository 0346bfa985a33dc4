// Create addresses shared by several people (Approved Premises, shared homes) from seed rows.
// params: rows
UNWIND $rows AS r
CREATE (a:Address {
  id: r.id, line1: r.line1, town: r.town, postcode: r.postcode, area: r.area,
  location: point({latitude: r.lat, longitude: r.lon}), approvedPremises: r.approvedPremises
})
FOREACH (flag IN CASE WHEN r.protected THEN [1] ELSE [] END | SET a:Protected)
