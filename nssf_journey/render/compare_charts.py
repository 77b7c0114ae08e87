"""Charts of a redesign against today: lead-time distributions before and after, and a tornado chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

from . import style
from .charts import UNIT_LABEL, _per, _percent_formatter, pick_unit
from .figures import mpl_text, new_figure, styled

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..analysis.sensitivity import Sensitivity

BEFORE_COLOUR = "#d55e00"  # vermilion: today
AFTER_COLOUR = "#0072b2"   # blue: the redesign


@styled
def before_after_figure(before: Sequence[float] | np.ndarray, after: Sequence[float] | np.ndarray, *,
                        labels: tuple[str, str] = ("as-is", "redesign"), title: str = "") -> "Figure":
    """Share of cases finished within a time, today and with the redesign (simulated lead times in minutes)."""
    a, b = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    unit = pick_unit(float(np.percentile(a, 50)))
    per = _per(unit)
    fig = new_figure(7.5, 3.4)
    ax = fig.subplots()
    levels = np.linspace(0.0, 1.0, 401)
    hi = float(max(np.percentile(a, 99.5), np.percentile(b, 99.5))) / per
    for x, colour, label, dash in ((a, BEFORE_COLOUR, labels[0], "-"), (b, AFTER_COLOUR, labels[1], "-")):
        ax.plot(np.quantile(x / per, levels), levels, color=colour, linewidth=1.8, linestyle=dash,
                drawstyle="steps-post",
                label=mpl_text(f"{label}: p50 {style.human_time(np.percentile(x, 50))}, p90 {style.human_time(np.percentile(x, 90))}"))
    for y in (0.5, 0.9):
        ax.axhline(y, color="#bbbbbb", linewidth=0.6, zorder=0)
    ax.set_xlim(0, max(hi, 1e-9) * 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(f"lead time ({UNIT_LABEL[unit]})")
    ax.set_ylabel("share of cases finished")
    ax.yaxis.set_major_formatter(_percent_formatter())
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    if title:
        ax.set_title(mpl_text(title), fontsize=10, loc="left")
    fig.tight_layout()
    return fig


@styled
def tornado_figure(sens: "Sensitivity", *, top: int = 12, title: str = "") -> "Figure":
    """Tornado chart: how far each uncertain parameter moves the mean lead time over its range.

    Bars run from the lead time at the parameter's low end to that at its high end, around today's value;
    assumed parameters are orange, reported ones blue, measured ones green (and labelled, so colour is not the
    only cue).
    """
    effects = sens.by_lead_time()[:top][::-1]
    unit = pick_unit(sens.lead_time)
    per = _per(unit)
    colours = {"assumed": "#e69f00", "reported": "#56b4e9", "measured": "#009e73"}
    fig = new_figure(8.0, 0.42 * max(len(effects), 1) + 1.3)
    ax = fig.subplots()
    base = sens.lead_time / per
    for i, e in enumerate(effects):
        lo, hi = sorted((e.lead_time_low / per, e.lead_time_high / per))
        ax.barh(i, hi - lo, left=lo, color=colours.get(e.parameter.evidence, "#999999"), height=0.6)
    ax.axvline(base, color="#333333", linewidth=1)
    ax.margins(x=0.04)
    ax.set_yticks(range(len(effects)))
    ax.set_yticklabels([mpl_text(f"{e.parameter.label} ({e.parameter.evidence})") for e in effects], fontsize=8)
    ax.set_xlabel(f"mean lead time ({UNIT_LABEL[unit]}); today {style.human_time(sens.lead_time)}")
    if title:
        ax.set_title(mpl_text(title), fontsize=10, loc="left")
    fig.tight_layout()
    return fig


#: Colours of a waterfall: time saved (blue), time added (vermilion), the totals (grey).
SAVED_COLOUR, ADDED_COLOUR, TOTAL_COLOUR = "#0072b2", "#a64200", "#7f7f7f"


@styled
def waterfall_figure(before: float, steps: Sequence[tuple[str, float]], *, top: int = 6,
                     labels: tuple[str, str] = ("today", "redesign")) -> "Figure":
    """Where a redesign's saving of expected lead time comes from: today's time, minus what each step saves (the
    ``top`` largest by size, the rest as one bar), down to the redesign's time.

    ``steps`` are ``(step name, minutes saved per case)``; they add up to ``before`` minus the redesign's time.
    Bars read left to right in the order of the saving; a negative saving (time added) rises.
    """
    import textwrap

    items = sorted(steps, key=lambda kv: -abs(kv[1]))
    shown, rest = items[:top], items[top:]
    if rest:
        shown.append((f"{len(rest)} other steps", sum(v for _, v in rest)))
    after = before - sum(v for _, v in items)
    unit = pick_unit(max(before, after))
    per = _per(unit)
    names = [labels[0]] + [n for n, _ in shown] + [labels[1]]
    fig = new_figure(7.5, 0.42 * len(names) + 1.2)
    ax = fig.subplots()
    level = before
    y = len(names) - 1
    ax.barh(y, before / per, color=TOTAL_COLOUR, height=0.6)
    ax.text(before / per, y, f" {style.human_time(before)}", va="center", fontsize=9)
    for name, saved in shown:
        y -= 1
        new_level = level - saved
        lo, hi = sorted((new_level, level))
        ax.barh(y, (hi - lo) / per, left=lo / per, color=SAVED_COLOUR if saved >= 0 else ADDED_COLOUR, height=0.6)
        sign = "\u2212" if saved >= 0 else "+"
        ax.text(hi / per, y, f" {sign}{style.human_time(abs(saved))}", va="center", fontsize=9)
        level = new_level
    y -= 1
    ax.barh(y, after / per, color=TOTAL_COLOUR, height=0.6)
    ax.text(after / per, y, f" {style.human_time(after)}", va="center", fontsize=9)
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels([mpl_text(textwrap.shorten(n, 48, placeholder="\u2026")) for n in names[::-1]], fontsize=9)
    ax.set_xlim(0, max(before, after) / per * 1.22)
    ax.set_xlabel(f"average time per case ({UNIT_LABEL[unit]}); blue: time saved at the step")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig
