"""How well a journey describes an event log: ``nssf-journey conform``.

The log's cases are aligned with the journey (:mod:`.alignment`) and the journey is judged by what they do:

- **fitness**: the share of cases whose sequence of activities is a path of the journey from its start to an
  outcome (recorded steps emit their activities, silent steps none); a journey discovered from a log fits it
  completely;
- **arcs the journey lacks**: each pair of activities that directly follow each other in some case (projected on
  the activities the journey knows), and each first and last activity, that no arc of the journey allows (through
  silent steps only), with how often and in how many cases;
- **skipped steps**: recorded steps that cases' best paths pass without an event, with how many cases;
- **events the journey cannot place**, by activity (among them every event of an activity no step stands for);
- **per step**, the wait since the previous recorded step and the step's active time, mean and median, in the
  log and in a simulation of the journey seen the same way (:mod:`.observed`), so that a step whose numbers are
  far from the log's shows;
- **fidelity** of the whole simulation (:mod:`.fidelity`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..eventlog.summary import case_bounds
from ..eventlog.table import EventLog
from ..model import Journey
from ..units import MINUTES_PER
from .alignment import LogAlignment, align_log
from .calibration import END, first_recorded
from .fidelity import CASES, Fidelity, compare
from .matching import StepMatch, match_steps
from .observed import Observed, observed_log, observed_simulation

START = -2


@dataclass(frozen=True)
class MissingArc:
    """A move real cases make that the journey has no arc for. ``source`` is an activity or ``"(start)"``,
    ``target`` an activity or ``"(end)"``."""

    source: str
    target: str
    occurrences: int
    cases: int


@dataclass(frozen=True)
class SkippedStep:
    """A recorded step that cases pass without its event: how many cases, how many times."""

    step: str
    name: str
    cases: int
    times: int


@dataclass(frozen=True)
class StepTimes:
    """A recorded step's wait since the previous recorded step and its active time (minutes), in the log and in
    the simulation: ``(mean, median)`` each, NaN where there is nothing to measure."""

    step: str
    name: str
    visits: int
    wait_log: tuple[float, float]
    wait_model: tuple[float, float]
    active_log: tuple[float, float]
    active_model: tuple[float, float]


@dataclass(frozen=True)
class Conformance:
    """How well ``journey`` describes a log (see the module docstring)."""

    journey: Journey
    log_source: str
    cases: int
    events: int
    fitness: float
    placed_events: int
    missing_arcs: tuple[MissingArc, ...]
    skipped: tuple[SkippedStep, ...]
    unplaced: tuple[tuple[str, int], ...]
    unmatched: tuple[str, ...]
    unknown: tuple[tuple[str, str], ...]
    silent_steps: tuple[str, ...]
    steps: tuple[StepTimes, ...]
    has_start: bool
    fidelity: Fidelity | None = None

    def to_dict(self, unit: str | None = None) -> dict[str, Any]:
        unit = unit or self.journey.time_unit
        scale = MINUTES_PER[unit]

        def pair(x: tuple[float, float]) -> dict[str, float | None]:
            return {"mean": _finite(x[0] / scale), "median": _finite(x[1] / scale)}

        return {
            "journey": self.journey.id,
            "log": self.log_source,
            "unit": unit,
            "cases": self.cases,
            "events": self.events,
            "fitness": self.fitness,
            "placed_events": self.placed_events,
            "missing_arcs": [{"from": a.source, "to": a.target, "occurrences": a.occurrences, "cases": a.cases}
                             for a in self.missing_arcs],
            "skipped_steps": [{"step": s.step, "name": s.name, "cases": s.cases, "times": s.times}
                              for s in self.skipped],
            "unplaced_events": [{"activity": a, "events": n} for a, n in self.unplaced],
            "unmatched_activities": list(self.unmatched),
            "unknown_log_activities": [{"step": s, "activity": a} for s, a in self.unknown],
            "silent_steps": list(self.silent_steps),
            "steps": [{"step": s.step, "name": s.name, "visits": s.visits,
                       "wait": {"log": pair(s.wait_log), "model": pair(s.wait_model)},
                       "active": ({"log": pair(s.active_log), "model": pair(s.active_model)} if self.has_start
                                  else None)} for s in self.steps],
            "fidelity": self.fidelity.to_dict(unit) if self.fidelity is not None else None,
        }


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _stats(x: np.ndarray) -> tuple[float, float]:
    x = x[~np.isnan(x)]
    return (float(x.mean()), float(np.median(x))) if x.size else (math.nan, math.nan)


def _arcs_allowed(match: StepMatch) -> tuple[set[tuple[int, int]], set[int], set[int]]:
    """Activity pairs the journey allows directly, first activities it allows, last activities it allows."""
    journey = match.journey
    index = {s.id: i for i, s in enumerate(journey.steps)}
    first = first_recorded(match)
    pairs: set[tuple[int, int]] = set()
    ends: set[int] = set()
    for s, step in enumerate(journey.steps):
        if not match.labels[s]:
            continue
        after: set[int] = set()
        for b in step.next:
            after |= first[index[b.to]]
        if step.is_terminal:
            after.add(END)
        for a in match.labels[s]:
            if END in after:
                ends.add(a)
            for t in after - {END}:
                pairs.update((a, b) for b in match.labels[t])
            pairs.update((a, b) for b in match.labels[s] if b != a)  # within one visit of a step for several
    starts = {a for t in first[index[journey.start]] if t != END for a in match.labels[t]}
    return pairs, starts, ends


def missing_arcs(aligned: LogAlignment) -> list[MissingArc]:
    """The directly-follows moves of the log's cases that the journey does not allow, among the activities it
    knows (the events of other activities are listed apart, as events it cannot place)."""
    match = aligned.match
    log = aligned.log
    known = np.zeros(len(log.activities), bool)
    known[list(match.steps_of)] = True
    c, a = log.case_codes, log.activity_codes.astype(np.int64)
    pairs, starts, ends = _arcs_allowed(match)
    first, last = case_bounds(c)
    same = c[1:] == c[:-1]
    k = len(log.activities) + 2
    moves = [((a[:-1][same] + 2) * k + a[1:][same] + 2, c[1:][same]),
             (np.full(first.size, (START + 2) * k) + a[first] + 2, c[first]),
             ((a[last] + 2) * k + END + 2, c[last])]
    key = np.concatenate([m[0] for m in moves])
    case = np.concatenate([m[1] for m in moves])
    out = []
    for u in np.unique(key):
        src, dst = divmod(int(u), k)
        src, dst = src - 2, dst - 2
        if (src >= 0 and not known[src]) or (dst >= 0 and not known[dst]):
            continue
        ok = ((src, dst) in pairs) if src >= 0 and dst >= 0 else (dst in starts if src == START else src in ends)
        if ok:
            continue
        sel = key == u
        out.append(MissingArc("(start)" if src == START else log.activities[src],
                              "(end)" if dst == END else log.activities[dst], int(sel.sum()),
                              int(np.unique(case[sel]).size)))
    out.sort(key=lambda m: (-m.occurrences, m.source, m.target))
    return out


def step_times(match: StepMatch, real: Observed, model: Observed | None) -> list[StepTimes]:
    out = []
    for i, step in enumerate(match.journey.steps):
        if not match.labels[i]:
            continue
        r = real.visit_step == i
        m = model.visit_step == i if model is not None else None
        nan = (math.nan, math.nan)
        out.append(StepTimes(step.id, str(step.name), int(r.sum()), _stats(real.visit_arrival[r]),
                             _stats(model.visit_arrival[m]) if m is not None else nan,
                             _stats(real.visit_active[r]),
                             _stats(model.visit_active[m]) if m is not None else nan))
    return out


def conform(journey: Journey, log: EventLog, *, cases: int = CASES, seed: int = 0,
            simulate: bool = True) -> Conformance:
    """How well ``journey`` describes ``log`` (see the module docstring); with ``simulate``, also per-step model
    times and :class:`~nssf_journey.reality.fidelity.Fidelity` from ``cases`` simulated cases (seeded).

    Examples
    --------
    >>> from nssf_journey.eventlog import discover
    >>> hour = 3_600 * 10**9
    >>> log = EventLog(case_codes=np.array([0, 0, 1, 1, 1]), case_names=["1", "2"],
    ...                activity_codes=np.array([0, 1, 0, 0, 1]), activities=["ask", "pay"],
    ...                end_ns=np.array([9, 10, 33, 35, 36]) * hour, source="claims.csv", naive=True)
    >>> c = conform(discover(log, arrivals=False), log, simulate=False)
    >>> c.fitness, c.missing_arcs, c.skipped
    (1.0, (), ())
    """
    match = match_steps(journey, log.activities)
    aligned = align_log(match, log)
    counts = aligned.variant_counts
    steps = journey.steps
    skipped_cases = np.zeros(len(steps), dtype=np.int64)
    skipped_times = np.zeros(len(steps), dtype=np.int64)
    unplaced = np.zeros(len(log.activities), dtype=np.int64)
    for v, (variant, al) in enumerate(zip(aligned.variants, aligned.alignments)):
        n = int(counts[v])
        marks = [vis.step for vis in al.visits if vis.skipped]
        for s in set(marks):
            skipped_cases[s] += n
        for s in marks:
            skipped_times[s] += n
        for p in al.unplaced:
            unplaced[variant[p]] += n
    real = observed_log(aligned)
    model = fid = None
    if simulate and any(match.labels):
        from ..simulation import simulate as run

        result = run(journey, cases, seed=seed, events=True)
        recorded = frozenset(i for i, codes in enumerate(match.labels) if codes)
        model = observed_simulation(result, recorded, with_start=log.has_start)
        if model.cases:
            fid = compare(journey, real, model, seed=seed, fitness=aligned.fitness, simulated_cases=cases)
    order = sorted(np.flatnonzero(unplaced).tolist(), key=lambda a: (-unplaced[a], log.activities[a]))
    return Conformance(
        journey=journey, log_source=log.source, cases=aligned.cases, events=len(log),
        fitness=aligned.fitness, placed_events=int(len(log) - unplaced.sum()),
        missing_arcs=tuple(missing_arcs(aligned)),
        skipped=tuple(SkippedStep(steps[s].id, str(steps[s].name), int(skipped_cases[s]), int(skipped_times[s]))
                      for s in np.argsort(-skipped_cases, kind="stable") if skipped_cases[s]),
        unplaced=tuple((log.activities[a], int(unplaced[a])) for a in order),
        unmatched=match.unmatched, unknown=match.unknown,
        silent_steps=tuple(s.id for i, s in enumerate(steps) if not match.labels[i]),
        steps=tuple(step_times(match, real, model)), has_start=log.has_start, fidelity=fid)
