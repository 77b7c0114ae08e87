"""Capacity planning end to end: the simulated staffing against Erlang C and A where theory holds, monotonic
answers, the funnel's what-if as demand, overloaded resources, targets, staff costs and the command line."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from nssf_journey import load_journey, load_journeys, parse_journey
from nssf_journey.analysis.funnel import awareness_funnel
from nssf_journey.capacity import (TODAY, CapacityError, TargetError, campaign_level, erlang_a, load_staff_costs,
                                   mmc, parse_target, plain_level, plan_capacity, scaled_journey)
from nssf_journey.capacity.confirm import simulate_resource
from nssf_journey.cli import app
from nssf_journey.loading.data import load_data
from nssf_journey.loading.problems import JourneyError
from conftest import ROOT

runner = CliRunner()


def counter_journey(capacity: int = 5, patience: str = "", every: float = 1.0, service: float = 4.0) -> str:
    """M/M/c (or M/M/c+M with ``patience``): exponential arrivals and service, no calendar."""
    return f"""
journey: mmc
title: M/M/c
actors: [{{id: w, name: Worker, lane: customer}}]
resources: [{{id: counter, capacity: {capacity}, source: "assumption: test"}}]
arrivals: {{every: {{dist: exponential, mean: {every}}}, source: "assumption: test"}}
start: serve
steps:
  - {{id: serve, name: Serve, actor: w, resource: counter, duration: {{dist: exponential, mean: {service}}},
     {patience} next: done, source: "assumption: test"}}
  - {{id: done, name: Done, actor: w, outcome: success}}
"""


LEVELS = [TODAY, plain_level(1.5), plain_level(2.0)]


def test_simulated_staffing_equals_erlang_c_where_theory_holds():
    j = parse_journey(counter_journey())
    plan = plan_capacity([j], levels=LEVELS, targets=[parse_target("wait mean <= 1 min")], cases=20_000, workers=1)
    [p] = plan.plans
    # load 4, 6, 8 erlangs; Erlang C's mean waits: 5 servers 2.22 min, 6 -> 0.57; 7 -> 2.4, 8 -> 0.66; 9 -> 2.6, 10 -> 0.74
    expected = [next(n for n in range(1, 50) if mmc(d / 1.0, 4.0, n).wait_mean <= 1.0) for d in (1.0, 1.5, 2.0)]
    assert expected == [6, 8, 10]
    assert [lv.servers for lv in p.levels] == expected
    assert [lv.theory_servers for lv in p.levels] == expected
    for lv in p.levels:
        exact = mmc(lv.demand, 4.0, lv.servers).wait_mean
        lo, hi = lv.figures.working.mean_ci
        assert lv.figures.working.mean == lv.figures.elapsed.mean  # no calendar: working time is all time
        assert lo - 0.05 <= exact <= hi + 0.05, (lv.demand, exact, lv.figures.wait_mean_ci)
        assert lv.figures.utilization == pytest.approx(4.0 * lv.demand / lv.servers, rel=0.03)
    # today's 5 servers at load 4: Erlang C says 2.22 min > 1: already broken, and holding up to a lower demand
    assert not p.levels[0].today_meets
    assert p.breaks_at_theory == pytest.approx(next(f for f in (x / 1000 for x in range(400, 1000))
                                                    if mmc(f, 4.0, 5).wait_mean > 1.0), rel=0.03)
    assert p.breaks_at == pytest.approx(p.breaks_at_theory, rel=0.1)
    data = plan.to_dict("minutes")
    first = data["resources"]["counter"][0]
    assert {"demand", "servers", "today", "wait", "give_up", "utilization"} <= set(first)
    assert set(first["wait"]) >= {"mean", "p90"} and first["today"] == 5 and first["demand"] == 1.0
    assert data["targets"][0]["measure"] == "wait" and data["targets"][0]["limit"] == 1.0


def test_erlang_a_against_the_simulator():
    j = parse_journey(counter_journey(capacity=4, patience="patience: {dist: exponential, mean: 10},"))
    s = simulate_resource(j, "counter", 4, 1.0, cases=200_000, seed=3)
    q = erlang_a(1.0, 4.0, 4, 10.0)
    assert s.give_up == pytest.approx(q.give_up, abs=0.01)
    assert s.working.mean == pytest.approx(q.wait_mean, rel=0.05)
    assert s.working.quantile(0.9) == pytest.approx(q.wait_quantile(0.9), rel=0.05)
    assert s.closed_give_up == 0  # always open: nobody leaves a closed counter
    assert s.utilization == pytest.approx(q.utilization, rel=0.03)


def test_more_demand_and_stricter_targets_never_need_fewer_staff():
    j = parse_journey(counter_journey(patience="patience: {dist: triangular, min: 5, mode: 10, max: 20},"))
    levels = [TODAY, plain_level(1.25), plain_level(1.5), plain_level(2.0), plain_level(3.0)]
    loose = plan_capacity([j], levels=levels, targets=[parse_target("give up <= 5 %")], cases=5_000, workers=1)
    strict = plan_capacity([j], levels=levels, targets=[parse_target("give up <= 1 %")], cases=5_000, workers=1)
    a = [lv.servers for lv in loose.plans[0].levels]
    b = [lv.servers for lv in strict.plans[0].levels]
    assert a == sorted(a) and b == sorted(b)
    assert all(y >= x for x, y in zip(a, b)) and b != a


def test_the_funnel_what_if_and_the_demand_agree():
    journeys = load_journeys([ROOT / "journeys"])
    data = load_data(ROOT / "data")
    level = campaign_level(journeys, data, {"sickness": 0.6})
    base = {f.benefit: f for f in awareness_funnel(journeys, data)}
    what_if = {f.benefit: f for f in awareness_funnel(journeys, data, awareness={"sickness": 0.6})}
    ratio = what_if["sickness"].stage("claims_started").people / base["sickness"].stage("claims_started").people
    assert ratio == pytest.approx(0.6 / 0.34)
    assert level.factor("sickness_benefit_claim") == pytest.approx(ratio)
    assert level.factor("maternity_benefit_claim") == 1.0 and level.factor("contribution_payment") == 1.0
    j = load_journey(ROOT / "journeys" / "sickness_benefit_claim.yaml")
    per_year = 365.25 * 1440 / j.arrivals.every.mean
    assert per_year == pytest.approx(83_286, rel=1e-3)  # data/scale.yaml: the arrivals' source
    scaled = scaled_journey(j, level.factor(j.id))
    assert 365.25 * 1440 / scaled.arrivals.every.mean == pytest.approx(per_year * ratio)
    assert scaled.arrivals.profile == j.arrivals.profile
    with pytest.raises(ValueError, match="demand must be a factor > 0 on today's arrivals, got -1"):
        plain_level(-1)


def test_overloaded_today_is_answered_quickly_and_says_so():
    j = parse_journey(counter_journey(capacity=2))  # load 4 on 2 servers: the queue grows without end
    began = time.perf_counter()
    plan = plan_capacity([j], levels=[TODAY, plain_level(1.5)], targets=[parse_target("wait p90 <= 5 min")],
                         cases=5_000, workers=1)
    assert time.perf_counter() - began < 20
    lv = plan.plans[0].levels[0]
    assert lv.today_overloaded and lv.today_figures is None and lv.hours_saved_per_month is None
    assert lv.servers == next(n for n in range(5, 30) if mmc(1.0, 4.0, n).wait_quantile(0.9) <= 5) \
        or abs(lv.servers - lv.theory_servers) <= 1
    assert plan.to_dict()["resources"]["counter"][0]["cost"]["saving_unbounded"] is True
    with pytest.raises(CapacityError, match=r"resource 'counter' of journey 'mmc' is overloaded today: offered load "
                                            r"4.00 >= 2 servers, so its queue grows without end"):
        plan_capacity([j], cases=2_000, workers=1)


def test_targets_are_read_exactly():
    assert parse_target("wait mean <= 10 min").limit == 10
    assert parse_target("wait p90 <= 2 h").limit == 120 and parse_target("wait p90 <= 2 h").quantile == 0.9
    assert parse_target("utilisation <= 85 %").measure == "utilization"
    assert parse_target("payslip_counter: give up <= 0.05").resource == "payslip_counter"
    two = parse_target("decision p90 <= 2 working days")
    assert two.limit != two.limit and two.working_days == 2 and two.clock == "working"  # NaN until bound
    assert two.bound(420.0).limit == 840 and parse_target("decision p90 <= 2 wd").bound(1440.0).limit == 2880
    assert parse_target("elapsed wait p90 <= 2 h").clock == "elapsed" and parse_target("wait mean <= 1 h").limit == 60
    for text, message in [
        ("wait p90 <= 30", "'wait p90 <= 30': a time needs a unit such as min, h or working days, got none"),
        ("decision p90 <= 3 d", "'decision p90 <= 3 d': a decision is counted in working time (the hours the "
                                "resource is open): write '3 working days', or 'elapsed decision p90 <= 3 d' for "
                                "calendar days"),
        ("elapsed decision p90 <= 2 working days", "'elapsed decision p90 <= 2 working days': working days count "
                                                   "open hours only, and 'elapsed' counts the clock"),
        ("elapsed give up <= 5 %", "'elapsed give up <= 5 %': 'elapsed' applies to a wait or a decision"),
        ("give up p90 <= 5 %", "'give up p90 <= 5 %': a give up is a share: write it without 'p90'"),
        ("utilization <= 120 %", "'utilization <= 120 %': a share must be at most 100 %, got 120%"),
        ("wait p0 <= 5 min", "'wait p0 <= 5 min': a percentile must be from p1 to p99, got p0"),
        ("speed >= 3", "'speed >= 3': expected a target such as"),
    ]:
        with pytest.raises(TargetError) as exc:
            parse_target(text)
        assert str(exc.value).startswith(message)


def test_staffing_file_problems_are_reported_like_a_journey(tmp_path):
    bad = tmp_path / "staffing.yaml"
    bad.write_text("payslip_counter:\n  role: clerk\n  monthly_cost: four hundred\n  sourc: x\n")
    with pytest.raises(JourneyError) as exc:
        load_staff_costs(bad)
    assert [str(p) for p in exc.value.problems] == [
        f"{bad}:2:3: error: payslip_counter: missing required key 'source'",
        f"{bad}:3:17: error: payslip_counter.monthly_cost: expected a number > 0, got 'four hundred'",
        f"{bad}:4:3: error: payslip_counter.sourc: unknown key 'sourc'; did you mean 'source'?",
    ]


def test_every_bundled_resource_has_a_sourced_staff_cost():
    data = load_data(ROOT / "data")
    costs = load_staff_costs(ROOT / "data" / "staffing.yaml", set(data.sources))
    resources = {r.id for j in load_journeys([ROOT / "journeys"]) for r in j.resources if j.redesign_of is None}
    assert resources <= set(costs)
    for c in costs.values():
        assert c.monthly_cost > 0 and (c.source.is_assumption or c.source.source_id in data.sources)
        assert c.source.evidence == "assumed" or not c.source.is_assumption


@pytest.fixture
def counter_file(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    path = tmp_path / "mmc.yaml"
    path.write_text(counter_journey())
    return str(path)


def test_cli_json(counter_file):
    result = runner.invoke(app, ["capacity", counter_file, "--target", "wait mean <= 1 min", "--demand", "1.5",
                                 "--json", "--cases", "20000"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(e["demand"], e["servers"], e["today"]) for e in data["resources"]["counter"]] == [(1.0, 6, 5),
                                                                                                (1.5, 8, 5)]
    assert data["targets"] == [{"resource": None, "measure": "wait", "statistic": "mean", "clock": "working",
                                "limit": 1.0, "unit": "minutes", "working_days": None, "text": "wait mean <= 1 min",
                                "source": "given"}]
    assert data["summary"]["counter"]["staff_cost"] is None  # no staffing.yaml entry for a test resource


@pytest.mark.parametrize("args,message", [
    (["--target", "wait <= 2 hours"],
     "nssf-journey: error: --target: 'wait <= 2 hours': a wait needs a statistic, mean or a percentile such as p90"),
    (["--target", "desk: wait p90 <= 30 min"],
     "nssf-journey: error: target 'desk: wait p90 <= 30 min': no resource 'desk' that a journey queues for "
     "(resources: counter)"),
    (["--demand", "-1"], "nssf-journey: error: --demand: expected a factor on today's arrivals above 0 and at most 100, got -1"),
    (["--awareness", "sicknes=0.6"],
     "nssf-journey: error: --awareness: no awareness figure for 'sicknes'; expected one of medical, sickness"),
])
def test_cli_bad_input(counter_file, args, message):
    result = runner.invoke(app, ["capacity", counter_file, *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr


def test_cli_a_target_no_staffing_can_meet(monkeypatch):
    """A target on the elapsed wait at a counter that closes for lunch: customers who arrive while it is closed wait
    for it to open whatever the staff, so even more servers than it could use leave the target unmet."""
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["capacity", "journeys/contribution_payment.yaml", "--target",
                                 "elapsed wait p90 <= 30 min", "--cases", "3000"])
    assert result.exit_code == 2
    line = result.stderr.strip().splitlines()[-1]
    prefix = ("nssf-journey: error: no staffing of 'payslip_counter' meets elapsed wait p90 <= 30 min: even with 28 "
              "servers, more than it could use, elapsed wait p90 <= 30 min is ")
    assert line.startswith(prefix), line
    floor = float(line[len(prefix):].split(" min")[0])
    assert 60 < floor < 180  # those who come in the lunch closure wait up to 2.5 h (or give up after 1-3 h)
    assert line.endswith("(customers who reach it while it is closed, or too near closing, wait for it to open or "
                         "leave, whatever the staff: opening hours set this floor; a target on the wait while it is "
                         "open ('wait p90 <= 30 min') is one that staff can meet)"), line
    # the same bound on the wait while the counter is open is met, by a few servers
    plan = plan_capacity([load_journey(ROOT / "journeys" / "contribution_payment.yaml")], levels=[TODAY],
                         targets=[parse_target("wait p90 <= 30 min")], cases=3_000, workers=1)
    assert plan.plans[0].levels[0].servers <= 6


def test_a_back_office_target_in_calendar_days_is_refused_below_the_weekend_floor(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["capacity", "journeys/sickness_benefit_claim.yaml", "--target",
                                 "elapsed decision p90 <= 1 d", "--cases", "3000"])
    assert result.exit_code == 2
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("nssf-journey: error: no staffing of 'sickness_claims_office' meets elapsed decision p90 "
                           "<= 24 h: even with "), line
    assert line.endswith("(files that reach the office while it is closed wait for it to open, whatever the staff: "
                         "opening hours set this floor; a target in working time ('decision p90 <= 2 working days') "
                         "counts only the hours the office works)"), line


def test_report_section_says_when_a_campaign_breaks_a_target():
    from nssf_journey.capacity import DemandLevel
    from nssf_journey.report.capacity_section import capacity_section
    from nssf_journey.report.document import Report
    from nssf_journey.report.html import render_html

    text = counter_journey().replace("[{id: counter, capacity: 5,", "[{id: counter, name: \"<b>Desk</b> & co\", "
                                                                    "capacity: 5,")
    j = parse_journey(text)
    campaign = DemandLevel("campaign: sickness awareness 60 %", 1.0, {"mmc": 1.5})
    plan = plan_capacity([j], levels=[TODAY, campaign], targets=[parse_target("wait mean <= 1 min")],
                         cases=10_000, workers=1)
    section = capacity_section(plan)
    assert section.summary == ("If the awareness campaign works (sickness awareness 60 %; x1.5 today's demand), "
                               "today's staff would miss the service targets at <b>Desk</b> & co (8 needed instead "
                               "of 5): recruit or redeploy about 3 staff before the campaign (section Staff needed if "
                               "the campaign works).",)
    need, table = section.tables  # no rota: the arrivals do not vary
    assert need.rows == (("<b>Desk</b> & co", 5, "wait mean <= 1 min", f"x{plan.plans[0].breaks_at:.2f}", "x1.50", 8,
                          3, ""),)
    assert [row[:6] for row in table.rows] == [("counter", 1.0, "today", 5, 6, 6), ("counter", 1.5, "campaign", 5, 8, 8)]
    (intro, _), (paragraphs, (figure,)) = section.blocks
    assert paragraphs[0].startswith("<b>Desk</b> & co (counter of \u201cM/M/c\u201d): 5 servers today (assumed)")
    assert figure.svg.startswith("<?xml") and figure.title == "Staff needed: <b>Desk</b> & co"
    assert section.figures == (figure,) and section.paragraphs == (section.paragraphs[0], *intro, *paragraphs)
    assert figure.alt == (f"Staff needed at <b>Desk</b> & co against demand: today 5; x1.00 needs 6; x1.50 needs 8; "
                          f"today's staff stop meeting the target at x{plan.plans[0].breaks_at:.2f}.")
    assert intro[0] == "The targets: customers queue 1 min on average while the counter is open (<b>Desk</b> & co)."
    import datetime as dt

    html = render_html(Report("r", dt.datetime(2026, 1, 1), (), (), (), (), (), (), extra_sections=(section,)))
    assert "<b>Desk</b>" not in html and "&lt;b&gt;Desk&lt;/b&gt; &amp; co" in html


def test_cli_awareness_campaign_on_the_sickness_back_office(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["capacity", "journeys/sickness_benefit_claim.yaml", "--awareness", "sickness=0.6",
                                 "--target", "decision p90 <= 3 working days", "--json", "--cases", "3000", "--unit",
                                 "days"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    levels = data["resources"]["sickness_claims_office"]
    assert [e["demand"] for e in levels] == [1.0, pytest.approx(0.6 / 0.34, rel=1e-6)]
    assert levels[1]["scenarios"] == ["campaign: sickness awareness 60 %"]
    assert levels[0]["servers"] <= levels[1]["servers"] and all(e["wait"]["p90"] <= 3 for e in levels)
    # with --unit days, working time is in working days (7 open hours) and elapsed time in calendar days
    assert levels[0]["wait"]["unit"] == "working days" and levels[0]["elapsed_wait"]["unit"] == "days"
    assert levels[0]["elapsed_wait"]["p90"] > levels[0]["wait"]["p90"] * 420 / 1440
    assert levels[1]["cost"]["extra_cost_per_month"] == 550 * (levels[1]["servers"] - 30)  # data/staffing.yaml
    summary = data["summary"]["sickness_claims_office"]
    assert summary["kind"] == "back_office" and summary["today"] == 30 and summary["working_day_minutes"] == 420
    assert summary["target_source"] == "given"
    assert data["targets"][0]["limit"] == 3 and data["targets"][0]["unit"] == "working days"


def test_the_counter_sees_the_peak_before_the_15th():
    from nssf_journey.capacity.workload import resource_load

    load = resource_load(load_journey(ROOT / "journeys" / "contribution_payment.yaml"), "payslip_counter")
    share = {}
    for p in load.periods:
        share[p.days] = share.get(p.days, 0.0) + p.share
    # the profile's days-of-month weights: 10 days x 1.5, 5 x 2.0, 15.44 (an average month's rest) x 0.3
    weights = {(1, 10): 15.0, (11, 15): 10.0, (16, 31): (365.25 / 12 - 15) * 0.3}
    total = sum(weights.values())
    for band, w in weights.items():
        assert share[band] == pytest.approx(w / total, abs=0.03), band
    assert {p.hour for p in load.periods} == {7, 8, 9, 10, 11, 14, 15, 16}  # 07:30-11:30 and 14:00-17:00
    assert load.varies and load.patience_mean == pytest.approx(120.0)


def test_the_answer_does_not_depend_on_the_number_of_worker_processes():
    a = parse_journey(counter_journey())
    b = parse_journey(counter_journey(capacity=3, service=2.0).replace("journey: mmc", "journey: other")
                      .replace("id: counter", "id: desk").replace("resource: counter", "resource: desk"))
    kwargs = dict(levels=[TODAY, plain_level(1.5)], targets=[parse_target("wait p90 <= 2 min")], cases=3_000, seed=7)
    one = plan_capacity([a, b], workers=1, **kwargs).to_dict()
    two = plan_capacity([a, b], workers=2, **kwargs).to_dict()
    assert one == two and set(one["resources"]) == {"counter", "desk"}
