// Webhooks of partner systems and their deliveries: found by id; due deliveries found by state and time.
CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (n:Webhook) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT delivery_id IF NOT EXISTS FOR (n:Delivery) REQUIRE n.id IS UNIQUE;
CREATE INDEX delivery_due IF NOT EXISTS FOR (n:Delivery) ON (n.state, n.nextAttemptAt);
