# The API image for docker compose (the project's own machines run without Docker). Every base
# image is pinned to a patch version; tests/unit/test_container_files.py checks this file, compose
# and .dockerignore without an engine.

# GraphiQL's and the link explorer's browser assets, from web/package-lock.json, on Node's
# Active LTS line.
FROM node:26.10.0-trixie-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# The virtual environment, from uv.lock, by uv at the exact version the Makefile pins (from PyPI
# with pip, so the same uv every build); neither uv nor pip's cache reaches the final image.
FROM python:3.11.15-slim-trixie AS build
ARG UV_VERSION=0.13.9
ENV UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
RUN pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"
WORKDIR /srv/mappa
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY app ./app
COPY queries ./queries
COPY graph_schema ./graph_schema
RUN uv sync --frozen --no-dev

FROM python:3.11.15-slim-trixie
# The service's own user: a fixed uid and gid (for volume ownership and Kubernetes'
# runAsNonRoot), no login shell, no home. The code is root's and read-only to it; it writes
# only its state folder (development keys, the development webhook key).
RUN groupadd --system --gid 10001 mappa \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin mappa
WORKDIR /srv/mappa
COPY --from=build /srv/mappa ./
COPY web/explorer ./web/explorer
COPY web/common ./web/common
COPY web/meetings ./web/meetings
COPY --from=web /web/node_modules ./web/node_modules
ENV PATH=/srv/mappa/.venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    MAPPA_STATE_DIR=/srv/mappa/state MAPPA_API_HOST=0.0.0.0
RUN install -d -o 10001 -g 10001 -m 0700 /srv/mappa/state
USER 10001:10001
EXPOSE 8000
CMD ["mappa", "serve"]
