"""What queueing theory says a resource's queue will be with a given number of servers and demand.

- A **counter** is an Erlang queue in each period of the month (:mod:`.workload`: a day-of-month band and an hour
  of the day), at that period's arrival rate: Erlang A when its customers have a patience, else Erlang C
  (:mod:`.erlang`). The month is the mixture of its periods weighted by their arrivals (the pointwise
  stationary approximation): the mean wait and the give-up share are weighted means, ``P(W > t)`` a weighted
  sum, from which percentiles follow. A period whose load reaches its servers without patience makes the mean
  infinite: the queue of that hour has no steady state (it may still clear after the peak, which the simulation
  then shows).
- A **back office** is a backlog worked through in office hours (:mod:`.backlog`).

Theory assumes exponential service and patience with the journey's means; :mod:`.confirm` simulates the
journey as it is written and corrects it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .backlog import backlog
from .erlang import QueueTheory, queue_theory
from .targets import Target
from .workload import ResourceLoad


@dataclass(frozen=True)
class TheoryFigures:
    """The queue that theory predicts at one resource (minutes; shares as fractions)."""

    servers: int
    demand: float
    wait_mean: float
    give_up: float
    utilization: float
    parts: tuple[tuple[float, QueueTheory], ...] = ()  # (weight, queue) per period of a counter
    backlog: object | None = None

    @property
    def stable(self) -> bool:
        return math.isfinite(self.wait_mean)

    def wait_exceeds(self, t: float) -> float:
        if self.backlog is not None:
            return self.backlog.wait_exceeds(t)  # type: ignore[attr-defined]
        return sum(w * q.wait_exceeds(t) for w, q in self.parts)

    def wait_quantile(self, q: float) -> float:
        """The ``q``-quantile of the wait over the whole month (inf when it has no steady state)."""
        if self.backlog is not None:
            return self.backlog.wait_quantile(q)  # type: ignore[attr-defined]
        if not self.stable:
            return math.inf
        tail = 1.0 - q
        if self.wait_exceeds(0.0) <= tail:
            return 0.0
        hi = max(1.0, max(p.wait_quantile(q) for _, p in self.parts))
        while self.wait_exceeds(hi) > tail:
            hi *= 2
        lo = 0.0
        for _ in range(60):
            mid = (lo + hi) / 2
            if self.wait_exceeds(mid) > tail:
                lo = mid
            else:
                hi = mid
        return hi

    def value(self, target: Target) -> float:
        """The figure a target bounds."""
        return measure(self, target)


def measure(figures, target: Target) -> float:
    """The value of ``target``'s measure in theory or simulated figures (anything with the same attributes)."""
    if target.measure in ("wait", "decision"):
        return figures.wait_mean if target.statistic == "mean" else figures.wait_quantile(target.quantile)
    if target.measure == "give_up":
        return figures.give_up
    return figures.utilization


def theory(load: ResourceLoad, servers: int, demand: float = 1.0) -> TheoryFigures:
    """Theory's figures for ``servers`` servers at ``demand`` times today's arrivals."""
    if load.kind == "back_office":
        from ..simulation.calendar import CalendarClock

        journey = load.journey
        calendar = journey.calendar_by_id.get(load.resource.calendar) if load.resource.calendar else None
        clock = CalendarClock(calendar, journey.arrivals.start)  # type: ignore[union-attr]
        b = backlog(load.arrival_rate * demand, load.service_mean, servers, clock)
        return TheoryFigures(servers, demand, b.wait_mean, 0.0, b.utilization, backlog=b)
    periods = [(p.share, p.rate) for p in load.periods if p.share > 0] or [(1.0, load.open_rate)]
    parts = tuple((w, queue_theory(rate * demand, load.service_mean, servers, load.patience_mean))
                  for w, rate in periods)
    wait = sum(w * q.wait_mean for w, q in parts)
    give_up = sum(w * q.give_up for w, q in parts)
    served = sum(w * (1 - q.give_up) for w, q in parts)
    utilization = min(1.0, load.open_rate * demand * served * load.service_mean / servers)
    return TheoryFigures(servers, demand, wait, give_up, utilization, parts)


def theory_servers(load: ResourceLoad, targets: list[Target], demand: float) -> int | None:
    """Theory's fewest servers meeting every target at ``demand``; None when none up to a generous cap does."""
    from .search import fewest

    offered = load.offered_load * demand
    return fewest(lambda n: all(t.met_by(measure(theory(load, n, demand), t)) for t in targets),
                  max(1, math.ceil(offered)), low=1, cap=max(2 * load.resource.capacity, math.ceil(offered * 4) + 20))


__all__ = ["TheoryFigures", "measure", "theory", "theory_servers"]
