"""Relay connections: opaque cursors, `first` capped at 100 (PRODUCT.md section 6)."""

import base64
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

import strawberry

from app.core.errors import Invalid

MAX_FIRST = 100
N = TypeVar("N")

# The arguments of every connection.
First = Annotated[int, strawberry.argument(
    description=f"How many items to return, 1 to {MAX_FIRST}.")]
After = Annotated[str | None, strawberry.argument(
    description="Start after this cursor (an edge's `cursor`, or `pageInfo.endCursor`); omit "
    "it to start at the beginning.")]


@strawberry.type(description="One item of a page, with the cursor that marks its place.")
class Edge(Generic[N]):
    cursor: str = strawberry.field(description="This item's place in the list: give it as "
                                   "`after` for the items that follow it.")
    node: N = strawberry.field(description="The item.")


@strawberry.type(description="Where a page stands in its list (the Relay cursor connections "
                 "specification). Lists page forward: `first` items (1 to 100) `after` a "
                 "cursor.")
class PageInfo:
    has_previous_page: bool = strawberry.field(
        description="Whether `after` was given, so that the item it names, and any before it, "
        "come before this page. Lists page forward only, so this is not looked up again: it "
        "does not tell whether that item is still there for you to see (as the Relay "
        "specification allows when paging forward).")
    has_next_page: bool = strawberry.field(
        description="More items follow this page: ask for them with `after: endCursor`.")
    start_cursor: str | None = strawberry.field(
        description="The cursor of this page's first item; null when the page is empty.")
    end_cursor: str | None = strawberry.field(
        description="The cursor of this page's last item, to give as `after` for the next "
        "page; null when the page is empty.")

    @classmethod
    def of(cls, edges: Sequence[Edge[Any]], *, has_next_page: bool, after: str | None
           ) -> "PageInfo":
        """The page info of `edges`, a page asked for `after` a cursor (or from the start)."""
        return cls(has_previous_page=bool(after), has_next_page=has_next_page,
                   start_cursor=edges[0].cursor if edges else None,
                   end_cursor=edges[-1].cursor if edges else None)


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
