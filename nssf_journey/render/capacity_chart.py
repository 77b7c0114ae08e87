"""The staffing chart of capacity planning: demand on one axis, staff on the other.

For one resource: the fewest servers that meet its targets at each demand level (simulated, dots joined by a
line), theory's answer over a fine range of demand (a dashed step line), today's servers (a horizontal line) and
the demand at which today's servers stop meeting the targets (a vertical line), with the targets in the title.
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

    ``levels`` are (demand, simulated servers); ``theory_curve`` (demand, theory's servers); ``campaign`` marks
    demand levels with a label (a campaign scenario).
    """
    fig = new_figure(6.4, 3.3)
    ax = fig.subplots()
    if theory_curve:
        xs, ys = zip(*theory_curve)
        ax.step(xs, ys, where="post", color="#9ecae1", linewidth=1.4, linestyle="--", label="theory (Erlang / backlog)")
    xs, ys = zip(*levels) if levels else ((), ())
    ax.plot(xs, ys, color=P50_COLOUR, marker="o", linewidth=1.8, label="needed (simulated)")
    for x, y in levels:
        ax.annotate(str(y), (x, y), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8,
                    color=P50_COLOUR)
    ax.axhline(today, color=TODAY_COLOUR, linewidth=1.2, linestyle=":", label=f"today: {today}")
    if breaks_at is not None:
        ax.axvline(breaks_at, color=P90_COLOUR, linewidth=1.2, linestyle="--",
                   label=f"today's staff break the target at x{breaks_at:.2f}")
    for x, label in campaign:
        ax.annotate(mpl_text(label), (x, today), textcoords="offset points", xytext=(-3, -14), fontsize=7.5,
                    color="#333333", ha="right")
    top = max([y for _, y in levels] + [y for _, y in theory_curve] + [today])
    ax.set_ylim(0, top * 1.5 + 1)  # headroom for the legend
    lo = min([x for x, _ in levels] + [x for x, _ in theory_curve] + [1.0])
    hi = max([x for x, _ in levels] + [x for x, _ in theory_curve] + [breaks_at or 1.0])
    ax.set_xlim(max(0.0, lo - 0.1), hi + 0.1)
    ax.set_xlabel("demand (x today's arrivals)")
    ax.set_ylabel("servers (staff on duty)")
    ax.set_title(mpl_text(f"{title}\ntarget: {targets}"), loc="left", fontsize=9)
    ax.legend(loc="upper left", fontsize=7.5, frameon=False)
    fig.tight_layout()
    return fig


__all__ = ["staffing_figure"]
