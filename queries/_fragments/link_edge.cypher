// A link as GraphQL's NetworkEdge (a residence is drawn apart, to the address shown for its place): its ends, type, when it began and ended, a contact's relationship, an association's grading.
// params: none
// args: link
{source: startNode(link).id, target: endNode(link).id, type: type(link),
  since: @link_since(link), until: link.to,
  detail: CASE type(link) WHEN 'HAS_CONTACT' THEN link.relationship END,
  grading: CASE type(link) WHEN 'ASSOCIATES_WITH' THEN {source: link.source, information: link.information, handling: link.handling} END}
