// Store each webhook's signing secret sealed (encrypted) in place of the clear one.
// params: sealed
UNWIND $sealed AS row
MATCH (w:Webhook {id: row.id})
WHERE w.secret IS NOT NULL
SET w.sealedSecret = row.sealedSecret
REMOVE w.secret
