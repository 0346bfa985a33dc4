// The enabled webhooks, each with the principal it acts as (its owner): new alerts are addressed to those whose owner may see them.
// params: none
MATCH (w:Webhook {enabled: true})
MATCH (agency:Agency {id: w.ownerAgencyId})
RETURN w.id AS id, {userId: w.ownerUserId, agencyId: agency.id, agencyName: agency.name,
  agencyKind: agency.kind, roles: w.ownerRoles} AS owner
