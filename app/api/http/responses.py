"""GraphQL over HTTP's two media types (the GraphQL-over-HTTP specification).

A client that accepts `application/graphql-response+json` (and prefers it to `application/json`)
gets that media type, and its status codes: a request error, one raised before execution (bad
syntax, a failed validation, a refusal), has no `data` and a 4xx or 5xx status naming its code;
an executed operation answers 200, with `data` (null or not) and any field errors beside it.
Under `application/json`, the legacy type, every answer is 200 (but 413 and 429, which say more
about the request than about GraphQL).
"""

from typing import Any

from strawberry.http import GraphQLHTTPResponse

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"

# The status of a request error under application/graphql-response+json, by its code.
REQUEST_ERROR_STATUS = {
    "VALIDATION": 400, "QUERY_TOO_COMPLEX": 400, "PURPOSE_REQUIRED": 400,
    "UNAUTHENTICATED": 401, "FORBIDDEN": 403, "RATE_LIMITED": 429, "UNAVAILABLE": 503,
}


def _weights(accept: str) -> dict[str, float]:
    """Each media range of an Accept header and its q."""
    weights = {}
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[media.lower()] = q
    return weights


def media_type(accept: str | None) -> str:
    """application/graphql-response+json when the client accepts it at least as much as JSON."""
    weights = _weights(accept or "")
    preferred = weights.get(GRAPHQL_RESPONSE, 0.0)
    return GRAPHQL_RESPONSE if preferred > 0 and preferred >= weights.get(JSON, 0.0) else JSON


def status_of(answer: GraphQLHTTPResponse | list[GraphQLHTTPResponse], media: str) -> int:
    if media != GRAPHQL_RESPONSE or not isinstance(answer, dict) or "data" in answer:
        return 200
    errors: list[Any] = answer.get("errors") or []
    code = errors[0].get("extensions", {}).get("code") if errors else None
    return REQUEST_ERROR_STATUS.get(str(code), 500)
