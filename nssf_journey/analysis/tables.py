"""Plain-text tables of analysis results, for the terminal.

Pure functions from results to strings; the CLI prints them.
"""

from __future__ import annotations

from ..units import fmt_share, fmt_time
from .metrics import JourneyAnalysis


def analysis_table(a: JourneyAnalysis, unit: str) -> str:
    """The human-readable report of ``nssf-journey analyze``."""
    j = a.journey
    lines = [
        f"{j.title}  [{j.id}]" + (f"  {j.file}" if j.file else ""),
        f"Exact expected values (absorbing Markov chain); times in {unit}; money in USD.",
        "",
        f"  Lead time (mean)        {fmt_time(a.lead_time_mean, unit)}   (sd {fmt_time(a.lead_time_sd, unit)})",
        f"  Active time (mean)      {fmt_time(a.active_time_mean, unit)}",
        f"  Waiting time (mean)     {fmt_time(a.wait_time_mean, unit)}",
        f"  Flow efficiency         {fmt_share(a.flow_efficiency)}",
        f"  Steps executed          {a.expected_steps:.2f} expected, of {a.distinct_steps} distinct steps",
        f"  Handoffs                {a.handoffs:.2f}",
        f"  Touchpoints             {a.touchpoints:.2f}",
        f"  In-person visits        {a.in_person_visits:.2f}",
        f"  Money spent             USD {a.customer_cost:,.2f}",
        "",
        "Outcomes",
    ]
    width = max((len(o.outcome) for o in a.outcomes), default=7)
    for o in a.outcomes:
        lines.append(
            f"  {o.outcome:<{width}}  {fmt_share(o.probability):>8}  {o.kind:<7}  lead time {fmt_time(o.lead_time_mean, unit)}"
        )
    lines += [
        "",
        f"Most likely path ({fmt_share(a.most_likely_path_probability)}): " + " -> ".join(a.most_likely_path),
        f"Critical path ({fmt_time(a.critical_path_time, unit)}, loops left out): " + " -> ".join(a.critical_path),
        "Loops (rework): " + (", ".join(f"{u} -> {w}" for u, w in a.loops) if a.loops else "none"),
        "",
        "Bottlenecks (share of the expected lead time)",
    ]
    ranked = a.bottlenecks
    sw = max((len(s.step) for s in ranked), default=4)
    for rank, s in enumerate(ranked, start=1):
        lines.append(
            f"  {rank:>2}. {s.step:<{sw}}  {fmt_share(s.share_of_lead_time):>8}  visits {s.expected_visits:5.2f}"
            f"  wait {fmt_time(s.mean_wait, unit):>10}  active {fmt_time(s.mean_duration, unit):>10}"
        )
    if not ranked:
        lines.append("  none: no step takes any time")
    return "\n".join(lines)
