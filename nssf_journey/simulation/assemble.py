"""From the per-case arrays of a queueing run to a :class:`~nssf_journey.simulation.results.SimulationResult`."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .calendar import CalendarClock
from .compiled import CompiledJourney
from .results import EventLog, QueueLog, ResourceStats, SimulationResult, StepStats
from .stats import Summary, batch_means_half_width, summary_of


def correlated_summary(values: np.ndarray) -> Summary:
    """:func:`~nssf_journey.simulation.stats.summary_of` with a batch-means interval (values in time order)."""
    s = summary_of(values)
    return replace(s, ci95_half_width=batch_means_half_width(values))


@dataclass(frozen=True)
class ResourceRun:
    """What the engine measured on one resource (minutes)."""

    busy: float
    waits: np.ndarray
    served: int
    abandoned: int
    max_queue: int
    queue_area: float
    log: QueueLog | None = None


def queue_sweep(join: np.ndarray, start: np.ndarray) -> tuple[int, float]:
    """Maximum queue length and the area under the queue-length curve, from queue entry and exit times.

    Cases that never waited (exit == entry) never count as queued.

    >>> queue_sweep(np.array([0.0, 1.0, 2.0]), np.array([0.0, 3.0, 4.0]))
    (2, 4.0)
    """
    queued = start > join
    if not queued.any():
        return 0, 0.0
    times = np.concatenate((join[queued], start[queued]))
    delta = np.concatenate((np.ones(int(queued.sum()), dtype=np.int64), -np.ones(int(queued.sum()), dtype=np.int64)))
    order = np.argsort(times, kind="stable")
    t = times[order]
    q = np.cumsum(delta[order])
    return int(q.max()), float(np.sum(q[:-1] * np.diff(t)))


def assemble(cj: CompiledJourney, *, seed: int | None, arrival: np.ndarray, finish: np.ndarray, active: np.ndarray,
             wait: np.ndarray, queue_wait: np.ndarray, cost: np.ndarray, visits: np.ndarray, outcome: np.ndarray,
             step_visits: np.ndarray, step_queue_wait: np.ndarray, resources: dict[str, ResourceRun],
             clocks: dict[str, CalendarClock], warnings: tuple[str, ...],
             event_log: EventLog | None) -> SimulationResult:
    """Summaries, shares and per-resource figures of a finished queueing run."""
    journey = cj.journey
    n = int(arrival.size)
    lead = finish - arrival
    first = float(arrival.min()) if n else 0.0
    last = float(finish.max()) if n else 0.0
    res_stats = {}
    for res in journey.resources:
        run = resources.get(res.id)
        if run is None:
            continue
        open_time = clocks[res.id].open_minutes(first, last)
        span = last - first
        res_stats[res.id] = ResourceStats(
            resource=res.id,
            capacity=res.capacity,
            utilization=run.busy / (res.capacity * open_time) if open_time > 0 else 0.0,
            served=run.served,
            abandoned=run.abandoned,
            queue_wait=correlated_summary(run.waits),
            max_queue=run.max_queue,
            mean_queue=run.queue_area / span if span > 0 else 0.0,
            span=span,
            log=run.log,
        )
    counts = np.bincount(outcome.astype(np.int64), minlength=len(cj.outcome_ids))
    step_visits = np.asarray(step_visits)
    records = {"lead_time": lead.astype(np.float32), "active_time": active.astype(np.float32),
               "wait_time": wait.astype(np.float32), "queue_wait": queue_wait.astype(np.float32),
               "cost": cost.astype(np.float32), "visits": visits.astype(np.int32), "outcome": outcome.astype(np.int16),
               "arrival": arrival}
    return SimulationResult(
        journey=journey,
        mode="queueing",
        cases=n,
        seed=seed,
        origin=journey.arrivals.start,  # type: ignore[union-attr]
        lead_time=correlated_summary(lead),
        active_time=correlated_summary(active),
        wait_time=correlated_summary(wait),
        queue_wait=correlated_summary(queue_wait),
        visits=correlated_summary(visits),
        cost=correlated_summary(cost),
        outcomes={o: int(c) / n for o, c in zip(cj.outcome_ids, counts) if c > 0},
        steps={sid: StepStats(sid, int(step_visits[i]) / n,
                              float(step_queue_wait[i]) / int(step_visits[i]) if step_visits[i] else 0.0)
               for i, sid in enumerate(cj.step_ids)},
        resources=res_stats,
        deadline=journey.deadline,
        deadline_breach=float(np.count_nonzero(lead > journey.deadline)) / n if journey.deadline is not None else None,
        warnings=warnings,
        percentile_cases=n,
        case_records=records,
        event_log=event_log,
    )
