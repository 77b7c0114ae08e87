"""The fast path of queueing simulation: one always-open FIFO resource, no patience.

When a single step queues for a resource that has no calendar, the step has no ``patience`` and no case can
visit it twice, the cases do not interact anywhere else. Then the simulation splits exactly into three parts:
walk every case with NumPy up to that step (:func:`~nssf_journey.simulation.walk.advance`), compute the FIFO
queue in order of joining, and walk every case on from there. The queue uses the classic recursion: with
``c`` servers, a case joining at ``a`` starts at ``max(a, earliest server-free time)``; with one server that is
Lindley's recursion, computed without a loop as a running maximum.

The semantics are those of the general engine (:mod:`~nssf_journey.simulation.queueing`); only the order in
which random numbers are drawn differs, so the two give statistically identical, not identical, results.
"""

from __future__ import annotations

import heapq
from typing import Callable

import numpy as np

from .assemble import ResourceRun, assemble, queue_sweep
from .calendar import CalendarClock
from .compiled import CompiledJourney
from .montecarlo import event_log as events_of
from .results import QueueLog, SimulationResult
from .walk import Batch, advance, draw


def fast_path_step(cj: CompiledJourney) -> int | None:
    """The index of the only resource step when the fast path applies, else ``None``."""
    journey = cj.journey
    at = np.flatnonzero(cj.resource_of >= 0)
    if at.size != 1:
        return None
    s = int(at[0])
    step = journey.steps[s]
    if step.patience is not None or journey.resource_by_id[step.resource].calendar is not None:  # type: ignore[index]
        return None
    # Can the step be visited twice? Only if it can be reached again from its own successors.
    seen: set[int] = set()
    todo = [int(t) for t in set(cj.next_to[s].tolist())] if cj.outcome_of[s] < 0 else []
    while todo:
        u = todo.pop()
        if u == s:
            return None
        if u in seen:
            continue
        seen.add(u)
        if cj.outcome_of[u] < 0:
            todo.extend(int(t) for t in set(cj.next_to[u].tolist()))
    return s


def fifo_starts(join: np.ndarray, service: np.ndarray, capacity: int) -> np.ndarray:
    """Service start times of cases in joining order (``join`` non-decreasing) at a FIFO resource.

    >>> fifo_starts(np.array([0.0, 1.0, 2.0]), np.array([5.0, 5.0, 5.0]), 1).tolist()
    [0.0, 5.0, 10.0]
    >>> fifo_starts(np.array([0.0, 1.0, 2.0]), np.array([5.0, 5.0, 5.0]), 2).tolist()
    [0.0, 1.0, 5.0]
    """
    n = join.size
    if n == 0:
        return join.copy()
    if capacity == 1:
        # end_n = max over k <= n of (join_k + service_k + ... + service_n), a running maximum.
        total = np.cumsum(service)
        before = total - service
        end = total + np.maximum.accumulate(join - before)
        return end - service
    if capacity >= n:
        return join.copy()
    start = [0.0] * n
    free = [float("-inf")] * capacity
    replace = heapq.heapreplace
    for i, (a, d) in enumerate(zip(join.tolist(), service.tolist())):
        f = free[0]
        s = a if a > f else f
        start[i] = s
        replace(free, s + d)
    return np.asarray(start)


def run_fast(cj: CompiledJourney, s: int, arrival: np.ndarray, rng: np.random.Generator, *, seed: int | None,
             events: bool, progress: Callable[[int, int], None] | None, clocks: dict[str, CalendarClock],
             warnings: tuple[str, ...]) -> SimulationResult:
    """Simulate with a single FIFO resource at step ``s`` (see the module docstring)."""
    journey = cj.journey
    n = int(arrival.size)
    step = journey.steps[s]
    res = journey.resource_by_id[step.resource]  # type: ignore[index]
    batch = Batch(n, cj.n_steps, record_events=events)
    batch.clock[:] = arrival
    held = advance(cj, rng, batch, np.arange(n), np.full(n, cj.start, dtype=np.int64), stop_step=s)
    if progress is not None:
        progress(n // 3, n)
    k = held.size
    batch.step_visits[s] += k
    w = draw(step.wait, rng, k)
    d = np.broadcast_to(draw(step.duration, rng, k), (k,)).astype(float)
    join = batch.clock[held] + w
    order = np.argsort(join, kind="stable")
    held, join, d = held[order], join[order], d[order]
    start = fifo_starts(join, d, res.capacity)
    if progress is not None:
        progress(2 * n // 3, n)
    q = start - join
    batch.wait[held] += np.broadcast_to(w, (k,))[order] + q
    batch.queue_wait[held] += q
    batch.active[held] += d
    batch.clock[held] = start + d
    if step.cost:
        batch.cost[held] += step.cost
    if step.in_person:
        batch.visits[held] += 1
    batch.record(held, s, start, start + d)
    o = cj.outcome_of[s]
    if o >= 0:
        batch.outcome[held] = o
    else:
        taken = cj.next_branches(s, rng.random(k)) if cj.next_cum[s, 0] < 1.0 else np.zeros(k, dtype=np.intp)
        nxt = cj.next_to[s][taken]
        for j, dist in (cj.branch_waits[s] if cj.branch_waits else ()):
            at = held[taken == j]
            if at.size:
                w = draw(dist, rng, at.size)
                batch.wait[at] += w
                batch.clock[at] += w
        advance(cj, rng, batch, held, nxt)
    if progress is not None:
        progress(n, n)
    max_queue, area = queue_sweep(join, start)
    step_queue = np.zeros(cj.n_steps)
    step_queue[s] = float(q.sum())
    log = QueueLog(join, q, d, np.zeros(k, dtype=bool))
    runs = {res.id: ResourceRun(float(d.sum()), q, k, 0, max_queue, area, log)}
    return assemble(
        cj, seed=seed, arrival=arrival, finish=batch.clock, active=batch.active, wait=batch.wait,
        queue_wait=batch.queue_wait, cost=batch.cost, visits=batch.visits, outcome=batch.outcome,
        step_visits=batch.step_visits, step_queue_wait=step_queue, resources=runs, clocks=clocks,
        warnings=warnings, event_log=events_of(batch.events) if events else None,
    )
