// ACTION_OVERDUE: the OPEN plan actions on these offenders' cases whose due date has passed (one situation per action; marking it DONE or CANCELLED, or moving its due date, ends it).
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})
MATCH (action:PlanAction {offenderId: o.id})
WHERE action.status = 'OPEN' AND action.dueOn < date()
RETURN o.id AS offenderId, action.id AS counterpartId
