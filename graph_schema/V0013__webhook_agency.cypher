// An agency's webhooks are listed, and counted against MAPPA_WEBHOOKS_PER_AGENCY, by their owning agency.
// Their signing secrets are sealed (encrypted under MAPPA_WEBHOOK_SECRET_KEY) by the code, not here,
// as Cypher cannot encrypt: `mappa migrate` and every delivering process at start-up seal any secret
// still stored in clear (app/alerts/webhooks.py, seal_clear_secrets).
CREATE INDEX webhook_owner_agency IF NOT EXISTS FOR (n:Webhook) ON (n.ownerAgencyId);
