"""The staffing chart of capacity planning: demand on one axis, staff on the other.

For one resource: the fewest servers that meet its targets at each demand level (simulated, dots joined by a
line, the campaign's dot labelled), theory's answer over a range of demand (a dashed step line), today's servers
(a horizontal line) and the demand at which today's servers stop meeting the targets (a vertical line), with the
target in the title. The chart is small and its legend sits under the axes, so that it stays legible when a
phone shrinks it to its width.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .charts import P50_COLOUR, P90_COLOUR
from .figures import mpl_text, new_figure, styled

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

TODAY_COLOUR = "#555555"


@styled
def staffing_figure(title: str, targets: str, levels: Sequence[tuple[float, int]], today: int,
                    theory_curve: Sequence[tuple[float, int]] = (), breaks_at: float | None = None,
                    campaign: Sequence[tuple[float, str]] = ()) -> "Figure":
    """Servers needed against demand (factor on today's arrivals) for one resource.

    ``title`` heads the chart (may be empty: the report names the resource above it), ``targets`` follows it;
    ``levels`` are (demand, simulated servers); ``theory_curve`` (demand, theory's servers); ``campaign`` marks
    demand levels with a label (a campaign scenario).
    """
    fig = new_figure(5.0, 3.3)
    ax = fig.subplots()
    if theory_curve:
        xs, ys = zip(*theory_curve)
        ax.step(xs, ys, where="post", color="#6baed6", linewidth=1.4, linestyle="--", label="theory")
    xs, ys = zip(*levels) if levels else ((), ())
    ax.plot(xs, ys, color=P50_COLOUR, marker="o", linewidth=1.8, label="needed (simulated)")
    marked = {x for x, _ in campaign}
    for x, y in levels:
        ax.annotate(str(y), (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=9,
                    color=P50_COLOUR, fontweight="bold")
    for x, label in campaign:
        y = next((n for d, n in levels if d == x), today)
        ax.annotate(mpl_text(f"{label} x{x:.2g}"), (x, y), textcoords="offset points", xytext=(-6, -13),
                    fontsize=8.5, color="#333333", ha="right")
    ax.axhline(today, color=TODAY_COLOUR, linewidth=1.2, linestyle=":", label=f"today: {today}")
    if breaks_at is not None:
        ax.axvline(breaks_at, color=P90_COLOUR, linewidth=1.2, linestyle="--",
                   label=f"today's staff break the target at x{breaks_at:.2f}")
    top = max([y for _, y in levels] + [y for _, y in theory_curve] + [today])
    ax.set_ylim(0, top * 1.18 + 1)
    lo = min([x for x, _ in levels] + [x for x, _ in theory_curve] + [1.0])
    hi = max([x for x, _ in levels] + [x for x, _ in theory_curve] + [breaks_at or 1.0] + list(marked))
    ax.set_xlim(max(0.0, lo - 0.05), hi + 0.08)
    ax.set_xlabel("demand (x today's)", fontsize=9)
    ax.set_ylabel("staff on duty", fontsize=9)
    ax.tick_params(labelsize=9)
    heading = f"{title}\n" if title else ""
    ax.set_title(mpl_text(f"{heading}target: {targets}"), loc="left", fontsize=9.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8.5, frameon=False)
    fig.tight_layout()
    return fig


__all__ = ["staffing_figure"]
