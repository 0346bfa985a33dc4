"""The audit log's latest signed checkpoint, for anyone to keep (C2SP tlog-checkpoint).

Public, as a transparency log's checkpoints are: it tells how many events the log holds and a
hash of them, nothing about any person or operation, and whoever keeps one (a witness, an
auditor, a partner agency, the regulator) can later catch a log rewritten or cut short with
`mappa audit verify --checkpoint FILE`, without a principal of this service."""

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse

from app.audit.repository import latest_checkpoint
from app.core.errors import Unavailable

router = APIRouter()
PATH = "/audit/checkpoint"


@router.get(PATH)
async def checkpoint(request: Request) -> PlainTextResponse:
    """The latest checkpoint; 404 before the first integration, 503 while Neo4j is away."""
    try:
        latest = await request.app.state.graph.read_one(latest_checkpoint)
    except Unavailable:
        return PlainTextResponse("the audit log cannot be read now: try again\n", 503)
    if latest is None:
        return PlainTextResponse("the audit log has no checkpoint yet\n", 404)
    return PlainTextResponse(latest[1], headers={"Cache-Control": "no-store"})
