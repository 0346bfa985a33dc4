// The newest alert's sequence (0 before the first): subscribers in every process poll it.
// params: none
OPTIONAL MATCH (h:AlertHead {id: 'alerts'})
RETURN coalesce(h.sequence, 0) AS sequence
