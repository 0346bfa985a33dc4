"""GraphQL operations the API tests send and the benchmark times (bench/latency.py): one home for
both, so that bench/ imports no test module."""

ADDRESS = "id line1 town postcode location { latitude longitude }"
PERSON = "id name dateOfBirth redactions { field fieldClass reason }"
OFFENDER_FIELDS_QUERY = f"""
  id name aliases dateOfBirth pnc visorRef category level area reviewDate registeredSexOffender
  leadAgency {{ id name kind }}
  agencies {{ agency {{ id name kind }} basis since until }}
  officers {{ id name role agencyId since }}
  indexOffence
  currentAddress {{ {ADDRESS} }}
  addresses {{ address {{ {ADDRESS} }} kind from to }}
  conditions {{ id kind text validFrom validTo premisesKind
               zone {{ id kind shape geometry radiusMetres }} protectedPerson {{ id }} }}
  riskOfSeriousHarm {{ overall children publicAtLarge knownAdult staff assessedOn tool }}
  contacts {{ relationship householdMember person {{ id name dateOfBirth isChild }} }}
  associations {{ person {{ id name }} sourceAgency source information handling observedAt }}
  victims {{ {PERSON} location {{ {ADDRESS} }} }}
  healthNotes {{ id text recordedOn }}
  lastKnownLocation {{ latitude longitude at }}
  interventions {{ id kind name status start end }}
  complianceEvents {{ id kind at outcome }}
  notifications {{ id kind madeOn dueOn }}
  redactions {{ field fieldClass reason }}
"""
CASELOAD = """query Caseload($filter: OffenderFilter, $first: Int, $after: String) {
  offenders(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id name level currentAddress { id } victims { id } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
SEARCH = """query Search($text: String!, $first: Int) {
  searchPeople(text: $text, first: $first) { person { id name dateOfBirth } score kind }
}"""
PATH = """query Path($from: ID!, $to: ID!, $maxDepth: Int) {
  shortestPath(fromId: $from, toId: $to, maxDepth: $maxDepth) {
    length nodes { id kind label } edges { source target type }
  }
}"""
