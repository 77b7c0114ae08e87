"""Units of time and money, declared once.

Inside the library every duration is a number of **minutes** and every amount of money is in **US dollars**.
Journeys may write durations in other units; they are converted on load, and results are converted back to
the unit a user asks for only when they are shown.
"""

from __future__ import annotations

import re

#: Minutes in one unit of each time unit a journey or a user may name.
MINUTES_PER: dict[str, float] = {
    "seconds": 1 / 60,
    "minutes": 1.0,
    "hours": 60.0,
    "days": 1440.0,
    "weeks": 10080.0,
}

#: Minutes in an hour, a day and a week, by name (the entries of :data:`MINUTES_PER`).
MINUTES_PER_HOUR = MINUTES_PER["hours"]
MINUTES_PER_DAY = MINUTES_PER["days"]
MINUTES_PER_WEEK = MINUTES_PER["weeks"]
#: Days in an average year of the Gregorian calendar (a leap year every four years; the century rule is ignored).
DAYS_PER_YEAR = 365.25
#: Days in an average month: a twelfth of :data:`DAYS_PER_YEAR`, 30.4375. Months and years are no unit a journey
#: may write (they vary in length); they are for saying a long time in words ("about 3 months").
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
MINUTES_PER_MONTH = DAYS_PER_MONTH * MINUTES_PER_DAY
MINUTES_PER_YEAR = DAYS_PER_YEAR * MINUTES_PER_DAY

#: The longest time a journey or a data file may hold, in minutes: 100 years (36,525 days). Longer times (1e300
#: minutes) are no process of the NSSF and would overflow sums of expected times.
MAX_TIME_MINUTES = 100 * MINUTES_PER_YEAR
#: The shortest positive time a journey or a data file may hold, in minutes: one microsecond, shorter than any
#: event log's clock measures (exactly 0 is allowed). Shorter ones (1e-300) underflow the squares of spreads.
#: Gaps under a second are real: logs measured to the millisecond give them, and ``discover`` writes them.
MIN_MEASURABLE_TIME_MINUTES = 1e-6 * MINUTES_PER["seconds"]
#: The shortest mean time between arrivals of new cases, in minutes: one second. Shorter ones flood a queueing
#: simulation with cases.
MIN_ARRIVAL_INTERVAL_MINUTES = MINUTES_PER["seconds"]


def time_too_long(value: float, unit: str) -> str | None:
    """Why ``value`` in ``unit`` is too long for a journey (not finite, or over :data:`MAX_TIME_MINUTES`), or ``None``.

    >>> time_too_long(2, "hours") is None
    True
    >>> time_too_long(1e300, "minutes")
    '1e+300 minutes is more than 100 years (52,596,000 minutes), the longest time allowed'
    """
    minutes = value * MINUTES_PER[unit]
    if minutes != minutes or minutes > MAX_TIME_MINUTES:
        return f"{value:g} {unit} is more than 100 years ({MAX_TIME_MINUTES / MINUTES_PER[unit]:,.0f} {unit}), the longest time allowed"
    return None


def time_too_short(value: float, unit: str) -> str | None:
    """Why ``value`` in ``unit`` is too short for a journey (positive but under :data:`MIN_MEASURABLE_TIME_MINUTES`),
    or ``None``.

    >>> time_too_short(0, "days") is None, time_too_short(0.01, "minutes") is None
    (True, True)
    >>> time_too_short(1e-300, "minutes")
    '1e-300 minutes is below one microsecond, shorter than any clock measures (0 is allowed)'
    """
    if 0 < value * MINUTES_PER[unit] < MIN_MEASURABLE_TIME_MINUTES:
        return f"{value:g} {unit} is below one microsecond, shorter than any clock measures (0 is allowed)"
    return None


def time_out_of_bounds(value: float, unit: str) -> str | None:
    """Why ``value`` in ``unit`` is no time a journey may hold: too long, or too short; ``None`` otherwise."""
    return time_too_long(value, unit) or time_too_short(value, unit)


#: The units a journey's ``time_unit`` (and the CLI's ``--unit``) may take.
TIME_UNITS: tuple[str, ...] = ("minutes", "hours", "days")
#: The unit of a journey's bare numbers when it declares no ``time_unit``, and the library's own unit.
DEFAULT_TIME_UNIT = "minutes"

#: Abbreviations accepted in duration strings such as ``"90 min"``, mapped to a unit of :data:`MINUTES_PER`.
UNIT_ALIASES: dict[str, str] = {
    "s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds", "seconds": "seconds",
    "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "day": "days", "days": "days",
    "wk": "weeks", "week": "weeks", "weeks": "weeks",
}

#: The currency of every ``cost``.
CURRENCY = "USD"

#: How each unit of :data:`TIME_UNITS` is abbreviated after a number in tables for the terminal.
UNIT_SHORT: dict[str, str] = {"minutes": "min", "hours": "h", "days": "d"}

#: A duration written as text: a number and a unit (``"90 min"``, ``"2 h"``).
DURATION_TEXT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]+)\s*$")


def parse_duration_text(text: str) -> float | None:
    """Minutes in a duration string such as ``"90 min"`` or ``"2 h"``; ``None`` when it is not one.

    Examples
    --------
    >>> parse_duration_text("2 h")
    120.0
    >>> parse_duration_text("1.5 d")
    2160.0
    >>> parse_duration_text("two days") is None
    True
    """
    match = DURATION_TEXT.match(text)
    if not match:
        return None
    unit = UNIT_ALIASES.get(match.group(2).lower())
    if unit is None:
        return None
    return float(match.group(1)) * MINUTES_PER[unit]


def to_minutes(value: float, unit: str) -> float:
    """Convert ``value`` in ``unit`` to minutes.

    >>> to_minutes(2, "hours")
    120.0
    """
    return float(value) * MINUTES_PER[unit]


def from_minutes(minutes: float, unit: str) -> float:
    """Convert ``minutes`` to ``unit``.

    >>> from_minutes(90, "hours")
    1.5
    """
    return float(minutes) / MINUTES_PER[unit]


def fmt_time(minutes: float, unit: str) -> str:
    """``minutes`` shown in ``unit`` with its abbreviation, to about three significant figures.

    >>> fmt_time(90, "hours"), fmt_time(2160, "days"), fmt_time(1234.5, "minutes")
    ('1.50 h', '1.50 d', '1,234 min')
    """
    value = from_minutes(minutes, unit)
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f} {UNIT_SHORT[unit]}"


def readable_unit(minutes: float, unit: str) -> str:
    """``unit``, or a smaller unit of :data:`TIME_UNITS` when ``minutes`` would read as less than 1 in ``unit``.

    >>> readable_unit(2 * 1440, "days"), readable_unit(120, "days"), readable_unit(5, "days"), readable_unit(0, "days")
    ('days', 'hours', 'minutes', 'days')
    """
    if minutes <= 0:
        return unit
    smaller = TIME_UNITS[: TIME_UNITS.index(unit) + 1] if unit in TIME_UNITS else (unit,)
    for u in reversed(smaller):
        if minutes >= MINUTES_PER[u]:
            return u
    return smaller[0]


def fmt_share(x: float) -> str:
    """A share as a percentage with one decimal: ``fmt_share(0.4567)`` -> ``'45.7 %'``."""
    return f"{100 * x:.1f} %"
