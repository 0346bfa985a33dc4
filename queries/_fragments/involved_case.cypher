// Whether the caller's agency is involved in the case of `offender`: it has an open INVOLVED_IN on him (the lead agency always has one). What the case-data writes require, and the first way to see a case (visible_case).
// params: agencyId
// args: offender
EXISTS { (:Agency {id: $agencyId})-[callerInvolvement:INVOLVED_IN]->(offender)
         WHERE @open_involvement(callerInvolvement) }
