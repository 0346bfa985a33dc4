// A node of a chart as GraphQL's NetworkNode: `shown` is {node, shownAs, kind}, where shownAs is the node itself or, for a place, the address the caller is shown for it (place_shown); an address is labelled by its line 1 and postcode, a person by name.
// params: none
// args: shown
{id: shown.shownAs.id, kind: shown.kind,
  label: CASE WHEN shown.kind = 'ADDRESS' THEN shown.shownAs.line1 + ', ' + shown.shownAs.postcode ELSE shown.node.name END}
