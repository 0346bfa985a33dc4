"""The meetings page at /meetings: a static page that talks only to the public GraphQL API, for a
MAPPA coordinator preparing a meeting (issue 22): the meetings to come, a meeting's agenda, and the
open actions on its cases by owner agency.

Served as the link explorer is (app/api/http/explorer.py): its page (web/meetings/) sends the
bearer token and the purpose of use with every request to /graphql, so need-to-know and the audit
apply to it as to any other client. It needs no library. In development it signs in as a demo
persona through the explorer's /explore/personas and /explore/dev-token. Its sign-in, its calls to
/graphql and the styles it shares with the explorer come from /common/assets (web/common/).
"""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response

from app.api.http.explorer import CONTENT_SECURITY_POLICY
from app.api.http.graphiql import AllowListedFiles

PAGE_FILES = frozenset({"meetings.js", "meetings.css"})


def mount_meetings_page(app: FastAPI, web_dir: Path) -> None:
    """/meetings, and its own script and style."""
    page_dir = web_dir / "meetings"
    headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-store",
               "X-Content-Type-Options": "nosniff"}

    @app.get("/meetings", include_in_schema=False, response_model=None)
    async def meetings() -> Response:
        return FileResponse(page_dir / "index.html", media_type="text/html", headers=headers)

    app.mount("/meetings/assets", AllowListedFiles(page_dir, set(PAGE_FILES)),
              name="meetings-assets")
