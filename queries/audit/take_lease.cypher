// Take or renew the sequencer's lease: held by $holder while it renews it, taken over once it lapses. Whether $holder holds it now.
// params: holder, leaseMs
MERGE (t:AuditTree {id: 'audit'})
  ON CREATE SET t.size = 0
SET t.lockedAt = datetime()
WITH t, t.holder = $holder OR t.leaseUntil IS NULL OR t.leaseUntil < datetime() AS held
SET t.holder = CASE WHEN held THEN $holder ELSE t.holder END,
    t.leaseUntil = CASE WHEN held THEN datetime() + duration({milliseconds: $leaseMs})
                   ELSE t.leaseUntil END
RETURN held
