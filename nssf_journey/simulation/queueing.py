"""Queueing simulation: cases arrive over time and compete for resources with a capacity.

This is a discrete-event simulation specialised for journeys. Cases start at the times of
:func:`~nssf_journey.simulation.arrivals.arrival_times`. A case walks its journey as in Monte Carlo, except at a
step with a ``resource``: it first waits its ``wait``, then joins that resource's FIFO queue, then holds one unit
of capacity for its ``duration``. Its service time is drawn when it joins, so that the calendar rule can be
applied (:mod:`~nssf_journey.simulation.calendar`: a server starts a service only when open and when the service
ends before closing; work in progress finishes). Strict FIFO: when the head of a queue cannot start, nobody
behind it does. A case whose ``patience`` runs out while it waits leaves with outcome ``abandoned``; its lead
time ends then. The clock of a case keeps running while a resource is closed.

The engine is a heap of timed events (service ends, queue joins, abandonments, openings) merged with the sorted
arrival times; random numbers come from :mod:`~nssf_journey.simulation.streams`. Journeys whose only queue is a
single resource with no calendar and no patience, visited at most once per case, take a fast path with the same
semantics (:mod:`~nssf_journey.simulation.fifo`): every other step is walked with NumPy, and FIFO waits follow from
the classic recursion over ``c`` server-free times.

The simulation runs until every case has reached an outcome; the queues start empty (no warm-up is discarded:
with many cases the start-up transient weighs little). Confidence intervals of means come from batch means over
the cases in arrival order, since successive cases of a queue are correlated. Times are minutes from
``arrivals.start``.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from typing import Callable

import numpy as np

from ..model import Journey
from .arrivals import arrival_times
from .assemble import ResourceRun, assemble
from .calendar import CalendarClock
from .case_speed import CaseSpeeds, is_active
from .compiled import CompiledJourney, compile_journey
from .load import overload_warnings
from .results import EventLog, QueueLog, SimulationResult
from .streams import stream

Progress = Callable[[int, int], None]

_JOIN, _END, _ABANDON, _OPEN = 0, 1, 2, 3
_WALKING, _WAITING, _SERVED, _DONE = 0, 1, 2, 3


def queueing(journey: Journey, cases: int = 10_000, *, seed: int | None = None, events: bool = False,
             progress: Progress | None = None, fast: bool = True) -> SimulationResult:
    """Simulate ``cases`` arriving cases of ``journey`` competing for its resources.

    Parameters
    ----------
    journey : Journey
        A validated journey with ``arrivals``; it is not modified.
    cases : int
        How many cases arrive (> 0); the run lasts until the last of them reaches an outcome.
    seed : int, optional
        Seed of the local random generator; the same seed gives the same result.
    events : bool
        Keep the event log of every step executed.
    progress : callable, optional
        Called as ``progress(cases_arrived, cases)`` from time to time.
    fast : bool
        Allow the fast path for a single calendar-free, patience-free resource (same semantics; turning it off
        is for testing the general engine).

    Examples
    --------
    >>> from nssf_journey.examples import counter
    >>> r = queueing(counter(servers=1, every=10, service=5), 200_000, seed=3)   # M/M/1
    >>> abs(r.resources["counter"].queue_wait.mean - 5.0) < 0.3  # Erlang C: rho / (mu - lambda) = 5
    True
    """
    if journey.arrivals is None:
        raise ValueError(f"journey '{journey.id}' has no 'arrivals'; queueing simulation needs them "
                         "(use Monte Carlo for independent cases)")
    if cases <= 0:
        raise ValueError(f"cases must be > 0, got {cases}")
    cj = compile_journey(journey)
    rng = np.random.default_rng(seed)
    warnings = tuple(overload_warnings(journey))
    clocks = {r.id: CalendarClock(journey.calendar_by_id.get(r.calendar) if r.calendar else None,
                                  journey.arrivals.start) for r in journey.resources}
    arrival = arrival_times(journey.arrivals, cases, rng)
    from .fifo import fast_path_step, run_fast

    step = fast_path_step(cj) if fast else None
    if step is not None:
        return run_fast(cj, step, arrival, rng, seed=seed, events=events, progress=progress, clocks=clocks,
                        warnings=warnings)
    return _run_general(cj, arrival, rng, seed=seed, events=events, progress=progress, clocks=clocks,
                        warnings=warnings)


class _Resource:
    __slots__ = ("id", "free", "queue", "clock", "busy", "waits", "served", "abandoned", "qlen", "max_queue",
                 "area", "last", "wake", "joins", "services", "gave_up")

    def __init__(self, rid: str, capacity: int, clock: CalendarClock) -> None:
        self.id = rid
        self.free = capacity
        self.queue: deque[int] = deque()
        self.clock = clock
        self.busy = 0.0
        self.waits: list[float] = []
        self.joins: list[float] = []  # per entry of waits: when the case joined, and its service (0: gave up)
        self.services: list[float] = []
        self.gave_up: list[bool] = []
        self.served = 0
        self.abandoned = 0
        self.qlen = 0
        self.max_queue = 0
        self.area = 0.0
        self.last = 0.0
        self.wake = math.inf

    def count(self, t: float, change: int) -> None:
        self.area += self.qlen * (t - self.last)
        self.last = t
        self.qlen += change
        if self.qlen > self.max_queue:
            self.max_queue = self.qlen


def _run_general(cj: CompiledJourney, arrival: np.ndarray, rng: np.random.Generator, *, seed: int | None,
                 events: bool, progress: Progress | None, clocks: dict[str, CalendarClock],
                 warnings: tuple[str, ...]) -> SimulationResult:
    journey = cj.journey
    steps = journey.steps
    n = int(arrival.size)
    n_steps = cj.n_steps
    waits = [stream(s.wait, rng) for s in steps]
    durations = [stream(s.duration, rng) for s in steps]
    patience = [stream(s.patience, rng) if s.patience is not None else None for s in steps]
    uniform = stream(None, rng)
    # The waits of branches that carry their own, per step: {branch index: stream}.
    branch_wait = [{k: stream(w, rng) for k, w in ws} for ws in (cj.branch_waits or ((),) * n_steps)]
    # Waits that go together within a case (case_speed) are drawn from each case's speed instead.
    speeds = CaseSpeeds(journey.case_speed, rng, n) if is_active(journey.case_speed) else None
    if speeds is not None:
        branch_dist = [dict(ws) for ws in (cj.branch_waits or ((),) * n_steps)]

    def leave(c: int, s: int) -> tuple[int, float]:
        """The next step of case ``c`` leaving step ``s``, and the wait of the branch it takes."""
        nxt = single_next[s]
        k = 0 if nxt >= 0 else cj.next_branch(s, uniform())
        if nxt < 0:
            nxt = int(cj.next_to[s, k])
        ws = branch_wait[s]
        if not ws or k not in ws:
            return nxt, 0.0
        w = speeds.draw_one(branch_dist[s][k], c, rng) if speeds is not None else ws[k]()
        wait[c] += w
        return nxt, w
    has_wait = [not (s.wait.kind == "fixed" and s.wait.mean == 0) for s in steps]
    resource_of = cj.resource_of.tolist()
    outcome_of = cj.outcome_of.tolist()
    single_next = [int(cj.next_to[i, 0]) if cj.next_cum[i, 0] >= 1.0 else -1 for i in range(n_steps)]
    step_cost = [s.cost for s in steps]
    step_in_person = [1 if s.in_person else 0 for s in steps]
    resources = [_Resource(r.id, r.capacity, clocks[r.id]) for r in journey.resources]
    abandoned_outcome = cj.abandoned

    finish = [0.0] * n
    active = [0.0] * n
    wait = [0.0] * n
    queue_wait = [0.0] * n
    cost = [0.0] * n
    visits = [0] * n
    outcome = [-1] * n
    at_step = [0] * n
    joined = [0.0] * n
    service = [0.0] * n
    state = [_WALKING] * n
    token = [0] * n
    step_visits = [0] * n_steps
    step_queue = [0.0] * n_steps
    log: list[tuple[int, int, float, float, bool]] = []
    heap: list[tuple[float, int, int, int, int]] = []
    seq = 0

    def push(t: float, kind: int, who: int, extra: int = 0) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(heap, (t, seq, kind, who, extra))

    def walk(c: int, s: int, t: float, now: float | None = None) -> None:
        """Case ``c`` enters step ``s`` at ``t``; walk it to its next queue or its outcome. The clock is at ``now``
        (default ``t``; earlier when a branch's wait comes first).

        Steps without a resource do not interact with other cases, so the walk runs ahead of the clock; a queue
        is joined now only when no time has passed, else at its time through the event heap.
        """
        now = t if now is None else now
        while True:
            step_visits[s] += 1
            cost[c] += step_cost[s]
            visits[c] += step_in_person[s]
            if not has_wait[s]:
                w = 0.0
            elif speeds is not None:
                w = speeds.draw_one(steps[s].wait, c, rng)
            else:
                w = waits[s]()
            wait[c] += w
            t += w
            if resource_of[s] >= 0:
                at_step[c] = s
                if t > now:
                    push(t, _JOIN, c)
                else:
                    join(c, t)
                return
            d = durations[s]()
            active[c] += d
            if events:
                log.append((c, s, t, t + d, False))
            t += d
            o = outcome_of[s]
            if o >= 0:
                outcome[c] = o
                finish[c] = t
                state[c] = _DONE
                return
            s, w = leave(c, s)
            t += w

    def join(c: int, t: float) -> None:
        s = at_step[c]
        res = resources[resource_of[s]]
        service[c] = durations[s]()
        joined[c] = t
        state[c] = _WAITING
        res.queue.append(c)
        res.count(t, 1)
        serve(res, t)
        if state[c] == _WAITING and patience[s] is not None:
            token[c] += 1
            push(t + patience[s](), _ABANDON, c, token[c])

    def serve(res: _Resource, t: float) -> None:
        while res.free > 0 and res.queue:
            c = res.queue[0]
            if state[c] != _WAITING:
                res.queue.popleft()
                continue
            d = service[c]
            begin = res.clock.next_start(t, d)
            if begin > t:
                if begin < res.wake:
                    res.wake = begin
                    push(begin, _OPEN, resource_of[at_step[c]])
                return
            res.queue.popleft()
            res.count(t, -1)
            state[c] = _SERVED
            res.free -= 1
            q = t - joined[c]
            queue_wait[c] += q
            wait[c] += q
            step_queue[at_step[c]] += q
            res.waits.append(q)
            res.joins.append(joined[c])
            res.services.append(d)
            res.gave_up.append(False)
            res.served += 1
            res.busy += d
            if events:
                log.append((c, at_step[c], t, t + d, False))
            push(t + d, _END, c)

    every = max(1, n // 100)
    i = 0
    while True:
        if i < n and (not heap or arrival[i] <= heap[0][0]):
            walk(i, cj.start, float(arrival[i]))
            i += 1
            if progress is not None and i % every == 0:
                progress(i, n)
            continue
        if not heap:
            break
        t, _, kind, c, extra = heapq.heappop(heap)
        if kind == _END:
            s = at_step[c]
            res = resources[resource_of[s]]
            res.free += 1
            active[c] += service[c]
            o = outcome_of[s]
            if o >= 0:
                outcome[c] = o
                finish[c] = t
                state[c] = _DONE
            else:
                state[c] = _WALKING
                nxt, w = leave(c, s)
                walk(c, nxt, t + w, now=t)
            serve(res, t)
        elif kind == _JOIN:
            join(c, t)
        elif kind == _ABANDON:
            if state[c] == _WAITING and token[c] == extra:
                s = at_step[c]
                res = resources[resource_of[s]]
                state[c] = _DONE
                res.count(t, -1)
                q = t - joined[c]
                queue_wait[c] += q
                wait[c] += q
                step_queue[s] += q
                res.waits.append(q)
                res.joins.append(joined[c])
                res.services.append(0.0)
                res.gave_up.append(True)
                res.abandoned += 1
                outcome[c] = abandoned_outcome
                finish[c] = t
                if events:
                    log.append((c, s, joined[c], t, True))
                serve(res, t)  # the head may have been blocking a shorter service that fits before closing
        else:  # _OPEN
            res = resources[c]
            if t >= res.wake:
                res.wake = math.inf
            serve(res, t)
    if progress is not None and n % every:
        progress(n, n)

    end = max(finish) if n else 0.0
    runs = {}
    for res in resources:
        res.count(end, 0)
        waits = np.asarray(res.waits, dtype=float)
        services = np.asarray(res.services, dtype=float)
        queue_log = QueueLog(np.asarray(res.joins, dtype=float), waits, services, np.asarray(res.gave_up, dtype=bool))
        runs[res.id] = ResourceRun(res.busy, waits, res.served, res.abandoned, res.max_queue, res.area, queue_log)
    event_log = None
    if events:
        cols = list(zip(*log)) if log else [(), (), (), (), ()]
        event_log = EventLog(np.asarray(cols[0], dtype=np.int64), np.asarray(cols[1], dtype=np.int32),
                             np.asarray(cols[2], dtype=float), np.asarray(cols[3], dtype=float),
                             np.asarray(cols[4], dtype=bool))
    return assemble(
        cj, seed=seed, arrival=arrival, finish=np.asarray(finish), active=np.asarray(active), wait=np.asarray(wait),
        queue_wait=np.asarray(queue_wait), cost=np.asarray(cost), visits=np.asarray(visits),
        outcome=np.asarray(outcome), step_visits=np.asarray(step_visits), step_queue_wait=np.asarray(step_queue),
        resources=runs, clocks=clocks, warnings=warnings, event_log=event_log,
    )
