"""GraphiQL that works offline and opens signed in as a demo persona (development only).

Strawberry's GraphiQL page loads React, GraphiQL, its explorer plugin and js-cookie from a public
CDN, which our machines cannot reach. `web/package.json` pins exactly the versions that page asks
for, `make setup` installs them into `web/node_modules` (`npm ci`), and here:

- `GraphiQLRouter` renders strawberry's page with each CDN URL replaced by one under
  `/graphiql-assets/` (the integrity attributes stay: the local files are the same bytes), and
  strawberry's own script replaced by ours (`web/graphiql/graphiql.js`, served at
  `/graphiql-page/`), given the chosen persona (`/graphql?persona=<user id>`, else the first):
  its headers (a development token, a purpose of use) and example operations for its role
  (`web/graphiql/examples/`), as tabs; a picker on the page changes persona;
- `mount_graphiql_assets` serves exactly those files (and their source maps) from
  `web/node_modules`, and our script, nothing else.

Without `web/node_modules`, or with versions that differ from the page's, the IDE answers a short
page that says what to run instead; the API itself never depends on these files. In production
GraphiQL is off (create_app gives no IDE), so neither the page nor a persona's token is served.
"""

import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from strawberry.fastapi import GraphQLRouter
from strawberry.http.ides import get_graphql_ide_html

from app.api.http.personas import (
    DevPersona,
    demo_personas,
    persona_listing,
    persona_named,
    persona_token,
    purpose_of,
)
from app.core.enums import Role
from app.settings import PROJECT_ROOT, Settings

ContextT = TypeVar("ContextT")
RootValueT = TypeVar("RootValueT")

WEB_DIR = PROJECT_ROOT / "web"
ASSETS_URL = "/graphiql-assets"
PAGE_URL = "/graphiql-page"  # our script, from web/graphiql
PAGE_SCRIPT = "graphiql.js"
# Strawberry's own script: the page's one <script> without attributes.
_STRAWBERRY_SCRIPT = re.compile(r"<script>.*?</script>", re.DOTALL)

# The example operations (web/graphiql/examples/<name>.graphql) each role opens with.
CASE_WORK = ("me", "caseload", "profile", "network", "alerts", "alert-raised")
EXAMPLES = {Role.AUDITOR: ("me", "audit-trail", "verify-audit-chain"),
            Role.ADMIN: ("me", "webhooks")}

# src="https://<cdn>/<package>@<version>/<file>" (package may be scoped: @scope/name).
_CDN_URL = re.compile(
    r'(?P<attribute>src|href)="https://[^/"]+/'
    r'(?P<package>(?:@[\w.-]+/)?[\w.-]+)@(?P<version>[\w.-]+)/(?P<file>[^"]+)"'
)


@dataclass(frozen=True)
class Asset:
    """One file the page loads: `package@version/file` on the CDN, `package/file` here."""

    package: str
    version: str
    file: str

    @property
    def path(self) -> str:
        """Relative to web/node_modules, and to /graphiql-assets."""
        return f"{self.package}/{self.file}"


def page_assets(page: str) -> list[Asset]:
    """The CDN files a page loads, in order."""
    return [Asset(m["package"], m["version"], m["file"]) for m in _CDN_URL.finditer(page)]


def localise(page: str) -> str:
    """The page with each CDN URL replaced by its /graphiql-assets/ URL."""
    return _CDN_URL.sub(
        lambda m: f'{m["attribute"]}="{ASSETS_URL}/{m["package"]}/{m["file"]}"', page
    )


def missing_assets(page: str, node_modules: Path) -> list[str]:
    """What the page needs that web/node_modules lacks (a wrong version counts as missing)."""
    missing = []
    for asset in page_assets(page):
        manifest = node_modules / asset.package / "package.json"
        installed = json.loads(manifest.read_text())["version"] if manifest.is_file() else None
        if installed != asset.version or not (node_modules / asset.path).is_file():
            found = f" (found {installed})" if installed else ""
            missing.append(f"{asset.package}@{asset.version}/{asset.file}{found}")
    return missing


def _not_installed_page(missing: list[str], web_dir: Path) -> str:
    items = "".join(f"<li><code>{html.escape(name)}</code></li>" for name in missing)
    return f"""<!doctype html>
<html>
  <head><title>GraphiQL: assets not installed</title></head>
  <body style="font-family: sans-serif; max-width: 48rem; margin: 3rem auto">
    <h1>GraphiQL's assets are not installed</h1>
    <p>GraphiQL is served from local files, not a CDN, and these are missing from
      <code>{html.escape(str(web_dir / "node_modules"))}</code>:</p>
    <ul>{items}</ul>
    <p>Run <code>make setup</code> (it runs <code>npm ci</code> in <code>web/</code>),
      then reload this page. The GraphQL API at this address works without them.</p>
  </body>
</html>
"""


def graphiql_html(web_dir: Path, session: dict[str, object]) -> str:
    """Strawberry's GraphiQL page loading its assets from /graphiql-assets/ and running our script
    with `session` (persona_session), or what to run."""
    page = get_graphql_ide_html("graphiql")
    missing = missing_assets(page, web_dir / "node_modules")
    if missing:
        return _not_installed_page(missing, web_dir)
    ours = (f'<script type="application/json" id="mappa-graphiql">{_in_script(session)}</script>'
            f'\n    <script src="{PAGE_URL}/{PAGE_SCRIPT}"></script>')
    page, replaced = _STRAWBERRY_SCRIPT.subn(lambda _: ours, localise(page))
    if replaced != 1:
        raise RuntimeError(f"strawberry's GraphiQL page has {replaced} inline scripts, not one")
    return page


def _in_script(value: object) -> str:
    """JSON that cannot end the <script> element holding it."""
    return (json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def persona_session(settings: Settings, persona: DevPersona, web_dir: Path) -> dict[str, object]:
    """What the page opens with: the persona, the others to pick from, and a tab per example
    operation of its role, each carrying its headers (a development token, a purpose of use)."""
    headers = json.dumps({"Authorization": f"Bearer {persona_token(settings, persona)}",
                          "X-Purpose-Of-Use": purpose_of(persona).value}, indent=2)
    case = persona.first_case
    variables = {"profile": {"id": case}, "network": {"id": case}, "alert-raised": {"after": 0}}
    tabs = [{"query": (web_dir / "graphiql" / "examples" / f"{name}.graphql").read_text(),
             "variables": json.dumps(variables[name], indent=2) if name in variables else None,
             "headers": headers}
            for name in EXAMPLES.get(Role(persona.role), CASE_WORK)]
    return {"persona": persona.officer_id, "personas": persona_listing(), "headers": headers,
            "tabs": tabs}


def _no_personas_page() -> str:
    return """<!doctype html>
<html>
  <head><title>GraphiQL: no demo personas</title></head>
  <body style="font-family: sans-serif; max-width: 48rem; margin: 3rem auto">
    <h1>No demo personas are installed</h1>
    <p>GraphiQL opens as a persona of the demo scenario, which comes with a development install
      of the project (<code>make setup</code>). The GraphQL API at this address works without
      it: send a token from <code>mappa token</code> from any GraphQL client.</p>
  </body>
</html>
"""


def _unknown_persona_page(user_id: str) -> str:
    items = "".join(
        f'<li><a href="?persona={html.escape(p.officer_id)}">{html.escape(p.officer_id)}</a>: '
        f"{html.escape(p.description)}</li>" for p in demo_personas())
    return f"""<!doctype html>
<html>
  <head><title>GraphiQL: no such persona</title></head>
  <body style="font-family: sans-serif; max-width: 48rem; margin: 3rem auto">
    <h1>No demo persona is called <code>{html.escape(user_id)}</code></h1>
    <p>Open GraphiQL as one of these:</p>
    <ul>{items}</ul>
  </body>
</html>
"""


class GraphiQLRouter(GraphQLRouter[ContextT, RootValueT]):
    """strawberry's GraphQLRouter whose GraphiQL page needs no CDN and opens as a demo persona
    (see this module)."""

    web_dir: Path = WEB_DIR  # where package.json, node_modules and graphiql/ are

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        if self.graphql_ide != "graphiql":
            return await super().render_graphql_ide(request)
        settings: Settings = request.app.state.settings
        if settings.is_production:  # create_app gives no IDE there; refuse all the same
            raise HTTPException(404)
        if not demo_personas():
            return HTMLResponse(_no_personas_page(), status_code=404)
        chosen = request.query_params.get("persona") or demo_personas()[0].officer_id
        persona = persona_named(chosen)
        if persona is None:
            return HTMLResponse(_unknown_persona_page(chosen), status_code=404)
        page = graphiql_html(self.web_dir, persona_session(settings, persona, self.web_dir))
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})  # it holds a token


class AllowListedFiles(StaticFiles):
    """StaticFiles over a folder (web/node_modules, web/explorer) that serves only the listed
    files."""

    def __init__(self, directory: Path, allowed: set[str]) -> None:
        super().__init__(directory=directory, check_dir=False)
        self.allowed = allowed

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        if Path(path).as_posix() not in self.allowed:
            return "", None
        return super().lookup_path(path)

    async def check_config(self) -> None:
        """No startup error when web/node_modules is missing: its files answer 404 instead."""


def mount_graphiql_assets(app: FastAPI, web_dir: Path) -> None:
    """Serve the files strawberry's GraphiQL page loads (and their source maps) from web_dir, and
    our script."""
    files = {asset.path for asset in page_assets(get_graphql_ide_html("graphiql"))}
    allowed = files | {f"{path}.map" for path in files}
    app.mount(ASSETS_URL, AllowListedFiles(web_dir / "node_modules", allowed),
              name="graphiql-assets")
    app.mount(PAGE_URL, AllowListedFiles(web_dir / "graphiql", {PAGE_SCRIPT}),
              name="graphiql-page")
