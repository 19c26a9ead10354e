"""``triage demo`` trains the points model in the command line's language."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from service.cli import demo_command, language


@pytest.mark.parametrize("lang", ["de", "en"])
def test_demo_trains_in_the_language_of_the_command_line(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_train(config: Any, **kwargs: Any) -> Any:
        seen.update(kwargs)
        return SimpleNamespace(promoted=True, model_version="1", failed_gates=[])

    import models.training
    import service.model_runtime

    monkeypatch.setattr(models.training, "train", fake_train)
    monkeypatch.setattr(
        service.model_runtime, "load_model_runtime", lambda _: SimpleNamespace(available=False)
    )
    monkeypatch.setattr(language, "_chosen", lang)
    demo_command._train(SimpleNamespace())  # type: ignore[arg-type]
    assert seen["lang"] == lang
