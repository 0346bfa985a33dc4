// The record of the case of `offender` that `measure` (a map: kind, refersToId) refers to: a licence condition he is subject to (CONDITION), an address he resides at (RESIDENCE), an intervention he attends (INTERVENTION), a case officer who manages him (SUPERVISION); null when it is none of his case's, and for OTHER. A plan's measure points at its case's own records only: the check of draftPlan's input and the link it writes read this one rule.
// params: none
// args: offender, measure
head(COLLECT {
  MATCH (offender)-[targetLink:SUBJECT_TO|RESIDES_AT|ATTENDS|MANAGES]-(measureTarget)
  WHERE measureTarget.id = measure.refersToId AND CASE measure.kind
    WHEN 'CONDITION' THEN type(targetLink) = 'SUBJECT_TO' AND measureTarget:LicenceCondition
    WHEN 'RESIDENCE' THEN type(targetLink) = 'RESIDES_AT' AND measureTarget:Address
    WHEN 'INTERVENTION' THEN type(targetLink) = 'ATTENDS' AND measureTarget:Intervention
    WHEN 'SUPERVISION' THEN type(targetLink) = 'MANAGES' AND measureTarget:CaseOfficer
    ELSE false END
  RETURN measureTarget LIMIT 1
})
