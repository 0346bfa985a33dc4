// Subscribes to alertRaised with the npm graphql-ws client, unmodified and through its public API
// only, over the ws package, and prints one JSON line per thing that happens, for
// tests/api/test_graphql_ws_client.py to read:
//
//   {"event":"connecting","retrying":false}   graphql-ws starts a connection attempt
//   {"event":"opened"}                         the WebSocket opened (connection_init is sent)
//   {"event":"connected"}                      the server acknowledged the connection
//   {"event":"alert","alert":{...}}            one alertRaised result
//   {"event":"closed","code":4401,"reason":"..."}
//   {"event":"error","code":4401,"reason":"...","message":"..."}  what the subscription failed with
//                                              (GraphQL errors also give their "codes")
//   {"event":"renewing"}                       subscribing again with a new token (below)
//   {"event":"end","how":"...","alerts":2,"connecting":1,"opened":1,"connected":1}  last line
//
// Every line also has "ms", the milliseconds since the script started.
//
// The subscription runs until it ends (an error, or the server completes it) or standard input
// closes, whichever comes first; then the client is disposed (the socket closed 1000).
//
// graphql-ws reconnects by itself when a connection is lost (not after a final close: 4401,
// 4429, ...), and subscribes again with the payload object it was given. With GRAPHQL_WS_RESUME
// the script keeps `after` in that object at the last sequence received, so that the server
// resumes after it rather than replaying from the first `after`.
//
// The server ends a connection whose token has expired: each subscription fails with an
// UNAUTHENTICATED error, then the socket is closed 4401, which graphql-ws does not retry. With
// GRAPHQL_WS_RENEWED_INIT the script does what a partner system does then: it subscribes again
// (once), and graphql-ws opens a new connection whose connectionParams, a function, give the
// new token's payload.
//
// Settings come from the environment:
//   GRAPHQL_WS_URL             ws://host:port/graphql (required)
//   GRAPHQL_WS_INIT            the connection_init payload, JSON (none when unset)
//   GRAPHQL_WS_QUERY           the subscription document (required)
//   GRAPHQL_WS_VARIABLES       its variables, JSON (e.g. {"after": 12})
//   GRAPHQL_WS_RETRY_ATTEMPTS  graphql-ws's retryAttempts (its default when unset)
//   GRAPHQL_WS_SHOULD_RETRY    "false": shouldRetry answers no (graphql-ws's default when unset)
//   GRAPHQL_WS_RESUME          "true": keep variables.after at the last sequence received
//   GRAPHQL_WS_RENEWED_INIT    the connection_init payload, JSON, once the first token has ended

import { createClient } from "graphql-ws";
import WebSocket from "ws";

const env = process.env;
const json = (name) => (env[name] ? JSON.parse(env[name]) : undefined);
const started = performance.now();
const print = (line) => {
  const ms = Math.round(performance.now() - started);
  process.stdout.write(JSON.stringify({ ...line, ms }) + "\n");
};
const closeOf = (value) =>
  value && typeof value === "object" && "code" in value && "reason" in value
    ? { code: value.code, reason: value.reason }
    : {};

const counts = { connecting: 0, opened: 0, connected: 0 };
const renewed = json("GRAPHQL_WS_RENEWED_INIT");
let payload = json("GRAPHQL_WS_INIT");
const closes = []; // those waiting for the next close
const nextClose = () => new Promise((resolve) => closes.push(resolve));
const options = {
  url: env.GRAPHQL_WS_URL,
  webSocketImpl: WebSocket,
  connectionParams: () => payload, // a partner fetches a current token here
  on: {
    connecting: (retrying) => {
      counts.connecting += 1;
      print({ event: "connecting", retrying });
    },
    opened: () => {
      counts.opened += 1;
      print({ event: "opened" });
    },
    connected: () => {
      counts.connected += 1;
      print({ event: "connected" });
    },
    closed: (event) => {
      print({ event: "closed", ...closeOf(event) });
      closes.splice(0).forEach((resolve) => resolve(event));
    },
  },
};
if (env.GRAPHQL_WS_RETRY_ATTEMPTS) options.retryAttempts = Number(env.GRAPHQL_WS_RETRY_ATTEMPTS);
if (env.GRAPHQL_WS_SHOULD_RETRY === "false") options.shouldRetry = () => false;

const client = createClient(options);
const variables = json("GRAPHQL_WS_VARIABLES") ?? {};
const resume = env.GRAPHQL_WS_RESUME === "true";
let alerts = 0;

const subscription = () =>
  new Promise((resolve) => {
    client.subscribe(
      { query: env.GRAPHQL_WS_QUERY, variables },
      {
        next: (result) => {
          if (result.errors) {
            print({ event: "errors", errors: result.errors });
            return;
          }
          alerts += 1;
          if (resume) variables.after = result.data.alertRaised.sequence;
          print({ event: "alert", alert: result.data.alertRaised });
        },
        error: (error) => {
          // A CloseEvent when the connection was refused or lost for good, a list of GraphQL
          // errors when the server refused or ended the operation, an Error when the client
          // failed.
          const message = Array.isArray(error)
            ? error.map((e) => e.message).join("; ")
            : error instanceof Error ? error.message : String(error.reason ?? error);
          const codes = Array.isArray(error) ? { codes: error.map((e) => e.extensions?.code) } : {};
          print({ event: "error", ...closeOf(error), ...codes, message });
          resolve({ how: "error", error });
        },
        complete: () => resolve({ how: "complete" }),
      },
    );
  });
const tokenEnded = (error) =>
  Array.isArray(error)
    ? error.some((e) => e.extensions?.code === "UNAUTHENTICATED")
    : error?.code === 4401;

const stdinClosed = new Promise((resolve) => {
  process.stdin.on("end", () => resolve({ how: "stdin closed" }));
  process.stdin.resume();
});
let result = await Promise.race([subscription(), stdinClosed]);
if (renewed !== undefined && result.how === "error" && tokenEnded(result.error)) {
  // The 4401 follows the subscription's error: subscribing before it would meet that socket.
  if (Array.isArray(result.error)) await Promise.race([nextClose(), stdinClosed]);
  payload = renewed;
  print({ event: "renewing" });
  result = await Promise.race([subscription(), stdinClosed]);
}
await client.dispose();
print({ event: "end", how: result.how, alerts, ...counts });
process.exit(0);
