// Whether an agency's involvement in a case (its INVOLVED_IN) is open: no `until`, or one after today. An involvement gives nothing from the day its `until` names, without any write.
// params: none
// args: involvement
involvement.until IS NULL OR involvement.until > date()
