"""The backlog of a back office: a fluid model of files waiting for staff who work office hours.

Claims reach a back office at any hour of any day, but its officers decide them only while the office is open:
``servers`` officers each finish a file in ``service_mean`` minutes of work, a daily capacity of
``servers x open minutes a day / service_mean`` files. Files left over wait in a backlog (first in, first out).
At that scale chance matters less than the calendar, so the backlog is modelled as a fluid, minute by minute over
a week: ``B(t) = max(0, B(t-1) + arrivals(t) - capacity(t))``. A file that arrives at ``t`` is decided when the
capacity delivered from ``t`` on exceeds the backlog ahead of it, so it waits at least until the office opens.

The week repeats: the backlog at the end of one week is carried into the next until it is the same every week
(the periodic steady state). When the files arriving in a week reach what the officers can decide in a week, no
such state exists: the backlog grows without end, by the difference, every week. Holidays are left out.
Times are minutes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..simulation.calendar import DAY, CalendarClock

WEEK = int(7 * DAY)


@dataclass(frozen=True)
class Backlog:
    """The steady week of a back office: per minute of the week, the wait of a file arriving then (minutes)."""

    servers: int
    arrival_rate: float
    service_mean: float
    stable: bool
    waits: np.ndarray
    utilization: float
    growth_per_week: float  # files the backlog grows by each week when unstable, else 0

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


def backlog(arrival_rate: float, service_mean: float, servers: int, clock: CalendarClock) -> Backlog:
    """The fluid backlog of ``servers`` officers facing ``arrival_rate`` files per minute, spread evenly.

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
    """
    if servers < 1 or not service_mean > 0 or arrival_rate < 0:
        raise ValueError("backlog needs servers >= 1, service_mean > 0 and arrival_rate >= 0")
    open_mask = open_minutes_of_week(clock)
    capacity = open_mask * (servers / service_mean)
    week_capacity = float(capacity.sum())
    week_arrivals = arrival_rate * WEEK
    if week_arrivals >= week_capacity:
        return Backlog(servers, arrival_rate, service_mean, False, np.empty(0), 1.0, week_arrivals - week_capacity)
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
    waits = np.maximum(0.0, done - np.arange(WEEK)).astype(float)
    return Backlog(servers, arrival_rate, service_mean, True, waits, week_arrivals / week_capacity, 0.0)


__all__ = ["Backlog", "backlog", "open_minutes_of_week"]
