"""Place each case of an event log on a path of the journey: an alignment.

A journey is a state machine whose recorded steps emit activities (:mod:`.matching`). A case's sequence of
activities *fits* when some path from the start to an outcome emits exactly that sequence: each recorded step on
the path consumes one event of its activity (or, for a step that stands for several activities, a run of events
of different ones of them), and silent steps consume nothing. A case that does not fit is aligned with the fewest
deviations, as alignments in process mining are (Adriansyah et al.): an event the journey cannot place here is
*unplaced* (a "log move"), a recorded step the path passes without an event is *skipped* (a "model move"); each
costs 1. Among the alignments with the fewest deviations, the most likely path is chosen (the smallest sum of
``-log p`` over the branches taken), so that a case that loops is placed on the loop it most likely took.

The search is Dijkstra's on the states (events consumed, step about to be entered), with the cost
``(deviations, -log probability)`` compared in that order. It runs once per variant, not per case.

Examples
--------
>>> from nssf_journey import parse_journey
>>> from nssf_journey.reality.matching import match_steps
>>> j = parse_journey('''
... journey: demo
... title: Demo
... actors: [{id: w, name: Worker, lane: customer}]
... start: ask
... steps:
...   - {id: ask, name: Ask, actor: w, next: sign}
...   - {id: sign, name: Employer signs, actor: w, next: check}
...   - {id: check, name: Check, actor: w, next: [{to: done, p: 0.8}, {to: sign, p: 0.2}]}
...   - {id: done, name: Paid, actor: w, outcome: success}
... ''')
>>> m = match_steps(j, ["Ask", "Check"])
>>> a = align_trace(m, (0, 1, 1))          # Ask, Check, Check: the loop back through the silent signature
>>> a.fits, [j.steps[v.step].id for v in a.visits]
(True, ['ask', 'sign', 'check', 'sign', 'check', 'done'])
>>> b = align_trace(m, (1,))               # Check without Ask: Ask is skipped
>>> b.fits, b.deviations, [j.steps[v.step].id for v in b.visits if v.skipped]
(False, 1, ['ask'])
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

import numpy as np

from ..eventlog.summary import case_bounds
from ..eventlog.table import EventLog
from .matching import StepMatch


@dataclass(frozen=True)
class Visit:
    """One step on a case's aligned path, and the events (positions in the case) it consumed.

    ``first`` and ``last`` are the positions of its first and last event, both -1 when it consumed none: a silent
    step, or a recorded step the case skipped (``skipped``).
    """

    step: int
    first: int = -1
    last: int = -1
    skipped: bool = False

    @property
    def recorded(self) -> bool:
        """Whether the visit consumed events of the case."""
        return self.first >= 0


@dataclass(frozen=True)
class Alignment:
    """A case's path through the journey, with the events the journey could not place."""

    visits: tuple[Visit, ...]
    unplaced: tuple[int, ...] = ()

    @property
    def deviations(self) -> int:
        return len(self.unplaced) + sum(v.skipped for v in self.visits)

    @property
    def fits(self) -> bool:
        """Whether the case's activities are exactly a path of the journey from its start to an outcome."""
        return self.deviations == 0

    @property
    def recorded(self) -> tuple[Visit, ...]:
        return tuple(v for v in self.visits if v.recorded)


def _branches(match: StepMatch) -> list[list[tuple[int, float]]]:
    index = {s.id: i for i, s in enumerate(match.journey.steps)}
    return [[(index[b.to], -math.log(b.p)) for b in s.next] for s in match.journey.steps]


def align_trace(match: StepMatch, trace: Sequence[int], *, _branch_costs: list | None = None) -> Alignment:
    """The alignment of one sequence of activity codes (see the module docstring)."""
    journey = match.journey
    steps = journey.steps
    n_steps = len(steps)
    final = n_steps
    branches = _branch_costs if _branch_costs is not None else _branches(match)
    labels = match.labels
    outcome = [s.is_terminal for s in steps]
    start = next(i for i, s in enumerate(steps) if s.id == journey.start)
    n = len(trace)
    width = n_steps + 1

    best: dict[int, tuple[int, float]] = {}
    came: dict[int, tuple[int, int, int, int, bool]] = {}  # state -> (previous state, step, first, last, skipped)
    heap: list[tuple[int, float, int, int]] = []
    counter = 0

    def push(state: int, dev: int, cost: float, prev: int, step: int, first: int, last: int, skipped: bool) -> None:
        nonlocal counter
        old = best.get(state)
        if old is not None and (old[0], old[1]) <= (dev, cost):
            return
        best[state] = (dev, cost)
        came[state] = (prev, step, first, last, skipped)
        counter += 1
        heapq.heappush(heap, (dev, cost, counter, state))

    push(start, 0, 0.0, -1, -1, -1, -1, False)
    goal = n * width + final
    done: set[int] = set()
    while heap:
        dev, cost, _, state = heapq.heappop(heap)
        if state in done:
            continue
        done.add(state)
        if state == goal:
            break
        i, s = divmod(state, width)
        if i < n:  # the next event is placed nowhere (a log move)
            push(state + width, dev + 1, cost, state, -2, i, i, False)
        if s == final:
            continue
        ends = []  # (events consumed up to, deviations added, first, last, skipped)
        if not labels[s]:
            ends.append((i, 0, -1, -1, False))
        else:
            ends.append((i, 1, -1, -1, True))
            seen: set[int] = set()
            j = i
            while j < n and trace[j] in labels[s] and trace[j] not in seen:
                seen.add(trace[j])
                j += 1
                ends.append((j, 0, i, j - 1, False))
        for j, extra, first, last, skipped in ends:
            if outcome[s]:
                push(j * width + final, dev + extra, cost, state, s, first, last, skipped)
            else:
                for to, c in branches[s]:
                    push(j * width + to, dev + extra, cost + c, state, s, first, last, skipped)
    visits: list[Visit] = []
    unplaced: list[int] = []
    state = goal
    while True:
        prev, step, first, last, skipped = came[state]
        if prev < 0:
            break
        if step == -2:
            unplaced.append(first)
        else:
            visits.append(Visit(step, first, last, skipped))
        state = prev
    return Alignment(tuple(reversed(visits)), tuple(sorted(unplaced)))


@dataclass(frozen=True)
class LogAlignment:
    """Every case of a log aligned with a journey, variant by variant.

    Attributes
    ----------
    match : StepMatch
    log : EventLog
    variants : tuple of tuple of int
        The distinct sequences of activity codes, in order of first appearance.
    alignments : tuple of Alignment
        One per variant.
    case_variant : ndarray of int
        Per case (in the order of the log's rows), the index of its variant.
    """

    match: StepMatch
    log: EventLog
    variants: tuple[tuple[int, ...], ...]
    alignments: tuple[Alignment, ...]
    case_variant: np.ndarray

    @cached_property
    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """First and last row of each case."""
        return case_bounds(self.log.case_codes)

    @property
    def cases(self) -> int:
        return int(self.case_variant.size)

    @cached_property
    def variant_counts(self) -> np.ndarray:
        return np.bincount(self.case_variant, minlength=len(self.variants))

    @cached_property
    def case_fits(self) -> np.ndarray:
        """Per case, whether it fits the journey."""
        fits = np.array([a.fits for a in self.alignments], dtype=bool)
        return fits[self.case_variant]

    @property
    def fitness(self) -> float:
        """The share of cases whose activities are a path of the journey from its start to an outcome."""
        return float(self.case_fits.mean()) if self.cases else 0.0


def align_log(match: StepMatch, log: EventLog) -> LogAlignment:
    """Align every case of ``log`` with the journey of ``match`` (which must match ``log.activities``)."""
    if tuple(match.activities) != tuple(log.activities):
        raise ValueError("the step match was made for another log's activities")
    first, last = case_bounds(log.case_codes)
    data = log.activity_codes.astype(np.int32).tobytes()
    ids: dict[bytes, int] = {}
    variants: list[tuple[int, ...]] = []
    case_variant = np.empty(first.size, dtype=np.int64)
    for k, (a, b) in enumerate(zip((first * 4).tolist(), ((last + 1) * 4).tolist())):
        key = data[a:b]
        v = ids.get(key)
        if v is None:
            v = ids[key] = len(variants)
            variants.append(tuple(np.frombuffer(key, dtype=np.int32).tolist()))
        case_variant[k] = v
    costs = _branches(match)
    alignments = tuple(align_trace(match, v, _branch_costs=costs) for v in variants)
    return LogAlignment(match, log, tuple(variants), alignments, case_variant)
