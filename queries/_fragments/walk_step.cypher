// Whether a walk may step along `link` from `near` to `far`: the caller may follow the link (link_readable) and may see where it leads: a place, a victim's protected address reached by their LOCATED_AT, or a person it may see (person_kind). Hidden people are neither shown, counted nor crossed.
// params: asAt, classes, police, agencyId, userId
// args: link, near, far
@link_readable(link, near, far)
AND CASE WHEN far:Place THEN true WHEN far:Address THEN far:Protected AND type(link) = 'LOCATED_AT'
  ELSE @person_kind(far) IS NOT NULL
END
