// The key of the place `address` is at: its postcode without spaces, in capitals, a bar, then its first line in lower case with single spaces ('M206LP|flat 4, 22 cromwell road'). Every recorded address keeps what its writer wrote; the addresses that different cases record at one place meet only at the (:Place {key}) holding this, which holds nothing else (graph_schema/MODEL.md). graph_schema/V0015__places.cypher keyed the addresses recorded before it with this same text.
// params: none
// args: address
toUpper(replace(address.postcode, ' ', '')) + '|'
  + reduce(placeKeyLine = '', placeKeyWord IN split(toLower(trim(address.line1)), ' ') |
      CASE WHEN placeKeyWord = '' THEN placeKeyLine
           WHEN placeKeyLine = '' THEN placeKeyWord
           ELSE placeKeyLine + ' ' + placeKeyWord END)
