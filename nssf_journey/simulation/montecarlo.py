"""Monte Carlo of independent journeys: many cases drawn at once, with no queues between them.

Each case starts at ``start`` and walks the journey: it waits, works, and picks a branch, until an outcome.
Cases are simulated in chunks of :data:`CHUNK` with NumPy (:func:`~nssf_journey.simulation.walk.advance`), so
the work per case is a few vectorised operations, not a Python loop.

Memory stays bounded for millions of cases. Means, variances (hence confidence intervals), outcome shares, step
visits and the deadline breach are accumulated exactly chunk by chunk. Percentiles need the values themselves:
per-case records (lead, active, waiting time, money as float32; visits, outcome) are kept for every case up to
:data:`KEEP_CASES` cases, about 26 bytes a case (52 MB at most). Beyond that, every k-th case is kept, which
leaves between ``KEEP_CASES / 2`` and ``KEEP_CASES`` cases; cases are independent and identically distributed,
so that is a fair sample, and percentiles are computed from it (the result says from how many cases). The
working memory is about 100 bytes per case of the :data:`WORKERS` chunks in flight.

Chunks run in a few threads at once. Each chunk has its own generator, spawned from ``seed`` with
``np.random.SeedSequence(seed).spawn``, so the same seed gives the same numbers however the threads are
scheduled. Every figure is in minutes.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..model import DEFAULT_CALENDAR_START, Journey
from .case_speed import CaseSpeeds, is_active
from .compiled import compile_journey
from .limits import CHUNK, KEEP_CASES, max_steps_of, stopped_warning
from .results import EventCollector, EventSink, SimulationResult, StepStats
from .stats import RunningMoments, Summary, summarize
from .walk import Batch, advance

#: Chunks simulated at the same time, in threads (NumPy releases the GIL in its loops).
WORKERS = min(4, os.cpu_count() or 1)

Progress = Callable[[int, int], None]

_MOMENTS = ("lead_time", "active_time", "wait_time", "cost", "visits")
_KEPT = ("lead_time", "active_time", "wait_time", "cost", "visits", "queue_wait", "outcome")
_KEPT_DTYPE = {"lead_time": np.float32, "active_time": np.float32, "wait_time": np.float32, "cost": np.float32,
               "visits": np.int32, "queue_wait": np.float32, "outcome": np.int16}


def monte_carlo(journey: Journey, cases: int = 10_000, *, seed: int | None = None,
                events: bool | EventSink = False,
                progress: Progress | None = None, max_steps: int | None = None) -> SimulationResult:
    """Simulate ``cases`` independent cases of ``journey`` (no queues, no calendars).

    Parameters
    ----------
    journey : Journey
        A validated journey; it is not modified.
    cases : int
        How many cases to draw (> 0).
    seed : int, optional
        Seed of the local random generator; the same seed gives the same result.
    events : bool or callable
        ``True``: keep the event log (every step of every case; about 40 bytes per step executed). A callable:
        hand it the log a block at a time (chunks of cases in order), which is never held whole
        (``result.event_log`` is then ``None``). All cases start at the journey's calendar start
        (``arrivals.start``, or a Monday).
    progress : callable, optional
        Called as ``progress(cases_done, cases)`` after each chunk.
    max_steps : int, optional
        Steps (default :data:`~nssf_journey.simulation.limits.MAX_STEPS`) after which a case is stopped and counts as not finished (outcome -1 in the records, in no outcome's
        share); the result then carries a warning (:mod:`~nssf_journey.simulation.limits`).

    Examples
    --------
    >>> from nssf_journey.examples import rework
    >>> r = monte_carlo(rework(p=0.25, duration=30), 100_000, seed=1)   # 30 min, done 1 / 0.75 times
    >>> round(r.lead_time.mean / 40, 2), r.outcomes["success"]
    (1.0, 1.0)
    """
    if cases <= 0:
        raise ValueError(f"cases must be > 0, got {cases}")
    max_steps = max_steps_of(max_steps)
    cj = compile_journey(journey)
    sizes = [min(CHUNK, cases - lo) for lo in range(0, cases, CHUNK)]
    # One generator per chunk, spawned from the seed: the numbers do not depend on how chunks are scheduled.
    rngs = [np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(len(sizes))]
    stride = max(1, math.ceil(cases / KEEP_CASES))
    offsets = np.concatenate(([0], np.cumsum(sizes)))
    moments = {k: RunningMoments() for k in _MOMENTS}
    # Kept records go straight into arrays of their final size, each chunk into its own slice (no pieces to join).
    first = [(-int(offsets[i])) % stride for i in range(len(sizes))]  # global case numbers divisible by the stride
    kept_at = np.concatenate(([0], np.cumsum([len(range(f, m, stride)) for f, m in zip(first, sizes)])))
    records = _record_arrays(int(kept_at[-1]))
    outcome_counts = np.zeros(len(cj.outcome_ids) + 1, dtype=np.int64)  # first: stopped cases (outcome -1)
    step_visits = np.zeros(cj.n_steps, dtype=np.int64)
    breaches = 0
    collector = None if events is False else EventCollector(None if events is True else events)

    def run_chunk(i: int) -> _Chunk:
        """Simulate chunk ``i`` and reduce it to moments, counts and kept records (in a worker thread)."""
        m = sizes[i]
        batch = Batch(m, cj.n_steps, record_events=collector is not None)
        if is_active(journey.case_speed):
            batch.speeds = CaseSpeeds(journey.case_speed, rngs[i], m)
        advance(cj, rngs[i], batch, np.arange(m), np.full(m, cj.start, dtype=np.int64), max_steps=max_steps)
        values = {"lead_time": batch.clock, "active_time": batch.active, "wait_time": batch.wait,
                  "cost": batch.cost, "visits": batch.visits}
        chunk_moments = {k: RunningMoments() for k in _MOMENTS}
        for k in _MOMENTS:
            chunk_moments[k].add(values[k])
        values["outcome"] = batch.outcome
        for k, v in values.items():
            records[k][kept_at[i]:kept_at[i + 1]] = v[first[i]::stride]
        over = int(np.count_nonzero(batch.clock > journey.deadline)) if journey.deadline is not None else 0
        parts = [(ids + int(offsets[i]), *rest) for ids, *rest in batch.events]
        counts = np.bincount(batch.outcome.astype(np.int64) + 1, minlength=len(cj.outcome_ids) + 1)
        return _Chunk(chunk_moments, counts,
                      batch.step_visits, over, parts)

    workers = max(1, min(WORKERS, len(sizes)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = [pool.submit(run_chunk, i) for i in range(workers)]
        for i in range(len(sizes)):
            chunk = pending.pop(0).result()
            if i + workers < len(sizes):  # at most `workers` chunks in memory at once
                pending.append(pool.submit(run_chunk, i + workers))
            for k in _MOMENTS:
                moments[k].merge(chunk.moments[k])
            outcome_counts += chunk.outcomes
            step_visits += chunk.step_visits
            breaches += chunk.breaches
            if collector is not None:
                collector.add(chunk.events)
            if progress is not None:
                progress(int(offsets[i + 1]), cases)
        # Percentiles need a selection in each kept array: one thread each.
        summary = dict(zip(_MOMENTS, pool.map(lambda k: summarize(moments[k], records[k]), _MOMENTS)))
    steps = {sid: StepStats(sid, int(step_visits[i]) / cases, 0.0) for i, sid in enumerate(cj.step_ids)}
    stopped = stopped_warning(int(outcome_counts[0]), cases, max_steps, {s: v.visits for s, v in steps.items()})
    return SimulationResult(
        journey=journey,
        mode="montecarlo",
        cases=cases,
        seed=seed,
        origin=journey.arrivals.start if journey.arrivals else DEFAULT_CALENDAR_START,
        lead_time=summary["lead_time"],
        active_time=summary["active_time"],
        wait_time=summary["wait_time"],
        queue_wait=Summary(cases, 0.0, 0.0, 0.0, 0.0, 0.0),
        visits=summary["visits"],
        cost=summary["cost"],
        outcomes={o: int(c) / cases for o, c in zip(cj.outcome_ids, outcome_counts[1:]) if c > 0},
        steps=steps,
        deadline=journey.deadline,
        deadline_breach=breaches / cases if journey.deadline is not None else None,
        warnings=(stopped,) if stopped else (),
        stopped=int(outcome_counts[0]),
        percentile_cases=int(records["lead_time"].size),
        case_records=records,
        event_log=collector.log() if collector is not None else None,
    )


def _record_arrays(n: int) -> dict[str, np.ndarray]:
    """Empty per-case record arrays of length ``n`` (queue waits zero: no queues here), as views of one buffer.

    One allocation of ``n`` x 26 bytes rather than seven: NumPy asks Linux for huge pages on allocations of 4 MiB
    or more, so a million records fault in a few 2 MiB pages instead of some 6,000 pages of 4 KiB, each of which
    costs microseconds on a virtual machine. Views of one buffer behave as separate arrays.

    >>> r = _record_arrays(3)
    >>> r["lead_time"].dtype, r["outcome"].dtype, r["queue_wait"].tolist()
    (dtype('float32'), dtype('int16'), [0.0, 0.0, 0.0])
    """
    sizes = {k: np.dtype(_KEPT_DTYPE[k]).itemsize * n for k in _KEPT}
    buffer = np.empty(sum(sizes.values()), dtype=np.uint8)
    out, at = {}, 0
    for k in _KEPT:  # wider types first, so that every view is aligned
        out[k] = buffer[at:at + sizes[k]].view(_KEPT_DTYPE[k])
        at += sizes[k]
    out["queue_wait"][:] = 0
    return out


@dataclass(frozen=True)
class _Chunk:
    """A simulated chunk reduced to what the result needs."""

    moments: dict[str, RunningMoments]
    outcomes: np.ndarray
    step_visits: np.ndarray
    breaches: int
    events: list[tuple[np.ndarray, ...]]
