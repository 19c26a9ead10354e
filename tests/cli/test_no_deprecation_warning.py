"""The single sign-on client imports without Authlib's deprecation warning (``triage demo``
printed an AuthlibDeprecationWarning between the tokens and "Beenden mit Strg+C")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_sso_client_imports_without_a_deprecation_warning() -> None:
    # A fresh interpreter: in this one the module may be imported already (warnings fire once).
    run = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", "import service.auth.oidc"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Deprecat" not in run.stderr


def test_the_sso_client_talks_through_authlibs_requests_session() -> None:
    from authlib.integrations.requests_client import OAuth2Session

    from service.auth.oidc import _Client

    assert _Client.client_cls is OAuth2Session
