"""Capacity planning in working time: waits counted while the resource is open, targets that staffing can move,
service standards from the data folder, and the answers checked against theory on the bundled journeys.

The degenerate behaviour these tests guard against: a wait that opening hours set (files waiting over the
weekend, employers waiting through the lunch closure) used as the target, so that today's staff "break" at x1.0
by construction and the search buys servers to fight noise (10 servers where theory says 4).
"""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from nssf_journey import load_journey, load_journeys, parse_journey
from nssf_journey.capacity import TODAY, load_staff_costs, mmc, parse_target, plain_level, plan_capacity
from nssf_journey.capacity.backlog import backlog, service_pmf, session_throughput
from nssf_journey.capacity.confirm import closed_leavers, simulate_resource
from nssf_journey.targets import service_standard
from nssf_journey.capacity.theory import theory
from nssf_journey.capacity.workload import backlog_journey, resource_load
from nssf_journey.capacity.working_time import working_day, working_minutes
from nssf_journey.cli import app
from nssf_journey.distributions import Empirical, Fixed
from nssf_journey.loading.data import load_data
from nssf_journey.loading.problems import JourneyError
from nssf_journey.model import Calendar
from nssf_journey.simulation.calendar import CalendarClock
from conftest import ROOT

runner = CliRunner()
NSSF_HOURS = Calendar("nssf", open=((450.0, 690.0), (840.0, 1020.0)))  # 07:30-11:30, 14:00-17:00, Mon-Fri
MONDAY = dt.datetime(2026, 2, 2)


def test_working_minutes_equal_the_calendars_open_minutes_interval_by_interval():
    holidays = Calendar("h", open=((450.0, 690.0), (840.0, 1020.0)), holidays=(dt.date(2026, 2, 4),))
    for calendar, origin in ((NSSF_HOURS, MONDAY), (holidays, dt.datetime(2026, 2, 2, 9, 13)), (None, MONDAY)):
        clock = CalendarClock(calendar, origin)
        rng = np.random.default_rng(7)
        start = rng.uniform(-3000, 60_000, 3000)
        end = start + rng.exponential(3000, 3000)
        expected = np.array([clock.open_minutes(a, b) for a, b in zip(start, end)])
        assert np.allclose(working_minutes(clock, start, end), expected, atol=1e-9)
    assert working_day(CalendarClock(NSSF_HOURS, MONDAY)) == 420 and working_day(CalendarClock(None, MONDAY)) == 1440
    # Friday 17:00 to Monday 08:00: only Monday's first half hour is working time
    clock = CalendarClock(NSSF_HOURS, MONDAY)
    assert working_minutes(clock, np.array([4 * 1440 + 1020.0]), np.array([7 * 1440 + 480.0])).tolist() == [30.0]


def test_who_leaves_a_closed_counter_is_told_apart_from_who_gives_up_in_the_queue():
    clock = CalendarClock(NSSF_HOURS, MONDAY)
    join = np.array([720.0, 660.0, 685.0, 1100.0, 500.0])  # lunch, 11:00, 11:25, 18:20, 08:20 (served)
    wait = np.array([90.0, 90.0, 60.0, 120.0, 30.0])
    gave_up = np.array([True, True, True, True, False])
    # 11:25 with 8 minutes to serve cannot start before 11:30; 18:20 leaves before 07:30
    assert closed_leavers(clock, join, wait, gave_up, 8.0).tolist() == [True, False, True, True, False]
    assert not closed_leavers(CalendarClock(None, MONDAY), join, wait, gave_up, 8.0).any()


def test_the_payslip_counters_give_ups_add_up_and_its_waits_split_into_open_and_closed_time():
    j = load_journey(ROOT / "journeys" / "contribution_payment.yaml")
    s = simulate_resource(j, "payslip_counter", 4, 1.0, cases=5_000, seed=2)
    run_gave_up = s.give_up + s.closed_give_up
    assert 0.05 < s.closed_give_up < 0.25 and s.give_up < s.closed_give_up
    with_many = simulate_resource(j, "payslip_counter", 30, 1.0, cases=5_000, seed=2)
    # more staff do not bring back those who leave a closed counter; they do end the queue while it is open
    assert with_many.closed_give_up == pytest.approx(s.closed_give_up, abs=0.02)
    assert with_many.give_up < 0.01 and with_many.working.quantile(0.9) < 1.0
    assert with_many.elapsed.quantile(0.9) > 60  # ... while the elapsed wait keeps the lunch closure's floor
    assert run_gave_up == pytest.approx(s.give_up + s.closed_give_up)
    assert s.working.mean <= s.elapsed.mean and s.working.quantile(0.9) <= s.elapsed.quantile(0.9)


def test_session_throughput_by_hand():
    # one-hour files fit four- and three-hour sessions exactly: 4 and 3 rounds of every officer
    one_hour = service_pmf(Fixed(60.0))
    assert session_throughput(240, one_hour, 30) == pytest.approx(120)
    assert session_throughput(180, one_hour, 30) == pytest.approx(90)
    # half one-hour, half two-hour files, 1,000 officers, strict first in first out:
    # 4 h: 1000 at the opening; at 1 h the 500 free start; at 2 h 500 + 250 free start (2 h left: all fit); at 3 h
    # the head is a two-hour file with probability 1/2 and blocks everyone: E[starts before it] = 1
    mix = service_pmf(Empirical((60.0, 120.0), (0.5, 0.5)))
    assert session_throughput(240, mix, 1000) == pytest.approx(1000 + 500 + 750 + 1, abs=1e-6)
    assert session_throughput(180, mix, 1000) == pytest.approx(1000 + 500 + 1, abs=1e-6)
    # a file longer than every session may start at any open instant
    assert session_throughput(180, service_pmf(Fixed(300.0)), 10, longest=240) == pytest.approx(10)


def test_a_back_office_with_long_files_loses_the_end_of_its_sessions_in_theory_as_in_simulation():
    """Two-hour and one-hour files: theory's backlog with the calendar's rule agrees with the simulation on the
    staff needed; the same model without the rule would answer far fewer."""
    text = f"""
journey: office
title: Office
actors: [{{id: o, name: Officer, lane: backstage}}]
calendars: [{{id: hours, open: ["07:30-11:30", "14:00-17:00"], days: [mon, tue, wed, thu, fri]}}]
resources: [{{id: desk, kind: back_office, capacity: 40, calendar: hours, source: "assumption: test"}}]
arrivals: {{every: {{dist: exponential, mean: 20}}, start: 2026-02-02, source: "assumption: test"}}
start: verify
steps:
  - {{id: verify, name: Verify, actor: o, resource: desk, duration: "2 h", next: process, source: "assumption: test"}}
  - {{id: process, name: Process, actor: o, resource: desk, duration: "1 h", next: done, source: "assumption: test"}}
  - {{id: done, name: Done, actor: o, outcome: success}}
"""
    j = parse_journey(text)
    target = parse_target("decision mean <= 3 h")
    plan = plan_capacity([j], levels=[TODAY, plain_level(1.5)], targets=[target], cases=6_000, workers=1)
    for lv in plan.plans[0].levels:
        assert abs(lv.servers - lv.theory_servers) <= 2, (lv.demand, lv.servers, lv.theory_servers)
    load = resource_load(j, "desk")
    bound = target.bound(420.0)
    clock = CalendarClock(j.calendars[0], MONDAY)

    def naive_meets(n: int) -> bool:  # without the service mix, the capacity is spread evenly over the sessions
        b = backlog(load.arrival_rate, load.service_mean, n, clock)
        return b.stable and bound.met_by(float(b.working_waits.mean()))

    naive = next(n for n in range(1, 200) if naive_meets(n))
    assert plan.plans[0].levels[0].servers >= naive + 3  # a fifth of the sessions is lost to the rule


@pytest.fixture(scope="module")
def bundled_plan():
    """The bundled journeys at today's demand and twice it, with their service standards (data/staffing.yaml)."""
    journeys = load_journeys([ROOT / "journeys"])
    data = load_data(ROOT / "data")
    costs = load_staff_costs(ROOT / "data" / "staffing.yaml", set(data.sources))
    return plan_capacity(journeys, levels=[TODAY, plain_level(2.0)], staff_costs=costs, cases=6_000, seed=3)


def test_every_bundled_resource_is_planned_against_its_sourced_service_standard(bundled_plan):
    for p in bundled_plan.plans:
        assert p.target_source == "standard" and p.targets, p.key
        for t in p.targets:
            assert t.cites.startswith("assumption: ") and t.evidence == "assumed"
            assert not t.elapsed  # in working time: what staffing moves
    by_key = {p.key: p for p in bundled_plan.plans}
    assert by_key["payslip_counter"].targets[0].describe() == "wait p90 <= 30 min (service standard)"
    assert by_key["pension_claims_office"].targets[0].limit == 3 * 420


def test_todays_staff_do_not_break_the_bundled_targets_at_todays_demand_by_construction(bundled_plan):
    """With targets that staffing moves, the breaking points are findings: above today's demand (the assumed
    staffing keeps up with some to spare), and where theory puts them."""
    for p in bundled_plan.plans:
        assert p.breaks_at is not None and p.breaks_at_theory is not None, p.key
        assert p.breaks_at >= 1.04, (p.key, p.breaks_at)
        assert p.breaks_at == pytest.approx(p.breaks_at_theory, rel=0.06), p.key
        if p.resource.kind == "back_office":  # a backlog cannot outgrow the officers' capacity
            assert p.breaks_at < p.today / p.load.offered_load * 1.02, p.key


def test_the_staff_found_on_the_bundled_journeys_agree_with_theory(bundled_plan):
    """Simulation and theory (Erlang A for the counter, the backlog model for the back offices) give the same
    staff at today's demand and twice it, within one server; twice the demand needs about twice the staff."""
    for p in bundled_plan.plans:
        today, double = p.levels
        for lv in p.levels:
            assert abs(lv.servers - lv.theory_servers) <= 1, (p.key, lv.demand, lv.servers, lv.theory_servers)
            assert lv.servers >= math.ceil(lv.offered_load * 0.98)  # enough to keep up with the work
        assert 1.6 <= double.servers / today.servers <= 2.3, (p.key, today.servers, double.servers)
        assert double.figures.working.quantile(0.9) <= p.targets[0].limit * (1 + 1e-9)


def test_todays_level_is_a_fallback_whose_breaking_point_is_not_reported(monkeypatch):
    monkeypatch.chdir(ROOT)
    j = load_journey(ROOT / "journeys" / "pension_claim.yaml")
    plan = plan_capacity([j], levels=[TODAY, plain_level(2.0)], cases=4_000, workers=1)  # no staff costs, standards
    [p] = plan.plans
    assert p.target_source == "today" and p.breaks_at is None and p.breaks_at_theory is None
    assert p.breaks_note.startswith("the target is today's level: today's staff meet it at today's demand")
    t = p.targets[0]
    assert t.measure == "decision" and t.statistic == "p90" and not t.elapsed
    # today's level in working time is hours, not the weekend's two days
    assert 60 < t.limit < 2 * 420
    today, double = p.levels
    assert today.servers == p.today and 1.7 <= double.servers / today.servers <= 2.2


def test_a_given_target_replaces_the_service_standard():
    journeys = [load_journey(ROOT / "journeys" / "contribution_payment.yaml")]
    costs = load_staff_costs(ROOT / "data" / "staffing.yaml")
    plan = plan_capacity(journeys, levels=[TODAY], targets=[parse_target("wait p90 <= 10 min")], staff_costs=costs,
                         cases=3_000, workers=1)
    assert [t.describe() for t in plan.plans[0].targets] == ["wait p90 <= 10 min"]
    assert plan.plans[0].levels[0].servers > 4


def test_service_standards_are_checked_where_they_are_written(tmp_path):
    path = tmp_path / "staffing.yaml"
    path.write_text('desk:\n  role: clerk\n  monthly_cost: 400\n  source: "assumption: x"\n  standards:\n'
                    '    - target: "decision p90 <= 3 d"\n      source: "assumption: y"\n'
                    '    - target: "other: wait p90 <= 5 min"\n      source: "no-such-source"\n'
                    '    - {target: "wait p90 <= 5 min", source: "assumption: z"}\n')
    with pytest.raises(JourneyError) as exc:
        load_staff_costs(path, {"ilo-brief-2019"})
    expected = [
        f"{path}:6:15: error: desk.standards[0].target: 'decision p90 <= 3 d': a decision is counted in working time "
        "(the hours the resource is open): write '3 working days', or 'elapsed decision p90 <= 3 d' for calendar days",
        f"{path}:8:15: error: desk.standards[1].target: 'other: wait p90 <= 5 min': a standard of 'desk' cannot name "
        "another resource ('other')",
        f"{path}:9:15: error: desk.standards[1].source: unknown source id 'no-such-source'",
    ]
    problems = sorted(str(p) for p in exc.value.problems)
    assert len(problems) == 3 and all(p.startswith(e) for p, e in zip(problems, expected)), problems
    # nssf-journey validate checks a staffing file's standards too, against sources.yaml beside it
    (tmp_path / "data").mkdir()
    data_file = tmp_path / "data" / "staffing.yaml"
    data_file.write_text(path.read_text())
    (tmp_path / "data" / "sources.yaml").write_text((ROOT / "data" / "sources.yaml").read_text())
    result = runner.invoke(app, ["validate", str(data_file)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith(e.replace(str(path), str(data_file)))
                                   for line, e in zip(lines, expected)), lines
    assert result.stdout.strip() == "1 data file checked: 0 valid, 1 with errors"
    t = service_standard("wait p90 <= 5 min", "desk", "assumption: y", "assumed")
    assert (t.resource, t.source, t.cites) == ("desk", "standard", "assumption: y")


def test_the_command_says_what_the_target_is_and_how_waits_are_counted(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["capacity", "journeys/contribution_payment.yaml", "--cases", "3000"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert ("target (service standard): wait p90 <= 30 min: nine in ten customers queue at most 30 min while the "
            "counter is open\n  source: assumption: NSSF publishes no counter standard;") in out
    assert ("Waits are in working time, the minutes the counter is open (7 h a working day); 'elapsed' counts closed "
            "hours too.") in out
    assert "of customers reach the counter while it is closed (or too near closing) and leave before it opens" in out
    assert "Today's 4 servers meet the targets up to about x1." in out
    result = runner.invoke(app, ["capacity", "journeys/contribution_payment.yaml", "--cases", "3000", "--json",
                                 "--demand", "2"])
    data = json.loads(result.stdout)
    level = data["resources"]["payslip_counter"][1]
    assert level["wait"]["clock"] == "working" and level["elapsed_wait"]["clock"] == "elapsed"
    assert level["elapsed_wait"]["p90"] > level["wait"]["p90"] and 0.05 < level["give_up_closed"] < 0.25
    assert data["summary"]["payslip_counter"]["targets"][0]["source"] == "standard"
    assert abs(level["servers"] - level["theory_servers"]) <= 1


def test_the_counter_theory_sees_only_who_reaches_it_open():
    load = resource_load(load_journey(ROOT / "journeys" / "contribution_payment.yaml"), "payslip_counter")
    assert 0.75 < load.reach < 0.95  # the rest arrive while it is closed and leave before it opens
    th = theory(load, 30)
    assert th.give_up < 0.005 and th.working.quantile(0.9) < 1.0 and th.elapsed is None
    # Erlang C (no patience) at each period, weighted: never below the busiest period's probability of waiting share
    assert theory(load, 4).working.quantile(0.9) > theory(load, 6).working.quantile(0.9)


def test_a_counter_with_a_lunch_break_agrees_with_erlang_c_in_working_time():
    """M/M/c while open, arrivals only in opening hours: simulated staff equal theory's at two demand levels."""
    text = """
journey: hours
title: A counter with a lunch break
actors: [{id: w, name: Worker, lane: customer}]
calendars: [{id: hours, open: ["08:00-12:00", "13:00-17:00"], days: [mon, tue, wed, thu, fri]}]
resources: [{id: counter, capacity: 6, calendar: hours, source: "assumption: test"}]
arrivals:
  every: {dist: exponential, mean: 1}
  start: 2026-02-02
  profile: {hours: {"00-08": 0, "08-12": 1, "12-13": 0, "13-17": 1, "17-24": 0}, weekdays: {sat: 0, sun: 0}}
  source: "assumption: test"
start: serve
steps:
  - {id: serve, name: Serve, actor: w, resource: counter, duration: {dist: exponential, mean: 4}, next: done,
     source: "assumption: test"}
  - {id: done, name: Done, actor: w, outcome: success}
"""
    j = parse_journey(text)
    plan = plan_capacity([j], levels=[TODAY, plain_level(1.5)], targets=[parse_target("wait mean <= 1 min")],
                         cases=20_000, workers=1)
    for lv in plan.plans[0].levels:
        exact = next(n for n in range(1, 40) if mmc(lv.demand, 4.0, n).wait_mean <= 1.0)
        assert lv.theory_servers == exact and abs(lv.servers - exact) <= 1, (lv.demand, lv.servers, exact)


def test_the_report_states_the_campaign_it_plans_for():
    from nssf_journey.report.capacity_section import campaign_scenario, campaign_to_medical

    journeys = load_journeys([ROOT / "journeys"])
    data = load_data(ROOT / "data")
    level = campaign_to_medical(journeys, data)
    assert level.label == "campaign: every benefit as well known as medical care, 95 % aware"
    # the funnel's what-if: claims started grow as awareness does (0.95 / today's share)
    assert level.factors == pytest.approx({"employment_injury_claim": 0.95 / 0.5, "pension_claim": 0.95 / 0.19,
                                           "maternity_benefit_claim": 0.95 / 0.34,
                                           "sickness_benefit_claim": 0.95 / 0.34})
    assert campaign_scenario(journeys, data) == (
        "The campaign planned for: every benefit as well known as medical care, which 95 % of workers know (today "
        "19 % know pension, 34 % know maternity and sickness, 50 % know employment injury; ilo-brief-2019: Kinh "
        "(2017) survey). The awareness funnel turns that into more claims started, everything else unchanged.")


def test_without_opening_hours_an_elapsed_target_is_the_working_one_and_theory_answers_it():
    from test_capacity_plan import counter_journey

    j = parse_journey(counter_journey())  # M/M/c, load 4, always open
    given = plan_capacity([j], levels=[TODAY], targets=[parse_target("elapsed wait mean <= 1 min")], cases=10_000,
                          workers=1)
    lv = given.plans[0].levels[0]
    assert lv.theory_servers == 6 == next(n for n in range(5, 20) if mmc(1.0, 4.0, n).wait_mean <= 1.0)
    assert lv.servers == 6 and lv.figures.elapsed.mean == lv.figures.working.mean
