"""When new cases start: inter-arrival times stretched by a rate profile over hours, weekdays and days of month.

``arrivals.every`` is the time between starts when every multiplier of the profile is 1. The profile multiplies
the rate hour by hour (an hour of the day, a weekday, a day of the month; their product), so contributions can
cluster before the 15th and nobody arrives at night.

The profile is applied by a change of time, not by thinning: gaps are drawn in "operational time", in which the
process runs at its base rate, and mapped back to clock time through the inverse of the cumulative rate
``Lambda(t) = integral of m(s) ds`` (piecewise linear, hour by hour). For exponential gaps this is exactly the
non-homogeneous Poisson process with rate ``m(t) / mean``, the same process thinning produces, without drawing
and rejecting candidates; for other gap distributions it stretches each gap by the local rate. Hours with
multiplier 0 are skipped.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import numpy as np

from ..model import ArrivalProfile, Arrivals
from .walk import draw


def hourly_multipliers(profile: ArrivalProfile, origin: dt.datetime, hours: int) -> np.ndarray:
    """The rate multiplier of each hour after the origin rounded down to the hour.

    >>> import datetime as dt
    >>> p = ArrivalProfile(weekdays=(1, 1, 1, 1, 1, 0, 0))
    >>> hourly_multipliers(p, dt.datetime(2026, 1, 9), 72)[[0, 24, 48]].tolist()  # Fri, Sat, Sun
    [1.0, 0.0, 0.0]
    """
    base = dt.datetime.combine(origin.date(), dt.time(origin.hour))
    stamps = np.datetime64(base, "h") + np.arange(hours)
    days = stamps.astype("datetime64[D]")
    hod = (stamps - days.astype("datetime64[h]")).astype(np.int64)
    dow = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    dom = (days - days.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    return (np.asarray(profile.hours, dtype=float)[hod] * np.asarray(profile.weekdays, dtype=float)[dow]
            * np.asarray(profile.days_of_month, dtype=float)[dom])


def mean_multiplier(profile: ArrivalProfile, origin: dt.datetime, days: int = 364) -> float:
    """The average rate multiplier over ``days`` days from the origin (1 for a flat profile)."""
    if profile.is_flat:
        return 1.0
    return float(hourly_multipliers(profile, origin, days * 24).mean())


def arrival_times(arrivals: Arrivals, n: int, rng: np.random.Generator) -> np.ndarray:
    """Clock times (minutes after ``arrivals.start``) of the first ``n`` case starts, increasing.

    Examples
    --------
    >>> from nssf_journey.distributions import Fixed
    >>> from nssf_journey.model import Arrivals, ArrivalProfile
    >>> a = Arrivals(Fixed(30.0), profile=ArrivalProfile(hours=(0.0,) * 8 + (1.0,) * 16))
    >>> arrival_times(a, 3, np.random.default_rng(0)).tolist()  # nobody before 08:00
    [510.0, 540.0, 570.0]
    """
    return next(arrival_chunks(arrivals, n, rng, max(n, 1)))


def arrival_chunks(arrivals: Arrivals, n: int, rng: np.random.Generator, size: int) -> Iterator[np.ndarray]:
    """The clock times of :func:`arrival_times`, ``size`` at a time (the last chunk may be shorter), so that a
    simulation of many cases never holds them all. The gaps of each chunk are drawn from ``rng`` when the chunk is
    asked for; one chunk of ``n`` gives exactly :func:`arrival_times`.

    >>> from nssf_journey.distributions import Fixed
    >>> from nssf_journey.model import Arrivals
    >>> [c.tolist() for c in arrival_chunks(Arrivals(Fixed(5.0)), 5, np.random.default_rng(0), 2)]
    [[5.0, 10.0], [15.0, 20.0], [25.0]]
    """
    done, clock = 0, 0.0
    while done < n:
        m = min(size, n - done)
        gaps = draw(arrivals.every, rng, m)
        operational = np.cumsum(np.broadcast_to(gaps, (m,)).astype(float))
        operational += clock
        clock = float(operational[-1])
        done += m
        yield operational if arrivals.profile.is_flat else _clock_times(arrivals, operational)


#: Days in 400 Gregorian years: weekdays and month lengths, hence the whole profile, repeat after exactly this many
#: days (146,097 is a multiple of 7).
PERIOD_DAYS = 146_097


def _clock_times(arrivals: Arrivals, operational: np.ndarray) -> np.ndarray:
    """Clock times of increasing operational times (the inverse of the cumulative rate of the profile).

    The cumulative rate is built day by day over one 400-year period of the calendar, after which it repeats, and
    hour by hour within a day (a day's multiplier scales its hours), so memory is bounded whatever the span of the
    arrivals (a century between cases is allowed).
    """
    profile, origin = arrivals.profile, arrivals.start
    hours = np.asarray(profile.hours, dtype=float)
    hour_cum = np.concatenate(([0.0], np.cumsum(hours * 60.0)))  # within a day whose multiplier is 1
    days = np.datetime64(origin.date(), "D") + np.arange(PERIOD_DAYS)
    dow = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    dom = (days - days.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    day_factor = np.asarray(profile.weekdays, dtype=float)[dow] * np.asarray(profile.days_of_month, dtype=float)[dom]
    day_cum = np.concatenate(([0.0], np.cumsum(day_factor * hour_cum[-1])))  # at each midnight after the origin's
    period = day_cum[-1]
    if not period > 0:
        raise ValueError("the arrival profile is 0 at every hour of every day: no case would ever arrive")
    since_midnight = origin.hour * 60.0 + origin.minute + origin.second / 60.0
    lam_offset = day_factor[0] * float(np.interp(since_midnight, 60.0 * np.arange(25), hour_cum))
    periods, rest = np.divmod(operational + lam_offset, period)
    at_end = (rest == 0) & (periods > 0)  # the end of a period, not the start of the next: the earliest instant
    periods, rest = periods - at_end, np.where(at_end, period, rest)
    d = np.clip(np.searchsorted(day_cum, rest, side="left") - 1, 0, PERIOD_DAYS - 1)
    within = (rest - day_cum[d]) / np.where(day_factor[d] > 0, day_factor[d], 1.0)
    h = np.clip(np.searchsorted(hour_cum, within, side="left") - 1, 0, 23)
    minute = (within - hour_cum[h]) / np.where(hours[h] > 0, hours[h], 1.0)
    return (periods * PERIOD_DAYS + d) * 1440.0 + 60.0 * h + minute - since_midnight
