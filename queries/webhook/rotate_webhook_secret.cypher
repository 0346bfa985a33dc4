// Give an enabled webhook a new signing secret (sealed); the one it replaces keeps signing beside it for overlapSeconds (none when 0); a secret an earlier version stored in clear is removed. No row when the webhook is disabled.
// params: webhookId, sealedSecret, overlapSeconds
MATCH (w:Webhook {id: $webhookId})
WHERE w.enabled
SET w.previousSealedSecret = CASE WHEN $overlapSeconds > 0 THEN w.sealedSecret END,
    w.previousSecretUntil = CASE WHEN $overlapSeconds > 0
      THEN datetime() + duration({seconds: $overlapSeconds}) END,
    w.sealedSecret = $sealedSecret, w.secretRotatedAt = datetime()
REMOVE w.secret
RETURN w.previousSecretUntil AS previousSecretUntil
