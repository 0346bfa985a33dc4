// The key of the Place each address is at (as the create statements MERGE it), in the order given: for the bulk import, which writes the places itself.
// params: addresses
UNWIND $addresses AS address
RETURN collect(@place_key(address)) AS keys
