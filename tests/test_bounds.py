"""The documented numeric bounds of journeys and data files (issue 17): each value that used to pass validation
and crash a later command is refused by validate, at its place, in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey.cli import app
from nssf_journey.loading.loader import check_journey_text
from nssf_journey.units import MAX_TIME_MINUTES, MINUTES_PER
from conftest import journey_text

HOSTILE = Path(__file__).parent / "data" / "hostile"
runner = CliRunner()
A = 'source: "assumption: t"'
YEARS_100 = "more than 100 years (52,596,000 minutes), the longest time allowed"

REFUSED = {
    "duration_1e300.yaml": f"7:42: error: steps[0].duration: 1e+300 minutes is {YEARS_100}",
    "duration_max_float.yaml": f"7:42: error: steps[0].duration: 1.7e+308 minutes is {YEARS_100}",
    "wait_1e300.yaml": f"7:59: error: steps[0].wait.value: 1e+300 minutes is {YEARS_100}",
    "lognormal_sd_1e200.yaml": f"7:74: error: steps[0].duration.sd: 1e+200 minutes is {YEARS_100}",
    "lognormal_mean_1e-300.yaml": "7:66: error: steps[0].duration.mean: 1e-300 minutes is below one microsecond,"
                                  " shorter than any clock measures (0 is allowed)",
    "integer_400_digits.yaml": "7:42: error: steps[0].duration: an integer of 400 digits is too large (at most 15"
                               " digits)",
    "probabilities_sum_1_000001.yaml": "7:51: error: steps[0].next: probabilities of 'a' sum to 1.000001, expected 1"
                                       " (tolerance 1e-06)",
    "arrivals_every_zero.yaml": "6:19: error: arrivals.every: the time between arrivals must be at least one second"
                                " on average, got 0",
    "arrivals_every_mean_1e300.yaml": f"6:45: error: arrivals.every.mean: 1e+300 minutes is {YEARS_100}",
    "arrivals_start_9999.yaml": "6:29: error: arrivals.start: expected a date from 1970-01-01 to 2100-12-31, got"
                                " 9999-12-31",
    "profile_multiplier_1e300.yaml": "6:48: error: arrivals.profile.weekdays.mon: expected a number >= 0 and <= 1000,"
                                     " got 1e+300",
    "cost_1e300.yaml": "7:51: error: steps[0].cost: expected a number >= 0 and <= 1e+09, got 1e+300",
    "duration_below_microsecond.yaml": "10:15: error: steps[0].duration: 1e-09 minutes is below one microsecond,"
                                       " shorter than any clock measures (0 is allowed)",
    "duration_century_plus.yaml": "10:15: error: steps[0].duration: 36526 days is more than 100 years (36,525 days),"
                                  " the longest time allowed",
    "lognormal_cv_101.yaml": "10:46: error: steps[0].duration.sd: a lognormal's sd may be at most 100 times its mean"
                             " (coefficient of variation at most 100), got sd 101 for mean 1",
    "start_1969.yaml": "16:30: error: arrivals.start: expected a date from 1970-01-01 to 2100-12-31, got 1969-12-31",
    "holiday_2101.yaml": "16:37: error: calendars[0].holidays[0]: expected a date from 1970-01-01 to 2100-12-31, got"
                         " 2101-01-01",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_validate_refuses_each_reproducing_file_at_its_place(name):
    file = HOSTILE / name
    result = runner.invoke(app, ["validate", str(file)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [f"{file}:{REFUSED[name]}"]


def errors(step_fields: str, extra: str = "", time_unit: str = "minutes") -> list[str]:
    text = journey_text(f"""
        - {{id: a, name: A, actor: w, {step_fields}, next: b, {A}}}
        - {{id: b, name: B, actor: o, outcome: success}}""", extra=f"time_unit: {time_unit}\n" + extra)
    journey, problems = check_journey_text(text, "x.yaml")
    found = [p.message for p in problems if p.severity == "error"]
    assert (journey is None) == bool(found)
    return found


def test_the_longest_time_is_100_years_in_every_unit_and_way_of_writing_it():
    assert MAX_TIME_MINUTES == 36_525 * 1440
    assert errors("duration: 36525", time_unit="days") == []
    assert errors("duration: 876600", time_unit="hours") == []
    assert errors('duration: "36525 d"') == [] and errors("duration: {dist: fixed, value: 36525, unit: days}") == []
    assert errors("duration: 36526", time_unit="days") == [
        "36526 days is more than 100 years (36,525 days), the longest time allowed"]
    assert errors('duration: "5219 wk"') == ["5219 weeks is more than 100 years (5,218 weeks), the longest time allowed"]
    assert errors("wait: {dist: empirical, values: [1, 60000000]}") == [f"6e+07 minutes is {YEARS_100}"]
    assert errors("duration: {dist: quantiles, p: [0, 1], values: [0, 60000000]}") == [f"6e+07 minutes is {YEARS_100}"]
    assert errors("duration: 5, patience: 1.0e+300, resource: desk",
                  extra=f"resources: [{{id: desk, capacity: 1, {A}}}]\n") == [f"1e+300 minutes is {YEARS_100}"]
    assert errors("duration: 5", extra="deadline: 1.0e+300\n") == [f"1e+300 minutes is {YEARS_100}"]


def test_a_positive_time_below_one_microsecond_is_refused_and_under_a_second_is_fine():
    text = journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 0.001, wait: 0, next: b, {A}}}
        - {{id: b, name: B, actor: o, duration: "1 s", outcome: success, {A}}}""")
    journey, problems = check_journey_text(text, "x.yaml")
    assert journey is not None and problems == []  # gaps under a second are measured in event logs
    assert errors("duration: 1.0e-300") == [
        "1e-300 minutes is below one microsecond, shorter than any clock measures (0 is allowed)"]
    assert errors("duration: {dist: normal, mean: 1.0e-300, sd: 1.0e-301}") == [
        "1e-300 minutes is below one microsecond, shorter than any clock measures (0 is allowed)",
        "1e-301 minutes is below one microsecond, shorter than any clock measures (0 is allowed)"]
    assert errors("duration: 5", extra=f"arrivals: {{every: 0.01, {A}}}\n") == [
        "the time between arrivals must be at least one second on average, got 0.01"]
    assert MINUTES_PER["seconds"] == 1 / 60


def test_a_lognormal_may_spread_up_to_100_times_its_mean():
    assert errors("duration: {dist: lognormal, mean: 1, sd: 100}") == []
    assert errors("duration: {dist: lognormal, mean: 0.001, sd: 1}") == [
        "a lognormal's sd may be at most 100 times its mean (coefficient of variation at most 100), got sd 1 for"
        " mean 0.001"]
    assert errors("duration: {dist: lognormal, mean: 1, sd: 101}") == [
        "a lognormal's sd may be at most 100 times its mean (coefficient of variation at most 100), got sd 101 for"
        " mean 1"]


def test_integers_up_to_15_digits_are_numbers_longer_ones_too_large():
    assert errors("duration: 5, cost: 999999999") == []
    assert errors("duration: 5, cost: 1234567890123456") == [
        "an integer of 16 digits is too large (at most 15 digits)"]
    assert errors("duration: 5, cost: -1_000_000_000_000_000") == [
        "an integer of 16 digits is too large (at most 15 digits)"]
    assert errors("duration: 5, emotion: " + "9" * 5000) == [  # past Python's own limit on converting digits
        "an integer of 5000 digits is too large (at most 15 digits)"]


def test_dates_lie_between_1970_and_2100():
    ok = f"arrivals: {{every: 5, start: 2100-12-31 23:00, {A}}}\ncalendars: [{{id: c, holidays: [1970-01-01]}}]\n"
    assert errors("duration: 5", extra=ok) == []
    bad = f"arrivals: {{every: 5, start: 1969-12-31, {A}}}\ncalendars: [{{id: c, holidays: [2101-01-01]}}]\n"
    assert errors("duration: 5", extra=bad) == [
        "expected a date from 1970-01-01 to 2100-12-31, got 1969-12-31",
        "expected a date from 1970-01-01 to 2100-12-31, got 2101-01-01"]


def test_probability_sums_within_the_tolerance_pass_and_the_message_shows_the_digits():
    def branching(p: str) -> list[str]:
        text = journey_text(f"""
            - {{id: a, name: A, actor: w, duration: 5, next: [{{to: b, p: 0.5}}, {{to: c, p: {p}}}], {A}}}
            - {{id: b, name: B, actor: o, outcome: success}}
            - {{id: c, name: C, actor: o, outcome: failure}}""")
        return [p.message for p in check_journey_text(text, "x.yaml")[1] if p.severity == "error"]

    assert branching("0.5000009") == [] and branching("0.4999991") == []
    assert branching("0.49999") == ["probabilities of 'a' sum to 0.99999, expected 1 (tolerance 1e-06)"]
    assert branching("0.500002") == ["probabilities of 'a' sum to 1.000002, expected 1 (tolerance 1e-06)"]


def test_data_files_share_the_bounds(tmp_path):
    from nssf_journey.loading.data import check_data_file

    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.yaml").write_text("- {id: s, title: S, year: " + "1" * 400 + "}\n")
    assert [p.message for p in check_data_file(data / "sources.yaml")] == [
        "an integer of 400 digits is too large (at most 15 digits)"]
    (data / "staffing.yaml").write_text(
        "desk:\n  role: Clerk\n  monthly_cost: 1.0e+300\n  source: s\n"
        "  standards: [{target: \"decision p90 <= 99999999 working days\", source: s}]\n")
    assert [p.message for p in check_data_file(data / "staffing.yaml")] == [
        "1e+300 is too large: numbers may be at most 1e+15 in size",
        "'decision p90 <= 99999999 working days': 1e+08 days is more than 100 years (36,525 days), the longest time"
        " allowed"]


def test_weights_of_an_empirical_distribution_are_bounded_like_any_number():
    assert errors("duration: {dist: empirical, values: [1, 2], weights: [1.0e+300, 1]}") == [
        "weights may be at most 1e+15 (only their ratios count: divide them all), got 1e+300"]
    assert errors("duration: {dist: empirical, values: [1, 2], weights: [1.0e+15, 1]}") == []
