// An id as one whole word of the full-text index person_names, whose analyser would split an id at '-', '.' or ':' and lower-case it: each character as the two digits of its place among the characters ids are made of (letters, digits, '.', '_', ':', '-'; any other as 76), so that two ids never share a word, and a word is an id's whole key or nothing of it. search_keys writes people's keys with it; search_people asks for them with it.
// params: none
// args: id
reduce(searchKey = '', idCharacter IN split(id, '') |
  searchKey + toString(10 + size(split('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-', idCharacter)[0])))
