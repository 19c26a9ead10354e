"""Property-based tests against the OpenAPI schema: no input makes the service answer 5xx.

Each API operation gets a bounded number of generated requests (TRIAGE_FUZZ_EXAMPLES, default
15) so that the run stays short on both databases. Requests carry an admin token, so generation
reaches the handlers instead of stopping at 401. The operations are driven one by one with
Hypothesis (``schemathesis.pytest.from_fixture`` does not run under pytest 9 yet).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.service.conftest import EXAMPLES

MAX_EXAMPLES = int(os.environ.get("TRIAGE_FUZZ_EXAMPLES", "15"))
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


@pytest.fixture
def fuzz_env(make_env):
    env = make_env()
    env.token = env.user("admin", name="fuzzer")
    response = env.client.post(
        "/api/v1/cases/import",
        content=EXAMPLES.read_bytes(),
        headers={**env.auth(env.token), "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 201
    return env


def test_no_operation_answers_5xx(fuzz_env):
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", fuzz_env.app)
    headers = fuzz_env.auth(fuzz_env.token)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as error:  # collect every operation's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {str(error)[:3000]}")
    assert not failures, "\n\n".join(failures)
