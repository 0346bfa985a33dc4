"""JSON that parses but that the service cannot take, refused as malformed (HTTP 400, WebSocket
close 4400) instead of failing later with a 500: nesting deeper than the parser can go, and text
that is not Unicode (JSON's \\u escapes can spell half a surrogate pair, which no resolver, token
check or the Neo4j driver could encode)."""

import json
import re

HALF_A_SURROGATE_PAIR = re.compile("[\ud800-\udfff]")
# What a JSON text starts with when it is an object or a list (after JSON's own whitespace).
JSON_CONTAINER = re.compile(rb"[ \t\r\n]*[{\[]")


class UnreadableJson(json.JSONDecodeError):
    """Strawberry answers this as it answers malformed JSON."""

    def __init__(self, why: str) -> None:
        super().__init__(why, "", 0)


def decode_json(data: str | bytes) -> object:
    try:
        decoded = json.loads(data)
    except RecursionError:
        raise UnreadableJson("JSON nested too deeply") from None
    if not_unicode(decoded):
        raise UnreadableJson("JSON text that is not Unicode (half a surrogate pair)")
    return decoded


def not_unicode(value: object) -> bool:
    """Whether any string in a decoded JSON value, keys included, is not Unicode text."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if HALF_A_SURROGATE_PAIR.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
