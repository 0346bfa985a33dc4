// The offender recorded under a PNC, if any: a duplicate is refused in the same words whether or not the caller may see him.
// params: pnc
MATCH (o:Offender {pnc: $pnc})
RETURN o.id AS id
