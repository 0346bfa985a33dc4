// Whether the caller may follow `link`, between `near` and `far`, as it stood on $asAt: the link's class is one the caller holds (code C intelligence only for police; a residence by whose it is, and only one that stood on $asAt), and the link had begun by $asAt (when it has a beginning) and had not ended. The one link rule of the traversals (queries/network/).
// params: asAt, classes, police
// args: link, near, far
CASE type(link)
  WHEN 'OFFENDED_AGAINST' THEN 'VICTIM_IDENTITY' IN $classes
  WHEN 'HAS_CONTACT' THEN 'CONTACTS' IN $classes
  WHEN 'HOUSEHOLD_MEMBER_OF' THEN 'CONTACTS' IN $classes
  WHEN 'ASSOCIATES_WITH' THEN 'INTELLIGENCE' IN $classes AND (link.handling <> 'C' OR $police)
  WHEN 'LOCATED_AT' THEN 'VICTIM_LOCATION' IN $classes
  // A residence runs from the resident to the place, whichever end the walk came from.
  WHEN 'RESIDENT_OF' THEN (@lived_at(near, far) AND @residence_class(near) IN $classes)
    OR (@lived_at(far, near) AND @residence_class(far) IN $classes)
END
AND coalesce(@link_since(link), $asAt) <= $asAt
AND (link.to IS NULL OR link.to > $asAt)
