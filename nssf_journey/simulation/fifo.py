"""The fast path of queueing simulation: one always-open FIFO resource, no patience.

When a single step queues for a resource that has no calendar, the step has no ``patience`` and no case can
visit it twice, the cases do not interact anywhere else. Then the simulation splits exactly into three parts:
walk every case with NumPy up to that step (:func:`~nssf_journey.simulation.walk.advance`), compute the FIFO
queue in order of joining, and walk every case on from there. The queue uses the classic recursion: with
``c`` servers, a case joining at ``a`` starts at ``max(a, earliest server-free time)``; with one server that is
Lindley's recursion, computed without a loop as a running maximum.

The semantics are those of the general engine (:mod:`~nssf_journey.simulation.queueing`); only the order in
which random numbers are drawn differs, so the two give statistically identical, not identical, results.

Cases arrive in chunks of :data:`~nssf_journey.simulation.limits.CHUNK`, so memory stays bounded whatever the
number of cases. A case that arrives later cannot join the queue before it arrives (waits and durations are not
negative), so once a chunk is walked up to the queue, every case that joins before the next chunk's first
arrival can be served and walked on; the others wait for the next chunk. That is the whole-run computation cut
into pieces: the FIFO recursion carries its server-free times from piece to piece, and the queue length its
customers still waiting. Only the order of random draws depends on the chunk size, which is fixed; a run of
at most one chunk of cases draws exactly as the unchunked engine did.
"""

from __future__ import annotations

import heapq
import math
from typing import Callable, Iterator

import numpy as np

from .accumulate import CaseAccumulator, Thinned
from .assemble import ResourceRun, assemble
from .calendar import CalendarClock
from .compiled import CompiledJourney
from .results import EventCollector, QueueLog, SimulationResult
from .stats import RunningMoments
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
    return FifoServers(capacity).starts(join, service)


class FifoServers:
    """The server-free times of a FIFO resource with ``capacity`` servers, carried from block to block of cases.

    >>> f = FifoServers(1)
    >>> f.starts(np.array([0.0, 1.0]), np.array([5.0, 5.0])).tolist(), f.starts(np.array([2.0]), np.array([5.0])).tolist()
    ([0.0, 5.0], [10.0])
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.free = [-math.inf] * capacity  # a heap of the times each server becomes free

    def starts(self, join: np.ndarray, service: np.ndarray) -> np.ndarray:
        """Start times of the next cases in joining order (``join`` non-decreasing, after every earlier join)."""
        n = join.size
        if n == 0:
            return join.copy()
        if self.capacity == 1:
            # end_n = max(free + service_1 + ... + service_n, max over k <= n of (join_k + service_k + ... +
            # service_n)): a running maximum.
            total = np.cumsum(service)
            before = total - service
            end = total + np.maximum(np.maximum.accumulate(join - before), self.free[0])
            self.free[0] = float(end[-1])
            return end - service
        if self.capacity >= n and max(self.free) <= join[0]:  # a free server for everyone
            self.free = sorted(self.free)[n:] + (join + service).tolist()
            heapq.heapify(self.free)
            return join.copy()
        start = [0.0] * n
        free = self.free
        replace = heapq.heapreplace
        for i, (a, d) in enumerate(zip(join.tolist(), service.tolist())):
            f = free[0]
            s = a if a > f else f
            start[i] = s
            replace(free, s + d)
        return np.asarray(start)


class QueueLength:
    """The longest queue, from blocks of (join, start) times in joining order, each block after the previous one.

    FIFO start times never decrease, so the queue just after a join at ``t`` is the number of customers who joined
    by ``t`` less those who started by ``t``; customers of earlier blocks who start after the last join seen are
    carried in ``waiting``.

    >>> q = QueueLength()
    >>> q.add(np.array([0.0, 1.0]), np.array([0.0, 3.0])); q.add(np.array([2.0]), np.array([4.0])); q.longest
    2
    """

    def __init__(self) -> None:
        self.longest = 0
        self.waiting = np.empty(0)

    def add(self, join: np.ndarray, start: np.ndarray) -> None:
        if join.size == 0:
            return
        joined = np.searchsorted(join, join, side="right")
        started = (np.searchsorted(start, join, side="right")
                   + np.searchsorted(self.waiting, join, side="right"))
        length = self.waiting.size + joined - started
        self.longest = max(self.longest, int(length.max()))
        pending = np.concatenate((self.waiting, start))
        self.waiting = pending[np.searchsorted(pending, join[-1], side="right"):]


_CARRIED = ("id", "arrival", "join", "service", "wait", "active", "cost", "visits", "taken")


def run_fast(cj: CompiledJourney, s: int, arrivals: Iterator[np.ndarray], cases: int, rng: np.random.Generator, *,
             seed: int | None, events: EventCollector | None, progress: Callable[[int, int], None] | None,
             clocks: dict[str, CalendarClock], warnings: tuple[str, ...], max_steps: int) -> SimulationResult:
    """Simulate ``cases`` arrivals, given chunk by chunk, with a single FIFO resource at step ``s`` (see the
    module docstring)."""
    journey = cj.journey
    step = journey.steps[s]
    res = journey.resource_by_id[step.resource]  # type: ignore[index]
    outcome = int(cj.outcome_of[s])
    acc = CaseAccumulator(cases, len(cj.outcome_ids), journey.deadline)
    servers = FifoServers(res.capacity)
    length = QueueLength()
    log = Thinned((np.float64, np.float64, np.float64, np.bool_))
    waits = RunningMoments()
    step_visits = np.zeros(cj.n_steps, dtype=np.int64)
    totals = {"busy": 0.0, "queued": 0.0, "served": 0}
    record = events is not None
    pending: dict[str, np.ndarray] | None = None

    def serve(go: dict[str, np.ndarray]) -> None:
        """Serve the cases ``go`` (in joining order) and walk them on to their outcomes."""
        join, d = go["join"], go["service"]
        k = join.size
        if k == 0:
            return
        start = servers.starts(join, d)
        q = start - join
        length.add(join, start)
        waits.add(q)
        log.append(join, q, d, np.zeros(k, dtype=bool))
        totals["busy"] += float(d.sum())
        totals["queued"] += float(q.sum())
        totals["served"] += k
        batch = Batch(k, cj.n_steps, record_events=record)
        batch.clock[:] = start + d
        batch.wait[:] = go["wait"] + q
        batch.queue_wait[:] = q
        batch.active[:] = go["active"] + d
        batch.cost[:] = go["cost"] + step.cost
        batch.visits[:] = go["visits"] + (1 if step.in_person else 0)
        local = np.arange(k)
        batch.record(local, s, start, start + d)
        if outcome >= 0:
            batch.outcome[:] = outcome
        else:
            taken = cj.next_branches(s, rng.random(k)) if cj.next_cum[s, 0] < 1.0 else np.zeros(k, dtype=np.intp)
            nxt = cj.next_to[s][taken]
            for j, dist in (cj.branch_waits[s] if cj.branch_waits else ()):
                at = local[taken == j]
                if at.size:
                    w = draw(dist, rng, at.size)
                    batch.wait[at] += w
                    batch.clock[at] += w
            advance(cj, rng, batch, local, nxt, max_steps=max_steps, taken=go["taken"])
        step_visits[:] += batch.step_visits
        if record:
            events.add(batch.events, go["id"])  # type: ignore[union-attr]
        acc.add(go["id"], arrival=go["arrival"], finish=batch.clock, active=batch.active, wait=batch.wait,
                queue_wait=batch.queue_wait, cost=batch.cost, visits=batch.visits, outcome=batch.outcome)

    base = 0
    current: np.ndarray | None = next(arrivals)
    while current is not None:
        following = next(arrivals, None)
        horizon = float(following[0]) if following is not None else math.inf
        m = current.size
        batch = Batch(m, cj.n_steps, record_events=record)
        batch.clock[:] = current
        held = advance(cj, rng, batch, np.arange(m), np.full(m, cj.start, dtype=np.int64), stop_step=s,
                       max_steps=max_steps)
        step_visits[:] += batch.step_visits
        if record:
            events.add(batch.events, np.arange(base, base + m))  # type: ignore[union-attr]
        ended = np.ones(m, dtype=bool)
        ended[held] = False
        e = np.flatnonzero(ended)
        acc.add(e + base, arrival=current[e], finish=batch.clock[e], active=batch.active[e], wait=batch.wait[e],
                queue_wait=np.zeros(e.size), cost=batch.cost[e], visits=batch.visits[e], outcome=batch.outcome[e])
        k = held.size
        step_visits[s] += k
        w = np.broadcast_to(draw(step.wait, rng, k), (k,))
        d = np.broadcast_to(draw(step.duration, rng, k), (k,)).astype(float)
        new = {"id": held + base, "arrival": current[held], "join": batch.clock[held] + w, "service": d,
               "wait": batch.wait[held] + w, "active": batch.active[held], "cost": batch.cost[held],
               "visits": batch.visits[held], "taken": batch.steps[held].astype(np.int64) + 1}
        if pending is not None:
            new = {c: np.concatenate((pending[c], new[c])) for c in _CARRIED}
        order = np.argsort(new["join"], kind="stable")
        new = {c: v[order] for c, v in new.items()}
        cut = int(np.searchsorted(new["join"], horizon, side="left"))  # later arrivals join at `horizon` or after
        serve({c: v[:cut] for c, v in new.items()})
        pending = {c: v[cut:] for c, v in new.items()}
        base += m
        current = following
        if progress is not None:
            progress(base, cases)
    join, wait, service, gave_up = log.arrays()
    step_queue = np.zeros(cj.n_steps)
    step_queue[s] = totals["queued"]
    runs = {res.id: ResourceRun(totals["busy"], waits, int(totals["served"]), 0, length.longest, totals["queued"],
                                QueueLog(join, wait, service, gave_up, log.every))}
    return assemble(cj, seed=seed, acc=acc, step_visits=step_visits, step_queue_wait=step_queue, resources=runs,
                    clocks=clocks, warnings=warnings, events=events, max_steps=max_steps)
