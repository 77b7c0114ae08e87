"""Confirmation by simulation: the queue at one resource, simulated as the journey is written.

Theory (:mod:`.theory`) assumes exponential service and patience and a steady state in every hour. The journey
says more: triangular service times, a calendar that does not start what it cannot finish before closing, a
patience of its own shape, peaks that build up a queue and clear after. :func:`simulate_resource` runs the
journey's queueing simulation (:func:`nssf_journey.simulation.queueing.queueing`, the same engine as ``simulate``)
with a given number of servers at a given demand, and reads the resource's queue: the wait in working time (the
open minutes while a customer or file waits, :mod:`.working_time`) and elapsed, the share who give up in the
queue and the share who leave a closed counter before it could serve them, the utilisation, each with a 95 %
confidence interval from :data:`~nssf_journey.simulation.stats.BATCHES` batches of consecutive customers
(successive customers of a queue are correlated; a percentile's interval comes from the spread of the batches'
percentiles).

A customer who gives up before the counter could have started serving them (it was closed, or about to close,
from their arrival until they left) is counted apart: with any number of staff they would have left. "Could
have started" uses the calendar's rule with the resource's mean service: the engine does not keep the service it
drew for those who leave.

The same ``seed`` at every number of servers and demand level gives common random numbers: the arrivals are the
same (scaled in time by the demand), so differences between candidates come from the servers, not from chance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..model import Journey
from ..simulation.stats import BATCHES, T975_29
from .demand import scaled_journey, with_servers
from ..targets import Target
from .working_time import working_day, working_minutes

#: Percentiles every simulated run reports.
QUANTILES: tuple[float, ...] = (0.5, 0.8, 0.9, 0.95)

Interval = tuple[float, float] | None


@dataclass(frozen=True)
class WaitFigures:
    """One measure of the wait: its mean and percentiles, each with a 95 % interval (minutes)."""

    mean: float
    mean_ci: Interval
    quantiles: dict[float, tuple[float, Interval]]

    def quantile(self, q: float) -> float:
        return self.quantiles[q][0]

    def interval(self, statistic: str) -> Interval:
        """The 95 % interval of ``mean`` or ``pNN``."""
        return self.mean_ci if statistic == "mean" else self.quantiles[int(statistic[1:]) / 100][1]


@dataclass(frozen=True)
class Simulated:
    """The simulated queue at one resource with ``servers`` servers at ``demand`` (minutes; shares).

    ``working`` is the wait in working time of the resource's calendar, ``elapsed`` the wait in clock time.
    ``give_up`` is the share of customers who gave up after the counter could have served them (what staffing
    changes); ``closed_give_up`` the share who left before it could (what opening hours change). ``working_day``
    is the open minutes of one working day of the resource's calendar.
    """

    resource: str
    servers: int
    demand: float
    cases: int
    seed: int
    customers: int
    working: WaitFigures
    elapsed: WaitFigures
    give_up: float
    give_up_ci: Interval
    closed_give_up: float
    utilization: float
    utilization_ci: Interval
    working_day: float
    #: The queue was still growing at the end: the wait of the last third of customers is over 1.3 times that
    #: of the middle third (and more than the mean service), in working time, so that a third with one weekend
    #: more than another does not count as growth. A queue that grows without end meets no target.
    drifting: bool = False

    @property
    def stable(self) -> bool:
        return not self.drifting

    def interval(self, target: Target) -> Interval:
        """The 95 % interval of the figure ``target`` bounds."""
        if target.is_time:
            return (self.elapsed if target.elapsed else self.working).interval(target.statistic)
        return self.give_up_ci if target.measure == "give_up" else self.utilization_ci


def quantiles_for(targets: list[Target]) -> tuple[float, ...]:
    """:data:`QUANTILES` and every percentile a target names."""
    extra = {t.quantile for t in targets if t.quantile is not None}
    return tuple(sorted(set(QUANTILES) | extra))


def simulate_resource(journey: Journey, resource_id: str, servers: int, demand: float = 1.0, *, cases: int,
                      seed: int, quantiles: tuple[float, ...] = QUANTILES,
                      others: dict[str, int] | None = None) -> Simulated:
    """Simulate ``journey`` at ``demand`` times today's arrivals with ``servers`` at ``resource_id`` (and the
    servers of ``others`` at other resources) and measure that resource's queue.

    For a back office, pass the journey of its files (:func:`~nssf_journey.capacity.workload.backlog_journey`).
    """
    from ..simulation.calendar import CalendarClock
    from ..simulation.queueing import queueing

    j = with_servers(scaled_journey(journey, demand), resource_id, servers)
    for rid, n in (others or {}).items():
        j = with_servers(j, rid, n)
    run = queueing(j, cases, seed=seed)
    stats = run.resources[resource_id]
    log = stats.log
    assert log is not None
    res = j.resource_by_id[resource_id]
    clock = CalendarClock(j.calendar_by_id.get(res.calendar) if res.calendar else None, j.arrivals.start)  # type: ignore[union-attr]
    waits, gave_up = log.wait, log.abandoned
    n = int(waits.size)
    served = ~gave_up
    service_mean = float(log.service[served].mean()) if served.any() else 0.0
    working = working_minutes(clock, log.join, log.join + waits)
    closed = closed_leavers(clock, log.join, waits, gave_up, service_mean)
    in_queue = (gave_up & ~closed).astype(float)
    return Simulated(resource_id, servers, demand, cases, seed, n, wait_figures(working, quantiles),
                     wait_figures(waits, quantiles), float(in_queue.mean()) if n else 0.0, _mean_ci(in_queue),
                     float(closed.mean()) if n else 0.0, stats.utilization,
                     _utilization_ci(log.join, log.service * log.every, servers, clock, stats.utilization), working_day(clock),
                     drifting(log.join, working, service_mean))


def wait_figures(waits: np.ndarray, quantiles: tuple[float, ...]) -> WaitFigures:
    """Mean and ``quantiles`` of ``waits`` (in order of leaving the queue) with their batch-means intervals."""
    n = int(waits.size)
    qs = {q: (float(np.quantile(waits, q)) if n else 0.0, _quantile_ci(waits, q)) for q in quantiles}
    return WaitFigures(float(waits.mean()) if n else 0.0, _mean_ci(waits), qs)


def closed_leavers(clock, join: np.ndarray, waits: np.ndarray, gave_up: np.ndarray, service: float) -> np.ndarray:
    """Which customers gave up before the resource could have started a service of ``service`` minutes for them
    with a server free: it was closed (or about to close) from when they joined until they left.

    >>> import datetime as dt
    >>> from nssf_journey.model import Calendar
    >>> from nssf_journey.simulation.calendar import CalendarClock
    >>> counter = CalendarClock(Calendar("c", open=((450.0, 690.0), (840.0, 1020.0))), dt.datetime(2026, 2, 2))
    >>> # 12:00 (closed for lunch) leaving at 13:30; 11:00 (open) leaving at 12:30; 11:25 with 8 min to serve
    >>> closed_leavers(counter, np.array([720.0, 660.0, 685.0]), np.array([90.0, 90.0, 60.0]),
    ...                np.array([True, True, True]), 8.0).tolist()
    [True, False, True]
    """
    out = np.zeros(join.size, dtype=bool)
    if clock.always_open:
        return out
    for i in np.flatnonzero(gave_up):
        t = float(join[i])
        out[i] = clock.next_start(t, service) >= t + float(waits[i])
    return out


def drifting(join: np.ndarray, waits: np.ndarray, service_mean: float) -> bool:
    """Whether waits, in order of joining, still grow at the end of the run (see :attr:`Simulated.drifting`).

    >>> t = np.arange(3000.0)
    >>> drifting(t, 0.1 * t, 1.0), drifting(t, np.full(3000, 5.0), 1.0)
    (True, False)
    """
    if waits.size < 30:
        return False
    w = waits[np.argsort(join, kind="stable")]
    third = w.size // 3
    middle, last = float(w[third:2 * third].mean()), float(w[2 * third:].mean())
    return last > 1.3 * middle and last - middle > service_mean


def _batches(values: np.ndarray) -> np.ndarray | None:
    m = values.size // BATCHES
    if m < 10:
        return None
    return values[: m * BATCHES].reshape(BATCHES, m)


def _mean_ci(values: np.ndarray) -> Interval:
    b = _batches(values)
    if b is None:
        return None
    means = b.mean(axis=1)
    half = T975_29 * means.std(ddof=1) / math.sqrt(BATCHES)
    centre = float(values.mean())
    return (centre - half, centre + half)


def _quantile_ci(values: np.ndarray, q: float) -> Interval:
    b = _batches(values)
    if b is None:
        return None
    per_batch = np.quantile(b, q, axis=1)
    half = T975_29 * per_batch.std(ddof=1) / math.sqrt(BATCHES)
    centre = float(np.quantile(values, q))
    return (max(0.0, centre - half), centre + half)


def _utilization_ci(join: np.ndarray, service: np.ndarray, servers: int, clock, centre: float) -> Interval:
    """Batches of consecutive customers: the service they brought over the servers' open time while they came."""
    order = np.argsort(join, kind="stable")
    join, service = join[order], service[order]
    m = join.size // BATCHES
    if m < 10:
        return None
    shares = []
    for i in range(BATCHES):
        t0, t1 = join[i * m], join[(i + 1) * m] if (i + 1) * m < join.size else join[-1]
        open_time = clock.open_minutes(float(t0), float(t1))
        if open_time <= 0:
            return None
        shares.append(service[i * m:(i + 1) * m].sum() / (servers * open_time))
    half = T975_29 * float(np.std(shares, ddof=1)) / math.sqrt(BATCHES)
    return (max(0.0, centre - half), centre + half)


__all__ = ["QUANTILES", "Simulated", "WaitFigures", "closed_leavers", "drifting", "quantiles_for", "simulate_resource",
           "wait_figures"]
