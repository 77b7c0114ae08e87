"""Charts for the report: the lead-time distribution, waiting vs active time per step, a bottleneck Pareto.

Each function takes plain numbers (minutes) and returns a matplotlib :class:`~matplotlib.figure.Figure`;
:func:`~nssf_journey.render.figures.figure_bytes` turns it into SVG or PNG. The lead-time chart takes an array
of simulated lead times, so it shows whatever simulation produced and nothing made up.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

from . import style
from .figures import mpl_text, new_figure, styled

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..analysis.metrics import JourneyAnalysis

WAIT_COLOUR = "#9ecae1"   # light blue: passive waiting
ACTIVE_COLOUR = "#08519c"  # dark blue: active (touch) time
P50_COLOUR = "#0072b2"
P90_COLOUR = "#a64200"  # vermilion, darkened for 4.5:1 text on white
UNIT_LABEL = {"minutes": "minutes", "hours": "hours", "days": "days"}


def pick_unit(minutes: float) -> str:
    """The unit in which a typical value of ``minutes`` reads best.

    >>> pick_unit(45), pick_unit(300), pick_unit(5000)
    ('minutes', 'hours', 'days')
    """
    if minutes >= 2 * 1440:
        return "days"
    if minutes >= 120:
        return "hours"
    return "minutes"


def percentiles(lead_times: Sequence[float] | np.ndarray) -> dict[str, float]:
    """p50 and p90 (and the mean) of simulated lead times, in minutes.

    >>> percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])["p50"]
    5.5
    """
    x = np.asarray(lead_times, dtype=float)
    if x.size == 0:
        raise ValueError("lead_times is empty: simulate at least one case")
    return {"mean": float(x.mean()), "p50": float(np.percentile(x, 50)), "p90": float(np.percentile(x, 90))}


@styled
def lead_time_figure(lead_times: Sequence[float] | np.ndarray, *, title: str = "",
                     deadline: float | None = None) -> "Figure":
    """Histogram and cumulative distribution of simulated lead times (minutes), with p50 and p90 marked."""
    x = np.asarray(lead_times, dtype=float)
    q = percentiles(x)
    unit = pick_unit(q["p50"] if q["p50"] > 0 else q["p90"])
    xs = x / _per(unit)
    fig = new_figure(9.0, 3.4)
    ax_h, ax_c = fig.subplots(1, 2)
    hi = float(np.percentile(xs, 99.5)) if xs.size else 1.0
    shown = xs[xs <= hi] if hi > 0 else xs
    ax_h.hist(shown, bins=40, color="#6baed6", edgecolor="white", linewidth=0.4)
    ax_h.set_xlabel(f"lead time ({UNIT_LABEL[unit]})")
    ax_h.set_ylabel("simulated cases")
    ax_h.set_title("How long cases take")
    levels = np.linspace(0.0, 1.0, min(xs.size, 501))  # the CDF at 501 quantiles: small SVG, same curve
    ax_c.plot(np.quantile(xs, levels), levels, color="#08519c", linewidth=1.6, drawstyle="steps-post")
    ax_c.set_ylim(0, 1.02)
    ax_c.set_xlim(left=0, right=max(hi, 1e-9) * 1.02)
    ax_h.set_xlim(left=0)
    ax_c.set_xlabel(f"lead time ({UNIT_LABEL[unit]})")
    ax_c.set_ylabel("share of cases finished")
    ax_c.set_title("Share of cases finished within a time")
    ax_c.yaxis.set_major_formatter(_percent_formatter())
    for ax in (ax_h, ax_c):
        for key, colour, y in (("p50", P50_COLOUR, 0.95), ("p90", P90_COLOUR, 0.82)):
            v = q[key] / _per(unit)
            ax.axvline(v, color=colour, linestyle="--", linewidth=1.3)
            ax.text(v, y, f" {key} {style.human_time(q[key])}", color=colour, transform=ax.get_xaxis_transform(),
                    fontsize=8.5, va="top", ha="left",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
        if deadline is not None and deadline / _per(unit) <= hi * 1.02:
            ax.axvline(deadline / _per(unit), color="#333333", linestyle=":", linewidth=1.2)
    for key, y in (("p50", 0.5), ("p90", 0.9)):
        ax_c.axhline(y, color="#bbbbbb", linewidth=0.6, zorder=0)
    if title:
        fig.suptitle(title, fontsize=10, x=0.01, ha="left")
    fig.text(0.99, 0.005, f"{x.size:,} simulated cases", ha="right", va="bottom", fontsize=7, color="#555555")
    fig.tight_layout()
    return fig


def _per(unit: str) -> float:
    return {"minutes": 1.0, "hours": 60.0, "days": 1440.0}[unit]


def _percent_formatter():
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=0)


@styled
def wait_active_figure(analysis: "JourneyAnalysis", *, top: int = 12) -> "Figure":
    """Expected waiting and active time per case for each step (the steps that take most time first)."""
    steps = analysis.bottlenecks[:top]
    longest = max((s.expected_time for s in steps), default=0.0)
    unit = pick_unit(longest)
    per = _per(unit)
    names = [_label(s.name, 34) for s in steps]
    waits = np.array([s.expected_visits * s.mean_wait for s in steps]) / per
    active = np.array([s.expected_visits * s.mean_duration for s in steps]) / per
    fig = new_figure(8.0, 0.9 + 0.42 * max(len(steps), 1))
    ax = fig.subplots()
    y = np.arange(len(steps))
    ax.barh(y, waits, color=WAIT_COLOUR, label="waiting", edgecolor="white", linewidth=0.5)
    ax.barh(y, active, left=waits, color=ACTIVE_COLOUR, label="active (touch) time", edgecolor="white",
            linewidth=0.5)
    ax.set_yticks(y, names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(f"expected time per case ({UNIT_LABEL[unit]})")
    total = waits + active
    xmax = float(total.max()) if total.size else 1.0
    ax.set_xlim(0, xmax * 1.28 if xmax > 0 else 1)
    for yi, s, t in zip(y, steps, total):
        ax.text(t + xmax * 0.01, yi, style.human_time(s.expected_time), va="center", fontsize=7.5, color="#333333")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    if not steps:
        ax.text(0.5, 0.5, "no step takes any time", ha="center", va="center", transform=ax.transAxes)
    ax.set_title("Waiting vs active time per step (expected per case)", loc="left")
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class ParetoItem:
    """One bar of the bottleneck Pareto chart: a step of a journey and its expected minutes per case."""

    label: str
    minutes: float
    wait_minutes: float = 0.0


@styled
def pareto_figure(items: Sequence[ParetoItem], *, top: int = 12) -> "Figure":
    """Bottlenecks across journeys, largest first, with the cumulative share of the time they cover."""
    ranked = sorted(items, key=lambda i: -i.minutes)
    total_all = sum(i.minutes for i in ranked)
    shown = ranked[:top]
    unit = pick_unit(max((i.minutes for i in shown), default=0.0))
    per = _per(unit)
    fig = new_figure(8.6, 1.0 + 0.42 * max(len(shown), 1))
    ax = fig.subplots()
    y = np.arange(len(shown))
    waits = np.array([i.wait_minutes for i in shown]) / per
    rest = np.array([i.minutes - i.wait_minutes for i in shown]) / per
    ax.barh(y, waits, color=WAIT_COLOUR, label="waiting", edgecolor="white", linewidth=0.5)
    ax.barh(y, rest, left=waits, color=ACTIVE_COLOUR, label="active (touch) time", edgecolor="white",
            linewidth=0.5)
    ax.set_yticks(y, [_label(i.label, 44) for i in shown], fontsize=8)
    ax.invert_yaxis()
    xmax = float((waits + rest).max()) if shown else 1.0
    ax.set_xlim(0, xmax * 1.42 if xmax > 0 else 1)
    cum = 0.0
    for yi, item in zip(y, shown):
        cum += item.minutes
        share = cum / total_all if total_all > 0 else 0.0
        ax.text(item.minutes / per + xmax * 0.01, yi,
                f"{style.human_time(item.minutes)}  (cum. {100 * share:.0f} %)", va="center", fontsize=7.5,
                color="#333333")
    ax.set_xlabel(f"expected time per case ({UNIT_LABEL[unit]})")
    ax.set_title("Where citizens lose time: bottlenecks across all journeys", loc="left")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def _label(text: str, width: int) -> str:
    lines = textwrap.wrap(" ".join(str(text).split()), width=width) or [""]
    if len(lines) > 2:
        lines = lines[:2]
        lines[1] = lines[1][: width - 1] + "\u2026"
    return mpl_text("\n".join(lines))
