// Register a webhook of the caller's agency unless the agency has $limit enabled ones already (its write lock is taken first, so that registrations at once cannot pass the limit together): it receives, signed with its secret (stored sealed: encrypted under the deployment's key), the alerts its owner (the registering principal) may see. No row when the agency is gone; no webhook when at the limit.
// params: id, url, description, sealedSecret, userId, agencyId, roles, limit
MATCH (agency:Agency {id: $agencyId})
SET agency.registeringWebhook = true
REMOVE agency.registeringWebhook
WITH agency, COUNT { (w:Webhook {ownerAgencyId: $agencyId}) WHERE w.enabled } AS enabled
FOREACH (_ IN CASE WHEN enabled < $limit THEN [1] ELSE [] END |
  CREATE (:Webhook {
    id: $id, url: $url, description: $description, sealedSecret: $sealedSecret, enabled: true,
    ownerUserId: $userId, ownerAgencyId: $agencyId, ownerRoles: $roles, createdAt: datetime()
  })
)
WITH enabled
OPTIONAL MATCH (w:Webhook {id: $id})
RETURN enabled, w {.id, .url, .description, .createdAt} AS webhook
