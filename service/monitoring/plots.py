"""Plots of the monitoring figures, where people would rather look than read.

Three charts, drawn from the report of :func:`service.monitoring.service.build_report` (the same
figures the page and the API show, small cells already hidden):

* ``departures``: decisions per week (bars) and the share departing from the order (line) with
  its threshold;
* ``drift``: PSI per model feature (bars) with the thresholds for a look and for an alert;
* ``fairness``: per audit attribute the lowest selection-rate ratio per week, with 0.8.

Matplotlib's object API on the Agg canvas, as in :mod:`policy.plots` (thread-safe, no global
backend). Titles and axes come from the message catalogue (German by default).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from fastapi.responses import Response
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from texts import text
from texts.labels import week_label

__all__ = ["PLOTS", "figure", "plot_bytes", "response"]

_BAR = "#4e79a7"
_LINE = "#b2182b"
_WARN = "#f6c85f"
_ALERT = "#b2182b"
_MEDIA = {"svg": "image/svg+xml", "png": "image/png"}


def _new(width: float = 9, height: float = 4.5) -> Figure:
    fig = Figure(figsize=(width, height), dpi=120, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _empty(fig: Figure, title: str, lang: str) -> Figure:
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.text(0.5, 0.5, text("monitoring.plot.empty", lang), ha="center", va="center")
    ax.set_axis_off()
    return fig


def departures_figure(report: dict[str, Any], lang: str = "de") -> Figure:
    rows = [r for r in report["departures"]["by_week"] if not r["suppressed"]]
    fig = _new()
    title = text("monitoring.plot.departures_title", lang)
    if not rows:
        return _empty(fig, title, lang)
    ax = fig.add_subplot()
    weeks = [week_label(r["key"], lang) for r in rows]
    ax.bar(weeks, [r["decisions"] for r in rows], color=_BAR, alpha=0.6)
    ax.set_ylabel(text("monitoring.plot.decisions", lang))
    ax.set_title(title)
    rate = ax.twinx()
    rate.plot(weeks, [r["rate"] for r in rows], color=_LINE, marker="o")
    threshold = report["thresholds"]["departure_rate"]
    rate.axhline(threshold, color=_LINE, linestyle="--", linewidth=1)
    rate.set_ylim(0, max(1.0, threshold * 1.2))
    rate.set_ylabel(text("monitoring.plot.departure_rate", lang))
    ax.tick_params(axis="x", labelrotation=45)
    return fig


def drift_figure(report: dict[str, Any], lang: str = "de") -> Figure:
    rows = [r for r in report["drift"]["features"] if r["psi"] is not None]
    fig = _new(9, 0.9 + 0.35 * max(len(rows), 3))
    title = text("monitoring.plot.drift_title", lang)
    if not rows:
        return _empty(fig, title, lang)
    ax = fig.add_subplot()
    colours = {"ok": _BAR, "warning": _WARN, "alert": _ALERT}
    ax.barh(
        [r["title"] for r in rows],
        [r["psi"] for r in rows],
        color=[colours[r["level"]] for r in rows],
    )
    ax.invert_yaxis()
    for key, colour in (("psi_warn", _WARN), ("psi_alert", _ALERT)):
        ax.axvline(report["thresholds"][key], color=colour, linestyle="--", linewidth=1)
    ax.set_xlabel("PSI")
    ax.set_title(title)
    return fig


def fairness_figure(report: dict[str, Any], lang: str = "de") -> Figure:
    series = report["fairness"]["attributes"]
    fig = _new()
    title = text("monitoring.plot.fairness_title", lang)
    lines = {
        (attribute, which): [
            (week_label(w["week"], lang), w[which]) for w in weeks if w.get(which) is not None
        ]
        for attribute, weeks in series.items()
        for which in ("lowest_ratio", "highest_ratio")
    }
    if not any(lines.values()):
        return _empty(fig, title, lang)
    ax = fig.add_subplot()
    colours: dict[str, Any] = {}
    for (attribute, which), points in lines.items():
        if points:
            name = text(f"monitoring.attribute.{attribute}", lang)
            kind = "lowest" if which == "lowest_ratio" else "highest"
            (line,) = ax.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                marker="o" if kind == "lowest" else "^",
                color=colours.get(attribute),
                label=text(f"monitoring.plot.{kind}", lang, attribute=name),
            )
            colours[attribute] = line.get_color()
    ratio = report["thresholds"]["fairness_ratio"]
    for bound, label in ((ratio, True), (1 / ratio, False)):
        ax.axhline(
            bound,
            color=_LINE,
            linestyle="--",
            linewidth=1,
            label=text("monitoring.plot.threshold", lang) if label else None,
        )
    ax.set_ylim(0, max(1.5, *(p[1] * 1.05 for pts in lines.values() for p in pts)))
    ax.set_ylabel(text("monitoring.plot.ratio", lang))
    ax.set_title(title)
    ax.legend(loc="lower left")
    ax.tick_params(axis="x", labelrotation=45)
    return fig


PLOTS: dict[str, Callable[[dict[str, Any], str], Figure]] = {
    "departures": departures_figure,
    "drift": drift_figure,
    "fairness": fairness_figure,
}


def figure(name: str, report: dict[str, Any], lang: str = "de") -> Figure:
    return PLOTS[name](report, lang)


def plot_bytes(name: str, report: dict[str, Any], fmt: str = "svg", lang: str = "de") -> bytes:
    """One plot as SVG or PNG bytes."""
    if fmt not in _MEDIA:
        raise ValueError(f"unknown plot format {fmt!r}; expected svg or png")
    buffer = io.BytesIO()
    figure(name, report, lang).savefig(
        buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None
    )
    return buffer.getvalue()


def response(name: str, report: dict[str, Any], fmt: str, lang: str = "de") -> Response:
    return Response(
        plot_bytes(name, report, fmt, lang),
        media_type=_MEDIA[fmt],
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )
