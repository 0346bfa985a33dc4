// Whether `offender` passes the caseload's filter (OffenderFilter): each of level, category, area, lead agency given must match, and the text, when given, is in his name or an alias, whatever the case.
// params: level, category, area, leadAgencyId, text
// args: offender
($level IS NULL OR offender.level = $level)
AND ($category IS NULL OR offender.category = $category)
AND ($area IS NULL OR offender.area = $area)
AND ($leadAgencyId IS NULL OR EXISTS { (offender)-[:LEAD_AGENCY]->(:Agency {id: $leadAgencyId}) })
AND ($text IS NULL OR toLower(offender.name) CONTAINS toLower($text)
     OR any(alias IN coalesce(offender.aliases, []) WHERE toLower(alias) CONTAINS toLower($text)))
