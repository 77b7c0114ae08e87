"""The backlog of a back office: a fluid model of files waiting for staff who work office hours.

Claims reach a back office at any hour of any day, but its officers decide them only while the office is open:
``servers`` officers each finish a file in ``service_mean`` minutes of work, a daily capacity of
``servers x open minutes a day / service_mean`` files. Files left over wait in a backlog (first in, first out).
At that scale chance matters less than the calendar, so the backlog is modelled as a fluid, minute by minute over
a week: ``B(t) = max(0, B(t-1) + arrivals(t) - capacity(t))``. A file that arrives at ``t`` is decided when the
capacity delivered from ``t`` on exceeds the backlog ahead of it, so it waits at least until the office opens.

Officers start a file only if they can finish it before the office closes, and the files wait in one queue, first
in, first out: when the file at the head does not fit in what is left of a session, nobody starts anything until
the office opens again (the simulation's calendar rule, :mod:`nssf_journey.simulation.calendar`). Given the mix of
service times (``service``), :func:`session_throughput` counts the files that busy officers start in a session
of each length under that rule; they decide files at their full rate from the opening until that many are
started, and the rest of the session is lost (a backlog cleared before then loses nothing). With one-hour files
and sessions of whole hours nothing is lost, with two-hour files in a three-hour session a good part is.

The week repeats: the backlog at the end of one week is carried into the next until it is the same every week
(the periodic steady state). When the files arriving in a week reach what the officers can decide in a week, no
such state exists: the backlog grows without end, by the difference, every week. Holidays are left out.

Each file's wait is given twice: elapsed (clock time) and in working time (the office's open minutes while it
waits, :mod:`.working_time`). A file that arrives on Friday evening waits over the weekend whatever the staff;
in working time that part is nothing, and what is left is the queue that more officers shorten. Times are
minutes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..distributions import Distribution
from ..simulation.calendar import DAY, CalendarClock

WEEK = int(7 * DAY)


@dataclass(frozen=True)
class Backlog:
    """The steady week of a back office: per minute of the week, the wait of a file arriving then (minutes),
    elapsed (``waits``) and in working time (``working_waits``)."""

    servers: int
    arrival_rate: float
    service_mean: float
    stable: bool
    waits: np.ndarray
    utilization: float
    growth_per_week: float  # files the backlog grows by each week when unstable, else 0
    working_waits: np.ndarray = field(default_factory=lambda: np.empty(0))

    @property
    def wait_mean(self) -> float:
        return float(self.waits.mean()) if self.stable else math.inf

    def wait_quantile(self, q: float) -> float:
        return float(np.quantile(self.waits, q)) if self.stable else math.inf

    def wait_exceeds(self, t: float) -> float:
        return float(np.mean(self.waits > t)) if self.stable else 1.0


def open_minutes_of_week(clock: CalendarClock) -> np.ndarray:
    """A boolean per minute of the week that starts at the clock's first midnight: is the resource open?"""
    if clock.always_open:
        return np.ones(WEEK, dtype=bool)
    mask = np.zeros(WEEK, dtype=bool)
    for d in range(7):
        if clock.day_is_open(d):
            for a, b in clock.periods:
                mask[d * int(DAY) + int(a): d * int(DAY) + int(b)] = True
    return mask


def service_pmf(service: Distribution, points: int = 400) -> np.ndarray:
    """The service time as probabilities per whole minute (index: minutes, at least 1), from its quantiles.

    >>> from nssf_journey.distributions import Fixed
    >>> float(service_pmf(Fixed(60.0))[60])
    1.0
    """
    u = (np.arange(points) + 0.5) / points
    minutes = np.maximum(1, np.rint(service.ppf(u))).astype(np.int64)
    return np.bincount(minutes) / points


def session_throughput(length: int, pmf: np.ndarray, servers: int, longest: float | None = None) -> float:
    """Files that ``servers`` busy officers start in a session of ``length`` minutes, when a file is started only if
    it ends before the session does and the head of the queue blocks everyone behind it.

    All officers start at the opening; each starts another file when one ends. When the head does not fit in what
    is left, no one starts anything more: among ``m`` officers free at once, the number who start before the first
    file that does not fit is geometric, and the session goes on only if none is met (expected values). A file
    longer than ``longest`` (the longest session) may start at any open instant, as the calendar rule says.

    >>> from nssf_journey.distributions import Empirical, Fixed
    >>> float(session_throughput(240, service_pmf(Fixed(60.0)), 10))  # one-hour files in four hours: 4 rounds
    40.0
    >>> half = service_pmf(Empirical((60.0, 120.0), (0.5, 0.5)))
    >>> # 1000 at the opening, the 500 free at 60; at 120 (an hour left) about one before a two-hour file blocks
    >>> round(session_throughput(180, half, 1000))
    1501
    """
    size = max(length, pmf.size - 1) + 1
    p = np.zeros(size)
    p[:pmf.size] = pmf
    always = np.zeros(size)
    if longest is not None:  # longer than every session: may start at any open instant
        always[int(longest) + 1:] = p[int(longest) + 1:]
    fits = np.cumsum(p) + (always.sum() - np.cumsum(always))  # P(a file fits in r minutes), per r
    freed = np.zeros(length + size + 1)
    freed[0] = servers
    alive, started = 1.0, 0.0
    for t in range(length):
        m = freed[t]
        if m <= 1e-12 or alive <= 1e-12:
            continue
        r = length - t
        fit = min(1.0, float(fits[r]))
        if fit >= 1.0 - 1e-12:
            n, keep = m, 1.0
        elif fit <= 0.0:
            n, keep = 0.0, 0.0
        else:
            keep = fit ** m
            n = fit * (1.0 - keep) / (1.0 - fit)
        n *= alive
        started += n
        if n > 0:  # those who started are free again when their file is done (within the session)
            freed[t + 1:t + r + 1] += n * p[1:r + 1] / fit
        alive *= keep
    return float(started)


def backlog(arrival_rate: float, service_mean: float, servers: int, clock: CalendarClock,
            service: Distribution | None = None) -> Backlog:
    """The fluid backlog of ``servers`` officers facing ``arrival_rate`` files per minute, spread evenly; with the
    ``service`` mix, each session's capacity follows the calendar's rule (:func:`session_throughput`).

    Examples
    --------
    >>> import datetime as dt
    >>> from nssf_journey.model import Calendar
    >>> office = CalendarClock(Calendar("o", open=((480.0, 960.0),)), dt.datetime(2026, 1, 5))  # 08-16, Mon-Fri
    >>> b = backlog(10 / 1440, 60.0, 2, office)  # 10 files a day; 2 officers decide 16 a working day
    >>> round(b.utilization, 4)  # 70 files a week / 80
    0.875
    >>> b.wait_quantile(1.0) / 1440 > 2  # a file that arrives on Friday evening waits for Monday
    True
    >>> round(float(b.working_waits.max()) / 60, 1)  # in working time: behind the weekend's 26.7 files, 800 min
    13.3
    """
    if servers < 1 or not service_mean > 0 or arrival_rate < 0:
        raise ValueError("backlog needs servers >= 1, service_mean > 0 and arrival_rate >= 0")
    open_mask = open_minutes_of_week(clock)
    capacity = open_mask * (servers / service_mean)
    if service is not None and not clock.always_open:
        pmf = service_pmf(service)
        full = servers / service_mean
        for a, b in clock.periods:
            length = int(b) - int(a)
            # every officer takes a file at the opening, then they go on at the full rate until the session's files
            # are started; the end of the session is lost (a backlog that is gone before then loses nothing)
            started = session_throughput(length, pmf, servers, clock.longest)
            profile = np.zeros(length)
            profile[0] = min(float(servers), started)
            active = min(float(length - 1), (started - profile[0]) / full)
            whole = int(active)
            profile[1:1 + whole] += full
            if whole < length - 1:
                profile[1 + whole] += (active - whole) * full
            for d in range(7):
                if clock.day_is_open(d):
                    capacity[d * int(DAY) + int(a): d * int(DAY) + int(b)] = profile
    week_capacity = float(capacity.sum())
    week_arrivals = arrival_rate * WEEK
    busy = min(1.0, week_arrivals * service_mean / (servers * float(open_mask.sum())))
    if week_arrivals >= week_capacity:
        return Backlog(servers, arrival_rate, service_mean, False, np.empty(0), busy, week_arrivals - week_capacity)
    net = arrival_rate - capacity
    start = 0.0
    for _ in range(10_000):
        x = start + np.cumsum(net)
        b = x - np.minimum(0.0, np.minimum.accumulate(x))
        if abs(b[-1] - start) <= 1e-9 * max(1.0, start):
            break
        start = float(b[-1])
    ahead = np.concatenate(([start], b[:-1]))  # backlog just before each minute's arrivals
    delivered = np.cumsum(capacity)
    before = np.concatenate(([0.0], delivered[:-1]))
    weeks = int(math.ceil(float(ahead.max()) / week_capacity)) + 2
    extended = np.concatenate([delivered + k * week_capacity for k in range(weeks)])
    done = np.searchsorted(extended, before + ahead, side="right")
    minute = np.arange(WEEK)
    waits = np.maximum(0.0, done - minute).astype(float)
    worked = np.concatenate(([0], np.cumsum(np.tile(open_mask, weeks))))  # open minutes before each minute
    working = np.maximum(0, worked[np.minimum(done, worked.size - 1)] - worked[minute]).astype(float)
    return Backlog(servers, arrival_rate, service_mean, True, waits, busy, 0.0, working)


__all__ = ["Backlog", "backlog", "open_minutes_of_week"]
