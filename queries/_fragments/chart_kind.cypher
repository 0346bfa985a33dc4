// What `node` is on a chart of links: ADDRESS for an address or a place, else what the caller may see the person as (person_kind: null for one it may not see).
// params: agencyId, userId, classes
// args: node
CASE WHEN node:Address OR node:Place THEN 'ADDRESS' ELSE @person_kind(node) END
