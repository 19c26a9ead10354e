"""Colour contrast of the stylesheet (WCAG 2.1 AA, 1.4.3 and 1.4.11): computed, not eyeballed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "service/static/style.css").read_text()
VARS = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))

#: Text colour on background colour, by custom property or literal (>= 4.5:1).
TEXT_PAIRS = [
    ("text", "bg"),
    ("muted", "bg"),
    ("muted", "panel"),
    ("link", "bg"),
    ("link", "panel"),
    ("#ffffff", "brand"),
    ("error", "bg"),
    ("error", "#fde8e7"),
    ("success", "#eaf6ee"),
    ("text", "warn-bg"),
    ("muted", "warn-bg"),
    ("text", "#e6f0fb"),
    ("text", "focus"),
]
#: Borders and focus indicators that carry meaning (>= 3:1).
UI_PAIRS = [("line", "bg"), ("text", "bg"), ("#ffffff", "brand"), ("error", "bg")]


def _hex(value: str) -> str:
    value = value.strip()
    if value.startswith("var(--"):
        value = VARS[value[6:-1]]
    elif not value.startswith("#"):
        value = VARS[value]
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.lower()


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(_hex(a)), _luminance(_hex(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _coloured_rules() -> list[tuple[str, str, str]]:
    """(selector, color, background) of every rule that sets both."""
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", CSS):
        colour = re.search(r"(?<![-\w])color:\s*([^;]+);", body)
        background = re.search(r"background:\s*([^;]+);", body)
        if (
            colour
            and background
            and "transparent" not in background.group(1)
            and "none" not in background.group(1)
        ):
            found.append((selector.strip(), colour.group(1), background.group(1)))
    return found


def test_the_reference_values_are_right() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize(("fore", "back"), TEXT_PAIRS)
def test_text_colours_reach_4_5_to_1(fore: str, back: str) -> None:
    assert contrast(fore, back) >= 4.5, (fore, back, contrast(fore, back))


@pytest.mark.parametrize(("fore", "back"), UI_PAIRS)
def test_borders_and_focus_reach_3_to_1(fore: str, back: str) -> None:
    assert contrast(fore, back) >= 3.0


def test_every_rule_with_text_and_background_reaches_4_5_to_1() -> None:
    rules = _coloured_rules()
    assert any("tier-p1" in selector for selector, _, _ in rules)  # badges are checked
    poor = [(s, c, b, round(contrast(c, b), 2)) for s, c, b in rules if contrast(c, b) < 4.5]
    assert not poor
