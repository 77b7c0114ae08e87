"""Calibrate a hand-written journey from an event log: measured numbers, the same structure.

A journey written from interviews and documents (like NSSF's in ``journeys/``) has the right steps but assumed
numbers. :func:`calibrate` aligns the log's cases with it (:mod:`.alignment`) and replaces, where the log can tell:

- a recorded step's **duration** by its measured active times (logs with start times only; without them the log
  cannot tell active time from waiting, and durations keep their numbers);
- the **waits** before a recorded step by the measured gaps from the previous recorded step, per arc into it. A
  step entered along one arc gets them as its own ``wait``; a step entered along several gets them on each arc
  (``next: [{to, p, wait}]``), since the wait before a step depends on where the case comes from. An arc that no
  case was seen on keeps its old wait (moved onto the arc when the step's own wait would otherwise count twice).
  When silent steps lie between two recorded ones, the gap also covers them: they keep their numbers, and the arc
  gets the gap less their mean time (scaled, so that each case keeps its rank); when their assumed times exceed
  the gap, the arc's wait is zero and calibration says so;
- **branch probabilities** by the shares of the branches taken, at the steps whose branches the log tells apart
  (each leads to different recorded steps or to the case's end) and only between a case's first and last recorded
  step: a choice made before the log starts is invisible in it (the cases that went the other way are not in the
  log). A branch no case took keeps its place with half a case's share, so that the structure stays as written;
  calibration lists such branches;
- the journey's ``case_speed`` (:mod:`~nssf_journey.eventlog.case_speed`) from the normal scores of the gaps.

Every number replaced cites the log with evidence ``measured``; silent steps, and recorded steps no case reached,
keep theirs. The log joins the journey's ``bibliography``. When every step is recorded and every case fits, the
calibrated journey's exact mean lead time is the log's mean case duration.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..distributions import ZERO, Distribution, Fixed
from ..eventlog.case_speed import CaseSpeedEstimate, estimate_case_speed
from ..eventlog.discovery import log_source
from ..eventlog.fit import exact_shares, fit
from ..eventlog.table import EventLog
from ..loading.data import Source
from ..model import Branch, CaseSpeed, Journey, LogReference, ParameterSource, Step
from ..units import MINUTES_PER
from .alignment import align_log
from .matching import StepMatch, match_steps
from .replay import replay

#: Stands for the end of a case among the first recorded things a branch can lead to.
END = -1


@dataclass(frozen=True)
class Change:
    """One number that calibration replaced: where, before and after (described in the journey's unit)."""

    step: str
    what: str
    before: str
    after: str
    evidence_before: str
    observations: int


@dataclass(frozen=True)
class Calibration:
    """A calibrated journey and what calibration did.

    ``newly_measured`` counts the sourced numbers (as ``validate`` counts them: a step's duration, its wait, its
    branches) whose evidence was not ``measured`` before and is now.
    """

    journey: Journey
    original: Journey
    source: Source
    cases: int
    fitness: float
    changes: tuple[Change, ...]
    newly_measured: int
    measured_before: int
    measured_after: int
    sourced: int
    unmatched: tuple[tuple[str, int], ...] = ()
    unknown: tuple[tuple[str, str], ...] = ()
    never_taken: tuple[tuple[str, str], ...] = ()
    unreached: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    kept: tuple[tuple[str, str], ...] = field(default=())
    case_speed: CaseSpeedEstimate | None = None

    def to_dict(self, unit: str | None = None) -> dict[str, Any]:
        return {
            "journey": self.journey.id,
            "log": {"id": self.source.id, "notes": self.source.notes, "cases": self.cases},
            "fitness": self.fitness,
            "changes": [{"step": c.step, "what": c.what, "before": c.before, "after": c.after,
                         "evidence_before": c.evidence_before, "observations": c.observations} for c in self.changes],
            "newly_measured": self.newly_measured,
            "measured": {"before": self.measured_before, "after": self.measured_after, "of": self.sourced},
            "unmatched_activities": [{"activity": a, "events": n} for a, n in self.unmatched],
            "unknown_log_activities": [{"step": s, "activity": a} for s, a in self.unknown],
            "branches_never_taken": [{"step": s, "to": t} for s, t in self.never_taken],
            "steps_no_case_reached": list(self.unreached),
            "conflicts": list(self.conflicts),
            "kept": [{"step": s, "why": w} for s, w in self.kept],
            "case_speed": None if self.case_speed is None else {
                "shared": self.case_speed.shared, "carried": self.case_speed.carried,
                "correlations": [{"lag": k, "correlation": c, "pairs": n} for k, c, n in self.case_speed.correlations]},
        }


def first_recorded(match: StepMatch) -> list[frozenset[int]]:
    """Per step, what a case entering it shows first in the log: the recorded steps it can reach through silent
    steps only (itself, when it is recorded), and :data:`END` when it can end so without an event."""
    journey = match.journey
    index = {s.id: i for i, s in enumerate(journey.steps)}
    out: list[frozenset[int]] = []
    for i in range(len(journey.steps)):
        seen, found, todo = {i}, set(), [i]
        while todo:
            s = todo.pop()
            if match.labels[s]:
                found.add(s)
                continue
            step = journey.steps[s]
            if step.is_terminal:
                found.add(END)
            for b in step.next:
                t = index[b.to]
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        out.append(frozenset(found))
    return out


def told_apart(match: StepMatch) -> list[bool]:
    """Per step, whether the log tells its branches apart: each leads first to different recorded steps (or to
    the end of the case)."""
    index = {s.id: i for i, s in enumerate(match.journey.steps)}
    first = first_recorded(match)
    out = []
    for step in match.journey.steps:
        sets = [first[index[b.to]] for b in step.next]
        union = set().union(*sets) if sets else set()
        out.append(len(sets) > 1 and sum(len(x) for x in sets) == len(union) and all(sets))
    return out


def _scaled(gaps: np.ndarray, fixed: np.ndarray) -> tuple[np.ndarray, bool]:
    """The gaps less the mean of the fixed times, as a common factor (each case keeps its rank); and whether the
    fixed times exceeded the gaps (then the result is zero)."""
    mean_gap, mean_fixed = float(gaps.mean()), float(fixed.mean())
    if mean_fixed <= 0:
        return gaps, False
    if mean_gap <= mean_fixed:
        return np.zeros_like(gaps), True
    return gaps * (1.0 - mean_fixed / mean_gap), False


def _fit(values: np.ndarray, scale: float) -> Distribution:
    d = fit(values, scale)
    return ZERO if isinstance(d, Fixed) and d.value == 0 else d


def _describe(d: Distribution, unit: str) -> str:
    if isinstance(d, Fixed) and d.value == 0:
        return "0"
    return d.describe(MINUTES_PER[unit]) + f" {unit}"


def calibrate(journey: Journey, log: EventLog, *, log_reference: LogReference | None = None,
              source_id: str | None = None, case_speed: bool = True) -> Calibration:
    """Calibrate ``journey`` from ``log`` (see the module docstring).

    Parameters
    ----------
    journey : Journey
        A journey whose steps name the activities they stand for (``log_activity``, else their name).
    log : EventLog
        The log, as :func:`~nssf_journey.eventlog.read_log` reads it.
    log_reference : LogReference, optional
        Written as the calibrated journey's ``event_log`` (the path relative to where it will be written).
    source_id : str, optional
        The id the measured numbers cite (default ``log-<file name>``).
    case_speed : bool
        Measure and write ``case_speed``.

    Raises
    ------
    ValueError
        When no step stands for any activity of the log.
    """
    match = match_steps(journey, log.activities)
    if not any(match.labels):
        raise ValueError(f"no step of journey '{journey.id}' stands for an activity of the log: name them with "
                         f"log_activity (the log's activities: {', '.join(log.activities[:8])}"
                         f"{', ...' if len(log.activities) > 8 else ''})")
    aligned = align_log(match, log)
    steps = journey.steps
    n_steps = len(steps)
    index = {s.id: i for i, s in enumerate(steps)}
    branch_of = {(i, index[b.to]): k for i, s in enumerate(steps) for k, b in enumerate(s.next)}
    unit = journey.time_unit
    scale = MINUTES_PER[unit]
    cite = log_source(log, source_id)
    text = f"{cite.id}: {cite.notes}"
    has_start = log.has_start
    tellable = told_apart(match)

    counts = [np.zeros(len(s.next)) for s in steps]
    visits = np.zeros(n_steps, dtype=np.int64)
    durations: list[list[np.ndarray]] = [[] for _ in steps]
    gaps: dict[tuple[int, int], list[np.ndarray]] = {}
    fixed: dict[tuple[int, int], list[np.ndarray]] = {}
    speed_case, speed_order, speed_arc, speed_value = [], [], [], []
    for vt in replay(aligned):
        path = vt.alignment.visits
        m = vt.cases.size
        if not vt.positions:
            continue
        first_pos, last_pos = vt.positions[0], vt.positions[-1]
        for p in range(first_pos, min(last_pos, len(path) - 2) + 1):
            i = path[p].step
            counts[i][branch_of[(i, path[p + 1].step)]] += m
        for col, pos in enumerate(vt.positions):
            i = path[pos].step
            visits[i] += m
            if has_start:
                durations[i].append(vt.active[:, col])
            if col == 0:
                continue
            prev = vt.positions[col - 1]
            x = path[pos - 1].step
            arc = (x, branch_of[(x, i)])
            gap = vt.arrival[:, col] + (0.0 if has_start else vt.active[:, col])
            between = 0.0
            for t in range(prev + 1, pos):
                if not path[t].skipped:
                    between += steps[path[t].step].wait.mean + steps[path[t].step].duration.mean
            for t in range(prev, pos - 1):
                a = path[t].step
                between += steps[a].next[branch_of[(a, path[t + 1].step)]].wait.mean
            if not has_start:
                between += steps[i].duration.mean
            gaps.setdefault(arc, []).append(gap)
            fixed.setdefault(arc, []).append(np.full(m, between))
            speed_case.append(vt.cases)
            speed_order.append(np.full(m, col))
            speed_arc.append(np.full(m, arc[0] * 10_000 + arc[1]))
            speed_value.append(gap)

    # --- branch probabilities
    new_next: list[list[Branch]] = [list(s.next) for s in steps]
    probabilities_measured = [False] * n_steps
    never_taken: list[tuple[str, str]] = []
    kept: list[tuple[str, str]] = []
    for i, s in enumerate(steps):
        total = counts[i].sum()
        if len(s.next) < 2 or total == 0:
            continue
        if not tellable[i]:
            kept.append((s.id, "its branches lead to the same recorded steps: the log cannot tell them apart"))
            continue
        doubled = [int(round(2 * c)) if c > 0 else 1 for c in counts[i]]
        shares = exact_shares(doubled)
        never_taken += [(s.id, b.to) for b, c in zip(s.next, counts[i]) if c == 0]
        new_next[i] = [replace(b, p=p) for b, p in zip(new_next[i], shares)]
        probabilities_measured[i] = True

    # --- durations
    new_duration: dict[int, Distribution] = {}
    if has_start:
        for i in range(n_steps):
            if durations[i]:
                new_duration[i] = _fit(np.concatenate(durations[i]), scale)

    # --- waits, per step entered
    new_wait: dict[int, Distribution] = {}
    measured_arc_wait: set[tuple[int, int]] = set()
    arc_observations: dict[tuple[int, int], int] = {}
    conflicts: list[str] = []
    into: dict[int, list[tuple[int, int]]] = {}
    for i, s in enumerate(steps):
        for k, b in enumerate(s.next):
            into.setdefault(index[b.to], []).append((i, k))
    start = index[journey.start]
    for q in range(n_steps):
        arcs = [a for a in into.get(q, []) if a in gaps]
        if not arcs:
            continue
        incoming = into.get(q, [])
        all_measured = q != start and len(arcs) == len(incoming)
        own = steps[q].wait
        fitted = {}
        for arc in arcs:
            g = np.concatenate(gaps[arc])
            f = np.concatenate(fixed[arc]) + (0.0 if all_measured else own.mean)
            values, conflict = _scaled(g, f)
            if conflict:
                conflicts.append(f"{steps[arc[0]].id} -> {steps[q].id}: the log's mean gap ({g.mean() / scale:.3g} "
                                 f"{unit}) is shorter than the time the journey assumes for what lies between "
                                 f"({f.mean() / scale:.3g} {unit}); the wait is set to 0")
            fitted[arc] = _fit(values, scale)
            arc_observations[arc] = int(g.size)
        if all_measured and len(incoming) == 1:
            (arc,) = arcs
            new_wait[q] = fitted[arc]
            x, k = arc
            new_next[x][k] = replace(new_next[x][k], wait=ZERO)
            measured_arc_wait.add(arc)
            continue
        if all_measured:
            new_wait[q] = ZERO  # else the own wait stays: it still applies on the arcs no case was seen on
        for arc in arcs:
            x, k = arc
            new_next[x][k] = replace(new_next[x][k], wait=fitted[arc])
            measured_arc_wait.add(arc)

    # --- steps with their sources
    new_steps = []
    changes: list[Change] = []
    for i, s in enumerate(steps):
        old = {src.field: src for src in s.sources}
        sources = dict(old)
        duration = new_duration.get(i, s.duration)
        wait = new_wait.get(i, s.wait)
        branches = tuple(new_next[i])

        def record(what: str, before: str, after: str, field_: str, n: int) -> None:
            ev = old[field_].evidence if field_ in old else "none"
            if before != after or (ev != "measured" and after != "0"):
                changes.append(Change(s.id, what, before, after, ev, n))

        if i in new_duration:
            record("duration", _describe(s.duration, unit), _describe(duration, unit), "duration", int(visits[i]))
            _set(sources, "duration", duration, text)
        if i in new_wait:
            n = sum(arc_observations.get(a, 0) for a in into.get(i, []))
            moved = wait == ZERO and len(into.get(i, [])) > 1
            record("wait", _describe(s.wait, unit), "0: measured on each arc into it" if moved else
                   _describe(wait, unit), "wait", n)
            _set(sources, "wait", wait, text)
        for k, (before, after) in enumerate(zip(s.next, branches)):
            if probabilities_measured[i]:
                record(f"p -> {after.to}", f"{before.p:.4g}", f"{after.p:.4g}", "next", int(counts[i].sum()))
            if (i, k) in measured_arc_wait and (after.has_wait or before.has_wait):
                record(f"wait -> {after.to}", _describe(before.wait, unit), _describe(after.wait, unit), "next",
                       arc_observations.get((i, k), 0))
        sources = _next_source(sources, s, branches, probabilities_measured[i],
                               {k for (x, k) in measured_arc_wait if x == i}, text, cite.id)
        new_steps.append(replace(s, duration=duration, wait=wait, next=branches,
                                 sources=tuple(sources[f] for f in _order(s, sources))))

    # --- the journey
    estimate = None
    speed = journey.case_speed
    if case_speed and speed_case:
        case = np.concatenate(speed_case)
        order = np.lexsort((np.concatenate(speed_order), case))
        estimate = estimate_case_speed(case[order], np.concatenate(speed_arc)[order],
                                       np.concatenate(speed_value)[order])
        if estimate is not None:
            speed = CaseSpeed(estimate.shared, estimate.carried, ParameterSource(
                "case_speed", f"{text}; rank correlation of the waits of a case, {estimate.pairs:,} pairs", "measured"))
    bibliography = tuple(b for b in journey.bibliography if b.id != cite.id) + (cite,)
    calibrated = replace(journey, steps=tuple(new_steps), bibliography=bibliography, case_speed=speed,
                         event_log=log_reference or journey.event_log)
    before = {w: src.evidence for w, src in journey.parameter_sources()}
    after = {w: src.evidence for w, src in calibrated.parameter_sources()}
    newly = sum(1 for w, ev in after.items() if ev == "measured" and before.get(w) != "measured")
    events = np.bincount(log.activity_codes, minlength=len(log.activities))
    unmatched = tuple(sorted(((a, int(events[log.activities.index(a)])) for a in match.unmatched),
                             key=lambda x: (-x[1], x[0])))
    unreached = tuple(s.id for i, s in enumerate(steps) if match.labels[i] and visits[i] == 0)
    return Calibration(
        journey=calibrated, original=journey, source=cite, cases=aligned.cases, fitness=aligned.fitness,
        changes=tuple(changes), newly_measured=newly,
        measured_before=sum(1 for ev in before.values() if ev == "measured"),
        measured_after=sum(1 for ev in after.values() if ev == "measured"), sourced=len(after),
        unmatched=unmatched, unknown=match.unknown, never_taken=tuple(never_taken), unreached=unreached,
        conflicts=tuple(conflicts), kept=tuple(kept), case_speed=estimate)


def _set(sources: dict[str, ParameterSource], field_: str, value: Distribution, text: str) -> None:
    """The source of a replaced number: the log, or none when the number is now zero (nothing to source)."""
    if isinstance(value, Fixed) and value.value == 0:
        sources.pop(field_, None)
    else:
        sources[field_] = ParameterSource(field_, text, "measured")


def _next_source(sources: dict[str, ParameterSource], step: Step, branches: tuple[Branch, ...],
                 probabilities: bool, measured_waits: set[int], text: str, source_id: str
                 ) -> dict[str, ParameterSource]:
    """The source of a step's ``next``: the log when every number in it was measured; the old source with a note
    when only some were (its evidence, the weaker, stays); none when it holds no number."""
    parts_measured, parts_kept = [], []
    if len(branches) > 1:
        (parts_measured if probabilities else parts_kept).append("probabilities")
    for k, b in enumerate(branches):
        if b.has_wait:
            (parts_measured if k in measured_waits else parts_kept).append(f"wait to {b.to}")
    out = dict(sources)
    if not parts_measured and not parts_kept:
        out.pop("next", None)
    elif not parts_kept:
        out["next"] = ParameterSource("next", text, "measured")
    elif parts_measured and "next" in sources:
        old = sources["next"]
        note = f"; {', '.join(parts_measured)} measured in {text}"
        out["next"] = ParameterSource("next", old.text + note if source_id not in old.text else old.text,
                                      old.evidence)
    return out


def _order(step: Step, sources: dict[str, ParameterSource]) -> list[str]:
    """Fields in the order of the step's old sources, new ones after."""
    seen = [s.field for s in step.sources if s.field in sources]
    return seen + [f for f in sources if f not in seen]
