"""The work that reaches one resource: how often, how long each service, how patient, and when.

The arrival rate at a resource is the journey's arrival rate (``1 / mean(arrivals.every)`` times the profile's
average multiplier) times the expected visits of the steps that use it (exact analysis), as in
:func:`nssf_journey.simulation.load.offered_loads`. The service time is the visit-weighted mean duration of those
steps, the patience the visit-weighted mean patience (none when any of them waits without limit).

*When* the work arrives matters as much: arrivals cluster before the 15th, and a counter sees employers a few
hours after they start their journey (after the bank). :func:`resource_load` therefore also runs one queueing
simulation with servers to spare (a probe: nobody queues for want of a server) and counts when cases join the
resource's queue, each counted at the first moment the resource is open from then on. Those counts, divided by
the open minutes of each period over the simulated span, give the arrival rate per period: per day-of-month band
of the journey's profile and per hour of the day. Customers who reach a closed counter and leave before it
could serve them (:func:`~.confirm.closed_leavers`) never meet its staff: they are left out of the periods, and
``reach`` is the share of customers who are not. Times in minutes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from ..analysis.metrics import expected_visits
from ..distributions import Distribution
from ..model import Journey, Resource
from ..simulation.arrivals import mean_multiplier
from ..simulation.calendar import DAY, CalendarClock
from .working_time import working_day

#: Minutes in an average month (365.25 / 12 days).
MONTH = 365.25 / 12 * DAY


@dataclass(frozen=True)
class Period:
    """A period of the month in which the resource is open: a day-of-month band and an hour of the day.

    ``share`` is the share of the resource's arrivals that come in it, ``rate`` its arrival rate per open minute
    and ``open_per_month`` its open minutes in an average month.
    """

    days: tuple[int, int]
    hour: int
    share: float
    rate: float
    open_per_month: float

    @property
    def label(self) -> str:
        return f"days {self.days[0]}-{self.days[1]}, {self.hour:02d}:00-{self.hour + 1:02d}:00"


@dataclass(frozen=True)
class ResourceLoad:
    """The work that reaches one resource of one journey at today's demand (minutes)."""

    journey: Journey
    resource: Resource
    arrival_rate: float  # per minute of clock time, on average
    service_mean: float
    patience_mean: float | None
    open_fraction: float
    periods: tuple[Period, ...]
    day_bands: tuple[tuple[int, int], ...]
    #: Share of the customers who reach the resource while it can serve them (the others leave a closed counter).
    reach: float = 1.0
    #: Open minutes of one working day of the resource's calendar (:mod:`.working_time`).
    working_day: float = 1440.0
    #: The mix of service times of the resource's steps (:func:`service_mix`).
    service: Distribution | None = None

    @property
    def kind(self) -> str:
        return self.resource.kind

    @property
    def open_rate(self) -> float:
        """Arrivals per open minute (the rate during opening hours)."""
        return self.arrival_rate / self.open_fraction

    @property
    def offered_load(self) -> float:
        """Erlangs offered while open: the servers needed just to keep up."""
        return self.open_rate * self.service_mean

    @property
    def per_month(self) -> float:
        """Services asked for in an average month."""
        return self.arrival_rate * MONTH

    @property
    def varies(self) -> bool:
        """Whether arrivals vary over the month: the journey's profile is not flat, or the resource keeps hours
        (those who come while it is closed arrive together when it opens)."""
        profile = self.journey.arrivals.profile if self.journey.arrivals else None
        return bool(self.periods) and ((profile is not None and not profile.is_flat) or self.resource.calendar
                                       is not None)


def backlog_journey(load: ResourceLoad) -> Journey:
    """The files reaching a back office as a journey of their own: Poisson arrivals at the resource's rate, one
    step that queues for it with the visit-weighted mix of its steps' durations, and its calendar.

    A back office is reached days or months after a journey starts, so a simulation of the whole journey spends
    most of its cases filling and emptying the pipeline before and after the back office sees a steady flow.
    Upstream waits of days spread arrivals evenly (a Poisson stream delayed by independent random delays stays
    Poisson), so the files are simulated from where they reach the office. Rework loops that bring a file back
    within hours would make arrivals burstier than Poisson; they are rare at the bundled back offices.
    """
    from ..distributions import Exponential
    from ..model import Actor, Arrivals, Branch, Step

    journey, res = load.journey, load.resource
    duration = load.service if load.service is not None else service_mix(journey, res.id)
    arrivals = Arrivals(Exponential(1.0 / load.arrival_rate), journey.arrivals.start,  # type: ignore[union-attr]
                        source=journey.arrivals.source)  # type: ignore[union-attr]
    actor = Actor("office", res.name or res.id, "backstage")
    decide = Step("decide", f"{res.name or res.id}: decide a file", "office", duration=duration, resource=res.id,
                  next=(Branch("decided", 1.0),))
    decided = Step("decided", "Decided", "office", outcome="success")
    calendars = tuple(c for c in journey.calendars if c.id == res.calendar)
    return Journey(f"{journey.id}_{res.id}", f"{journey.title}: files at {res.name or res.id}", (actor,), "decide",
                   (decide, decided), resources=(res,), calendars=calendars, arrivals=arrivals,
                   benefit=journey.benefit)


def service_mix(journey: Journey, resource_id: str) -> Distribution:
    """The service time of a visit to the resource: its steps' durations mixed by expected visits (the empirical
    mix of fixed durations; else the heaviest step's shape scaled to the visit-weighted mean)."""
    from ..distributions import Empirical

    steps = resource_steps(journey, resource_id)
    visits = expected_visits(journey)
    if len({s.duration for s in steps}) == 1:
        return steps[0].duration
    if all(s.duration.kind == "fixed" for s in steps):
        return Empirical(tuple(s.duration.mean for s in steps), tuple(visits[s.id] for s in steps))
    mean = sum(visits[s.id] * s.duration.mean for s in steps) / sum(visits[s.id] for s in steps)
    main = max(steps, key=lambda s: visits[s.id] * s.duration.mean)
    return main.duration.scaled(mean / main.duration.mean)


def resource_steps(journey: Journey, resource_id: str) -> list:
    return [s for s in journey.steps if s.resource == resource_id]


def day_bands(journey: Journey) -> tuple[tuple[int, int], ...]:
    """Runs of days of the month with the same arrival multiplier.

    >>> from nssf_journey import load_journey
    >>> day_bands(load_journey("journeys/contribution_payment.yaml"))
    ((1, 10), (11, 15), (16, 31))
    """
    if journey.arrivals is None:
        return ((1, 31),)
    days = journey.arrivals.profile.days_of_month
    bands, first = [], 1
    for d in range(2, 32):
        if days[d - 1] != days[first - 1]:
            bands.append((first, d - 1))
            first = d
    bands.append((first, 31))
    return tuple(bands)


def resource_load(journey: Journey, resource_id: str, *, cases: int = 20_000, seed: int = 1) -> ResourceLoad:
    """The work reaching ``resource_id`` in ``journey`` at today's demand, with its periods (see the module)."""
    from ..simulation.queueing import queueing
    from .confirm import closed_leavers
    from .demand import with_servers

    if journey.arrivals is None:
        raise ValueError(f"journey '{journey.id}' has no arrivals")
    res = journey.resource_by_id[resource_id]
    steps = resource_steps(journey, resource_id)
    visits = expected_visits(journey)
    v = sum(visits[s.id] for s in steps)
    if v <= 0:
        raise ValueError(f"no case of journey '{journey.id}' reaches resource '{resource_id}'")
    rate = mean_multiplier(journey.arrivals.profile, journey.arrivals.start) / journey.arrivals.every.mean * v
    service = sum(visits[s.id] * s.duration.mean for s in steps) / v
    if service <= 0:
        raise ValueError(f"resource '{resource_id}' of journey '{journey.id}' serves for no time: give its steps a "
                         "duration")
    patience = None
    if all(s.patience is not None for s in steps):
        patience = sum(visits[s.id] * s.patience.mean for s in steps) / v  # type: ignore[union-attr]
    calendar = journey.calendar_by_id.get(res.calendar) if res.calendar else None
    clock = CalendarClock(calendar, journey.arrivals.start)
    fraction = clock.open_fraction()
    day = working_day(clock)
    if res.kind == "back_office":  # the backlog model needs no periods: files arrive evenly (backlog_journey)
        return ResourceLoad(journey, res, rate, service, patience, fraction, (), ((1, 31),), 1.0, day,
                            service_mix(journey, resource_id))
    spare = max(res.capacity, math.ceil(rate / fraction * service * 4) + 10)
    probe = queueing(with_servers(journey, resource_id, spare), cases, seed=seed)
    log = probe.resources[resource_id].log
    bands = day_bands(journey)
    if log is None or log.join.size == 0:
        return ResourceLoad(journey, res, rate, service, patience, fraction, (), bands, 1.0, day)
    closed = closed_leavers(clock, log.join, log.wait, log.abandoned, service)
    periods = _periods(log.join[~closed], clock, bands, log.every)
    return ResourceLoad(journey, res, rate, service, patience, fraction, periods, bands,
                        1.0 - float(closed.mean()), day)


def _periods(joins: np.ndarray, clock: CalendarClock, bands: tuple[tuple[int, int], ...],
             every: int = 1) -> tuple[Period, ...]:
    """Arrival rate per (day band, hour) from the join times of a probe run (each join standing for ``every``
    customers: the queue log of a long run keeps every k-th)."""
    if joins.size < 2:
        return ()
    opened = np.array([clock.next_start(float(t)) for t in joins])
    origin = dt.datetime.combine(clock.origin.date(), dt.time())
    minutes = opened - clock.day0  # minutes since the origin's midnight
    day_index = np.floor(minutes / DAY).astype(np.int64)
    hour = np.floor((minutes - day_index * DAY) / 60).astype(np.int64)
    first, last = int(day_index.min()), int(day_index.max())
    days = np.arange(first, last + 1)
    dates = np.datetime64(origin.date(), "D") + days  # NumPy's dates run past Python's year 9999
    dom = (dates - dates.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    band_of_day = np.zeros(32, dtype=np.int64)
    for b, (lo, hi) in enumerate(bands):
        band_of_day[lo:hi + 1] = b
    counts = np.zeros((len(bands), 24))
    np.add.at(counts, (band_of_day[dom[day_index - first]], hour), every)
    # Every open day is open the same minutes of each hour: the open minutes of a (band, hour) are the open days of
    # the band times the hour's open minutes on an open day.
    if clock.always_open:
        open_day, hour_open = np.ones(days.size), np.full(24, 60.0)
    else:
        open_day = (clock.open_days_before(days + 1) - clock.open_days_before(days)).astype(float)
        starts = 60.0 * np.arange(24)
        hour_open = sum(np.clip(np.minimum(starts + 60, b) - np.maximum(starts, a), 0, None) for a, b in clock.periods)
    open_days = np.zeros(len(bands))
    np.add.at(open_days, band_of_day[dom], open_day)
    open_minutes = open_days[:, None] * hour_open[None, :]
    months = days.size * DAY / MONTH
    total = counts.sum()
    out = []
    for b, days in enumerate(bands):
        for h in range(24):
            if open_minutes[b, h] <= 0:
                continue
            out.append(Period(days, h, counts[b, h] / total, counts[b, h] / open_minutes[b, h],
                              open_minutes[b, h] / months))
    return tuple(out)


__all__ = ["MONTH", "Period", "ResourceLoad", "backlog_journey", "day_bands", "resource_load", "resource_steps"]
