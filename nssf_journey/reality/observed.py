"""What a log records of a journey's cases: per case its recorded steps, their times, its outcome.

The same view is taken of a real log (through its alignment, :mod:`.replay`) and of a simulation of the journey
(its event log, keeping only the steps the real log records), so that the two can be compared figure by figure
(:mod:`.fidelity`, :mod:`.conformance`): a simulation's case "begins" where the log would have begun it, at its
first recorded step, and steps the case system does not record leave no trace.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..eventlog.summary import NS_PER_MINUTE
from ..simulation.results import SimulationResult
from .alignment import LogAlignment
from .replay import replay


@dataclass(frozen=True)
class Observed:
    """Cases as a log records them (minutes).

    Attributes
    ----------
    duration : ndarray
        Per case, from the start of its first recorded event to the completion of its last.
    outcome : ndarray of object
        Per case, the outcome id its path ends in.
    sequence : list of tuple of int
        Per case, the steps (indices) of its recorded visits, in order.
    visit_step, visit_arrival, visit_active : ndarray
        Per recorded visit: its step, the gap since the previous recorded visit of its case (NaN for a case's
        first), and its active time.
    fits : ndarray of bool, optional
        Per case, whether it fits the journey (real logs only).
    """

    duration: np.ndarray
    outcome: np.ndarray
    sequence: list[tuple[int, ...]]
    visit_step: np.ndarray
    visit_arrival: np.ndarray
    visit_active: np.ndarray
    fits: np.ndarray | None = None

    @property
    def cases(self) -> int:
        return int(self.duration.size)


def observed_log(aligned: LogAlignment) -> Observed:
    """The real log's cases, as the journey sees them through their alignment."""
    log = aligned.log
    first, last = aligned.bounds
    duration = (log.end_ns[last] - log.start_ns[first]) / NS_PER_MINUTE
    steps = aligned.match.journey.steps
    outcome = np.empty(aligned.cases, dtype=object)
    sequence: list[tuple[int, ...]] = [()] * aligned.cases
    vs, va, vt = [], [], []
    for times in replay(aligned):
        path = times.alignment.visits
        seq = tuple(path[p].step for p in times.positions)
        end = steps[path[-1].step].outcome
        for c in times.cases.tolist():
            sequence[c] = seq
        outcome[times.cases] = end
        vs.append(np.tile(np.array(seq, dtype=np.int64), times.cases.size))
        # without start times a step's time cannot be split: its gap runs from completion to completion
        va.append((times.arrival if log.has_start else times.arrival + times.active).ravel())
        vt.append(times.active.ravel())
    return Observed(duration, outcome, sequence, _cat(vs, np.int64), _cat(va), _cat(vt), aligned.case_fits)


def observed_simulation(result: SimulationResult, recorded: frozenset[int], *, with_start: bool = True) -> Observed:
    """A simulation's cases as a log that records only the steps ``recorded`` would show them; cases that pass no
    recorded step are not in it. Without ``with_start`` (the real log has no start times) every event is taken at
    its completion, as such a log would have it."""
    ev = result.event_log
    if ev is None:
        raise ValueError("the simulation kept no event log; run it with events=True")
    keep = np.isin(ev.step, np.fromiter(recorded, dtype=np.int64, count=len(recorded))) & ~ev.aborted
    case, step, start, end = ev.case[keep], ev.step[keep].astype(np.int64), ev.start[keep], ev.end[keep]
    if not with_start:
        start = end
    order = np.lexsort((end, start, case))
    case, step, start, end = case[order], step[order], start[order], end[order]
    if case.size == 0:
        empty = np.zeros(0)
        return Observed(empty, np.zeros(0, dtype=object), [], np.zeros(0, np.int64), empty, empty)
    bounds = np.r_[0, np.flatnonzero(np.diff(case)) + 1, case.size]
    first, last = bounds[:-1], bounds[1:] - 1
    same = np.r_[False, case[1:] == case[:-1]]
    prev_end = np.r_[0.0, end[:-1]]
    arrival = np.where(same, start - prev_end, np.nan)
    codes = result.case_records["outcome"]
    ids = list(result.journey.outcome_ids) + ["abandoned"]
    outcome = np.array([ids[int(o)] for o in codes[case[first]]], dtype=object) if codes.size == result.cases \
        else np.full(first.size, None, dtype=object)
    sequence = [tuple(step[a:b + 1].tolist()) for a, b in zip(first.tolist(), last.tolist())]
    return Observed(end[last] - start[first], outcome, sequence, step, arrival, end - start)


def _cat(parts: list[np.ndarray], dtype=float) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)
