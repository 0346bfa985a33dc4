// Register a partner system's webhook: it receives, signed with its secret, the alerts its owner (the registering principal) may see.
// params: id, url, description, secret, userId, agencyId, roles
CREATE (w:Webhook {
  id: $id, url: $url, description: $description, secret: $secret, enabled: true,
  ownerUserId: $userId, ownerAgencyId: $agencyId, ownerRoles: $roles, createdAt: datetime()
})
RETURN w.id AS id, w.url AS url, w.description AS description, w.createdAt AS createdAt
