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

import datetime as dt
import math

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
            self._holidays = frozenset(calendar.holidays)
            self._open_day: dict[int, bool] = {}
            if not any(self.day_is_open(d) for d in range(SEARCH_DAYS)):
                raise ValueError(f"calendar '{calendar.id}' is never open in the {SEARCH_DAYS} days after "
                                 f"{origin:%Y-%m-%d}")

    def day_is_open(self, day: int) -> bool:
        """Is day number ``day`` (0 = the origin's date) an open day?"""
        if self.always_open:
            return True
        got = self._open_day.get(day)
        if got is None:
            date = self.origin.date() + dt.timedelta(days=day)
            got = date.weekday() in self._days and date not in self._holidays
            self._open_day[day] = got
        return got

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
        first, m0 = self._day_of(t0)
        last, _ = self._day_of(t1)
        total = 0.0
        for day in range(first, last + 1):
            if not self.day_is_open(day):
                continue
            midnight = m0 + (day - first) * DAY
            for a, b in self.periods:
                total += max(0.0, min(t1, midnight + b) - max(t0, midnight + a))
        return total

    def open_fraction(self, days: int = 364) -> float:
        """The share of time the resource is open over ``days`` days from the origin's midnight."""
        if self.always_open:
            return 1.0
        return self.open_minutes(self.day0, self.day0 + days * DAY) / (days * DAY)

