// The benchmark's peer: MAPPA Link's graph served by @neo4j/graphql (typeDefs.graphql), reads
// only, with no need-to-know filtering, redaction or audit. Started by bench/peer.py.
//
//   NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=... NEO4J_DATABASE=neo4j \
//   PORT=4000 node server.mjs        # prints "listening on 4000" once it serves /graphql

import { readFileSync } from "node:fs";
import { createServer } from "node:http";

import { Neo4jGraphQL } from "@neo4j/graphql";
import { GraphQLScalarType } from "graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const port = Number(required("PORT"));
const database = process.env.NEO4J_DATABASE || "neo4j";
const driver = neo4j.driver(
  required("NEO4J_URI"),
  neo4j.auth.basic(required("NEO4J_USER"), required("NEO4J_PASSWORD")),
);
await driver.verifyConnectivity({ database });

const typeDefs = readFileSync(new URL("./typeDefs.graphql", import.meta.url), "utf8");
// Neo4j DateTime values as ISO 8601 (their own toString), in place of the library's APOC call.
const Instant = new GraphQLScalarType({ name: "Instant", serialize: (value) => String(value) });
const neoSchema = new Neo4jGraphQL({
  typeDefs,
  resolvers: { Instant },
  driver,
  debug: false,
  features: {
    excludeDeprecatedFields: {
      mutationOperations: true,
      aggregationFilters: true,
      aggregationFiltersOutsideConnection: true,
      relationshipFilters: true,
      attributeFilters: true,
    },
  },
});
const schema = await neoSchema.getSchema();
// Fails unless the indexes the type definitions name (the full-text `person_names`) exist.
await neoSchema.assertIndexesAndConstraints({ driver, sessionConfig: { database } });

const yoga = createYoga({
  schema,
  graphqlEndpoint: "/graphql",
  graphiql: false,
  landingPage: false,
  maskedErrors: true,
  logging: "warn",
  context: () => ({ sessionConfig: { database } }),
});

const server = createServer(yoga);
server.listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));

function stop() {
  server.close();
  server.closeAllConnections();
  driver.close().finally(() => process.exit(0));
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
