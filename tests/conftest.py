"""Settings every test process shares.

Production mode needs the audit key (``TRIAGE_AUDIT_KEY``, kept outside the database); the tests
run in production mode, so they get a fixed test key unless one is set. Tests of a missing or
wrong key remove or replace it with ``monkeypatch``.
"""

from __future__ import annotations

import os

os.environ.setdefault("TRIAGE_AUDIT_KEY", "test-audit-key-" + "0123456789abcdef" * 2)
# The service's own daily sweep would run at every app start (catching up the day); tests that
# exercise the schedule drive it with an injected clock (tests/service/test_changes_schedule.py).
os.environ.setdefault("TRIAGE_SWEEP_AT", "off")
