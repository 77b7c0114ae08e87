"""Vectorised walking of many independent cases through a journey, one step at a time.

All live cases advance together: for each step index, the cases now at that step draw their waits and
durations in one call, then their next steps in one call (a uniform number per case looked up in the
cumulative branch table). The loop runs until every case has reached an outcome, so its length is the longest
path drawn, not the number of cases. Cases do not interact here: queues are the business of
:mod:`~nssf_journey.simulation.queueing`.

Every live case takes exactly one step per round, so the steps a case has taken are the rounds since it entered
the walk (plus what it had taken before, ``taken``): a case that reaches ``max_steps`` steps
(:data:`~nssf_journey.simulation.limits.MAX_STEPS`) is stopped without a per-case counter, keeps outcome -1
(not finished) and is counted in :attr:`Batch.stopped`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..distributions import Distribution, Fixed
from .case_speed import CaseSpeeds
from .compiled import CompiledJourney
from .limits import max_steps_of


def draw(dist: Distribution, rng: np.random.Generator, size: int) -> np.ndarray | float:
    """``size`` values of ``dist``; a plain number for a fixed duration (which draws nothing from ``rng``)."""
    if isinstance(dist, Fixed):
        return float(dist.value)
    return dist.sample(rng, size)


def _draw32(dist: Distribution, rng: np.random.Generator, size: int) -> np.ndarray | float:
    """As :func:`draw`, in float32 (:meth:`~nssf_journey.distributions.Distribution.sample32`)."""
    if isinstance(dist, Fixed):
        return float(dist.value)
    return dist.sample32(rng, size)


@dataclass
class Batch:
    """Running totals of a batch of cases (minutes, US dollars), indexed by case number within the batch."""

    size: int
    n_steps: int
    clock: np.ndarray = field(init=False)
    active: np.ndarray = field(init=False)
    wait: np.ndarray = field(init=False)
    queue_wait: np.ndarray = field(init=False)
    cost: np.ndarray = field(init=False)
    visits: np.ndarray = field(init=False)
    outcome: np.ndarray = field(init=False)
    step_visits: np.ndarray = field(init=False)
    #: Steps taken by each case held at the stop step of :func:`advance` (its other entries mean nothing).
    steps: np.ndarray = field(init=False)
    #: Cases stopped after ``max_steps`` steps (their outcome stays -1: not finished).
    stopped: int = 0
    record_events: bool = False
    events: list[tuple[np.ndarray, ...]] = field(default_factory=list)
    #: The cases' speeds when the journey's waits go together (``case_speed``); ``None``: independent waits.
    speeds: CaseSpeeds | None = None

    def __post_init__(self) -> None:
        n = self.size
        self.clock = np.zeros(n)
        self.active = np.zeros(n)
        self.wait = np.zeros(n)
        self.queue_wait = np.zeros(n)
        self.cost = np.zeros(n)
        self.visits = np.zeros(n, dtype=np.int32)
        self.outcome = np.full(n, -1, dtype=np.int16)
        self.step_visits = np.zeros(self.n_steps, dtype=np.int64)
        self.steps = np.zeros(n, dtype=np.int32)

    def record(self, ids: np.ndarray, step: int, start: np.ndarray, end: np.ndarray, aborted: bool = False) -> None:
        if self.record_events:
            k = ids.size
            self.events.append((ids.copy(), np.full(k, step, dtype=np.int32), np.broadcast_to(start, k).copy(),
                                np.broadcast_to(end, k).copy(), np.full(k, aborted)))


def advance(cj: CompiledJourney, rng: np.random.Generator, batch: Batch, ids: np.ndarray, pos: np.ndarray,
            stop_step: int = -1, *, max_steps: int | None = None, taken: np.ndarray | None = None) -> np.ndarray:
    """Walk the cases ``ids`` (now entering steps ``pos``) until each reaches an outcome or ``stop_step``, or has
    taken ``max_steps`` steps (counting ``taken``, the steps each had taken before; default none).

    Updates ``batch`` in place (the batch is the caller's scratch state, not an input of the model). Returns the
    ids of the cases that arrived at ``stop_step``; they have not started it yet, and ``batch.steps`` holds the
    steps they have taken. Stopped cases keep outcome -1 and are counted in ``batch.stopped``.

    The running totals of the live cases are kept in compact arrays sorted by current step, so that the cases at
    one step form a contiguous slice: drawing and adding is done on slices, and totals are written back to the
    batch once, when a case ends.
    """
    max_steps = max_steps_of(max_steps)
    steps = cj.journey.steps
    n_steps = cj.n_steps
    branch_waits = cj.branch_waits or ((),) * n_steps
    single = [bool(cj.next_cum[s, 0] >= 1.0) for s in range(n_steps)]
    outcome_of = cj.outcome_of.tolist()
    step_visits = [0] * n_steps
    case = np.asarray(ids, dtype=np.int32 if batch.size < 2**31 else np.int64)
    where = np.asarray(pos, dtype=np.int16 if n_steps < 2**15 else np.int64)
    step_range = np.arange(n_steps + 1, dtype=where.dtype)  # same type as ``where``: searchsorted copies nothing
    # What the walk adds, per live case; written back to the batch when a case leaves the walk.
    # float32 halves the memory traffic of reordering; a case's total of a few dozen steps stays within 1e-6
    # (relative) of the float64 sum, far below the spread of any duration. An event log needs timestamps that
    # chain exactly from step to step, so it keeps its own float64 clock (which changes no total).
    active, wait = np.zeros(case.size, dtype=np.float32), np.zeros(case.size, dtype=np.float32)
    cost, visits = np.zeros(case.size, dtype=np.float32), np.zeros(case.size, dtype=np.int32)
    record = batch.record_events
    speeds = batch.speeds
    clock = batch.clock[case] if record else np.zeros(case.size)
    held: list[np.ndarray] = []
    fresh = True  # in the first round, cases held at ``stop_step`` have added nothing to write back
    # Steps taken before this walk, per live case (None: none), and the first round at which a case may hit the cap.
    tk = None if taken is None else np.asarray(taken, dtype=np.int64)
    limit = max_steps - (int(tk.max()) if tk is not None and tk.size else 0)
    rounds = 0
    while case.size:
        if rounds >= limit:
            over = (tk + rounds >= max_steps) if tk is not None else np.ones(case.size, dtype=bool)
            if over.any():
                if not fresh:
                    out = case[over]
                    act, wt = active[over].astype(np.float64), wait[over].astype(np.float64)
                    batch.clock[out] += act + wt
                    batch.active[out] += act
                    batch.wait[out] += wt
                    batch.cost[out] += cost[over]
                    batch.visits[out] += visits[over]
                batch.stopped += int(over.sum())
                keep = ~over
                case, where, active, wait, cost, visits = (a[keep] for a in (case, where, active, wait, cost, visits))
                if record:
                    clock = clock[keep]
                if tk is not None:
                    tk = tk[keep]
                if not case.size:
                    break
        first = int(where[0])
        if where.min() == where.max():  # all at one step: nothing to sort
            bounds = [0] * (first + 1) + [case.size] * (n_steps - first)
            present = [first]
        else:
            order = np.argsort(where, kind="stable")  # a radix sort for 16-bit keys: linear time
            case, where, active, wait, cost, visits = (a.take(order) for a in (case, where, active, wait, cost,
                                                                                visits))
            if record:
                clock = clock.take(order)
            if tk is not None:
                tk = tk.take(order)
            bounds = np.searchsorted(where, step_range).tolist()
            present = [s for s in range(n_steps) if bounds[s + 1] > bounds[s]]
        gone: list[tuple[int, int]] = []  # slices of cases that leave the walk this round
        back: list[tuple[int, int]] = []  # the slices of those whose totals go back to the batch
        for s in present:
            a, b = bounds[s], bounds[s + 1]
            if s == stop_step or outcome_of[s] >= 0:
                gone.append((a, b))
                if s == stop_step:
                    held.append(case[a:b])
                    batch.steps[case[a:b]] = (tk[a:b] + rounds) if tk is not None else rounds
                    if not fresh:
                        back.append((a, b))
                    continue
                back.append((a, b))
            k = b - a
            step = steps[s]
            step_visits[s] += k
            if speeds is not None and not isinstance(step.wait, Fixed):
                w = speeds.draw(step.wait, case[a:b], rng).astype(np.float32)
            else:
                w = _draw32(step.wait, rng, k)
            d = _draw32(step.duration, rng, k)
            if not (isinstance(w, float) and w == 0.0):
                wait[a:b] += w
            if record:
                begin = clock[a:b] + w
                clock[a:b] = begin + d
                batch.record(case[a:b], s, begin, begin + d)
            if not (isinstance(d, float) and d == 0.0):
                active[a:b] += d
            if step.cost:
                cost[a:b] += step.cost
            if step.in_person:
                visits[a:b] += 1
            o = outcome_of[s]
            if o >= 0:
                batch.outcome[case[a:b]] = o
            elif single[s]:
                where[a:b] = cj.next_to[s, 0]
                if branch_waits[s]:
                    _wait_on_branches(branch_waits[s], None, rng, wait[a:b], clock[a:b] if record else None,
                                      speeds, case[a:b])
            else:
                taken = cj.next_branches(s, rng.random(k))
                where[a:b] = cj.next_to[s][taken]
                if branch_waits[s]:
                    _wait_on_branches(branch_waits[s], taken, rng, wait[a:b], clock[a:b] if record else None,
                                      speeds, case[a:b])
        if gone:
            # Cases are sorted by step, so those leaving form whole slices: cut and join slices rather than
            # compress with a boolean mask, which is several times slower.
            if back:
                out = _join(case, back)
                act, wt = _join(active, back).astype(np.float64), _join(wait, back).astype(np.float64)
                batch.clock[out] += act + wt
                batch.active[out] += act
                batch.wait[out] += wt
                batch.cost[out] += _join(cost, back)
                batch.visits[out] += _join(visits, back)
            stay = _complement(gone, case.size)
            case, where, active, wait, cost, visits = (_join(a, stay) for a in (case, where, active, wait, cost,
                                                                               visits))
            if record:
                clock = _join(clock, stay)
            if tk is not None:
                tk = _join(tk, stay)
        fresh = False
        rounds += 1
    batch.step_visits += np.asarray(step_visits, dtype=np.int64)
    return np.concatenate(held).astype(np.int64) if held else np.empty(0, dtype=np.int64)


def _wait_on_branches(waits: tuple[tuple[int, Distribution], ...], taken: np.ndarray | None,
                      rng: np.random.Generator, wait: np.ndarray, clock: np.ndarray | None,
                      speeds: CaseSpeeds | None = None, ids: np.ndarray | None = None) -> None:
    """Add the waits of the branches taken (``taken``: branch index per case; ``None``: all took branch 0).

    ``wait`` and ``clock`` are views of the cases' running totals, changed in place; ``ids`` are the cases' numbers
    in the batch, for their ``speeds``.
    """
    for k, dist in waits:
        if taken is None:
            if speeds is not None and ids is not None:
                w = np.asarray(speeds.draw(dist, ids, rng), dtype=np.float32)
            else:
                w = _draw32(dist, rng, wait.size)
            wait += w
            if clock is not None:
                clock += w
            continue
        at = np.flatnonzero(taken == k)
        if at.size:
            if speeds is not None and ids is not None:
                w = np.asarray(speeds.draw(dist, ids[at], rng), dtype=np.float32)
            else:
                w = _draw32(dist, rng, at.size)
            wait[at] += w
            if clock is not None:
                clock[at] += w


def _join(a: np.ndarray, slices: list[tuple[int, int]]) -> np.ndarray:
    """The elements of ``a`` in the slices ``[(start, stop), ...]``, in order, as one array."""
    if len(slices) == 1:
        lo, hi = slices[0]
        return a[lo:hi]
    if not slices:
        return a[:0]
    return np.concatenate([a[lo:hi] for lo, hi in slices])


def _complement(slices: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """The slices of ``range(n)`` not covered by the sorted, disjoint ``slices``.

    >>> _complement([(2, 4), (6, 10)], 10)
    [(0, 2), (4, 6)]
    """
    out, at = [], 0
    for lo, hi in slices:
        if lo > at:
            out.append((at, lo))
        at = hi
    if at < n:
        out.append((at, n))
    return out
