"""Working time: the minutes a resource's calendar is open between two instants, for many waits at once.

Staff can shorten a queue only while they work. A back office's service standard is written in working days
("decided within 5 working days"): a file that arrives on Friday evening and is taken up on Monday morning has
waited no working time at all, though 62 hours have passed. At a counter, likewise, what staffing changes is the
queue while the counter is open; waiting through the lunch closure or the night is set by the opening hours,
whatever the staff. Capacity planning therefore measures waits in **working time** of the resource's calendar
(the open minutes between joining the queue and leaving it) and keeps the **elapsed** wait (clock time) beside
it. A **working day** is the open minutes of one open day of the calendar (07:30-11:30 and 14:00-17:00: 7 hours);
a resource without a calendar works around the clock, so its working day is 24 hours.

Times are minutes on the simulation clock (:class:`~nssf_journey.simulation.calendar.CalendarClock`).
"""

from __future__ import annotations

import numpy as np

from ..simulation.calendar import DAY, CalendarClock


def working_day(clock: CalendarClock) -> float:
    """Open minutes in one open day of the clock's calendar (1440 without a calendar).

    >>> import datetime as dt
    >>> from nssf_journey.model import Calendar
    >>> working_day(CalendarClock(Calendar("o", open=((450.0, 690.0), (840.0, 1020.0))), dt.datetime(2026, 2, 2)))
    420.0
    """
    if clock.always_open:
        return DAY
    return float(sum(b - a for a, b in clock.periods))


def working_minutes(clock: CalendarClock, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Open minutes of the clock's calendar in each interval ``[start[i], end[i]]`` (``end >= start``).

    The same as ``clock.open_minutes(start[i], end[i])`` for every ``i``, computed at once from the open
    minutes accumulated since a common day (weekdays and holidays of the calendar included).

    Examples
    --------
    >>> import datetime as dt
    >>> from nssf_journey.model import Calendar
    >>> office = CalendarClock(Calendar("o", open=((450.0, 690.0), (840.0, 1020.0))), dt.datetime(2026, 2, 2))
    >>> friday_5pm, monday_8am = 4 * 1440 + 1020, 7 * 1440 + 480    # 2026-02-02 is a Monday
    >>> working_minutes(office, np.array([friday_5pm, 600.0]), np.array([monday_8am, 900.0])).tolist()
    [30.0, 150.0]
    """
    start = np.asarray(start, dtype=float)
    end = np.asarray(end, dtype=float)
    if clock.always_open:
        return np.maximum(0.0, end - start)
    if start.size == 0:
        return np.zeros(0)
    return np.maximum(0.0, clock.open_minutes_before(end) - clock.open_minutes_before(start))

__all__ = ["working_day", "working_minutes"]
