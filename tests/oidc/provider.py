"""The test OpenID provider (``provider.mjs``, npm ``oidc-provider``) as a Python helper.

``OpenIdProvider(...)`` starts ``node tests/oidc/provider.mjs`` on a free loopback port; the
issuer is ``http://localhost:<port>``, a different *site* from the app's ``127.0.0.1``, so the
browser treats the provider as cross-site as in production. Without Node.js or the
``oidc-provider`` package (``make node-deps``) the tests that need it are skipped.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CLIENT_ID = "rrk-triage"
CLIENT_SECRET = "test-client-secret-0123456789abcdef"
SERVICE_ID = "rrk-reporting"
SERVICE_SECRET = "test-service-secret-0123456789abcdef"
AUDIENCE = "https://triage.test/api"
OTHER_AUDIENCE = "https://other.test/api"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def skip_without_node() -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the OpenID provider of the tests needs Node.js")
    if not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.skip("npm package oidc-provider missing: run 'make node-deps'")


class OpenIdProvider:
    """A running provider; ``stop()`` ends it."""

    def __init__(
        self,
        *,
        app_url: str,
        accounts: dict[str, dict[str, Any]],
        issuer: str | None = None,
        id_token_ttl: int = 600,
        access_token_ttl: int = 600,
        port: int | None = None,
    ) -> None:
        skip_without_node()
        self.port = port or free_port()
        self.url = f"http://localhost:{self.port}"
        self.issuer = issuer or self.url
        config = {
            "port": self.port,
            "issuer": self.issuer,
            "client": {
                "id": CLIENT_ID,
                "secret": CLIENT_SECRET,
                "redirect_uris": [f"{app_url}/auth/callback"],
                "post_logout_redirect_uris": [f"{app_url}/auth/logged-out"],
            },
            "service": {"id": SERVICE_ID, "secret": SERVICE_SECRET},
            "audiences": [AUDIENCE, OTHER_AUDIENCE],
            "accounts": accounts,
            "id_token_ttl": id_token_ttl,
            "access_token_ttl": access_token_ttl,
        }
        self.log = Path(tempfile.mkstemp(prefix="oidc-provider-", suffix=".log")[1])
        self.process = subprocess.Popen(
            ["node", str(HERE / "provider.mjs"), json.dumps(config)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self.log.open("w"),
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # "listening <port>" (or EOF when it failed)
        if not line.startswith("listening"):
            self.stop()
            raise RuntimeError(f"provider did not start: {line}{self.log.read_text()}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/.well-known/openid-configuration").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)

    def set_claims(self, login: str, **claims: Any) -> None:
        """Change a person's (or the service client's) roles/regions at the provider now."""
        response = httpx.post(f"{self.url}/__test/accounts/{login}", json=claims)
        response.raise_for_status()

    def set_ttl(self, *, id_token: int | None = None, access_token: int | None = None) -> None:
        values = {k: v for k, v in (("id_token", id_token), ("access_token", access_token)) if v}
        httpx.post(f"{self.url}/__test/ttl", json=values).raise_for_status()

    def service_token(self, *, resource: str = AUDIENCE) -> str:
        """A JWT access token of the service client (client credentials grant)."""
        response = httpx.post(
            f"{self.url}/token",
            data={"grant_type": "client_credentials", "resource": resource, "scope": "api"},
            auth=(SERVICE_ID, SERVICE_SECRET),
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.log.unlink(missing_ok=True)
