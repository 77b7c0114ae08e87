"""Exact metrics against hand computation and theory (absorbing Markov chains)."""

from __future__ import annotations

import math

import pytest

from nssf_journey import analyze, parse_journey
from conftest import journey_text

S = 'source: "assumption: test"'


def test_linear_journey_sums_times_and_counts_handoffs():
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 10, wait: 5, cost: 2, next: b, {S}}}
        - {{id: b, name: B, actor: o, duration: "1 h", channel: in_person, next: c, {S}}}
        - {{id: c, name: C, actor: w, duration: {{dist: uniform, min: 0, max: 20}}, outcome: success, {S}}}
    """))
    a = analyze(j)
    assert a.lead_time_mean == pytest.approx(10 + 5 + 60 + 10, abs=1e-12)
    assert a.active_time_mean == pytest.approx(80, abs=1e-12)
    assert a.wait_time_mean == pytest.approx(5, abs=1e-12)
    assert a.flow_efficiency == pytest.approx(80 / 85)
    assert a.expected_steps == pytest.approx(3)
    assert a.handoffs == pytest.approx(2)  # w -> o -> w
    assert a.in_person_visits == pytest.approx(1)
    assert a.customer_cost == pytest.approx(2)
    # Var = var(uniform 0..20) = 400/12; the other durations are fixed
    assert a.lead_time_sd == pytest.approx(math.sqrt(400 / 12), rel=1e-9)
    assert a.critical_path == ("a", "b", "c")
    assert a.most_likely_path == ("a", "b", "c") and a.most_likely_path_probability == pytest.approx(1)


def test_branching_into_several_outcomes_gives_probabilities_and_conditional_times():
    # a (10) -> b (20) with 0.7 -> ok (0); a -> c (50) with 0.3 -> c -> ok 0.5 / rejected 0.5
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 10, next: [{{to: b, p: 0.7}}, {{to: c, p: 0.3}}], {S}}}
        - {{id: b, name: B, actor: o, duration: 20, next: ok, {S}}}
        - {{id: c, name: C, actor: o, duration: 50, next: [{{to: ok, p: 0.5}}, {{to: rej, p: 0.5}}], {S}}}
        - {{id: ok, name: OK, actor: o, outcome: success}}
        - {{id: rej, name: Rejected, actor: o, outcome: rejected}}
    """))
    a = analyze(j)
    probs = a.outcome_probabilities()
    assert probs["success"] == pytest.approx(0.85)
    assert probs["rejected"] == pytest.approx(0.15)
    assert a.lead_time_mean == pytest.approx(10 + 0.7 * 20 + 0.3 * 50)
    by = {o.outcome: o for o in a.outcomes}
    # success: 0.7 via b (30 min) and 0.15 via c (60 min): (0.7*30 + 0.15*60) / 0.85
    assert by["success"].lead_time_mean == pytest.approx((0.7 * 30 + 0.15 * 60) / 0.85)
    assert by["rejected"].lead_time_mean == pytest.approx(60)
    assert by["rejected"].kind == "failure"
    assert a.success_probability == pytest.approx(0.85)
    assert a.step("c").success_probability == pytest.approx(0.5)
    assert a.step("c").reach_probability == pytest.approx(0.3)
    assert a.most_likely_path == ("a", "b", "ok")
    assert a.most_likely_path_probability == pytest.approx(0.7)
    assert a.critical_path == ("a", "c", "ok")
    assert a.critical_path_time == pytest.approx(60)


@pytest.mark.parametrize("r", [0.0001, 0.1, 0.5, 0.9, 0.99])
def test_a_step_repeated_with_probability_r_is_visited_one_over_one_minus_r_times(r):
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 30, next: [{{to: a, p: {r}}}, {{to: b, p: {1 - r!r}}}], {S}}}
        - {{id: b, name: B, actor: w, outcome: success}}
    """))
    a = analyze(j)
    assert a.step("a").expected_visits == pytest.approx(1 / (1 - r), rel=1e-12)
    assert a.lead_time_mean == pytest.approx(30 / (1 - r), rel=1e-12)
    # number of visits is geometric: Var = r / (1-r)^2 visits^2, times 30^2
    assert a.lead_time_sd == pytest.approx(30 * math.sqrt(r) / (1 - r), rel=1e-9)
    assert a.step("a").reach_probability == pytest.approx(1)
    assert a.expected_distinct_steps == pytest.approx(2)
    assert a.loops == (("a", "a"),)


def test_rework_loop_through_two_steps_and_reach_probability_inside_a_loop():
    # a -> b; b -> a (0.2) | c (0.8); c -> ok. c is reached exactly once; b visited 1/0.8 times.
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 10, next: b, {S}}}
        - {{id: b, name: B, actor: o, duration: 5, wait: 60, next: [{{to: a, p: 0.2}}, {{to: c, p: 0.8}}], {S}}}
        - {{id: c, name: C, actor: o, outcome: success}}
    """))
    a = analyze(j)
    assert a.step("a").expected_visits == pytest.approx(1.25)
    assert a.step("b").expected_visits == pytest.approx(1.25)
    assert a.step("c").expected_visits == pytest.approx(1)
    assert a.wait_time_mean == pytest.approx(75)
    assert a.lead_time_mean == pytest.approx(1.25 * 75)
    # handoffs: a->b every visit (1.25), b->a (0.25), b->c same actor
    assert a.handoffs == pytest.approx(1.5)
    assert [s.step for s in a.bottlenecks] == ["b", "a"]
    assert a.step("b").share_of_lead_time == pytest.approx(65 / 75)
    assert a.step("b").share_of_wait_time == pytest.approx(1)
    assert a.loops == (("b", "a"),)
    assert a.critical_path == ("a", "b", "c")


def test_reach_probability_of_a_step_inside_a_loop_it_may_skip():
    # a -> x (0.5) | y (0.5); x -> y; y -> a (0.5) | end (0.5): P(reach x) = 0.5 + 0.5*0.5*0.5 + ... = 2/3
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 1, next: [{{to: x, p: 0.5}}, {{to: y, p: 0.5}}], {S}}}
        - {{id: x, name: X, actor: w, duration: 1, next: y, {S}}}
        - {{id: y, name: Y, actor: w, duration: 1, next: [{{to: a, p: 0.5}}, {{to: e, p: 0.5}}], {S}}}
        - {{id: e, name: E, actor: w, outcome: success}}
    """))
    a = analyze(j)
    assert a.step("a").expected_visits == pytest.approx(2)
    assert a.step("x").expected_visits == pytest.approx(1)
    assert a.step("x").reach_probability == pytest.approx(2 / 3)
    assert a.expected_distinct_steps == pytest.approx(1 + 2 / 3 + 1 + 1)


def test_default_in_person_and_touchpoint_marks_follow_the_documented_rules():
    j = parse_journey(journey_text("""
        - {id: a, name: A, actor: w, channel: paper, next: b}
        - {id: b, name: B, actor: w, channel: bank, next: c}
        - {id: c, name: C, actor: w, channel: online, next: d}
        - {id: d, name: D, actor: o, next: e}
        - {id: e, name: E, actor: w, channel: in_person, in_person: false, touchpoint: false, outcome: success}
    """))
    flags = {s.id: (s.in_person, s.touchpoint) for s in j.steps}
    assert flags == {"a": (False, False), "b": (True, True), "c": (False, True), "d": (False, True), "e": (False, False)}
    a = analyze(j)
    assert a.in_person_visits == pytest.approx(1)
    assert a.touchpoints == pytest.approx(3)


def test_to_dict_has_the_documented_keys_and_converts_units():
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, duration: "2 h", wait: "1 d", next: b, {S}}}
        - {{id: b, name: B, actor: o, outcome: success}}
    """))
    d = analyze(j).to_dict("hours")
    for key in ("journey", "unit", "steps", "expected_steps", "lead_time", "active_time", "wait_time",
                "flow_efficiency", "handoffs", "in_person_visits", "customer_cost", "outcomes", "critical_path",
                "bottlenecks", "per_step"):
        assert key in d
    assert d["unit"] == "hours"
    assert d["lead_time"]["mean"] == pytest.approx(26)
    assert d["wait_time"]["mean"] == pytest.approx(24)
    assert d["bottlenecks"] == [{"step": "a", "share_of_lead_time": 1.0, "expected_visits": 1.0, "expected_time": 26.0}]
    assert d["outcomes"] == {"success": pytest.approx(1)}


def test_life_waits_count_in_lead_time_but_not_in_avoidable_bottlenecks():
    # a: 60 min life wait (pregnancy, recovery) + 10 active; b: 30 min service wait + 5 active
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, wait: 60, wait_reason: life, duration: 10, next: b, {S}}}
        - {{id: b, name: B, actor: o, wait: 30, duration: 5, next: c, {S}}}
        - {{id: c, name: C, actor: o, outcome: success}}
    """))
    a = analyze(j)
    assert a.lead_time_mean == pytest.approx(105)
    assert a.life_wait_time_mean == pytest.approx(60)
    assert a.avoidable_time_mean == pytest.approx(45)
    assert [s.step for s in a.bottlenecks] == ["a", "b"]  # by share of lead time, as specified
    assert [(s.step, s.avoidable_time) for s in a.avoidable_bottlenecks] == [("b", 35), ("a", 10)]
    assert a.to_dict()["per_step"]["a"]["wait_reason"] == "life"


def test_most_likely_path_to_success_skips_a_likelier_failure():
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, next: [{{to: rej, p: 0.6}}, {{to: b, p: 0.4}}], {S}}}
        - {{id: b, name: B, actor: o, next: [{{to: ok, p: 0.5}}, {{to: rej, p: 0.5}}], {S}}}
        - {{id: ok, name: OK, actor: o, outcome: success}}
        - {{id: rej, name: Rejected, actor: o, outcome: rejected}}
    """))
    from nssf_journey.analysis.metrics import most_likely_path

    assert most_likely_path(j) == (["a", "rej"], pytest.approx(0.6))
    assert most_likely_path(j, success_only=True) == (["a", "b", "ok"], pytest.approx(0.2))
