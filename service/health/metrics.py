"""Prometheus metrics: requests by route template and status, latency, database errors.

A pure ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware), which also sets the
security headers every response carries. Each app has its own registry, so several apps in one
process (tests) do not collide.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Methods counted under their own name; any other method is counted as ``OTHER`` (issue #14,
#: item 9: random methods must not grow the label set).
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "OTHER"
#: The route label of a request no route matched (any path: never the path itself).
UNMATCHED = "<unmatched>"

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "triage_http_requests_total",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "triage_http_request_duration_seconds",
            "HTTP request duration",
            ["method", "route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.db_unavailable = Counter(
            "triage_database_unavailable_total",
            "Requests answered 503 because the database was unreachable",
            registry=self.registry,
        )
        self.auth_failures = Counter(
            "triage_auth_failures_total",
            "Failed sign-ins and bearer checks (kind: api, login, sso), and those refused "
            "by the throttle (outcome: refused, throttled)",
            ["kind", "outcome"],
            registry=self.registry,
        )
        self.model_ready = Gauge(
            "triage_model_ready", "1 when a points model is loaded", registry=self.registry
        )


def method_label(method: str) -> str:
    """The method as a label: one of :data:`KNOWN_METHODS` or ``OTHER``."""
    return method if method in KNOWN_METHODS else OTHER_METHOD


def hsts_header(max_age: int) -> tuple[bytes, bytes] | None:
    """``Strict-Transport-Security`` for ``max_age`` seconds (``None`` when switched off)."""
    if max_age <= 0:
        return None
    return (b"strict-transport-security", f"max-age={max_age}; includeSubDomains".encode())


class MetricsMiddleware:
    """Counts every request under bounded labels and adds the security headers.

    HSTS is sent on HTTPS responses only (the scheme comes from the socket or, behind
    ``TRIAGE_TRUSTED_PROXIES``, from the proxy's ``X-Forwarded-Proto``); browsers ignore it on
    plain HTTP. A ``Server`` header set by anything below is removed.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics, hsts_seconds: int = 0) -> None:
        self.app = app
        self.metrics = metrics
        self.hsts = hsts_header(hsts_seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status_code = 500
        https = scope.get("scheme") == "https"

        async def send_wrapper(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"server"]
                present = {name for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if https and self.hsts is not None:
                    headers.append(self.hsts)
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route: Any = scope.get("route")
            template = getattr(route, "path", None) or UNMATCHED
            method = method_label(scope.get("method", ""))
            self.metrics.requests.labels(method, template, str(status_code)).inc()
            self.metrics.latency.labels(method, template).observe(time.perf_counter() - start)
