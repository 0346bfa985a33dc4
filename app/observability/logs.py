"""Logs as JSON lines on stdout, one object a line, for a platform's log collector.

Every line has `time`, `level`, `logger` and `message`; a line written while an operation is
served also has its `requestId`; fields passed as `extra` are kept as they are (the operation
line: app/api/operation_log.py). Nothing logs a request body, a token or an answer."""

import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import orjson

# The request id of the operation being served in this context (app/api/operation_log.py).
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)

# What every LogRecord carries: everything else on a record came as `extra`, but for uvicorn's
# `color_message`, its message again with terminal colour codes.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message", "asctime", "taskName", "color_message"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = current_request_id.get()
        if request_id is not None:
            line["requestId"] = request_id
        line.update((k, v) for k, v in record.__dict__.items() if k not in _STANDARD)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def log_config(access_log: bool = False) -> dict[str, Any]:
    """`logging.config.dictConfig` settings: every logger, uvicorn's included, writes JSON lines
    to stdout; uvicorn's access log (method, path and query, status, client address) only when
    asked for, as each operation has its own line."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stdout"}},
        "root": {"handlers": ["stdout"], "level": "INFO"},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True, "level": "INFO"},
            "uvicorn.error": {"handlers": [], "propagate": True, "level": "INFO"},
            "uvicorn.access": {"handlers": [], "propagate": True,
                               "level": "INFO" if access_log else "WARNING"},
        },
    }
