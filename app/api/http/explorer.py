"""The link explorer at /explore: a static page that talks only to the public GraphQL API.

The page (web/explorer/) sends the bearer token and the purpose of use with every request to
/graphql, so need-to-know and the audit apply to it as to any other client; nothing here reads the
graph. Its graph library comes from web/node_modules (pinned in web/package.json and its lock,
installed by `make setup`), served under an allow-list as GraphiQL's assets are.

What it shares with the meetings page (sign-in, the call to /graphql, the header's and sign-in
card's styles) is in web/common/, served at /common/assets under an allow-list of its own.

In development (any environment but production) the page offers the demo personas: /explore/
personas lists them and /explore/dev-token signs a development token for one of them. Neither
route exists in production, where the token comes from the agency's identity provider.
"""

import html
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Body, FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, Response

from app.api.http.graphiql import AllowListedFiles
from app.api.http.personas import persona_listing, persona_named, persona_token
from app.settings import Settings

PAGE_FILES = frozenset({"explore.js", "explore.css"})
# What the explorer and the meetings page (app/api/http/meetings_page.py) share (web/common/):
# sign-in and the call to /graphql, imported by both pages' scripts, and the common styles.
COMMON_FILES = frozenset({"session.js", "documents.js", "common.css"})
COMMON_URL = "/common/assets"
# The UMD builds of cytoscape and its fcose layout (which needs cose-base, then layout-base).
LIBRARY_FILES = (
    "cytoscape/dist/cytoscape.min.js",
    "layout-base/layout-base.js",
    "cose-base/cose-base.js",
    "cytoscape-fcose/cytoscape-fcose.js",
)
# Scripts only from this origin; cytoscape sets inline styles on its canvas container.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def _missing_libraries(node_modules: Path) -> list[str]:
    return [path for path in LIBRARY_FILES if not (node_modules / path).is_file()]


def _not_installed_page(missing: list[str], web_dir: Path) -> str:
    items = "".join(f"<li><code>{html.escape(name)}</code></li>" for name in missing)
    return f"""<!doctype html>
<html lang="en">
  <head><title>Link explorer: assets not installed</title></head>
  <body style="font-family: sans-serif; max-width: 48rem; margin: 3rem auto">
    <h1>The link explorer's graph library is not installed</h1>
    <p>These files are missing from
      <code>{html.escape(str(web_dir / "node_modules"))}</code>:</p>
    <ul>{items}</ul>
    <p>Run <code>make setup</code> (it runs <code>npm ci</code> in <code>web/</code>),
      then reload this page. The GraphQL API at /graphql works without them.</p>
  </body>
</html>
"""


def _development_router(settings: Settings) -> APIRouter:
    """Persona sign-in for the demo scenario; never included in production."""
    router = APIRouter(prefix="/explore")

    @router.get("/personas")
    async def personas() -> list[dict[str, str]]:
        return persona_listing()

    @router.post("/dev-token")
    async def dev_token(user_id: Annotated[str, Body(alias="userId", embed=True)]
                        ) -> dict[str, str]:
        if settings.is_production:  # the router is not mounted there; refuse all the same
            raise HTTPException(404)
        persona = persona_named(user_id)
        if persona is None:
            raise HTTPException(422, f"userId: no demo persona is called {user_id!r}")
        return {"token": persona_token(settings, persona)}

    return router


def mount_common_assets(app: FastAPI, web_dir: Path) -> None:
    """/common/assets: the script and style the explorer and the meetings page share."""
    app.mount(COMMON_URL, AllowListedFiles(web_dir / "common", set(COMMON_FILES)),
              name="common-assets")


def mount_explorer(app: FastAPI, settings: Settings, web_dir: Path) -> None:
    """/explore, its own script and style, the graph library, and (not in production) personas."""
    page_dir = web_dir / "explorer"
    node_modules = web_dir / "node_modules"
    headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-store",
               "X-Content-Type-Options": "nosniff"}

    @app.get("/explore", include_in_schema=False, response_model=None)
    async def explore() -> Response:
        missing = _missing_libraries(node_modules)
        if missing:
            return HTMLResponse(_not_installed_page(missing, web_dir), status_code=503)
        return FileResponse(page_dir / "index.html", media_type="text/html", headers=headers)

    if not settings.is_production:
        app.include_router(_development_router(settings), include_in_schema=False)
    app.mount("/explore/assets", AllowListedFiles(page_dir, set(PAGE_FILES)),
              name="explorer-assets")
    app.mount("/explore/lib", AllowListedFiles(node_modules, set(LIBRARY_FILES)),
              name="explorer-library")
