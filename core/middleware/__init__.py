"""Middleware for running in production, one concern a module: request logs
(``request_log``), health checks (``health``), response headers (``headers``) and the
outage page (``outage``: why a request got a 503)."""
