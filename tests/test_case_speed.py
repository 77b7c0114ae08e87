"""Waits that go together within a case (``case_speed``): every wait keeps its distribution and the mean stays
exact, the waits of a case correlate as the two numbers say, and measuring them on a simulated log gives them back."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import ndtri
from scipy.stats import rankdata

from nssf_journey import analyze, parse_journey
from nssf_journey.compare.paired import simulate_cases
from nssf_journey.eventlog.case_speed import estimate_case_speed
from nssf_journey.model import CaseSpeed
from nssf_journey.simulation import monte_carlo
from nssf_journey.simulation.queueing import queueing

from conftest import journey_text

SPEED = "case_speed: {shared: 0.3, carried: 0.5, source: \"assumption: t\"}\n"
# Four waits in a row: exponential mean 60, lognormal 120/200, quantiles (half zero), a branch wait uniform 0-30.
CHAIN = journey_text("""
- {id: a, name: A, actor: w, wait: {dist: exponential, mean: 60}, source: "assumption: t", next: b}
- {id: b, name: B, actor: o, wait: {dist: lognormal, mean: 120, sd: 200}, source: "assumption: t", next: c}
- {id: c, name: C, actor: o, wait: {dist: quantiles, p: [0, 0.5, 0.9, 1], values: [0, 0, 100, 400], mean: 70},
   source: "assumption: t", next: [{to: d, p: 1, wait: {dist: uniform, min: 0, max: 30}}]}
- {id: d, name: D, actor: w, outcome: success}
""", extra=SPEED)


def waits_per_case(result) -> np.ndarray:
    """The four waits of each case from the simulated event log: (cases, 4)."""
    log = result.event_log
    order = np.lexsort((log.start, log.case))
    start, end = log.start[order].reshape(-1, 4), log.end[order].reshape(-1, 4)
    first = start[:, 0]
    gaps = start[:, 1:] - end[:, :-1]
    return np.column_stack([first, gaps[:, 0], gaps[:, 1], gaps[:, 2]])


def scores(x: np.ndarray) -> np.ndarray:
    return ndtri(rankdata(x) / (x.size + 1))


def test_the_format_reads_case_speed() -> None:
    j = parse_journey(CHAIN)
    assert j.case_speed == CaseSpeed(0.3, 0.5, j.case_speed.source)
    assert j.case_speed.source.evidence == "assumed"
    assert ("case_speed", j.case_speed.source) in j.parameter_sources()


def test_waits_keep_their_distributions_and_the_mean_stays_exact() -> None:
    j = parse_journey(CHAIN)
    r = monte_carlo(j, 200_000, seed=3, events=True)
    exact = analyze(j).lead_time_mean
    assert exact == pytest.approx(60 + 120 + 70 + 15, rel=1e-12)
    assert r.lead_time.mean == pytest.approx(exact, rel=0.01)
    w = waits_per_case(r)
    # each wait's own distribution: exponential mean 60 (median 60 ln 2), half of C's waits exactly zero
    assert np.median(w[:, 0]) == pytest.approx(60 * np.log(2), rel=0.02)
    assert np.mean(w[:, 2] == 0) == pytest.approx(0.5, abs=0.005)
    assert w[:, 3].min() >= 0 and w[:, 3].max() <= 30


def test_waits_of_a_case_correlate_as_shared_and_carried_say() -> None:
    r = monte_carlo(parse_journey(CHAIN), 100_000, seed=4, events=True)
    w = waits_per_case(r)
    z = np.column_stack([scores(w[:, k]) for k in (0, 1, 3)])  # continuous waits (C's has a point mass)
    speed = CaseSpeed(0.3, 0.5)
    # A and B are 1 wait apart, B and D 2, A and D 3; Spearman-type correlations of normal scores
    assert np.corrcoef(z[:, 0], z[:, 1])[0, 1] == pytest.approx(speed.correlation(1), abs=0.02)
    assert np.corrcoef(z[:, 1], z[:, 2])[0, 1] == pytest.approx(speed.correlation(2), abs=0.02)
    assert np.corrcoef(z[:, 0], z[:, 2])[0, 1] == pytest.approx(speed.correlation(3), abs=0.02)


def test_without_case_speed_waits_are_independent() -> None:
    j = parse_journey(CHAIN.replace(SPEED, ""))
    w = waits_per_case(monte_carlo(j, 50_000, seed=4, events=True))
    assert abs(np.corrcoef(scores(w[:, 0]), scores(w[:, 1]))[0, 1]) < 0.02


def test_the_same_seed_gives_the_same_numbers() -> None:
    j = parse_journey(CHAIN)
    a, b = monte_carlo(j, 20_000, seed=9), monte_carlo(j, 20_000, seed=9)
    assert a.lead_time.mean == b.lead_time.mean and a.lead_time.p90 == b.lead_time.p90


def test_measuring_a_simulated_log_gives_the_numbers_back() -> None:
    w = waits_per_case(monte_carlo(parse_journey(CHAIN), 50_000, seed=5, events=True))
    n = w.shape[0]
    found = estimate_case_speed(np.repeat(np.arange(n), 4), np.tile(np.arange(4), n), w.ravel())
    assert found.shared == pytest.approx(0.3, abs=0.05)
    assert found.carried == pytest.approx(0.5, abs=0.08)


def test_paired_simulation_keeps_means_and_pairs_a_journey_with_itself() -> None:
    j = parse_journey(CHAIN)
    a, b = simulate_cases(j, 100_000, seed=2), simulate_cases(j, 100_000, seed=2)
    assert np.array_equal(a.lead_time, b.lead_time)
    assert a.lead_time.mean() == pytest.approx(265, rel=0.015)
    independent = simulate_cases(parse_journey(CHAIN.replace(SPEED, "")), 100_000, seed=2)
    assert a.lead_time.std() > 1.1 * independent.lead_time.std()  # waits that go together spread cases further


def test_queueing_draws_waits_from_the_case_speed_too() -> None:
    text = CHAIN.replace("steps:\n", "arrivals: {every: 5, source: \"assumption: t\"}\nsteps:\n")
    r = queueing(parse_journey(text), 50_000, seed=1)
    plain = queueing(parse_journey(text.replace(SPEED, "")), 50_000, seed=1)
    assert r.wait_time.mean == pytest.approx(265, rel=0.03)
    assert r.lead_time.p95 > plain.lead_time.p95 * 1.05
