// Whether the caller may see the MAPPA meeting `meeting` (docs/plans-design.md section 2): its agency is invited to it, or the caller is a MAPPA coordinator of a Responsible Authority agency (areaCoordinator, app/access/meetings.py) in the meeting's area. A caller whose role sees no class of case data sees no meeting. The one text of the rule: every query that reads or writes meetings splices it.
// params: agencyId, classes, areaCoordinator
// args: meeting
$classes <> []
  AND (EXISTS { (:Agency {id: $agencyId})-[:INVITED_TO]->(meeting) }
       OR ($areaCoordinator AND EXISTS { MATCH (coordinatorsAgency:Agency {id: $agencyId})
                                         WHERE coordinatorsAgency.area = meeting.area }))
