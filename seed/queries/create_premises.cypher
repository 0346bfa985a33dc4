// Create premises (schools, playgrounds, nurseries, youth clubs) from seed rows.
// params: rows
UNWIND $rows AS r
CREATE (:Premises {
  id: r.id, name: r.name, kind: r.kind, area: r.area,
  location: point({latitude: r.lat, longitude: r.lon})
})
