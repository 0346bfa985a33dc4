// Webhooks whose signing secret is still stored in clear (registered before secrets were sealed), to be sealed.
// params: none
MATCH (w:Webhook)
WHERE w.secret IS NOT NULL
RETURN w.id AS id, w.secret AS secret
