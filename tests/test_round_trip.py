"""Round trip: simulate a known journey into an event log, discover a journey from the log, and get the known
journey's numbers back within their confidence intervals."""

from __future__ import annotations

import contextlib
import io
import math

import numpy as np
import pandas as pd
import pytest

from nssf_journey import analyze, parse_journey
from nssf_journey.eventlog import discover, read_log, summarize
from nssf_journey.simulation import simulate

# The README's first journey, with a duration on the check and a branch wait back to the employer.
CLAIM = """
journey: sickness_claim_demo
title: Sickness benefit claim (a first sketch)
time_unit: days
actors:
  - {id: worker, name: Worker, lane: customer}
  - {id: employer, name: Employer, lane: partner}
  - {id: nssf, name: NSSF benefits office, lane: backstage}
start: get_certificate
steps:
  - id: get_certificate
    name: Get a medical certificate
    actor: worker
    duration: "2 h"
    source: "assumption: a clinic visit"
    next: employer_signs
  - id: employer_signs
    name: Employer completes and signs the claim form
    actor: employer
    duration: "30 min"
    wait: {dist: triangular, min: 1, mode: 3, max: 10}
    source: "assumption: to be measured"
    next: nssf_checks
  - id: nssf_checks
    name: NSSF checks the claim
    actor: nssf
    duration: {dist: uniform, min: 0.01, max: 0.05}
    wait: {dist: lognormal, mean: 10, sd: 5}
    source: "assumption: to be measured"
    next:
      - {to: paid, p: 0.8}
      - {to: employer_signs, p: 0.15, wait: {dist: exponential, mean: 2}}
      - {to: rejected, p: 0.05}
  - {id: paid, name: Allowance paid, actor: nssf, outcome: success}
  - {id: rejected, name: Claim rejected, actor: nssf, outcome: rejected}
"""
CASES = 20_000


@pytest.fixture(scope="module")
def trip(tmp_path_factory):
    journey = parse_journey(CLAIM)
    result = simulate(journey, CASES, seed=11, events=True)
    path = tmp_path_factory.mktemp("trip") / "claims.csv"
    result.events().to_csv(path, index=False, date_format="%Y-%m-%dT%H:%M:%S.%f")
    log = read_log(path)
    return journey, path, log, discover(log, arrivals=False)


def by_name(journey, name: str):
    return next(s for s in journey.steps if str(s.name) == name)


def test_activities_are_step_names_and_outcome_steps_are_marked(trip) -> None:
    journey, path, log, found = trip
    assert sorted(log.activities) == sorted(str(s.name) for s in journey.steps)
    assert sorted(log.outcomes) == ["rejected", "success"]
    paid, rejected = by_name(found, "Allowance paid"), by_name(found, "Claim rejected")
    assert (paid.outcome, rejected.outcome) == ("success", "rejected")
    assert found.outcome("rejected").is_success is False
    assert [s.name for s in found.steps if s.name.startswith("Case ends")] == []  # no made-up outcome steps


def test_branch_probabilities_come_back_within_their_confidence_intervals(trip) -> None:
    journey, path, log, found = trip
    check = by_name(found, "NSSF checks the claim")
    visits = int(np.sum(log.activity_codes == log.activities.index("NSSF checks the claim")))
    got = {str(found.step(b.to).name): b.p for b in check.next}
    for name, p in (("Allowance paid", 0.8), ("Employer completes and signs the claim form", 0.15),
                    ("Claim rejected", 0.05)):
        half = 1.96 * math.sqrt(p * (1 - p) / visits)
        assert abs(got[name] - p) <= half, (name, got[name], p, half)


def test_mean_waits_and_durations_come_back_within_their_confidence_intervals(trip) -> None:
    journey, path, log, found = trip
    day = 1440.0
    sign = by_name(found, "Employer completes and signs the claim form")
    check = by_name(found, "NSSF checks the claim")
    certificate = by_name(found, "Get a medical certificate")
    into_sign = next(b for b in certificate.next if b.to == sign.id).wait
    into_check = next(b for b in sign.next if b.to == check.id).wait
    back_to_sign = next(b for b in check.next if b.to == sign.id).wait
    visits_sign = int(np.sum(log.activity_codes == log.activities.index(str(sign.name))))
    cases = log.n_cases
    triangular_sd = math.sqrt((1 + 9 + 100 - 3 - 10 - 30) / 18) * day
    for got, mean, sd, n in (
        (into_sign.mean, 14 / 3 * day, triangular_sd, cases),
        (into_check.mean, 10 * day, 5 * day, visits_sign),
        # back to the employer: the branch's own wait (exponential 2 d) and then the employer's (triangular)
        (back_to_sign.mean, (2 + 14 / 3) * day, math.sqrt((2 * day) ** 2 + triangular_sd**2), visits_sign - cases),
    ):
        assert abs(got - mean) <= 1.96 * sd / math.sqrt(n), (got / day, mean / day)
    assert certificate.duration.mean == pytest.approx(120, rel=1e-6)     # 2 h, every time
    assert sign.duration.mean == pytest.approx(30, rel=1e-6)
    assert abs(check.duration.mean - 0.03 * day) <= 1.96 * 0.04 * day / math.sqrt(12 * visits_sign)


def test_the_discovered_journey_reproduces_the_simulated_mean(trip) -> None:
    journey, path, log, found = trip
    s = summarize(log)
    assert analyze(found).lead_time_mean == pytest.approx(s.mean_case_duration, rel=1e-6)
    # the simulated log starts at the first event: the known journey's lead time, less no first wait here
    exact = analyze(journey).lead_time_mean
    assert abs(s.mean_case_duration - exact) <= 1.96 * analyze(journey).lead_time_sd / math.sqrt(CASES)


def test_pm4py_reads_the_start_column(trip) -> None:
    pm4py = pytest.importorskip("pm4py", reason="PM4Py is not installed (pip install -e '.[test]' installs it)")
    journey, path, log, found = trip
    with contextlib.redirect_stdout(io.StringIO()):
        df = pm4py.format_dataframe(pd.read_csv(path), case_id="case:concept:name", activity_key="concept:name",
                                    timestamp_key="time:timestamp", start_timestamp_key="start_timestamp")
        perf, _, _ = pm4py.discover_performance_dfg(df)
    ours = {(a.source, a.target): a.mean * 60 for a in summarize(log).arcs}   # PM4Py: seconds
    arc = ("Get a medical certificate", "Employer completes and signs the claim form")
    # the time of an arc runs from the completion of one activity to the *start* of the next: the wait alone
    assert perf[arc]["mean"] == pytest.approx(ours[arc], rel=1e-9)
    assert perf[arc]["mean"] / 86_400 == pytest.approx(14 / 3, rel=0.02)
