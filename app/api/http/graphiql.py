"""GraphiQL that works offline: strawberry's own page, its scripts and styles served by us.

Strawberry's GraphiQL page loads React, GraphiQL, its explorer plugin and js-cookie from a public
CDN, which our machines cannot reach. `web/package.json` pins exactly the versions that page asks
for, `make setup` installs them into `web/node_modules` (`npm ci`), and here:

- `GraphiQLRouter` renders strawberry's page with each CDN URL replaced by one under
  `/graphiql-assets/` (the integrity attributes stay: the local files are the same bytes);
- `mount_graphiql_assets` serves exactly those files (and their source maps) from
  `web/node_modules`, nothing else.

Without `web/node_modules`, or with versions that differ from the page's, the IDE answers a short
page that says what to run instead; the API itself never depends on these files.
"""

import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from strawberry.fastapi import GraphQLRouter
from strawberry.http.ides import get_graphql_ide_html

from app.settings import PROJECT_ROOT

ContextT = TypeVar("ContextT")
RootValueT = TypeVar("RootValueT")

WEB_DIR = PROJECT_ROOT / "web"
ASSETS_URL = "/graphiql-assets"

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


def graphiql_html(web_dir: Path) -> str:
    """Strawberry's GraphiQL page loading its assets from /graphiql-assets/, or what to run."""
    page = get_graphql_ide_html("graphiql")
    missing = missing_assets(page, web_dir / "node_modules")
    return _not_installed_page(missing, web_dir) if missing else localise(page)


class GraphiQLRouter(GraphQLRouter[ContextT, RootValueT]):
    """strawberry's GraphQLRouter whose GraphiQL page needs no CDN (see this module)."""

    web_dir: Path = WEB_DIR  # where package.json and node_modules are

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        if self.graphql_ide != "graphiql":
            return await super().render_graphql_ide(request)
        return HTMLResponse(graphiql_html(self.web_dir))


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
    """Serve the files strawberry's GraphiQL page loads (and their source maps) from web_dir."""
    files = {asset.path for asset in page_assets(get_graphql_ide_html("graphiql"))}
    allowed = files | {f"{path}.map" for path in files}
    app.mount(ASSETS_URL, AllowListedFiles(web_dir / "node_modules", allowed),
              name="graphiql-assets")
