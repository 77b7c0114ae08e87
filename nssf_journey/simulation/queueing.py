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

The simulation runs until every case has reached an outcome (or has been stopped after
:data:`~nssf_journey.simulation.limits.MAX_STEPS` steps: it then counts as not finished and the result warns);
the queues start empty (no warm-up is discarded: with many cases the start-up transient weighs little).
Confidence intervals of means come from batch means over the cases in arrival order, since successive cases of
a queue are correlated. Times are minutes from ``arrivals.start``.

Memory is bounded whatever the number of cases: arrivals are drawn a chunk at a time, the engine holds only the
cases in progress, and finished cases go to a :class:`~nssf_journey.simulation.accumulate.CaseAccumulator` (exact
means, counts and shares; per-case records and queue logs up to a cap, then every k-th). An event log is either
kept whole (``events=True``) or handed to a sink block by block (``events=`` a callable).
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from typing import Callable, Iterator

import numpy as np

from ..model import Journey
from .accumulate import CaseAccumulator, Thinned
from .arrivals import arrival_chunks
from .assemble import ResourceRun, assemble
from .calendar import CalendarClock
from .case_speed import CaseSpeeds, is_active
from .compiled import CompiledJourney, compile_journey
from . import limits
from .load import overload_warnings
from .results import EventCollector, EventSink, QueueLog, SimulationResult
from .stats import RunningMoments
from .streams import stream

Progress = Callable[[int, int], None]

_JOIN, _END, _ABANDON, _OPEN = 0, 1, 2, 3
_WALKING, _WAITING, _SERVED, _DONE = 0, 1, 2, 3
# The fields of a case in progress (a list per case, in a dict by case number).
_ARRIVAL, _ACTIVE, _WAIT, _QUEUE, _COST, _VISITS, _STEP, _JOINED, _SERVICE, _STATE, _TOKEN, _STEPS, _SPEEDS, _LOCAL = \
    range(14)


def queueing(journey: Journey, cases: int = 10_000, *, seed: int | None = None,
             events: bool | EventSink = False, progress: Progress | None = None, fast: bool = True,
             max_steps: int | None = None) -> SimulationResult:
    """Simulate ``cases`` arriving cases of ``journey`` competing for its resources.

    Parameters
    ----------
    journey : Journey
        A validated journey with ``arrivals``; it is not modified.
    cases : int
        How many cases arrive (> 0); the run lasts until the last of them reaches an outcome.
    seed : int, optional
        Seed of the local random generator; the same seed gives the same result.
    events : bool or callable
        ``True``: keep the event log of every step executed (``result.event_log``). A callable: hand it the log a
        block at a time (an :class:`~nssf_journey.simulation.results.EventLog` of some rows, ordered by nothing in
        particular), so that it can be written without being held (``result.event_log`` is then ``None``).
    progress : callable, optional
        Called as ``progress(cases_arrived, cases)`` from time to time.
    fast : bool
        Allow the fast path for a single calendar-free, patience-free resource (same semantics; turning it off
        is for testing the general engine).
    max_steps : int, optional
        Steps (default :data:`~nssf_journey.simulation.limits.MAX_STEPS`) after which a case is stopped and counts as not finished (see
        :mod:`~nssf_journey.simulation.limits`).

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
    max_steps = limits.max_steps_of(max_steps)
    cj = compile_journey(journey)
    rng = np.random.default_rng(seed)
    warnings = tuple(overload_warnings(journey))
    clocks = {r.id: CalendarClock(journey.calendar_by_id.get(r.calendar) if r.calendar else None,
                                  journey.arrivals.start) for r in journey.resources}
    arrivals = arrival_chunks(journey.arrivals, cases, rng, limits.CHUNK)
    collector = None if events is False else EventCollector(None if events is True else events)
    from .fifo import fast_path_step, run_fast

    step = fast_path_step(cj) if fast else None
    if step is not None:
        return run_fast(cj, step, arrivals, cases, rng, seed=seed, events=collector, progress=progress,
                        clocks=clocks, warnings=warnings, max_steps=max_steps)
    return _run_general(cj, arrivals, cases, rng, seed=seed, events=collector, progress=progress, clocks=clocks,
                        warnings=warnings, max_steps=max_steps)


class _Resource:
    __slots__ = ("id", "free", "queue", "clock", "busy", "waits", "served", "abandoned", "qlen", "max_queue",
                 "area", "last", "wake", "joins", "services", "gave_up", "moments", "log")

    def __init__(self, rid: str, capacity: int, clock: CalendarClock) -> None:
        self.id = rid
        self.free = capacity
        self.queue: deque[int] = deque()
        self.clock = clock
        self.busy = 0.0
        # Everyone who left the queue since the last flush: wait, when they joined, their service (0: gave up).
        self.waits: list[float] = []
        self.joins: list[float] = []
        self.services: list[float] = []
        self.gave_up: list[bool] = []
        self.moments = RunningMoments()
        self.log = Thinned((np.float64, np.float64, np.float64, np.bool_))
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

    def flush(self) -> None:
        """Move the leavers listed so far into the moments and the (thinned) queue log."""
        if self.waits:
            waits = np.asarray(self.waits, dtype=float)
            self.moments.add(waits)
            self.log.append(np.asarray(self.joins, dtype=float), waits, np.asarray(self.services, dtype=float),
                            np.asarray(self.gave_up, dtype=bool))
            self.waits, self.joins, self.services, self.gave_up = [], [], [], []

    def run(self) -> ResourceRun:
        self.flush()
        join, wait, service, gave_up = self.log.arrays()
        return ResourceRun(self.busy, self.moments, self.served, self.abandoned, self.max_queue, self.area,
                           QueueLog(join, wait, service, gave_up, self.log.every))


class _Finished:
    """Finished cases since the last flush, handed to the accumulator a block at a time."""

    def __init__(self, acc: CaseAccumulator) -> None:
        self.acc = acc
        self.rows: list[tuple[int, float, float, float, float, float, float, int, int]] = []

    def add(self, c: int, rec: list, finish: float, outcome: int) -> None:
        self.rows.append((c, rec[_ARRIVAL], finish, rec[_ACTIVE], rec[_WAIT], rec[_QUEUE], rec[_COST], rec[_VISITS],
                          outcome))
        if len(self.rows) >= limits.CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            c, arrival, finish, active, wait, queue, cost, visits, outcome = (np.asarray(x) for x in zip(*self.rows))
            self.rows = []
            self.acc.add(c, arrival=arrival, finish=finish, active=active, wait=wait, queue_wait=queue, cost=cost,
                         visits=visits, outcome=outcome)


def _run_general(cj: CompiledJourney, arrivals: Iterator[np.ndarray], cases: int, rng: np.random.Generator, *,
                 seed: int | None, events: EventCollector | None, progress: Progress | None,
                 clocks: dict[str, CalendarClock], warnings: tuple[str, ...], max_steps: int) -> SimulationResult:
    journey = cj.journey
    steps = journey.steps
    n = cases
    n_steps = cj.n_steps
    waits = [stream(s.wait, rng) for s in steps]
    durations = [stream(s.duration, rng) for s in steps]
    patience = [stream(s.patience, rng) if s.patience is not None else None for s in steps]
    uniform = stream(None, rng)
    # The waits of branches that carry their own, per step: {branch index: stream}.
    branch_wait = [{k: stream(w, rng) for k, w in ws} for ws in (cj.branch_waits or ((),) * n_steps)]
    # Waits that go together within a case (case_speed) are drawn from each case's speed instead.
    with_speeds = is_active(journey.case_speed)
    branch_dist = [dict(ws) for ws in (cj.branch_waits or ((),) * n_steps)]

    def leave(rec: list, s: int) -> tuple[int, float]:
        """The next step of a case leaving step ``s``, and the wait of the branch it takes."""
        nxt = single_next[s]
        k = 0 if nxt >= 0 else cj.next_branch(s, uniform())
        if nxt < 0:
            nxt = int(cj.next_to[s, k])
        ws = branch_wait[s]
        if not ws or k not in ws:
            return nxt, 0.0
        sp = rec[_SPEEDS]
        w = sp.draw_one(branch_dist[s][k], rec[_LOCAL], rng) if sp is not None else ws[k]()
        rec[_WAIT] += w
        return nxt, w
    has_wait = [not (s.wait.kind == "fixed" and s.wait.mean == 0) for s in steps]
    resource_of = cj.resource_of.tolist()
    outcome_of = cj.outcome_of.tolist()
    single_next = [int(cj.next_to[i, 0]) if cj.next_cum[i, 0] >= 1.0 else -1 for i in range(n_steps)]
    step_cost = [s.cost for s in steps]
    step_in_person = [1 if s.in_person else 0 for s in steps]
    resources = [_Resource(r.id, r.capacity, clocks[r.id]) for r in journey.resources]
    abandoned_outcome = cj.abandoned
    acc = CaseAccumulator(n, len(cj.outcome_ids), journey.deadline)
    finished = _Finished(acc)
    live: dict[int, list] = {}  # the cases in progress
    step_visits = [0] * n_steps
    step_queue = [0.0] * n_steps
    log: list[tuple[int, int, float, float, bool]] = []
    heap: list[tuple[float, int, int, int, int]] = []
    seq = 0

    def push(t: float, kind: int, who: int, extra: int = 0) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(heap, (t, seq, kind, who, extra))

    def done(c: int, rec: list, t: float, outcome: int) -> None:
        rec[_STATE] = _DONE
        del live[c]
        finished.add(c, rec, t, outcome)

    def walk(c: int, rec: list, s: int, t: float, now: float | None = None) -> None:
        """Case ``c`` enters step ``s`` at ``t``; walk it to its next queue or its outcome. The clock is at ``now``
        (default ``t``; earlier when a branch's wait comes first).

        Steps without a resource do not interact with other cases, so the walk runs ahead of the clock; a queue
        is joined now only when no time has passed, else at its time through the event heap.
        """
        now = t if now is None else now
        while True:
            if rec[_STEPS] >= max_steps:
                done(c, rec, t, -1)
                return
            rec[_STEPS] += 1
            step_visits[s] += 1
            rec[_COST] += step_cost[s]
            rec[_VISITS] += step_in_person[s]
            if not has_wait[s]:
                w = 0.0
            elif rec[_SPEEDS] is not None:
                w = rec[_SPEEDS].draw_one(steps[s].wait, rec[_LOCAL], rng)
            else:
                w = waits[s]()
            rec[_WAIT] += w
            t += w
            if resource_of[s] >= 0:
                rec[_STEP] = s
                if t > now:
                    push(t, _JOIN, c)
                else:
                    join(c, rec, t)
                return
            d = durations[s]()
            rec[_ACTIVE] += d
            if events is not None:
                log.append((c, s, t, t + d, False))
            t += d
            o = outcome_of[s]
            if o >= 0:
                done(c, rec, t, o)
                return
            s, w = leave(rec, s)
            t += w

    def join(c: int, rec: list, t: float) -> None:
        s = rec[_STEP]
        res = resources[resource_of[s]]
        rec[_SERVICE] = durations[s]()
        rec[_JOINED] = t
        rec[_STATE] = _WAITING
        res.queue.append(c)
        res.count(t, 1)
        serve(res, t)
        if rec[_STATE] == _WAITING and patience[s] is not None:
            rec[_TOKEN] += 1
            push(t + patience[s](), _ABANDON, c, rec[_TOKEN])

    def serve(res: _Resource, t: float) -> None:
        while res.free > 0 and res.queue:
            c = res.queue[0]
            rec = live.get(c)
            if rec is None or rec[_STATE] != _WAITING:
                res.queue.popleft()
                continue
            d = rec[_SERVICE]
            begin = res.clock.next_start(t, d)
            if begin > t:
                if begin < res.wake:
                    res.wake = begin
                    push(begin, _OPEN, resource_of[rec[_STEP]])
                return
            res.queue.popleft()
            res.count(t, -1)
            rec[_STATE] = _SERVED
            res.free -= 1
            q = t - rec[_JOINED]
            rec[_QUEUE] += q
            rec[_WAIT] += q
            step_queue[rec[_STEP]] += q
            res.waits.append(q)
            res.joins.append(rec[_JOINED])
            res.services.append(d)
            res.gave_up.append(False)
            if len(res.waits) >= limits.CHUNK:
                res.flush()
            res.served += 1
            res.busy += d
            if events is not None:
                log.append((c, rec[_STEP], t, t + d, False))
            push(t + d, _END, c)

    every = max(1, n // 100)
    i = 0  # cases arrived
    chunk = next(arrivals)
    base, size = 0, int(chunk.size)
    speeds = CaseSpeeds(journey.case_speed, rng, size) if with_speeds else None
    upcoming = float(chunk[0])
    while True:
        if i < n and (not heap or upcoming <= heap[0][0]):
            rec = [upcoming, 0.0, 0.0, 0.0, 0.0, 0, 0, 0.0, 0.0, _WALKING, 0, 0, speeds, i - base]
            live[i] = rec
            walk(i, rec, cj.start, upcoming)
            i += 1
            if progress is not None and i % every == 0:
                progress(i, n)
            if i - base >= size and i < n:
                chunk = next(arrivals)
                base, size = i, int(chunk.size)
                speeds = CaseSpeeds(journey.case_speed, rng, size) if with_speeds else None
            if i < n:
                upcoming = float(chunk[i - base])
            if events is not None and len(log) >= limits.CHUNK:
                events.add_rows(log)
                log = []
            continue
        if not heap:
            break
        t, _, kind, c, extra = heapq.heappop(heap)
        if kind == _END:
            rec = live[c]
            s = rec[_STEP]
            res = resources[resource_of[s]]
            res.free += 1
            rec[_ACTIVE] += rec[_SERVICE]
            o = outcome_of[s]
            if o >= 0:
                done(c, rec, t, o)
            else:
                rec[_STATE] = _WALKING
                nxt, w = leave(rec, s)
                walk(c, rec, nxt, t + w, now=t)
            serve(res, t)
        elif kind == _JOIN:
            join(c, live[c], t)
        elif kind == _ABANDON:
            rec = live.get(c)
            if rec is not None and rec[_STATE] == _WAITING and rec[_TOKEN] == extra:
                s = rec[_STEP]
                res = resources[resource_of[s]]
                res.count(t, -1)
                q = t - rec[_JOINED]
                rec[_QUEUE] += q
                rec[_WAIT] += q
                step_queue[s] += q
                res.waits.append(q)
                res.joins.append(rec[_JOINED])
                res.services.append(0.0)
                res.gave_up.append(True)
                if len(res.waits) >= limits.CHUNK:
                    res.flush()
                res.abandoned += 1
                if events is not None:
                    log.append((c, s, rec[_JOINED], t, True))
                done(c, rec, t, abandoned_outcome)
                serve(res, t)  # the head may have been blocking a shorter service that fits before closing
        else:  # _OPEN
            res = resources[c]
            if t >= res.wake:
                res.wake = math.inf
            serve(res, t)
    if progress is not None and n % every:
        progress(n, n)
    finished.flush()
    end = acc.last_finish if n else 0.0
    runs = {}
    for res in resources:
        res.count(end, 0)
        runs[res.id] = res.run()
    if events is not None:
        events.add_rows(log)
    return assemble(cj, seed=seed, acc=acc, step_visits=np.asarray(step_visits), step_queue_wait=np.asarray(step_queue),
                    resources=runs, clocks=clocks, warnings=warnings, events=events, max_steps=max_steps)
