"""Opening hours, holidays and arrival profiles: hand-computed cases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from nssf_journey import parse_journey
from nssf_journey.distributions import Exponential, Fixed
from nssf_journey.model import ArrivalProfile, Arrivals, Calendar
from nssf_journey.simulation import queueing
from nssf_journey.simulation.arrivals import arrival_times, hourly_multipliers, mean_multiplier
from nssf_journey.simulation.calendar import CalendarClock

MONDAY = dt.datetime(2026, 1, 5)
OFFICE = Calendar("office", open=((450.0, 690.0), (840.0, 1020.0)), holidays=(dt.date(2026, 1, 7),))


def hm(day: int, hour: int, minute: int = 0) -> float:
    return day * 1440.0 + hour * 60 + minute


def test_service_that_cannot_finish_before_closing_starts_at_the_next_opening() -> None:
    clock = CalendarClock(OFFICE, MONDAY)
    assert clock.next_start(hm(0, 16, 50), 20) == hm(1, 7, 30)   # Monday 16:50 -> Tuesday 07:30
    assert clock.next_start(hm(0, 16, 30), 20) == hm(0, 16, 30)  # fits before 17:00
    assert clock.next_start(hm(0, 11, 20), 20) == hm(0, 14, 0)   # lunch break
    assert clock.next_start(hm(1, 16, 50), 20) == hm(3, 7, 30)   # Wednesday is a holiday
    assert clock.next_start(hm(4, 17, 0), 5) == hm(7, 7, 30)     # Friday closing -> Monday
    assert clock.next_start(hm(0, 6, 0), 600) == hm(0, 7, 30)    # longer than any period: starts at opening


def test_open_and_closed_instants() -> None:
    clock = CalendarClock(OFFICE, MONDAY)
    assert clock.is_open(hm(0, 7, 30)) and not clock.is_open(hm(0, 11, 30)) and not clock.is_open(hm(0, 17, 0))
    assert not clock.is_open(hm(2, 9)) and not clock.is_open(hm(5, 9))  # holiday, Saturday
    assert clock.open_minutes(hm(0, 0), hm(7, 0)) == 4 * 420             # 7 h a day, Mon-Fri but Wednesday
    assert clock.open_minutes(hm(0, 11), hm(0, 14, 30)) == 60            # 11:00-11:30 and 14:00-14:30
    # a clock that starts mid-day
    late = CalendarClock(OFFICE, MONDAY + dt.timedelta(hours=16, minutes=50))
    assert late.next_start(0, 20) == hm(1, 7, 30) - hm(0, 16, 50)


def test_a_calendar_that_never_opens_is_an_error() -> None:
    with pytest.raises(ValueError, match="calendar 'x' is never open"):
        CalendarClock(Calendar("x", days=(5,), holidays=tuple(
            dt.date(2026, 1, 10) + dt.timedelta(weeks=k) for k in range(600))), MONDAY)


def office_journey(start: str, every: str = "1 d", duration: int = 20) -> object:
    return parse_journey(f"""
journey: office
title: Office
actors: [{{id: w, name: Worker, lane: customer}}]
calendars: [{{id: office, open: ["07:30-11:30", "14:00-17:00"], holidays: [2026-01-07]}}]
resources: [{{id: counter, capacity: 1, calendar: office, source: "assumption: test"}}]
arrivals: {{every: "{every}", start: "{start}", source: "assumption: test"}}
start: serve
steps:
  - {{id: serve, name: Serve, actor: w, resource: counter, duration: {duration}, next: done,
     source: "assumption: test"}}
  - {{id: done, name: Done, actor: w, outcome: success}}
""")


def test_engine_request_at_1650_with_20_min_service_starts_next_day() -> None:
    # Arrivals start Monday 16:40 and come every 10 min: the first case asks at 16:50 (Monday), the second at 17:00.
    r = queueing(office_journey("2026-01-05T16:40", every="10 min"), 2, seed=0, events=True)
    frame = r.cases_frame()
    assert frame["queue_wait"].tolist() == [880, 890]                # 16:50 -> 07:30; 17:00 -> 07:50
    assert frame["lead_time"].tolist() == [900, 910]
    ev = r.events()
    ev = ev[ev["concept:name"] == "Serve"]
    assert ev["start_timestamp"].tolist() == [pd_ts("2026-01-06 07:30"), pd_ts("2026-01-06 07:50")]
    assert ev["time:timestamp"].tolist() == [pd_ts("2026-01-06 07:50"), pd_ts("2026-01-06 08:10")]
    assert r.resources["counter"].max_queue == 2


def test_engine_skips_holidays_and_weekends() -> None:
    # Tuesday 16:50 -> Thursday 07:30 (Wednesday 7 January is a holiday).
    r = queueing(office_journey("2026-01-05T16:50", every="1 d"), 1, seed=0)
    assert r.cases_frame()["queue_wait"].tolist() == [hm(2, 7, 30) - hm(0, 16, 50)]


def test_utilization_counts_open_time_only() -> None:
    # One case a day at 08:00 (Mon-Sun) served 60 min; open days Mon-Fri except a holiday.
    r = queueing(office_journey("2026-01-04T08:00", every="1 d", duration=60), 14, seed=0)
    res = r.resources["counter"]
    clock = CalendarClock(r.journey.calendars[0], r.journey.arrivals.start)
    span_open = clock.open_minutes(1440.0, float(r.cases_frame()["arrival"].iloc[0]) + res.span)
    assert res.utilization == pytest.approx(14 * 60 / span_open)


def pd_ts(text: str) -> object:
    import pandas as pd

    return pd.Timestamp(text)


def test_profile_multipliers_by_hour_weekday_and_day_of_month() -> None:
    p = ArrivalProfile(hours=(0.0,) * 7 + (2.0,) * 10 + (0.0,) * 7, weekdays=(1, 1, 1, 1, 1, 0, 0),
                       days_of_month=(3.0,) * 15 + (1.0,) * 16)
    m = hourly_multipliers(p, dt.datetime(2026, 1, 15, 6), 24 * 3)
    assert m[:3].tolist() == [0.0, 6.0, 6.0]           # Thursday 15th: 06:00 closed, 07:00 2 x 3
    assert m[24 + 1] == 2.0                            # Friday 16th, 07:00: 2 x 1
    assert m[48 + 1] == 0.0                            # Saturday
    assert mean_multiplier(ArrivalProfile(), MONDAY) == 1.0


def test_arrivals_follow_the_profile() -> None:
    # Poisson arrivals, mean gap 10 min at multiplier 1; twice as many on days 1-15, none at night or weekends.
    p = ArrivalProfile(hours=(0.0,) * 8 + (1.0,) * 9 + (0.0,) * 7, weekdays=(1, 1, 1, 1, 1, 0, 0),
                       days_of_month=(2.0,) * 15 + (1.0,) * 16)
    a = Arrivals(Exponential(10.0), start=dt.datetime(2026, 2, 2), profile=p)
    t = arrival_times(a, 60_000, np.random.default_rng(1))
    assert np.all(np.diff(t) >= 0)
    stamps = np.datetime64("2026-02-02") + (t * 60).astype("timedelta64[s]")
    hours = (stamps - stamps.astype("datetime64[D]")).astype("timedelta64[h]").astype(int)
    assert hours.min() >= 8 and hours.max() <= 16
    days = stamps.astype("datetime64[D]")
    weekday = (days.astype(int) + 3) % 7
    assert weekday.max() <= 4
    dom = (days - days.astype("datetime64[M]").astype("datetime64[D]")).astype(int) + 1
    # arrivals per open hour: 12 (rate 2/10 per min) on days 1-15, 6 after
    first = dom <= 15
    open_hours_first = 9 * np.unique(days[first]).size
    open_hours_rest = 9 * np.unique(days[~first]).size
    assert first.sum() / open_hours_first == pytest.approx(12, rel=0.03)
    assert (~first).sum() / open_hours_rest == pytest.approx(6, rel=0.03)


def test_fixed_gaps_skip_closed_hours() -> None:
    p = ArrivalProfile(hours=(0.0,) * 8 + (1.0,) * 16)
    a = Arrivals(Fixed(30.0), start=dt.datetime(2026, 1, 5, 7, 45), profile=p)
    assert arrival_times(a, 3, np.random.default_rng(0)).tolist() == [45.0, 75.0, 105.0]


# A century between arrivals is allowed (issue 17): the clock then runs for thousands of years, past the year 9999
# of Python's dates, and nothing may be built day by day or hour by hour over the whole span.

CENTURY = 100 * 365.25 * 1440.0
PERIOD = 146_097 * 1440.0  # 400 Gregorian years in minutes: weekdays and month lengths repeat exactly


def test_weekdays_and_open_minutes_past_the_year_9999() -> None:
    clock = CalendarClock(OFFICE, MONDAY)
    far = 3_000_000  # days after 2026-01-05: in the year 10239
    assert clock.day_is_open(far) == clock.day_is_open(far % 146_097)  # the calendar repeats every 400 years
    assert [clock.day_is_open(146_097 * 30 + d) for d in range(7)] == [True] * 5 + [False] * 2  # Mon..Fri open
    # a million weeks (about 19,000 years): 5 open days of 7 hours each, less the one holiday of 2026
    assert clock.open_minutes(0.0, 1_000_000 * 7 * 1440.0) == (1_000_000 * 5 - 1) * 420.0
    monday = 146_097 * 20 * 1440.0  # 8,000 years after 2026-01-05, a Monday too: Monday 16:50 -> Tuesday 07:30
    assert clock.next_start(monday + hm(0, 16, 50), 20) == monday + hm(1, 7, 30)


def test_profiled_arrivals_a_century_apart_repeat_with_the_calendar() -> None:
    profile = ArrivalProfile(hours=(0.0,) * 8 + (1.0,) * 9 + (0.0,) * 7, weekdays=(1, 1, 1, 1, 1, 0, 0))
    every = 146_097 * 9 * 60.0 * 5 / 7  # the operational time of exactly 400 years of this profile
    times = arrival_times(Arrivals(Fixed(every), start=MONDAY, profile=profile), 40, np.random.default_rng(0))
    # each case arrives at the same instant of the period 400 years after the one before: 17:00 on a Friday,
    # the end of the last open hour of the period's last open day (2426-01-02 is a Friday)
    assert np.allclose(np.diff(times), PERIOD)
    assert times[0] == PERIOD - 2 * 1440.0 - 7 * 60.0
    assert times[-1] / (365.25 * 1440.0) > 15_000  # years: far past Python's dates


def test_queueing_with_a_century_between_arrivals_finishes_in_little_memory() -> None:
    import tracemalloc

    j = parse_journey(f"""
journey: far
title: Far
start: a
actors: [{{id: w, name: W, lane: customer}}, {{id: o, name: O, lane: frontstage}}]
steps:
  - {{id: a, name: A, actor: o, duration: 10, resource: desk, next: b}}
  - {{id: b, name: B, actor: o, outcome: success}}
resources: [{{id: desk, capacity: 1, calendar: office}}]
calendars: [{{id: office, open: "07:30-17:00", holidays: [2026-01-07]}}]
arrivals:
  every: {{dist: normal, mean: {CENTURY!r}, sd: 1000.0}}
  start: 2026-01-05
  profile: {{hours: {{"07-11": 1.5}}, weekdays: {{sat: 0, sun: 0}}}}
""")
    tracemalloc.start()
    result = queueing(j, 200, seed=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.resources["desk"].served == 200 and result.resources["desk"].queue_wait.p95 < 3 * 1440.0  # nobody else is ever in the queue: at most a night's wait
    assert peak < 100 * 2**20
