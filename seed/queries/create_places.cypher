// Create the places several people live at (Approved Premises) from seed rows, ahead of the addresses each case records there.
// params: rows
UNWIND $rows AS r
MERGE (:Place {key: @place_key(r)})
