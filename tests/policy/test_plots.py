"""The region chart of a simulation: valid PNG and SVG, German labels, capacity drawn."""

from __future__ import annotations

import io
import itertools
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cases.generator import generate_frames
from policy.plots import plot_bytes, plot_regions, region_figure
from policy.simulation import SimulationResult, simulate
from rules import load_ruleset, with_parameters
from tests.factories import AS_OF


@pytest.fixture(scope="module")
def result() -> SimulationResult:
    baseline = load_ruleset()
    proposal = with_parameters(baseline, {"repeat_min_convictions": 2})
    return simulate(generate_frames(500, seed=3, as_of=AS_OF), baseline, proposal, AS_OF)


def test_png_file_is_a_valid_image(result: SimulationResult, tmp_path: Path) -> None:
    path = plot_regions(result, tmp_path / "out" / "regions.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1650, 900)  # 11 x 6 inches at 150 dpi
    from matplotlib.image import imread

    assert imread(io.BytesIO(data)).shape[:2] == (900, 1650)


def test_svg_file_is_valid_xml_with_german_labels(result: SimulationResult, tmp_path: Path) -> None:
    path = plot_regions(result, tmp_path / "regions.SVG")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    text = path.read_text(encoding="utf-8")
    for words in (
        "Fälle je Bezirksregierung und Stufe",
        "Düsseldorf",
        "Entwurf",
        "bisher",
        "Kapazität für Priorität 1 und Priorität 2 je Woche",
    ):
        assert words in text
    for english in ("baseline", "(cases)", "(tier)", "(draft)", "P1+P2"):
        assert english not in text


def test_the_chart_speaks_the_readers_language_and_names_changes_in_words(
    result: SimulationResult,
) -> None:
    from policy.plots import changes_in_words

    baseline = load_ruleset()
    proposal = with_parameters(baseline, {"repeat_min_convictions": 2})
    changes = changes_in_words(result, baseline, proposal)
    assert changes == ["Mindestzahl der Verurteilungen für Mehrfachtäter: 3 → 2"]
    german = plot_bytes(result, "svg", changes=changes).decode()
    assert "Änderung: Mindestzahl der Verurteilungen" in german
    assert "repeat_min_convictions" not in german
    english = plot_bytes(
        result, "svg", lang="en", changes=changes_in_words(result, baseline, proposal, "en")
    ).decode()
    assert "Cases per district government and tier" in english and "Capacity for" in english
    assert "bisher" not in english and "Fälle" not in english


def test_chart_has_two_stacked_bars_per_region_and_a_capacity_line_each(
    result: SimulationResult,
) -> None:
    ax = region_figure(result, min_cell_size=1).axes[0]  # 1: nothing hidden
    shown = [t for t in result.tiers if t != "NONE"]
    assert len(ax.patches) == len(result.by_region) * 2 * len(shown)
    capacity_lines = ax.collections
    assert len(capacity_lines) == len(result.by_region)
    levels = sorted(float(seg[0][1]) for c in capacity_lines for seg in c.get_segments())
    assert levels == sorted(float(r["capacity"]) for r in result.by_region.values())


def test_omitting_nothing_draws_every_tier(result: SimulationResult) -> None:
    ax = region_figure(result, omit=(), min_cell_size=1).axes[0]
    assert len(ax.patches) == len(result.by_region) * 2 * len(result.tiers)


def test_unknown_formats_are_refused(result: SimulationResult, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        plot_regions(result, tmp_path / "chart.pdf")
    with pytest.raises(ValueError, match="jpg"):
        plot_bytes(result, "jpg")
    assert not (tmp_path / "chart.pdf").exists()


def _hidden_swap(result: SimulationResult) -> tuple[str, str, str, str]:
    """Regions r, s and drawn tiers t, u whose four baseline cells are all hidden, such that one
    case can move r/t <- r/u and s/u <- s/t without changing any total or workload, or whether
    a cell is small: a second caseload a reader cannot tell from the first."""
    from policy.disclosure import protect

    shown = protect(result.to_dict(), fairness=False)["by_region"]
    drawn = [t for t in result.tiers if t not in result.catch_all_tiers]
    selected = set(result.selected_tiers)

    def kind(n: int) -> bool:
        return n < 10

    for r, s in itertools.permutations(result.by_region, 2):
        for t, u in itertools.permutations(drawn, 2):
            if (t in selected) != (u in selected):
                continue
            if any(shown[x]["baseline"][y] is not None for x in (r, s) for y in (t, u)):
                continue
            up = [result.by_region[r]["baseline"][t], result.by_region[s]["baseline"][u]]
            down = [result.by_region[r]["baseline"][u], result.by_region[s]["baseline"][t]]
            if all(kind(n) == kind(n + 1) for n in up) and all(
                n >= 2 and kind(n) == kind(n - 1) for n in down
            ):
                return r, s, t, u
    raise AssertionError("the fixture has no four hidden cells to swap a case between")


def test_a_suppressed_cell_cannot_be_read_from_the_svg(result: SimulationResult) -> None:
    """Issue #14, item 4: the chart hides what the tables hide. Two caseloads that differ only
    in hidden cells (every published total the same) draw the same SVG, byte for byte."""
    import copy
    import dataclasses

    r, s, t, u = _hidden_swap(result)
    by_region = copy.deepcopy(result.by_region)
    by_region[r]["baseline"][t] += 1
    by_region[r]["baseline"][u] -= 1
    by_region[s]["baseline"][u] += 1
    by_region[s]["baseline"][t] -= 1
    other = dataclasses.replace(result, by_region=by_region)
    first, second = plot_bytes(result, "svg"), plot_bytes(other, "svg")
    assert first == second
    assert "weniger als 10 Fällen" in first.decode("utf-8")
    # Without suppression the two would differ: the cells are drawn from the data.
    assert plot_bytes(result, "svg", min_cell_size=1) != plot_bytes(other, "svg", min_cell_size=1)


def test_hidden_cells_are_not_drawn_and_their_bars_are_marked(result: SimulationResult) -> None:
    from policy.disclosure import protect

    shown = protect(result.to_dict(), fairness=False)
    drawn = [t for t in result.tiers if t not in result.catch_all_tiers]
    visible = sum(
        1
        for entry in shown["by_region"].values()
        for side in ("baseline", "proposal")
        for t in drawn
        if entry[side][t] is not None
    )
    figure = region_figure(result)
    [ax] = [a for a in figure.axes if a.patches]
    assert len(ax.patches) == visible
    marks = [t.get_text() for t in ax.texts if t.get_text().endswith("*")]
    assert marks and all(m.startswith("–") or m[:-1].replace(".", "").isdigit() for m in marks)


def test_labels_do_not_overlap_and_the_subtitle_fits(result: SimulationResult) -> None:
    """QA review: region names ran together, the legend squeezed the plot into a third and a
    long list of changes ran off the right edge. Measured on the drawn figure."""
    change = "Parameter „Mindestzahl der Verurteilungen für Wiederholungstäter“ geändert: 3 → 2"
    fig = region_figure(result, changes=[change] * 4)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    box = fig.bbox
    ax = fig.axes[0]
    names = ax.child_axes  # the region names under the before/draft labels
    assert names
    for axis in [ax, *names]:
        extents = [t.get_window_extent(renderer) for t in axis.get_xticklabels() if t.get_text()]
        assert extents
        for left, right in itertools.pairwise(sorted(extents, key=lambda e: e.x0)):
            assert left.x1 < right.x0, (left, right)  # no two tick labels overlap
    title = ax.title.get_window_extent(renderer)
    assert box.x0 <= title.x0 and title.x1 <= box.x1 and title.y1 <= box.y1
    assert ax.get_position().width > 0.6  # the plot takes most of the width
    for legend in fig.legends:
        extent = legend.get_window_extent(renderer)
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1 and extent.y0 >= box.y0
