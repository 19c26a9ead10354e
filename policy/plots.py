"""Charts for policy staff: a what-if simulation's tier counts per region.

One chart answers the question policy staff ask of a draft (DOMAIN.md): *what does it do to
each region's workload?* Per region two stacked bars stand side by side, the current rule set
(``bisher``, light) and the draft (``Entwurf``, full colour), stacked by tier with the priority
tiers at the bottom; a dashed line over each pair marks the region's weekly capacity for
P1+P2, so "the dark red and orange part reaches above the line" reads as "over capacity".
The catch-all tier (``NONE``) is left out by default: it is most of any caseload and would
squash every other bar to a sliver; the subtitle says how many cases it holds.

Every number the chart draws - bar segments, the workload over each bar, the case count and
the left-out tiers in the subtitle - comes from :func:`policy.disclosure.protect`, the same
small-cell suppression as the tables (issue #14, item 4): a hidden cell is not drawn at all (the
segments above it sit on the visible ones only, so no height or position depends on it), the bar
gets a mark, and the subtitle says why. Two results that differ only in hidden cells give the
same picture, byte for byte (the SVG's ids use a fixed salt).

Matplotlib is used through its object API with the Agg canvas (no ``pyplot``, no global
backend switch), so the service can render charts in worker threads. Labels are German, the
language of the reader (German unless English is chosen).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from fairness.suppression import MIN_CELL_SIZE
from policy.disclosure import HIDDEN, protect
from policy.simulation import SimulationResult
from rules import RuleSet
from rules.labels import label
from rules.wording import parameter_label, parameter_value
from texts import format_date, format_number, text

__all__ = [
    "OTHER_COLOURS",
    "PLOT_FORMATS",
    "PRIORITY_COLOURS",
    "changes_in_words",
    "plot_bytes",
    "plot_regions",
    "region_figure",
]

PLOT_FORMATS = ("png", "svg")
#: Priority tiers (the rule set's ``queue.priority``) in warm colours from dark to light, in
#: their order; the other tiers in greys. No tier is known by name.
PRIORITY_COLOURS: tuple[str, ...] = ("#b2182b", "#ef8a62", "#f6c85f", "#fddbc7")
OTHER_COLOURS: tuple[str, ...] = ("#7f7f7f", "#a6a6a6", "#cfcfcf", "#e0e0e0")
_BASELINE_ALPHA = 0.45
_WIDTH = 0.36
_OFFSET = _WIDTH / 2 + 0.02  # bar centre from the region's centre
#: Marks a bar with hidden (small) cells.
HIDDEN_MARK = "*"
#: A fixed salt for the ids of the SVG, so equal charts are equal files.
_SVG_SALT = "rrk-triage"


def _palette(tiers: Sequence[str], selected: set[str]) -> dict[str, str]:
    """A colour per tier: priority tiers warm, the others grey, each in its order."""
    out: dict[str, str] = {}
    warm = [t for t in tiers if t in selected]
    grey = [t for t in tiers if t not in selected]
    for colours, group in ((PRIORITY_COLOURS, warm), (OTHER_COLOURS, grey)):
        for i, tier in enumerate(group):
            out[tier] = colours[min(i, len(colours) - 1)]
    return out


def _c(key: str, lang: str, **values: object) -> str:
    return text(f"chart.{key}", lang, **values)


def changes_in_words(
    result: SimulationResult, baseline: RuleSet, proposal: RuleSet, lang: str = "de"
) -> list[str]:
    """Each changed parameter as ``label: before → after`` in words (for the subtitle)."""
    words = []
    for name, values in result.parameters_changed.items():
        ruleset = proposal if name in proposal.parameters else baseline
        if name not in ruleset.parameters:
            continue
        before = baseline.values.get(name, values["baseline"])
        after = proposal.values.get(name, values["proposal"])
        words.append(
            _c(
                "change",
                lang,
                name=parameter_label(ruleset, name, lang),
                before=parameter_value(ruleset, name, before, lang)
                if name in baseline.parameters
                else "–",
                after=parameter_value(ruleset, name, after, lang)
                if name in proposal.parameters
                else "–",
            )
        )
    return words


def region_figure(
    result: SimulationResult,
    *,
    omit: Sequence[str] | None = None,
    lang: str = "de",
    changes: Sequence[str] = (),
    min_cell_size: int = MIN_CELL_SIZE,
) -> Figure:
    """The chart as a :class:`matplotlib.figure.Figure` (Agg canvas attached).

    ``omit``: tiers left out of the bars; default the catch-all tiers (``otherwise``).
    Every word in ``lang``; ``changes``: the changed parameters in words
    (:func:`changes_in_words`), shown in the subtitle. Counts under ``min_cell_size`` (and
    those that would reveal them) are not drawn (:func:`policy.disclosure.protect`).
    """
    shown = protect(result.to_dict(), fairness=False, minimum=min_cell_size)

    def _thousands(value: int | None) -> str:
        return "–" if value is HIDDEN else format_number(value, lang)

    def tier_words(ids: Sequence[str]) -> str:
        return _c("and", lang).join(result.tier_labels[t][lang] for t in ids)

    omit = result.catch_all_tiers if omit is None else tuple(omit)
    regions = list(result.by_region)
    tiers = [t for t in result.tiers if t not in omit]
    omitted = [t for t in result.tiers if t in omit]
    selected = set(result.selected_tiers)
    # Priority tiers at the bottom of each stack, so the capacity line compares with them.
    tiers = [t for t in tiers if t in selected] + [t for t in tiers if t not in selected]
    colour = _palette(tiers, selected)

    fig = Figure(figsize=(11, 6), dpi=150, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    top = 0
    any_hidden = False
    for r, region in enumerate(regions):
        entry = shown["by_region"][region]
        sides = (("baseline", -_OFFSET, _BASELINE_ALPHA), ("proposal", _OFFSET, 1.0))
        for side, (key, offset, alpha) in enumerate(sides):
            bottom = 0
            hidden = False
            for tier in tiers:
                count = entry[key][tier]
                if count is HIDDEN:  # not drawn: nothing on the chart depends on it
                    hidden = True
                    continue
                ax.bar(
                    r + offset,
                    count,
                    _WIDTH,
                    bottom=bottom,
                    color=colour[tier],
                    alpha=alpha,
                    edgecolor="white",
                    linewidth=0.6,
                    zorder=2,
                )
                bottom += count
            workload = entry["workload_baseline" if side == 0 else "workload_proposal"]
            capacity = entry.get("capacity")
            over = workload is not HIDDEN and capacity is not None and workload > capacity
            any_hidden |= hidden
            ax.annotate(
                _thousands(workload) + (HIDDEN_MARK if hidden else ""),
                (r + offset, bottom),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                color="#b2182b" if over else "#333333",
                fontweight="bold" if over else "normal",
            )
            top = max(top, bottom)
        capacity = entry.get("capacity")
        if capacity is not None:
            ax.hlines(
                capacity,
                r - _WIDTH - 0.08,
                r + _WIDTH + 0.08,
                colors="black",
                linestyles="--",
                linewidth=1.4,
                zorder=3,
            )
            top = max(top, capacity)
    ax.set_ylim(0, top * 1.12 if top else 1)

    centres = [r + s for r in range(len(regions)) for s in (-_OFFSET, _OFFSET)]
    ax.set_xticks(centres, [_c("before", lang), _c("draft", lang)] * len(regions), fontsize=8)
    ax.tick_params(axis="x", length=0)
    names = ax.secondary_xaxis(-0.06)
    names.set_xticks(
        range(len(regions)),
        [label("region", r, lang) for r in regions],
        fontsize=11,
        fontweight="bold",
    )
    names.tick_params(length=0)
    names.spines["bottom"].set_visible(False)
    ax.set_ylabel(_c("cases", lang))
    ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: _thousands(int(v))))
    ax.grid(axis="y", color="#e5e5e5", zorder=0)
    ax.set_axisbelow(True)
    for edge in ("top", "right"):
        ax.spines[edge].set_visible(False)

    handles: list[Patch | Line2D] = [
        Patch(color=colour[t], label=result.tier_labels[t][lang]) for t in tiers
    ]
    handles += [
        Patch(facecolor="#555555", alpha=_BASELINE_ALPHA, label=_c("legend_before", lang)),
        Patch(facecolor="#555555", label=_c("legend_draft", lang)),
        Line2D(
            [],
            [],
            color="black",
            linestyle="--",
            label=_c("capacity", lang, tiers=tier_words(result.selected_tiers)),
        ),
    ]
    # Below the plot, in rows: beside it, a long capacity label squeezed the plot into a third.
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=min(len(handles), 4),
        frameon=False,
        fontsize=9,
        title=_c("tier", lang),
        title_fontsize=9,
    )

    fig.suptitle(
        _c("title", lang),
        fontsize=14,
        fontweight="bold",
        x=0.02,
        ha="left",
    )
    subtitle = _c(
        "subtitle",
        lang,
        baseline=result.baseline_ruleset["label"],
        proposal=result.proposal_ruleset["label"],
        day=format_date(result.as_of, lang),
        n=_thousands(shown["n_cases"]),
    )
    if changes:
        subtitle += "\n" + _c("changes", lang, changes="; ".join(changes))
    if omitted:
        left_out = "; ".join(
            _c(
                "omitted_tier",
                lang,
                tier=result.tier_labels[t][lang],
                before=_thousands(shown["baseline"][t]),
                after=_thousands(shown["proposal"][t]),
            )
            for t in omitted
        )
        subtitle += "\n" + _c("omitted", lang, tiers=left_out)
    subtitle += "\n" + _c("bar_number", lang, tiers=tier_words(result.selected_tiers))
    if any_hidden:
        subtitle += "\n" + text("hardening.chart_hidden", lang, mark=HIDDEN_MARK, n=min_cell_size)
    # Wrapped to the figure's width (a long list of changes ran off the right edge).
    wrapped = "\n".join(textwrap.fill(line, width=_SUBTITLE_CHARS) for line in subtitle.split("\n"))
    ax.set_title(wrapped, fontsize=9, loc="left", color="#444444")
    return fig


#: Characters of the subtitle per line at 9 pt on the 11-inch figure.
_SUBTITLE_CHARS = 150


def plot_bytes(
    result: SimulationResult,
    fmt: str = "png",
    *,
    omit: Sequence[str] | None = None,
    lang: str = "de",
    changes: Sequence[str] = (),
    min_cell_size: int = MIN_CELL_SIZE,
) -> bytes:
    """The chart as PNG or SVG bytes (for the API; no file needed), small cells not drawn."""
    if fmt not in PLOT_FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}; expected one of {', '.join(PLOT_FORMATS)}")
    buffer = io.BytesIO()
    figure = region_figure(
        result, omit=omit, lang=lang, changes=changes, min_cell_size=min_cell_size
    )
    with mpl.rc_context({"svg.hashsalt": _SVG_SALT}):
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def plot_regions(
    result: SimulationResult,
    path: str | Path,
    *,
    omit: Sequence[str] | None = None,
    lang: str = "de",
    changes: Sequence[str] = (),
    min_cell_size: int = MIN_CELL_SIZE,
) -> Path:
    """Write the chart to ``path``; ``.png`` or ``.svg`` decides the format."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise ValueError(f"{path.name}: the chart file must end in .png or .svg")
    data = plot_bytes(
        result, fmt, omit=omit, lang=lang, changes=changes, min_cell_size=min_cell_size
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
