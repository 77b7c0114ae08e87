"""What queueing theory says a resource's queue will be with a given number of servers and demand.

- A **counter** is an Erlang queue in each period of the month (:mod:`.workload`: a day-of-month band and an hour
  of the day), at that period's arrival rate: Erlang A when its customers have a patience, else Erlang C
  (:mod:`.erlang`). The month is the mixture of its periods weighted by their arrivals (the pointwise
  stationary approximation): the mean wait and the give-up share are weighted means, ``P(W > t)`` a weighted
  sum, from which percentiles follow. Periods are open hours, so the wait is the queue while the counter is open
  (working time); customers who leave a closed counter before it opens (``1 - reach`` of them) wait no working
  time and are not among those who give up in the queue. Waiting through a closure is not modelled: theory has
  no elapsed wait for a counter with opening hours (without them, elapsed and working time are the same). A period whose load reaches its servers without patience makes the mean
  infinite: the queue of that hour has no steady state (it may still clear after the peak, which the simulation
  then shows).
- A **back office** is a backlog worked through in office hours (:mod:`.backlog`), with each file's wait in
  working time and elapsed.

Theory assumes exponential service and patience with the journey's means; :mod:`.confirm` simulates the
journey as it is written and corrects it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .backlog import Backlog, backlog
from .erlang import QueueTheory, queue_theory
from ..targets import Target
from .workload import ResourceLoad


@dataclass(frozen=True)
class MixedWait:
    """The wait over a month of periods: ``reach`` times the mixture of the periods' Erlang queues (minutes)."""

    parts: tuple[tuple[float, QueueTheory], ...]
    reach: float = 1.0

    @property
    def mean(self) -> float:
        return self.reach * sum(w * q.wait_mean for w, q in self.parts)

    def exceeds(self, t: float) -> float:
        return self.reach * sum(w * q.wait_exceeds(t) for w, q in self.parts)

    def quantile(self, q: float) -> float:
        """The ``q``-quantile of the wait (inf when it has no steady state)."""
        if not math.isfinite(self.mean):
            return math.inf
        tail = 1.0 - q
        if self.exceeds(0.0) <= tail:
            return 0.0
        hi = max(1.0, max(p.wait_quantile(q) for _, p in self.parts))
        while self.exceeds(hi) > tail:
            hi *= 2
        lo = 0.0
        for _ in range(60):
            mid = (lo + hi) / 2
            if self.exceeds(mid) > tail:
                lo = mid
            else:
                hi = mid
        return hi


@dataclass(frozen=True)
class SampledWait:
    """The wait of a file arriving at each minute of the steady week (minutes); endless when unstable."""

    waits: np.ndarray
    stable: bool = True

    @property
    def mean(self) -> float:
        return float(self.waits.mean()) if self.stable else math.inf

    def exceeds(self, t: float) -> float:
        return float(np.mean(self.waits > t)) if self.stable else 1.0

    def quantile(self, q: float) -> float:
        return float(np.quantile(self.waits, q)) if self.stable else math.inf


@dataclass(frozen=True)
class TheoryFigures:
    """The queue that theory predicts at one resource (minutes; shares as fractions).

    ``working`` is the wait in working time; ``elapsed`` the wait in clock time, None where theory does not model
    it (a counter's waits through a closure).
    """

    servers: int
    demand: float
    working: MixedWait | SampledWait
    elapsed: MixedWait | SampledWait | None
    give_up: float
    utilization: float
    backlog: Backlog | None = None

    @property
    def stable(self) -> bool:
        return math.isfinite(self.working.mean)

    def value(self, target: Target) -> float | None:
        """The figure a target bounds (None when theory does not model it)."""
        return measure(self, target)


def measure(figures, target: Target) -> float | None:
    """The value of ``target``'s measure in theory or simulated figures (anything with ``working``, ``elapsed``,
    ``give_up`` and ``utilization``); None when the figures do not model it."""
    if target.is_time:
        wait = figures.elapsed if target.elapsed else figures.working
        if wait is None:
            return None
        return wait.mean if target.statistic == "mean" else wait.quantile(target.quantile)
    if target.measure == "give_up":
        return figures.give_up
    return figures.utilization


def meets(figures, targets: list[Target]) -> bool:
    """Whether ``figures`` meet every target that they model."""
    for t in targets:
        value = measure(figures, t)
        if value is not None and not t.met_by(value):
            return False
    return True


def theory(load: ResourceLoad, servers: int, demand: float = 1.0) -> TheoryFigures:
    """Theory's figures for ``servers`` servers at ``demand`` times today's arrivals."""
    if load.kind == "back_office":
        from ..simulation.calendar import CalendarClock

        journey = load.journey
        calendar = journey.calendar_by_id.get(load.resource.calendar) if load.resource.calendar else None
        clock = CalendarClock(calendar, journey.arrivals.start)  # type: ignore[union-attr]
        b = backlog(load.arrival_rate * demand, load.service_mean, servers, clock, load.service)
        return TheoryFigures(servers, demand, SampledWait(b.working_waits, b.stable), SampledWait(b.waits, b.stable),
                             0.0, b.utilization, backlog=b)
    periods = [(p.share, p.rate) for p in load.periods if p.share > 0] or [(1.0, load.open_rate)]
    parts = tuple((w, queue_theory(rate * demand, load.service_mean, servers, load.patience_mean))
                  for w, rate in periods)
    give_up = load.reach * sum(w * q.give_up for w, q in parts)
    served = sum(w * (1 - q.give_up) for w, q in parts)
    utilization = min(1.0, load.open_rate * load.reach * demand * served * load.service_mean / servers)
    working = MixedWait(parts, load.reach)
    # without a calendar there is no closure to wait through: the elapsed wait is the working one
    elapsed = working if load.resource.calendar is None else None
    return TheoryFigures(servers, demand, working, elapsed, give_up, utilization)


def theory_servers(load: ResourceLoad, targets: list[Target], demand: float) -> int | None:
    """Theory's fewest servers meeting every target it models at ``demand``; None when none up to a generous cap
    does."""
    from .search import fewest

    offered = load.offered_load * demand
    return fewest(lambda n: meets(theory(load, n, demand), targets), max(1, math.ceil(offered)), low=1,
                  cap=max(2 * load.resource.capacity, math.ceil(offered * 4) + 20))


__all__ = ["MixedWait", "SampledWait", "TheoryFigures", "measure", "meets", "theory", "theory_servers"]
