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


def _clock_times(arrivals: Arrivals, operational: np.ndarray) -> np.ndarray:
    """Clock times of increasing operational times (the inverse of the cumulative rate of the profile)."""
    origin = arrivals.start
    offset = origin.minute + origin.second / 60.0  # clock 0 is this far into hour 0
    hours = max(24 * 7, int(operational[-1] / 60.0 * 2) + 24 * 62)
    while True:
        m = hourly_multipliers(arrivals.profile, origin, hours)
        cum = np.concatenate(([0.0], np.cumsum(m * 60.0)))  # Lambda at each hour boundary
        lam_offset = float(np.interp(offset, [0.0, 60.0], cum[:2]))
        target = operational + lam_offset
        if cum[-1] >= target[-1]:
            break
        hours *= 2
    k = np.searchsorted(cum, target, side="left") - 1
    k = np.clip(k, 0, m.size - 1)
    return 60.0 * k + (target - cum[k]) / m[k] - offset
