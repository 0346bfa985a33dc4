# The API image for docker compose (the project's own machines run without Docker).
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
RUN uv sync --frozen --no-dev
ENV PATH=/srv/mappa/.venv/bin:$PATH
EXPOSE 8000
CMD ["mappa", "serve", "--host", "0.0.0.0"]
