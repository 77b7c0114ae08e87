"""The model against reality as plain text for a terminal: ``calibrate``, ``conform`` and ``simulate --against``."""

from __future__ import annotations

import math

from ..units import MINUTES_PER, UNIT_SHORT
from .calibration import Calibration
from .conformance import Conformance
from .fidelity import MIN_OUTCOME_SHARE, TARGETS, Fidelity

#: How many rows of a long list a terminal shows.
SHOWN = 12


def _cases(n: int) -> str:
    return f"{n:,} case" if n == 1 else f"{n:,} cases"


def _pct(x: float) -> str:
    """A relative difference: one decimal near the goals, whole percents beyond.

    >>> _pct(-0.2504), _pct(0.14), _pct(3.2)
    ('-25.0%', '+14.0%', '+320%')
    """
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{x:+.1%}" if abs(x) < 1 else f"{x:+.0%}"


def fidelity_table(f: Fidelity, unit: str | None = None) -> str:
    """The simulation against the log: case durations, outcomes, variants, distance, targets."""
    unit = unit or f.journey.time_unit
    k = MINUTES_PER[unit]
    u = UNIT_SHORT[unit]
    lines = [f"model against reality: {f.simulated_cases:,} simulated cases (seed {f.seed}) against the log's "
             f"{f.log_cases:,}, as the log records them",
             f"{'case duration (' + u + ')':<22}{'log':>10}{'simulated':>11}{'difference':>12}  log's 95% interval"]
    for x in f.figures:
        mark = "" if x.within_log_interval else "  (outside)"
        lines.append(f"{x.name:<22}{x.log / k:>10.4g}{x.simulated / k:>11.4g}{_pct(x.difference):>12}  "
                     f"[{x.low / k:.4g}, {x.high / k:.4g}]{mark}")
    lines.append("")
    lines.append(f"{'outcome':<32}{'log share':>10}{'simulated':>11}{'mean (log)':>12}{'simulated':>11}{'difference':>12}")
    for o in sorted(f.outcomes, key=lambda o: -o.log_share)[:SHOWN]:
        sim = "-" if math.isnan(o.simulated_mean) else f"{o.simulated_mean / k:.4g}"
        log_mean = "-" if math.isnan(o.log_mean) else f"{o.log_mean / k:.4g}"
        lines.append(f"{o.outcome[:31]:<32}{o.log_share:>10.1%}{o.simulated_share:>11.1%}{log_mean:>12}{sim:>11}"
                     f"{_pct(o.difference):>12}")
    if len(f.outcomes) > SHOWN:
        lines.append(f"... and {len(f.outcomes) - SHOWN} more outcomes")
    lines += ["",
              f"simulated cases that follow a real variant: {f.real_variant_share:.1%}; real cases whose variant "
              f"the simulation produced: {f.real_variants_covered:.1%}",
              f"earth mover's distance between the case durations: {f.earth_movers_distance / k:.4g} {u} "
              f"({f.relative_distance:.1%} of the log's mean)"]
    met = f.targets()
    words = {"median": f"median within {TARGETS['median']:.0%}", "p90": f"p90 within {TARGETS['p90']:.0%}",
             "outcome_mean": f"mean per outcome within {TARGETS['outcome_mean']:.0%} (outcomes of "
                             f"{MIN_OUTCOME_SHARE:.0%} of cases or more)",
             "real_variant_share": f"{TARGETS['real_variant_share']:.0%} of simulated cases on a real variant"}
    lines.append("goals: " + "; ".join(f"{words[k_]}: {'met' if ok else 'NOT met'}" for k_, ok in met.items()))
    lines += [f"note: {n}" for n in f.notes]
    remembers = len({a for s in f.journey.steps for a in s.log_activity}) < sum(1 for s in f.journey.steps
                                                                                if s.log_activity)
    if not met["real_variant_share"] and not remembers:
        lines.append("note: a journey that remembers what came before (discover --history done, with --classes "
                     "outcome,pace for the mean per outcome and the median) follows real variants more often; see "
                     "docs/calibration.md")
    return "\n".join(lines)


def conformance_table(c: Conformance, unit: str | None = None) -> str:
    """How well the journey describes the log, step by step, then the fidelity of its simulation."""
    unit = unit or c.journey.time_unit
    k = MINUTES_PER[unit]
    u = UNIT_SHORT[unit]
    j = c.journey
    lines = [f"{j.title} ({j.id}) against {c.log_source}: {c.cases:,} cases, {c.events:,} events",
             f"fitness: {c.fitness:.1%} of the cases follow a path of the journey from its start to an outcome; "
             f"{c.placed_events / max(c.events, 1):.1%} of the events are placed"]
    if c.silent_steps:
        lines.append(f"steps the log does not record (silent): {', '.join(c.silent_steps)}")
    if c.unmatched:
        lines.append(f"activities no step stands for (add them to a step's log_activity): {', '.join(c.unmatched)}")
    for step, activity in c.unknown:
        lines.append(f"step {step}: log_activity '{activity}' is not an activity of the log")
    lines += ["", "arcs real cases take that the journey does not have:"]
    if not c.missing_arcs:
        lines.append("  none")
    for a in c.missing_arcs[:SHOWN]:
        lines.append(f"  {a.occurrences:>7,} times in {_cases(a.cases):>12}  {a.source} > {a.target}")
    if len(c.missing_arcs) > SHOWN:
        lines.append(f"  ... and {len(c.missing_arcs) - SHOWN} more")
    lines += ["", "steps real cases skip:"]
    if not c.skipped:
        lines.append("  none")
    for s in c.skipped[:SHOWN]:
        lines.append(f"  {_cases(s.cases):>13}  {s.step}: {s.name}")
    lines += ["", f"per recorded step: wait since the previous recorded step"
                  f"{' and active time' if c.has_start else ''} ({u}), mean / median, log against model"]
    width = max([len(s.step) for s in c.steps] + [4])
    head = f"  {'step':<{width}}  {'visits':>7}  {'wait (log)':>17}  {'wait (model)':>17}"
    if c.has_start:
        head += f"  {'active (log)':>17}  {'active (model)':>17}"
    lines.append(head)

    def pair(x: tuple[float, float]) -> str:
        return "-" if math.isnan(x[0]) else f"{x[0] / k:.3g} / {x[1] / k:.3g}"

    for s in c.steps:
        row = f"  {s.step:<{width}}  {s.visits:>7,}  {pair(s.wait_log):>17}  {pair(s.wait_model):>17}"
        if c.has_start:
            row += f"  {pair(s.active_log):>17}  {pair(s.active_model):>17}"
        lines.append(row)
    if c.fidelity is not None:
        lines += ["", fidelity_table(c.fidelity, unit)]
    return "\n".join(lines)


def calibration_table(cal: Calibration, unit: str | None = None) -> str:
    """What calibration changed, and what it could not."""
    j = cal.journey
    lines = [f"{j.title} ({j.id}) calibrated from {cal.source.notes}",
             f"fitness: {cal.fitness:.1%} of the cases follow a path of the journey",
             f"{cal.newly_measured} numbers became measured; measured: {cal.measured_before} before, "
             f"{cal.measured_after} now, of {cal.sourced} sourced numbers", ""]
    width = max([len(f"{c.step}.{c.what}") for c in cal.changes] + [10])
    for c in cal.changes:
        lines.append(f"  {c.step + '.' + c.what:<{width}}  {c.before} ({c.evidence_before}) -> {c.after} "
                     f"(measured, {c.observations:,})")
    if not cal.changes:
        lines.append("  nothing changed")
    if cal.case_speed is not None:
        lines.append(f"  case_speed: shared {cal.case_speed.shared:g}, carried {cal.case_speed.carried:g} "
                     f"(from {cal.case_speed.pairs:,} pairs of waits)")
    if cal.unmatched:
        lines += ["", "activities no step stands for (their events are left out; name them in a step's "
                      "log_activity):"]
        lines += [f"  {n:>7,} events  {a}" for a, n in cal.unmatched]
    for step, activity in cal.unknown:
        lines.append(f"step {step}: log_activity '{activity}' is not an activity of the log")
    if cal.never_taken:
        lines += ["", "branches no case took (kept with half a case's share):"]
        lines += [f"  {s} > {t}" for s, t in cal.never_taken]
    if cal.unreached:
        lines.append("recorded steps no case reached (numbers kept): " + ", ".join(cal.unreached))
    for step, why in cal.kept:
        lines.append(f"kept the branch probabilities of {step}: {why}")
    for c in cal.conflicts:
        lines.append(f"conflict: {c}")
    return "\n".join(lines)
