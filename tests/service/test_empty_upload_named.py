"""An import with no case names the uploaded file (or "Upload" for a body without a name), never
a placeholder such as ``<file>``."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("files", "content", "name"),
    [
        ({"file": ("empty.jsonl", b"")}, None, "empty.jsonl"),
        (None, b"", "Upload"),
    ],
)
def test_an_empty_import_names_the_upload(env, files, content, name: str) -> None:
    headers = env.auth(env.user("admin"))
    if content is not None:
        headers["Content-Type"] = "application/x-ndjson"
    response = env.client.post(
        "/api/v1/cases/import", files=files, content=content, headers=headers
    )
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert error["path"] == name and error["code"] == "file.empty" and error["case_id"] is None
    assert "<" not in response.text
