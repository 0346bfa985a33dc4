# The API image for docker compose (the project's own machines run without Docker).
# The link explorer's browser assets, installed from web/package-lock.json.
FROM node:20-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim
ENV UV_PYTHON_DOWNLOADS=never PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /srv/mappa
RUN pip install --no-cache-dir uv
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY app ./app
COPY seed ./seed
COPY queries ./queries
COPY graph_schema ./graph_schema
COPY web/explorer ./web/explorer
COPY --from=web /web/node_modules ./web/node_modules
RUN uv sync --frozen --no-dev
ENV PATH=/srv/mappa/.venv/bin:$PATH
EXPOSE 8000
CMD ["mappa", "serve", "--host", "0.0.0.0"]
