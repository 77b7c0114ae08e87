"""The plain-text summary of a comparison, for the terminal."""

from __future__ import annotations

from . import Comparison
from ..simulation.stats import MIN_BATCH_CASES
from ..units import fmt_time

ROWS = (("lead_time", "Lead time (mean)"), ("active_time", "Active time (mean)"), ("wait_time", "Waiting time (mean)"),
        ("avoidable_time", "Avoidable time (mean)"), ("expected_steps", "Steps executed"), ("handoffs", "Handoffs"),
        ("in_person_visits", "In-person visits"), ("cost", "Money (USD)"), ("success_probability", "Chance of success"))
SIM_NAME = {"lead_time": "lead_time", "active_time": "active_time", "wait_time": "wait_time", "handoffs": "handoffs",
            "in_person_visits": "in_person_visits", "cost": "cost", "success_probability": "success"}


def _value(kind: str, x: float, unit: str, signed: bool = False) -> str:
    if kind == "time":
        return ("+" if signed and x > 0 else "") + fmt_time(x, unit)
    if kind == "probability":
        return f"{100 * x:+.1f} %" if signed else f"{100 * x:.1f} %"
    return f"{x:+.2f}" if signed else f"{x:.2f}"


def _difference(kind: str, x: float, unit: str) -> str:
    """A simulated difference: a time, a share in points of percent, or a signed number."""
    if kind == "time":
        return fmt_time(x, unit)
    return f"{100 * x:+.2f} %" if kind == "probability" else f"{x:+.3f}"


def _interval(kind: str, lo: float, hi: float, unit: str) -> str:
    """A 95 % interval of a difference, formatted as the difference is."""
    if kind == "time":
        return f"{fmt_time(lo, unit)} to {fmt_time(hi, unit)}"
    return f"{100 * lo:+.2f} to {100 * hi:+.2f} %" if kind == "probability" else f"{lo:+.3f} to {hi:+.3f}"


def _row(label: str, kind: str, before: float | str, after: float | str, delta: float | str, unit: str,
         ci: str) -> str:
    """One line of a before/after table: numbers formatted by ``kind``, or column headings given as text."""
    cells = [x if isinstance(x, str) else _value(kind, x, unit, signed=i == 2) for i, x in enumerate((before, after,
                                                                                                      delta))]
    return f"{label:<24}{cells[0]:>14}{cells[1]:>14}{cells[2]:>14}   {ci}"


def comparison_table(c: Comparison, unit: str | None = None) -> str:
    """Exact before/after figures, simulated differences with 95 % CIs, and national savings, times in ``unit``
    (default: the as-is journey's): the output of ``nssf-journey compare``."""
    unit = unit or c.base.time_unit
    lines = [f"{c.redesign.title}  [{c.redesign.id}]", f"compared with {c.base.title}  [{c.base.id}]", ""]
    d = c.structure
    lines.append(f"Steps removed: {', '.join(d.removed) or 'none'}; added: {', '.join(d.added) or 'none'}; "
                 f"changed: {', '.join(d.changed_steps) or 'none'}")
    for ch in d.changed:
        before, after = ch.shown(unit)
        lines.append(f"  {ch.step}.{ch.field}: {before} -> {after}")
    lines += ["", _row("per case", "", "today", "redesign", "difference", unit, "simulated difference (95 % CI)")]
    for name, label in ROWS:
        e = c.exact[name]
        sim = c.simulated.get(SIM_NAME.get(name, "")) if c.simulated else None
        if sim is None:
            ci = "not simulated" if c.simulated is None else ""
        else:
            ci = f"{_difference(e.kind, sim.delta, unit)} ({_interval(e.kind, *sim.ci95, unit)})"
        lines.append(_row(label, e.kind, e.before, e.after, e.delta, unit, ci))
    if c.simulated is not None:
        lines.append(f"(paired simulation of {c.cases:,} cases, seed {c.seed}, common random numbers, no queues)")
    if c.queues is not None:
        lines += [""] + queue_table(c, unit)
    lines += ["", "Whose active time (per case)"]
    for p in c.time_before:
        lines.append(f"  {p.replace('_', ' '):<14}{fmt_time(c.time_before[p], unit):>12} -> {fmt_time(c.time_after[p], unit)}")
    if c.national:
        n = c.national
        lines += ["", "What the redesign saves (positive: saved)",
                  f"{'':<30}{'per case':>12}{'per customer a year':>22}{'national a year':>18}"]
        for s in n.savings:
            lines.append(f"  {s.what:<28}{s.per_case:>12,.2f}{s.per_customer_year:>22,.1f}{s.national_year:>18,.0f}")
        lines += ["Scaled by:"] + [f"  {a}" for a in n.assumptions]
        if c.queues is not None:
            lines.append("These savings come from the expected figures without queues; what the redesign does to"
                         " queues is under 'With queues' above.")
    else:
        lines += ["", "No national figures: data/scale.yaml has no entry for this journey."]
    return "\n".join(lines)


QUEUE_ROWS = (("lead_time", "Lead time (mean)"), ("wait_time", "Waiting time (mean)"),
              ("queue_wait", "Queue wait (mean)"), ("abandoned", "Gave up in a queue"), ("success", "Chance of success"))


def queue_table(c: Comparison, unit: str) -> list[str]:
    """The lines of the queueing comparison: per-case means with paired differences, then each resource."""
    q = c.queues
    assert q is not None
    lines = [f"With queues: paired queueing simulation of {q.cases:,} arrivals, seed {q.seed}",
             _row("per case", "", "today", "redesign", "difference", unit, "95 % CI (batch means)")]
    for name, label in QUEUE_ROWS:
        d = q.deltas[name]
        ci = f"none: under {MIN_BATCH_CASES} cases" if d.ci95 is None else _interval(d.kind, *d.ci95, unit)
        lines.append(_row(label, d.kind, d.before, d.after, d.delta, unit, ci))
    lines.append(f"{'resource':<22}{'servers':>10}{'utilization':>18}{'mean wait':>24}{'p90 wait':>24}{'gave up':>16}")

    def pair(p: tuple, fmt) -> str:  # type: ignore[type-arg]
        return " -> ".join("-" if x is None else fmt(x) for x in p)

    for r in q.resources:
        lines.append(f"{r.resource:<22}{pair(r.capacity, str):>10}{pair(r.utilization, lambda x: f'{100 * x:.1f}%'):>18}"
                     f"{pair(r.mean_wait, lambda x: fmt_time(x, unit)):>24}{pair(r.p90_wait, lambda x: fmt_time(x, unit)):>24}"
                     f"{pair(r.abandoned, lambda x: f'{x:,}'):>16}")
    lines += [f"warning: {w}" for w in q.warnings]
    return lines


__all__ = ["comparison_table", "queue_table"]
