"""Mutated journey files give a clean one-line error or a valid journey, never a traceback."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nssf_journey import analyze
from nssf_journey.loading.loader import check_journey_text
from nssf_journey.loading.problems import Problem

BASE = """\
journey: contribution_payment
title: Monthly contribution payment
time_unit: minutes
actors:
  - {id: employer, name: Employer, lane: customer}
  - {id: bank, name: Bank, lane: partner}
  - {id: counter, name: NSSF counter, lane: frontstage}
stages: [Prepare, Pay, Declare]
start: compute
steps:
  - id: compute
    name: Compute contributions
    actor: employer
    stage: Prepare
    channel: paper
    duration: {dist: triangular, min: 20, mode: 30, max: 60}
    wait: "1 d"
    emotion: -1
    pain_points: ["Rates differ by wage band"]
    source: "assumption: test"
    next: pay
  - id: pay
    name: Pay at the bank
    actor: bank
    stage: Pay
    channel: bank
    duration: {dist: lognormal, mean: 45, sd: 20}
    cost: 1.5
    source: "assumption: test"
    next:
      - {to: drop, p: 0.9}
      - {to: compute, p: 0.1}
  - id: drop
    name: Drop the payslip
    actor: counter
    stage: Declare
    duration: {dist: normal, mean: 60, sd: 30}
    source: "assumption: test"
    next:
      - {to: done, p: 0.95}
      - {to: gave_up, p: 0.05}
  - id: done
    name: Accepted
    actor: counter
    outcome: success
  - id: gave_up
    name: Gave up
    actor: employer
    outcome: abandoned
"""

LINE = re.compile(r"^.+:\d+:\d+: (error|warning): .+$")
TOKENS = ["", "0", "-1", "1.5", "99999999999", "nan", ".inf", "null", "~", "[]", "{}", "[1, 2]", "yes", "x",
          "compute", "'2 h'", "{dist: uniform}", "{dist: normal, mean: 1, sd: 5}", "&a [1]", "*a", "!!str 5",
          "!!python/object:os.system x", "{to: done, p: 2}", ":", "- -", "\"unterminated", "\t", "{{", "]]"]


def check(text: str) -> None:
    journey, problems = check_journey_text(text, "m.yaml")
    for p in problems:
        assert isinstance(p, Problem)
        assert LINE.match(str(p)), str(p)
        assert "\n" not in str(p)
    if journey is None:
        assert any(p.severity == "error" for p in problems)
    else:
        a = analyze(journey)
        assert a.lead_time_mean >= 0
        assert abs(sum(a.outcome_probabilities().values()) - 1) < 1e-6


def test_base_is_valid():
    journey, problems = check_journey_text(BASE, "m.yaml")
    assert journey is not None and problems == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_replacing_a_value_never_crashes(data):
    lines = BASE.splitlines()
    i = data.draw(st.integers(0, len(lines) - 1))
    line = lines[i]
    if ":" in line:
        key, _, _ = line.partition(":")
        lines[i] = key + ": " + data.draw(st.sampled_from(TOKENS))
    else:
        lines[i] = data.draw(st.sampled_from(TOKENS))
    check("\n".join(lines) + "\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_deleting_duplicating_or_renaming_lines_never_crashes(data):
    lines = BASE.splitlines()
    i = data.draw(st.integers(0, len(lines) - 1))
    op = data.draw(st.sampled_from(["delete", "duplicate", "rename", "indent", "swap"]))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "rename":
        lines[i] = re.sub(r"[a-z_]+", data.draw(st.sampled_from(["duraton", "nxt", "id", "to", "p", "zzz"])), lines[i], count=1)
    elif op == "indent":
        lines[i] = " " * data.draw(st.integers(0, 7)) + lines[i].lstrip()
    else:
        j = data.draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    check("\n".join(lines) + "\n")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(BASE)), st.text(min_size=1, max_size=8))
def test_inserting_arbitrary_characters_never_crashes(pos, junk):
    check(BASE[:pos] + junk + BASE[pos:])
