// Lints schema.graphql with @graphql-eslint's schema-recommended and schema-relay rules; run by
// `make lint` from the repository root:
//   tools/schema-lint/node_modules/.bin/eslint -c tools/schema-lint/eslint.config.mjs schema.graphql
// Where a rule's default does not fit the contract (PRODUCT.md section 6), or asks less than it,
// its options below say why; no rule is turned off.
import { fileURLToPath } from 'node:url';

import graphqlPlugin from '@graphql-eslint/eslint-plugin';

const schema = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

export default [
  {
    files: ['**/*.graphql'],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: { graphQLConfig: { schema } },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      ...graphqlPlugin.configs['flat/schema-relay'].rules,
      // Every element described, not only types and root fields: a partner reads the schema.
      '@graphql-eslint/require-description': ['error', {
        types: true, rootField: true, DirectiveDefinition: true, FieldDefinition: true,
        InputValueDefinition: true, EnumValueDefinition: true,
      }],
      // Things with an identity of their own carry `id: ID!`. Connections, edges and payloads
      // are shapes of an answer, and these types are values that belong to their parent (a
      // point, a grading, a redaction, a residence period), or are the caller itself
      // (Principal, WebhookOwner: a userId), or proofs computed for the asking (the audit log's):
      // an id made up for them would be noise.
      '@graphql-eslint/strict-id-in-types': ['error', {
        exceptions: {
          suffixes: ['Connection', 'Edge', 'Payload'],
          types: [
            'Association', 'AuditChainStatus', 'AuditConsistencyProof', 'AuditInclusionProof',
            'Contact', 'EmergencyAccessReview', 'GeoPoint',
            'Grading', 'InvitedAgency', 'Involvement', 'LocationFix', 'MeetingDecision', 'Network',
            'NetworkEdge', 'PageInfo',
            'Path', 'PersonHit', 'Principal', 'Redaction', 'Residence', 'RiskOfSeriousHarm',
            'WebhookDelivery', 'WebhookOwner', 'WebhookSecretRotation',
          ],
        },
      }],
      // Lists page forward only (`first`, `after`), as the Relay specification allows.
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
      // Edges are named <Node>Edge, but the contract has no `Node` interface (no refetching by
      // global id), and lists of bounded size are plain lists: only unbounded ones are
      // connections.
      '@graphql-eslint/relay-edge-types': ['error', {
        withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false,
      }],
    },
  },
];
