// One head node numbers the alerts (its sequence is the newest alert's) and serialises raising.
CREATE CONSTRAINT alert_head_id IF NOT EXISTS FOR (n:AlertHead) REQUIRE n.id IS UNIQUE;
