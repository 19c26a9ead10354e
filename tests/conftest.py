"""Settings every test process shares.

Production mode needs the audit key (``TRIAGE_AUDIT_KEY``, kept outside the database); the tests
run in production mode, so they get a fixed test key unless one is set. Tests of a missing or
wrong key remove or replace it with ``monkeypatch``.
"""

from __future__ import annotations

import os

os.environ.setdefault("TRIAGE_AUDIT_KEY", "test-audit-key-" + "0123456789abcdef" * 2)
