"""Structured logs: one JSON object per line on stdout, each carrying the request id."""

import contextvars
import json
import logging
from datetime import UTC, datetime

# The id of the request being served, for every log line written while serving it.
request_id_var = contextvars.ContextVar("request_id", default="-")

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
}


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class ClientErrorFilter(logging.Filter):
    """Requests Django refuses as suspicious (a Host header that is not ours, too many
    form fields, a body over the limit) are logged at ERROR with a traceback: that is
    the client's doing, answered with our 400 page, so it becomes one warning line. An
    alert on ERROR then means something on our side broke, not that a scanner came by."""

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        return True
