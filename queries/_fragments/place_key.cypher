// The key of the place `address` is at: its postcode without spaces, in capitals, a bar, then its first line folded as people write it differently: lower case, commas, full stops, hyphens and slashes as spaces, apostrophes dropped, single spaces, and the usual abbreviations of a street's kind, and of a flat, written out ('M206LP|flat 4 22 cromwell road' for 'Flat 4, 22 Cromwell Rd.'). Every recorded address keeps what its writer wrote; the addresses that different cases record at one place meet only at the (:Place {key}) holding this, which holds nothing else (graph_schema/MODEL.md). graph_schema/V0016__place_keys.cypher keyed the addresses recorded before it with this same text.
// params: none
// args: address
toUpper(replace(address.postcode, ' ', '')) + '|'
  + reduce(placeKeyLine = '', placeKeyWord IN split(toLower(replace(replace(replace(replace(replace(
        address.line1, ',', ' '), '.', ' '), '-', ' '), '/', ' '), "'", '')), ' ') |
      CASE WHEN placeKeyWord = '' THEN placeKeyLine
           ELSE CASE WHEN placeKeyLine = '' THEN '' ELSE placeKeyLine + ' ' END
             + coalesce({rd: 'road', st: 'street', ave: 'avenue', av: 'avenue', ln: 'lane',
                 dr: 'drive', cres: 'crescent', cl: 'close', ct: 'court', pl: 'place',
                 sq: 'square', gdns: 'gardens', gr: 'grove', tce: 'terrace', terr: 'terrace',
                 pde: 'parade', hts: 'heights', wy: 'way', pk: 'park', bldgs: 'buildings',
                 apt: 'flat', apartment: 'flat'}[placeKeyWord], placeKeyWord) END)
