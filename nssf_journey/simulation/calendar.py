"""Opening hours as arithmetic on the simulation clock.

The simulation clock counts minutes from an origin instant (``arrivals.start``). A :class:`CalendarClock` answers
three questions about a resource's :class:`~nssf_journey.model.Calendar` on that clock: is it open now, when can a
service of a given length start, and how many open minutes lie between two instants. A day is open when its
weekday is in ``days`` and its date is not a holiday; on an open day the resource is open during each period of
``open`` (minutes after midnight, ``[from, to)``).

Service rule used by the queueing engine: a server starts a service only when the calendar is open **and** the
service can end before the current opening period closes; the counter does not start what it cannot finish,
and what it starts it finishes. A service longer than every opening period may start at any open instant (it
could never be served otherwise) and runs past closing time.

Examples
--------
>>> import datetime as dt
>>> from nssf_journey.model import Calendar
>>> office = Calendar("office", open=((450.0, 690.0), (840.0, 1020.0)))  # 07:30-11:30, 14:00-17:00, Mon-Fri
>>> clock = CalendarClock(office, dt.datetime(2026, 1, 5))               # a Monday, 00:00
>>> clock.next_start(16 * 60 + 50, 20)  # 16:50, 20 minutes of service: tomorrow 07:30
1890.0
>>> clock.is_open(16 * 60 + 50), clock.is_open(12 * 60)
(True, False)
"""

from __future__ import annotations

import bisect
import datetime as dt
import math

import numpy as np

from ..model import Calendar

DAY = 1440.0
#: How far ahead (days) to look for an opening before declaring a calendar closed for good.
SEARCH_DAYS = 3660


class CalendarClock:
    """A calendar on a clock of minutes from ``origin``. ``None`` as calendar means always open.

    Raises ``ValueError`` for a calendar that never opens within :data:`SEARCH_DAYS` days of the origin.
    """

    def __init__(self, calendar: Calendar | None, origin: dt.datetime) -> None:
        self.calendar = calendar
        self.origin = origin
        midnight = dt.datetime.combine(origin.date(), dt.time())
        #: Clock time (minutes) of the midnight that starts the origin's day; <= 0.
        self.day0 = -(origin - midnight).total_seconds() / 60.0
        self.always_open = calendar is None
        if calendar is not None:
            self.periods = tuple((float(a), float(b)) for a, b in sorted(calendar.open))
            self.longest = max(b - a for a, b in self.periods)
            self._days = frozenset(calendar.days)
            # Day numbers are counted from the origin's date and may run past the year 9999 of Python's dates (a
            # century between arrivals is allowed), so weekdays are arithmetic on day numbers: 0001-01-01, the
            # first proleptic ordinal, was a Monday.
            self._ordinal0 = origin.date().toordinal()
            self._holidays = frozenset(h.toordinal() - self._ordinal0 for h in calendar.holidays)
            #: Holidays that close a day that would be open, by day number, sorted.
            self._closing_holidays = sorted(d for d in self._holidays if self.weekday(d) in self._days)
            w0 = self.weekday(0)
            #: Open weekdays among the ``r`` days from day 0 on, for r = 0..7.
            self._open_in_first = np.cumsum([0] + [(w0 + r) % 7 in self._days for r in range(7)])
            self.open_per_day = float(sum(b - a for a, b in self.periods))
            if not any(self.day_is_open(d) for d in range(SEARCH_DAYS)):
                raise ValueError(f"calendar '{calendar.id}' is never open in the {SEARCH_DAYS} days after "
                                 f"{origin:%Y-%m-%d}")

    def weekday(self, day: int) -> int:
        """The weekday (Monday = 0) of day number ``day`` (0 = the origin's date)."""
        return (self._ordinal0 + day - 1) % 7

    def day_is_open(self, day: int) -> bool:
        """Is day number ``day`` (0 = the origin's date) an open day?"""
        if self.always_open:
            return True
        return self.weekday(day) in self._days and day not in self._holidays

    def open_days_before(self, day: np.ndarray) -> np.ndarray:
        """Open days in ``[0, day)`` for each day number (minus those in ``[day, 0)`` when ``day`` is negative):
        arithmetic on whole weeks and the holidays, whatever the span."""
        day = np.asarray(day, dtype=np.int64)
        weeks, rest = np.divmod(day, 7)
        counts = weeks * len(self._days) + self._open_in_first[rest]
        if self._closing_holidays:
            counts = counts - (np.searchsorted(self._closing_holidays, day, side="left")
                               - bisect.bisect_left(self._closing_holidays, 0))
        return counts

    def open_minutes_before(self, t: np.ndarray) -> np.ndarray:
        """Open minutes from the origin's midnight to each clock time ``t`` (negative before it)."""
        t = np.asarray(t, dtype=float)
        day = np.floor((t - self.day0) / DAY).astype(np.int64)
        minute = t - (self.day0 + day * DAY)
        within = np.zeros_like(t)
        for a, b in self.periods:
            within += np.clip(minute - a, 0.0, b - a)
        weekday = (self._ordinal0 + day - 1) % 7
        open_today = np.isin(weekday, list(self._days))
        if self._holidays:
            open_today &= ~np.isin(day, list(self._holidays))
        return self.open_days_before(day) * self.open_per_day + open_today * within

    def _day_of(self, t: float) -> tuple[int, float]:
        """Day number of clock time ``t`` and the clock time of that day's midnight."""
        day = math.floor((t - self.day0) / DAY)
        return day, self.day0 + day * DAY

    def is_open(self, t: float) -> bool:
        """Is the resource open at clock time ``t``?"""
        if self.always_open:
            return True
        day, midnight = self._day_of(t)
        if not self.day_is_open(day):
            return False
        m = t - midnight
        return any(a <= m < b for a, b in self.periods)

    def next_start(self, t: float, duration: float = 0.0) -> float:
        """The earliest time ``>= t`` at which a service of ``duration`` minutes may start (see the module rule)."""
        if self.always_open:
            return t
        long_service = duration > self.longest
        day, midnight = self._day_of(t)
        for _ in range(SEARCH_DAYS + 1):
            if self.day_is_open(day):
                for a, b in self.periods:
                    s = max(t, midnight + a)
                    end = midnight + b
                    if s < end and (long_service or s + duration <= end):
                        return s
            day += 1
            midnight += DAY
        raise ValueError(f"calendar '{self.calendar.id}' has no opening after minute {t:g}")  # type: ignore[union-attr]

    def open_minutes(self, t0: float, t1: float) -> float:
        """Open minutes in the clock interval ``[t0, t1]``.

        >>> import datetime as dt
        >>> c = CalendarClock(Calendar("c", open=((480.0, 1020.0),)), dt.datetime(2026, 1, 5))
        >>> c.open_minutes(0, 7 * 1440)  # Monday to Sunday, 9 hours on five days
        2700.0
        """
        if t1 <= t0:
            return 0.0
        if self.always_open:
            return t1 - t0
        before = self.open_minutes_before(np.array([t0, t1]))
        return float(before[1] - before[0])

    def open_fraction(self, days: int = 364) -> float:
        """The share of time the resource is open over ``days`` days from the origin's midnight."""
        if self.always_open:
            return 1.0
        return self.open_minutes(self.day0, self.day0 + days * DAY) / (days * DAY)

