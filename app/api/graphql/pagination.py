"""Relay connections: opaque cursors, `first` capped at 100 (PRODUCT.md section 6)."""

import base64
from typing import Generic, TypeVar

import strawberry

from app.domain.errors import Invalid

MAX_FIRST = 100
N = TypeVar("N")


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


def check_first(first: int) -> int:
    if not 1 <= first <= MAX_FIRST:
        raise Invalid(f"first must be between 1 and {MAX_FIRST}, not {first}", field="first")
    return first


def encode_cursor(kind: str, value: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode()


def decode_cursor(kind: str, cursor: str) -> str:
    """The value inside a cursor this API made for `kind`; VALIDATION for anything else."""
    try:
        decoded = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        decoded = ""
    prefix, _, value = decoded.partition(":")
    if prefix != kind or not value:
        raise Invalid(f"after is not a cursor from this list: {cursor!r}", field="after")
    return value
