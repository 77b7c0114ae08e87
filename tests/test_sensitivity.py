"""Sensitivity: the ranking on a journey whose dominant parameter is known, and the ranges by evidence."""

from __future__ import annotations

import pytest

from nssf_journey import parse_journey
from nssf_journey.analysis.sensitivity import parameters, sensitivity

# b's wait (600 min, assumed) dominates the lead time; a's duration (10 min) is reported; the rework branch
# from c is assumed and is the only thing that moves the chance of success.
TEXT = """\
journey: s
title: S
actors: [{id: w, name: W, lane: customer}, {id: o, name: O, lane: backstage}]
start: a
steps:
  - {id: a, name: A, actor: w, duration: 10, next: b, source: "nssf-facts: a reported figure"}
  - {id: b, name: B, actor: o, wait: 600, duration: 20, next: c, source: "assumption: not measured"}
  - {id: c, name: C, actor: o, duration: 5, next: [{to: ok, p: 0.9}, {to: no_claim, p: 0.1}], source: "assumption: guess"}
  - {id: ok, name: OK, actor: o, outcome: success}
  - {id: no_claim, name: Lost, actor: w, outcome: abandoned}
"""


def test_the_dominant_parameter_ranks_first_with_exact_swings():
    s = sensitivity(parse_journey(TEXT))
    ranked = s.by_lead_time()
    top = ranked[0]
    assert (top.parameter.step, top.parameter.field, top.parameter.evidence) == ("b", "wait", "assumed")
    # 0.5x to 1.5x of 600 minutes moves the lead time by 600 minutes exactly
    assert top.lead_time_low == pytest.approx(s.lead_time - 300)
    assert top.lead_time_high == pytest.approx(s.lead_time + 300)
    a = next(e for e in ranked if e.parameter.step == "a")
    assert a.parameter.evidence == "reported" and a.lead_time_swing == pytest.approx(0.4 * 10)
    succ = s.by_success()[0]
    assert succ.parameter.field == "p:no_claim"
    assert (succ.success_low, succ.success_high) == (pytest.approx(0.95), pytest.approx(0.85))
    assert [e.parameter.label for e in s.measure_first(2)] == ["b wait", "c -> no_claim (probability)"]


def test_parameters_cover_durations_waits_and_minor_branches_only():
    labels = [p.label for p in parameters(parse_journey(TEXT))]
    assert labels == ["a duration", "b duration", "b wait", "c duration", "c -> no_claim (probability)"]


def test_only_assumed_leaves_reported_numbers_alone():
    s = sensitivity(parse_journey(TEXT), only=["assumed"])
    assert all(e.parameter.evidence == "assumed" for e in s.effects)
