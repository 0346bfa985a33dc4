// Emergency grants are found by id (revocation, review, the grant an alert is about): one each.
CREATE CONSTRAINT emergency_grant_id IF NOT EXISTS FOR (n:EmergencyGrant) REQUIRE n.id IS UNIQUE;
// An EMERGENCY_ACCESS alert raised before grants were linked to their alerts named its grant only
// in its key (rule|offender|grant): link it, so that the case's reviewers see the grant on it.
MATCH (alert:Alert {rule: 'EMERGENCY_ACCESS'})
WHERE NOT EXISTS { (alert)-[:CONCERNS {role: 'COUNTERPART'}]->() }
MATCH (g:EmergencyGrant {id: split(alert.key, '|')[2]})
CREATE (alert)-[:CONCERNS {role: 'COUNTERPART'}]->(g);
