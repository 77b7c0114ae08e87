"""The customer journey map of one journey, for its persona (matplotlib).

The classic service-design picture: stages across the top; the steps in the order a typical case meets them,
each drawn in the lane of whoever does it (the customer, NSSF frontstage, NSSF backstage, a partner); how the
customer feels at each step (the emotion curve); numbered pain points, spelt out under the figure so no label
overlaps another; the channel of each step; and, per step, how long it makes the customer wait and how long it
takes to do.

Steps are ordered by the most likely path first; every other step is placed right after the first step already
placed that leads to it; then steps are grouped by stage, in the journey's stage order.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np

from ..model import LANES
from . import style
from .charts import ACTIVE_COLOUR, WAIT_COLOUR, pick_unit
from .figures import mpl_text, new_figure, styled

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..analysis.metrics import JourneyAnalysis
    from ..model import Journey

EMOTION_COLOURS = {-2: "#d55e00", -1: "#e69f00", 0: "#7f7f7f", 1: "#56b4e9", 2: "#0072b2"}
#: Darker tones of the emotion colours for text, which reads at 4.5:1 or more on the map's light grey.
EMOTION_TEXT = {-2: "#a64200", 2: "#005a8c"}
PAIN_COLOUR = "#cc3311"
COLUMN_INCHES = 1.45
LABEL_INCHES = 1.5


def step_order(journey: "Journey", analysis: "JourneyAnalysis") -> list[str]:
    """Step ids in journey-map order: the most likely path; every other step after its first placed
    predecessor (and after that predecessor's next step on the path); then grouped by stage.

    >>> from nssf_journey import analyze
    >>> from nssf_journey.examples import fork
    >>> j = fork(rejected=0.3)   # apply, then rejected (30 %) or paid (70 %): file order apply, rejected, paid
    >>> step_order(j, analyze(j))
    ['apply', 'paid', 'rejected']
    """
    order: list[str] = list(analysis.most_likely_path)
    on_path = set(order)
    preds: dict[str, list[str]] = {s.id: [] for s in journey.steps}
    for s in journey.steps:
        for b in s.next:
            preds[b.to].append(s.id)
    remaining = [s.id for s in journey.steps if s.id not in order]
    while remaining:
        placed = False
        for sid in list(remaining):
            anchors = [order.index(p) for p in preds[sid] if p in order]
            if anchors:
                pos = min(anchors) + 1
                if order[pos - 1] in on_path and pos < len(order) and order[pos] in on_path:
                    pos += 1  # a branch off the path shows after the path's own next step
                while pos < len(order) and order[pos] not in on_path:
                    pos += 1  # after off-path steps placed earlier
                order.insert(pos, sid)
                remaining.remove(sid)
                placed = True
        if not placed:
            order.extend(remaining)
            break
    stages = list(journey.stages)
    for s in journey.steps:
        if s.stage and s.stage not in stages:
            stages.append(s.stage)
    rank = {st: i for i, st in enumerate(stages)}
    pos_of = {sid: i for i, sid in enumerate(order)}
    by_id = journey.step_by_id
    return sorted(order, key=lambda sid: (rank.get(by_id[sid].stage, len(stages)), pos_of[sid]))


@styled
def journey_map_figure(journey: "Journey", analysis: "JourneyAnalysis | None" = None, *,
                       persona_name: str | None = None) -> "Figure":
    """The journey map of ``journey`` as a matplotlib figure (see the module docstring)."""
    from matplotlib.patches import FancyBboxPatch, Rectangle

    if analysis is None:
        from ..analysis.metrics import analyze

        analysis = analyze(journey)
    order = step_order(journey, analysis)
    by_id = journey.step_by_id
    metrics = {s.step: s for s in analysis.per_step}
    n = len(order)
    col = {sid: i for i, sid in enumerate(order)}

    pains: list[tuple[int, str, str]] = []  # (number, step id, text)
    for sid in order:
        for p in by_id[sid].pain_points:
            pains.append((len(pains) + 1, sid, p))
    pain_lines = _pain_legend(pains, by_id, n)

    # Map rows, in data units from the top (y grows downwards).
    stage_h, lane_h, emo_h, pain_rows = 0.55, 1.4, 1.7, max(1, min(4, max(
        (len(by_id[sid].pain_points) for sid in order), default=0)))
    pain_h = 0.42 * pain_rows + 0.2
    y_lanes = stage_h + 0.1
    y_emo = y_lanes + lane_h * len(LANES) + 0.15
    y_pain = y_emo + emo_h + 0.1
    total_h = y_pain + pain_h

    width = LABEL_INCHES + COLUMN_INCHES * max(n, 4)
    map_in = total_h * 0.62
    bars_in = 1.9
    legend_in = 0.2 + 0.19 * len(pain_lines)
    fig = new_figure(width, map_in + bars_in + legend_in + 1.0)
    gs = fig.add_gridspec(3, 1, height_ratios=[map_in, bars_in, max(legend_in, 0.01)], hspace=0.12,
                          left=LABEL_INCHES / width, right=1 - 0.1 / width, top=1 - 0.85 / fig.get_figheight(),
                          bottom=0.02)
    ax = fig.add_subplot(gs[0])
    axb = fig.add_subplot(gs[1])
    axl = fig.add_subplot(gs[2])
    for a in (ax, axl):
        a.set_axis_off()
    ax.set_xlim(-0.5, max(n, 4) - 0.5)
    ax.set_ylim(total_h, 0)

    who = f"{persona_name}: " if persona_name else ""
    fig.suptitle(mpl_text(f"Journey map \u2014 {who}{journey.title}"), x=0.01, ha="left", fontsize=12,
                 fontweight="bold")

    from matplotlib.patches import Patch

    handles = [Patch(facecolor=c, edgecolor="#555555", label=lab) for c, lab in zip(style.HEAT_COLOURS,
                                                                                    style.HEAT_LABELS)]
    handles += [Patch(facecolor=style.LIFE_FILL, edgecolor=style.LIFE_LINE, linestyle=":", label="set by life"),
                Patch(facecolor=style.SUCCESS_FILL, edgecolor=style.SUCCESS_LINE, label="success"),
                Patch(facecolor=style.FAILURE_FILL, edgecolor=style.FAILURE_LINE, label="failure"),
                Patch(facecolor="white", edgecolor="#333333", linewidth=2.0, label="measured"),
                Patch(facecolor="white", edgecolor="#555555", linestyle="--", label="assumed")]
    # At the left, under the title: a map wider than the screen scrolls, and its key must be seen with it.
    fig.legend(handles=handles, loc="upper left", ncol=len(handles), fontsize=8, frameon=False,
               title=style.HEAT_TITLE.lower() + "; outcomes; how sure the numbers are (border)", title_fontsize=8,
               handlelength=1.2,
               columnspacing=1.0, bbox_to_anchor=(0.01, 1 - 0.3 / fig.get_figheight()), alignment="left")

    def row_label(y: float, text: str, **kw) -> None:
        ax.text(-0.55, y, text, ha="right", va="center", fontsize=8.5, clip_on=False, **kw)

    # Stages.
    groups: list[tuple[str | None, int, int]] = []
    for i, sid in enumerate(order):
        st = by_id[sid].stage
        if groups and groups[-1][0] == st:
            groups[-1] = (st, groups[-1][1], i)
        else:
            groups.append((st, i, i))
    shades = ("#dbe9f6", "#c6dbef")
    for k, (st, a, b) in enumerate(groups):
        ax.add_patch(Rectangle((a - 0.48, 0.02), b - a + 0.96, stage_h - 0.04, facecolor=shades[k % 2],
                               edgecolor="none"))
        ax.text((a + b) / 2, stage_h / 2, mpl_text(_fit(st or "", 15 * (b - a + 1))), ha="center",
                va="center", fontsize=9, fontweight="bold", color="#08306b")
    row_label(stage_h / 2, "Stage", fontweight="bold")

    # Lanes and step boxes.
    for li, lane in enumerate(LANES):
        y0 = y_lanes + li * lane_h
        ax.add_patch(Rectangle((-0.5, y0), max(n, 4), lane_h, facecolor=style.LANE_FILL[lane],
                               edgecolor="#d0d0d0", linewidth=0.6))
        row_label(y0 + lane_h / 2, style.LANE_TITLE[lane], fontweight="bold")
        if lane == "backstage":
            ax.plot([-0.5, max(n, 4) - 0.5], [y0, y0], color="#888888", linestyle=(0, (4, 3)), linewidth=0.8)
            ax.text(-0.55, y0, "line of visibility", ha="right", va="center", fontsize=7, color="#595959",
                    clip_on=False)
    centres: dict[str, tuple[float, float]] = {}
    for sid in order:
        s = by_id[sid]
        lane = journey.actor_by_id[s.actor].lane
        li = LANES.index(lane) if lane in LANES else 0
        x, y0 = col[sid], y_lanes + li * lane_h
        m = metrics[sid]
        if s.is_terminal:
            ok = journey.outcome(s.outcome).is_success
            fill, edge = (style.SUCCESS_FILL, style.SUCCESS_LINE) if ok else (style.FAILURE_FILL, style.FAILURE_LINE)
            ink, lw = "#000000", 1.6
        elif style.is_life_wait(m):
            fill, edge, ink, lw = style.LIFE_FILL, style.LIFE_LINE, "#000000", 1.0
        else:
            heat = style.heat_share(m, analysis)
            fill, edge, ink, lw = style.heat_colour(heat), "#555555", style.heat_text_colour(heat), 0.8
        line = ":" if not s.is_terminal and style.is_life_wait(m) else "-"
        evidence = style.step_evidence(s) if not s.is_terminal else None
        if evidence == "measured" and line == "-":
            edge, lw = "#333333", 2.0
        elif evidence == "assumed" and line == "-":
            line = "--"
        box = FancyBboxPatch((x - 0.44, y0 + 0.1), 0.88, lane_h - 0.2, boxstyle="round,pad=0,rounding_size=0.08",
                             facecolor=fill, edgecolor=edge, linewidth=lw, linestyle=line)
        ax.add_patch(box)
        centres[sid] = (x, y0 + lane_h / 2)
        name = "\n".join(_wrap(s.name, 18, 4))
        ax.text(x, y0 + 0.16, mpl_text(name), ha="center", va="top", fontsize=7.8, color=ink,
                fontweight="bold" if not s.is_terminal else "normal", linespacing=1.05)
        foot = style.short_channel(s.channel) if s.channel else ""
        if s.is_terminal:
            foot = ("success" if journey.outcome(s.outcome).is_success else "failure") + (f" \u00b7 {foot}" if foot else "")
        if foot:
            ax.text(x, y0 + lane_h - 0.14, mpl_text(_fit(foot, 22)), ha="center", va="bottom", fontsize=7,
                    color=ink, style="italic")
    # Connectors between consecutive steps that follow each other.
    for a_id, b_id in zip(order, order[1:]):
        if any(br.to == b_id for br in by_id[a_id].next):
            (xa, ya), (xb, yb) = centres[a_id], centres[b_id]
            ax.annotate("", xy=(xb - 0.44, yb), xytext=(xa + 0.44, ya),
                        arrowprops={"arrowstyle": "-|>", "color": "#555555", "lw": 0.8, "shrinkA": 0,
                                    "shrinkB": 0, "mutation_scale": 7})

    # Emotion curve.
    ax.add_patch(Rectangle((-0.5, y_emo), max(n, 4), emo_h, facecolor="#fafafa", edgecolor="#d0d0d0",
                           linewidth=0.6))

    def emo_y(e: float) -> float:
        return y_emo + emo_h / 2 - e * (emo_h / 2 - 0.2) / 2

    ax.plot([-0.5, max(n, 4) - 0.5], [emo_y(0)] * 2, color="#bbbbbb", linewidth=0.6, linestyle="--")
    row_label(y_emo + emo_h / 2, "Feeling", fontweight="bold")
    for e in (2, -2):
        ax.text(-0.47, emo_y(e), "+2 very good" if e > 0 else "\u22122 very bad", fontsize=7, va="center",
                ha="left", color=EMOTION_TEXT[e])
    pts = [(col[sid], by_id[sid].emotion) for sid in order if by_id[sid].emotion is not None]
    if pts:
        xs = [p[0] for p in pts]
        ys = [emo_y(p[1]) for p in pts]
        ax.plot(xs, ys, color="#555555", linewidth=1.2, zorder=2)
        for (x, e), yv in zip(pts, ys):
            ax.scatter([x], [yv], s=55, color=EMOTION_COLOURS[e], edgecolor="white", linewidth=0.8, zorder=3)
    else:
        ax.text((max(n, 4) - 1) / 2, y_emo + emo_h / 2, "no emotions recorded for this journey", ha="center",
                va="center", fontsize=8, color="#666666")

    # Pain points: numbered markers per column.
    row_label(y_pain + pain_h / 2, "Pain points", fontweight="bold", color=PAIN_COLOUR)
    for sid in order:
        mine = [p for p in pains if p[1] == sid]
        for k, (num, _, _) in enumerate(mine[:pain_rows]):
            label = str(num) if k < pain_rows - 1 or len(mine) <= pain_rows else f"+{len(mine) - k}"
            ax.text(col[sid], y_pain + 0.3 + 0.42 * k, label, ha="center", va="center", fontsize=7.5,
                    color="white", fontweight="bold",
                    bbox={"boxstyle": "circle,pad=0.25", "facecolor": PAIN_COLOUR, "edgecolor": "none"})

    # Waiting vs active time per step (mean of one pass; with the waits of the branches into the step, averaged
    # over where cases come from).
    if journey.has_branch_waits:
        from ..analysis.metrics import analyze

        per_visit = {m.step: m.mean_wait for m in analyze(journey).per_step}
        waits = np.array([per_visit[sid] for sid in order])
    else:
        waits = np.array([by_id[sid].wait.mean for sid in order])
    active = np.array([by_id[sid].duration.mean for sid in order])
    unit = pick_unit(float((waits + active).max()) if n else 0.0)
    per = {"minutes": 1.0, "hours": 60.0, "days": 1440.0}[unit]
    xs = np.arange(n)
    axb.bar(xs, waits / per, width=0.6, color=WAIT_COLOUR, label="waiting")
    axb.bar(xs, active / per, width=0.6, bottom=waits / per, color=ACTIVE_COLOUR, label="active (touch) time")
    top = float(((waits + active) / per).max()) if n else 1.0
    axb.set_ylim(0, top * 1.35 if top > 0 else 1)
    axb.set_xlim(-0.5, max(n, 4) - 0.5)
    axb.set_xticks([])
    axb.tick_params(labelsize=7)
    for x, w, a in zip(xs, waits, active):
        if w + a > 0:
            parts = []
            if w > 0:
                parts.append(f"wait {style.human_time(w)}")
            if a > 0:
                parts.append(f"do {style.human_time(a)}")
            axb.text(x, (w + a) / per + top * 0.03, "\n".join(parts), ha="center", va="bottom", fontsize=7.5,
                     color="#333333", linespacing=1.0)
    axb.text(-1.3 / width * 0 - (LABEL_INCHES - 0.45) / (width - LABEL_INCHES - 0.1), 0.5,
             f"Time per step\n({unit}, one pass)", ha="right", va="center", fontsize=8.5, fontweight="bold",
             transform=axb.transAxes, clip_on=False)
    axb.legend(loc="upper right", fontsize=7, frameon=False, ncol=2, bbox_to_anchor=(1.0, 1.18))

    # Pain point legend.
    axl.set_xlim(0, 1)
    axl.set_ylim(len(pain_lines) + 0.5, 0)
    for i, line in enumerate(pain_lines):
        axl.text(-LABEL_INCHES / width + 0.01, i + 0.6, mpl_text(line), fontsize=8.5, va="center", ha="left",
                 color="#222222", transform=axl.get_yaxis_transform())
    return fig


def _pain_legend(pains: list[tuple[int, str, str]], by_id, n: int) -> list[str]:
    width = int((LABEL_INCHES + COLUMN_INCHES * max(n, 4)) * 13)
    lines = ["Pain points:"] if pains else []
    for num, sid, text in pains:
        wrapped = textwrap.wrap(f"{num}. {by_id[sid].name}: {' '.join(str(text).split())}", width=width,
                                subsequent_indent="     ")
        lines.extend(wrapped[:3])
    return lines


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    lines = textwrap.wrap(" ".join(str(text).split()), width=width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "\u2026"
    return lines


def _fit(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(width - 1, 1)].rstrip() + "\u2026"
