"""From the accumulated figures of a queueing run to a :class:`~nssf_journey.simulation.results.SimulationResult`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .accumulate import CaseAccumulator, correlated
from .calendar import CalendarClock
from .compiled import CompiledJourney
from .limits import stopped_warning
from .results import EventCollector, QueueLog, ResourceStats, SimulationResult, StepStats
from .stats import RunningMoments


@dataclass(frozen=True)
class ResourceRun:
    """What the engine measured on one resource (minutes): busy server time, the moments of the queue waits of
    everyone who left the queue, how many were served and gave up, the longest queue, the area under the queue
    length, and the queue log (everyone, or every k-th above the memory cap)."""

    busy: float
    waits: RunningMoments
    served: int
    abandoned: int
    max_queue: int
    queue_area: float
    log: QueueLog


def assemble(cj: CompiledJourney, *, seed: int | None, acc: CaseAccumulator, step_visits: np.ndarray,
             step_queue_wait: np.ndarray, resources: dict[str, ResourceRun], clocks: dict[str, CalendarClock],
             warnings: tuple[str, ...], events: EventCollector | None, max_steps: int) -> SimulationResult:
    """Summaries, shares and per-resource figures of a finished queueing run."""
    journey = cj.journey
    n = acc.cases
    first = float(acc.records["arrival"][0]) if n else 0.0  # case 0 is always kept
    last = acc.last_finish if n else 0.0
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
            queue_wait=correlated(run.waits, run.log.wait),
            max_queue=run.max_queue,
            mean_queue=run.queue_area / span if span > 0 else 0.0,
            span=span,
            log=run.log,
        )
    summary = acc.summaries()
    step_visits = np.asarray(step_visits)
    steps = {sid: StepStats(sid, int(step_visits[i]) / n,
                            float(step_queue_wait[i]) / int(step_visits[i]) if step_visits[i] else 0.0)
             for i, sid in enumerate(cj.step_ids)}
    stopped = stopped_warning(acc.stopped, n, max_steps, {s: v.visits for s, v in steps.items()})
    return SimulationResult(
        journey=journey,
        mode="queueing",
        cases=n,
        seed=seed,
        origin=journey.arrivals.start,  # type: ignore[union-attr]
        lead_time=summary["lead_time"],
        active_time=summary["active_time"],
        wait_time=summary["wait_time"],
        queue_wait=summary["queue_wait"],
        visits=summary["visits"],
        cost=summary["cost"],
        outcomes={o: int(c) / n for o, c in zip(cj.outcome_ids, acc.counts) if c > 0},
        steps=steps,
        resources=res_stats,
        deadline=journey.deadline,
        deadline_breach=acc.breaches / n if journey.deadline is not None else None,
        warnings=warnings + ((stopped,) if stopped else ()),
        stopped=acc.stopped,
        percentile_cases=int(acc.records["lead_time"].size),
        case_records=acc.records,
        event_log=events.log() if events is not None else None,
    )
