// Every GraphQL document the link explorer (web/explorer/), the meetings page (web/meetings/) and
// their shared sign-in (session.js) send, in one module that imports nothing, so that
// `mappa documents` (dev/documents.py) can read them under Node.js and register each by its
// hash in app/api/trusted_documents.json: production runs registered documents only. A document
// changed here must be registered again (`mappa documents`; `make lint` fails until it is).

export const ME = '{ me { userId agency { id name kind } roles purpose fieldClasses } }';

const REDACTIONS = 'redactions { field fieldClass reason }';
const EDGE = 'source target type since until detail grading { source information handling }';

// The link explorer's.
export const EXPLORER = {
  search: `query Search($text: String!) { searchPeople(text: $text, first: 20) {
    kind score person { id name dateOfBirth ${REDACTIONS} } } }`,
  network: `query Network($id: ID!, $depth: Int!, $limit: Int!, $asAt: Date) {
    network(personId: $id, depth: $depth, limit: $limit, asAt: $asAt) {
    truncated nodes { id kind label } edges { ${EDGE} } } }`,
  path: `query Path($from: ID!, $to: ID!, $maxDepth: Int!, $asAt: Date) {
    shortestPath(fromId: $from, toId: $to, maxDepth: $maxDepth, asAt: $asAt) {
      length nodes { id kind label } edges { ${EDGE} } } }`,
  common: `query Common($ids: [ID!]!, $asAt: Date) {
    commonAssociates(personIds: $ids, asAt: $asAt) { id name } }`,
  offender: `query Offender($id: ID!) { offender(id: $id) {
    id name dateOfBirth aliases pnc category level registeredSexOffender reviewDate
    leadAgency { name } indexOffence currentAddress { line1 town postcode }
    riskOfSeriousHarm { overall assessedOn }
    conditions { id kind text validFrom validTo premisesKind zones { id kind shape validFrom validTo } }
    victims { id name } contacts { relationship householdMember person { id name } }
    associations { person { id name } source information handling }
    ${REDACTIONS}
    alerts(first: 20) { edges { node { id rule severity status raisedAt summary distanceMetres
      counterpart { __typename ... on PersonSummary { id name } ... on Zone { id kind shape }
                    ... on Premises { id premisesName: name premisesKind: kind } }
      ${REDACTIONS} } } } } }`,
};

// The explorer asks for up to MARKS_BATCH offenders' alerts in one request (the API allows 15
// aliases an operation): one document for each batch size, 1 to MARKS_BATCH, its variables
// $o0, $o1, ... the offenders' ids.
export const MARKS_BATCH = 10;

export function marks(size) {
  const indices = [...Array(size).keys()];
  const params = indices.map((i) => `$o${i}: ID!`).join(', ');
  const fields = indices.map((i) => `o${i}: alerts(filter: {offenderId: $o${i}}, first: 20) {
      edges { node { id rule severity status } } }`).join('\n');
  return `query Marks(${params}) { ${fields} }`;
}

// The meetings page's.
const ACTION = `id text dueOn overdue status offender { id name }
  ownerAgency { id name kind } ownerOfficer { id name }`;
export const MEETINGS = {
  meetings: `query Meetings($from: Date!) {
    meetings(filter: {from: $from}, first: 50) { edges { node {
      id level area date status chair { id name } } } } }`,
  meeting: `query Meeting($id: ID!) { meeting(id: $id) {
    id level area date status chair { id name }
    invited { agency { id name kind } attended }
    agenda { id position minutes
      offender { id name level redactions { field fieldClass reason } }
      openAlerts(first: 20) { edges { node { id rule severity } } }
      overdueActions { ${ACTION} }
      decision { levelBefore level nextReviewDate decidedAt } } } }`,
  actions: `query Actions($filter: ActionFilter, $after: String) {
    actions(filter: $filter, first: 100, after: $after) {
      edges { node { ${ACTION} } } pageInfo { hasNextPage endCursor } } }`,
};
