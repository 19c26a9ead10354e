"""A demo site for the web tests: a SQLite file with users of every role and generated cases,
the app on it, and helpers to sign in (TestClient) or to serve it to a browser (uvicorn)."""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from service.auth import service as user_service
from service.cases.models import CaseRecord
from service.db.engine import Database
from service.demo import seed_demo
from service.main import create_app
from service.settings import Settings

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
#: Extra users beside the demo's one per role.
EXTRA_USERS = {"policy_b": ("policy", None), "lead_arnsberg": ("rrk_lead", "arnsberg")}


@dataclass
class Site:
    settings: Settings
    app: FastAPI
    tokens: dict[str, str]  # role (or extra user key) -> bearer token

    @property
    def db(self) -> Database:
        return self.app.state.db

    def case_in(self, region: str) -> str:
        """An open case of ``region``."""
        with self.db.read() as session:
            case_id = session.scalars(
                select(CaseRecord.case_id)
                .where(CaseRecord.region == region, CaseRecord.status == "open")
                .order_by(CaseRecord.case_id)
            ).first()
        assert case_id is not None
        return case_id

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://127.0.0.1")


def build_site(directory: Path, *, n_cases: int = 300, **overrides: Any) -> Site:
    """Seed a demo database in ``directory`` and build the app on it (no points model)."""
    settings = Settings(
        mode="demo",
        sqlite_path=directory / "triage.db",
        demo_cases=n_cases,
        demo_seed=11,
        model_uri=None,
        log_level="WARNING",
        **{"demo_decisions": 0, **overrides},  # the tests record their own decisions
    )
    tokens = seed_demo(settings)
    app = create_app(settings)
    with app.state.db.write() as session:
        for key, (role, regions) in EXTRA_USERS.items():
            _, tokens[key] = user_service.create(
                db_session=session,
                name=key.replace("_", "-"),
                role=role,
                regions=regions,
                actor="test",
            )
    return Site(settings, app, tokens)


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client: TestClient, token: str) -> Any:
    """Sign in through the form; returns the response of POST /login (303 on success)."""
    page = client.get("/")
    return client.post(
        "/login", data={"token": token, "csrf_token": csrf_of(page.text)}, follow_redirects=False
    )


class LiveServer:
    """The app under uvicorn in a background thread on a free 127.0.0.1 port."""

    def __init__(self, app: FastAPI) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            access_log=False,
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def signed_in_client(site: Site, key: str) -> TestClient:
    """A TestClient of ``site`` signed in as the user ``key`` (a role or an extra user)."""
    client = site.client()
    response = sign_in(client, site.tokens[key])
    assert response.status_code == 303, response.text
    return client
