"""A simulation result as a short plain-text report (the output of ``nssf-journey simulate``)."""

from __future__ import annotations

from ..units import CURRENCY, MINUTES_PER, UNIT_SHORT
from .results import SimulationResult
from .stats import Summary


def simulation_table(result: SimulationResult, unit: str | None = None) -> str:
    """Lead, active and waiting time, visits, money, outcomes, deadline and resources, times in ``unit``."""
    unit = unit or result.journey.time_unit
    scale = MINUTES_PER[unit]
    u = UNIT_SHORT[unit]
    j = result.journey
    mode = "queueing simulation" if result.mode == "queueing" else "Monte Carlo of independent cases"
    lines = [f"{j.title} ({j.id}): {mode}, {result.cases:,} cases, seed {result.seed}", ""]
    lines.append(f"{'':<22}{'mean':>10}  {'95% CI':>21}  {'p50':>9}  {'p90':>9}  {'p95':>9}")

    def row(label: str, s: Summary, k: float, suffix: str) -> None:
        lo, hi = s.ci95
        lines.append(f"{label + ' (' + suffix + ')':<22}{s.mean / k:>10.4g}  {f'[{lo / k:.4g}, {hi / k:.4g}]':>21}  "
                     f"{s.p50 / k:>9.4g}  {s.p90 / k:>9.4g}  {s.p95 / k:>9.4g}")

    row("lead time", result.lead_time, scale, u)
    row("active time", result.active_time, scale, u)
    row("waiting time", result.wait_time, scale, u)
    if result.mode == "queueing":
        row("  of which queues", result.queue_wait, scale, u)
    row("in-person visits", result.visits, 1.0, "n")
    row("money", result.cost, 1.0, CURRENCY)
    lines.append("")
    lines.append("outcomes: " + ", ".join(f"{o} {p:.1%}" for o, p in result.outcomes.items()))
    if result.deadline is not None and result.deadline_breach is not None:
        lines.append(f"deadline {result.deadline / scale:g} {u}: breached by {result.deadline_breach:.1%} of cases")
    if result.mode == "queueing" and result.resources:
        lines.append("")
        lines.append(f"{'resource':<20}{'capacity':>9}{'utilization':>13}{'mean wait':>11}{'p90 wait':>10}"
                     f"{'max queue':>11}{'abandoned':>11}")
        for r in result.resources.values():
            lines.append(f"{r.resource:<20}{r.capacity:>9}{r.utilization:>13.1%}{r.queue_wait.mean / scale:>11.4g}"
                         f"{r.queue_wait.p90 / scale:>10.4g}{r.max_queue:>11}{r.abandoned:>11,}")
    return "\n".join(lines)
