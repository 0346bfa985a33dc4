// One offender the caller may see, by id, as its profile (the offender_profile fragment: withheld classes are null, unselected fields are not read).
// params: id, agencyId, userId, classes, police, fields
MATCH (offender:Person {id: $id})
WHERE offender:Offender AND $classes <> [] AND @visible_case(offender)
RETURN @offender_profile(offender) AS offender
