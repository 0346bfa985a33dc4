"""Liveness and readiness for orchestrators and the quick start."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter()


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up (says nothing about Neo4j)."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """Ready only while Neo4j answers; 503 otherwise."""
    ready = await request.app.state.graph.is_ready()
    return JSONResponse(
        {"ready": ready, "neo4j": "up" if ready else "unreachable"},
        status_code=200 if ready else 503,
    )
