"""Monte Carlo of independent cases against the exact analysis, samplers against their moments."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nssf_journey import analyze, load_journey, parse_journey
from nssf_journey.distributions import Empirical, Exponential, Fixed, Lognormal, Normal, Triangular, Uniform
from nssf_journey.simulation import monte_carlo, simulate
from nssf_journey.simulation import montecarlo as mc_module
from nssf_journey.simulation.stats import RunningMoments

LOOPY = """
journey: loopy
title: Loops and branches
actors: [{id: e, name: Employer, lane: customer}, {id: o, name: Office, lane: frontstage}]
start: fill
steps:
  - {id: fill, name: Fill, actor: e, duration: {dist: triangular, min: 20, mode: 30, max: 60}, wait: "1 h",
     cost: 1, source: "assumption: test", next: [{to: fill, p: 0.2}, {to: submit, p: 0.8}]}
  - {id: submit, name: Submit, actor: o, channel: in_person, duration: {dist: lognormal, mean: 60, sd: 40},
     wait: {dist: exponential, mean: 120}, cost: 2.5, source: "assumption: test",
     next: [{to: done, p: 0.7}, {to: fill, p: 0.2}, {to: refused, p: 0.1}]}
  - {id: done, name: Done, actor: o, duration: {dist: normal, mean: 10, sd: 3}, source: "assumption: test",
     outcome: success}
  - {id: refused, name: Refused, actor: o, duration: {dist: empirical, values: [1, 5, 30]},
     source: "assumption: test", outcome: rejected}
"""


def within(sim_mean: float, exact: float, standard_error: float, k: float = 4.0) -> bool:
    return abs(sim_mean - exact) <= k * standard_error + 1e-9 * max(1.0, abs(exact))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_means_match_the_exact_analysis(seed: int) -> None:
    j = parse_journey(LOOPY)
    a = analyze(j)
    r = monte_carlo(j, 100_000, seed=seed)
    assert within(r.lead_time.mean, a.lead_time_mean, r.lead_time.standard_error)
    assert a.lead_time_mean > r.lead_time.ci95[0] - 2 * r.lead_time.standard_error
    assert within(r.active_time.mean, a.active_time_mean, r.active_time.standard_error)
    assert within(r.wait_time.mean, a.wait_time_mean, r.wait_time.standard_error)
    assert within(r.cost.mean, a.customer_cost, r.cost.standard_error)
    assert within(r.visits.mean, a.in_person_visits, r.visits.standard_error)
    # the exact sd of the lead time too
    assert r.lead_time.sd == pytest.approx(a.lead_time_sd, rel=0.03)
    for o, p in a.outcome_probabilities().items():
        assert within(r.outcomes.get(o, 0.0), p, math.sqrt(p * (1 - p) / r.cases))
    for s in a.per_step:
        # visits per case: the sd of a visit count is at most a few visits here
        assert r.steps[s.step].visits == pytest.approx(s.expected_visits, abs=0.02)


def test_the_contribution_journey_matches_the_exact_analysis() -> None:
    j = load_journey("journeys/contribution_payment.yaml")
    a = analyze(j)
    r = monte_carlo(j, 200_000, seed=4)
    assert within(r.lead_time.mean, a.lead_time_mean, r.lead_time.standard_error)
    assert within(r.wait_time.mean, a.wait_time_mean, r.wait_time.standard_error)
    lo, hi = r.lead_time.ci95
    assert hi - lo == pytest.approx(2 * 1.959964 * r.lead_time.sd / math.sqrt(200_000))


def test_a_wrong_engine_would_fail() -> None:
    # The 4-standard-error tolerance is tight enough to catch a step that is skipped or a loop taken once too
    # often: dropping the 1 h wait of 'fill' moves the mean by about 100 standard errors.
    j = parse_journey(LOOPY)
    a = analyze(j)
    r = monte_carlo(j, 100_000, seed=1)
    assert not within(r.lead_time.mean - 60 * a.step("fill").expected_visits, a.lead_time_mean,
                      r.lead_time.standard_error)


def test_percentiles_of_a_fixed_and_a_uniform_journey() -> None:
    j = parse_journey("""
journey: u
title: Uniform
actors: [{id: w, name: Worker, lane: customer}]
start: a
steps:
  - {id: a, name: A, actor: w, duration: {dist: uniform, min: 0, max: 100}, wait: 50, next: b,
     source: "assumption: test"}
  - {id: b, name: B, actor: w, outcome: success}
""")
    r = monte_carlo(j, 200_000, seed=2)
    assert r.lead_time.p50 == pytest.approx(100, abs=0.5)
    assert r.lead_time.p90 == pytest.approx(140, abs=0.5)
    assert r.lead_time.p95 == pytest.approx(145, abs=0.5)
    assert r.wait_time.p50 == r.wait_time.p95 == 50


def test_chunks_and_the_percentile_subsample(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small chunks and a small cap on kept cases: exact moments still, percentiles from every 3rd case.
    j = parse_journey(LOOPY)
    whole = monte_carlo(j, 30_000, seed=8)
    monkeypatch.setattr(mc_module, "CHUNK", 7_000)
    monkeypatch.setattr(mc_module, "KEEP_CASES", 10_000)
    chunked = monte_carlo(j, 30_000, seed=8)
    assert chunked.percentile_cases == 10_000
    assert len(chunked.cases_frame()) == 10_000
    assert chunked.lead_time.n == 30_000
    assert chunked.lead_time.mean == pytest.approx(whole.lead_time.mean, rel=0.03)
    assert chunked.lead_time.p50 == pytest.approx(whole.lead_time.p50, rel=0.05)


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    j = parse_journey(LOOPY)
    assert monte_carlo(j, 5_000, seed=3).summary() == monte_carlo(j, 5_000, seed=3).summary()
    assert monte_carlo(j, 5_000, seed=3).summary() != monte_carlo(j, 5_000, seed=4).summary()


def test_the_journey_is_not_modified_and_records_are_data() -> None:
    j = parse_journey(LOOPY)
    before = repr(j)
    r = simulate(j, 2_000, seed=1, events=True)
    assert repr(j) == before
    cases = r.cases_frame()
    assert list(cases.columns)[:2] == ["lead_time", "outcome"]
    assert set(cases["outcome"].unique()) <= {"success", "rejected"}
    assert cases["lead_time"].mean() == pytest.approx(r.lead_time.mean, rel=1e-5)
    events = r.events()
    assert events["case:concept:name"].nunique() == 2_000
    # each case's steps are back to back, from its start to its lead time
    first = events.groupby("case:concept:name")["start_timestamp"].min()
    last = events.groupby("case:concept:name")["time:timestamp"].max()
    lead = ((last - first).dt.total_seconds() / 60).to_numpy()
    wait_first = cases["wait_time"].to_numpy()  # the wait before the first step is not an event
    assert np.all(lead <= cases["lead_time"].to_numpy() + 1e-3)
    assert np.all(lead >= cases["lead_time"].to_numpy() - wait_first - 1e-3)


def test_bad_arguments() -> None:
    j = parse_journey(LOOPY)
    with pytest.raises(ValueError, match="cases must be > 0, got 0"):
        monte_carlo(j, 0)
    with pytest.raises(ValueError, match="mode must be one of montecarlo, queueing, got 'x'"):
        simulate(j, 10, mode="x")


@pytest.mark.parametrize("dist", [
    Fixed(3.0), Uniform(2, 7), Triangular(20, 30, 60), Exponential(4.3), Normal(10, 3), Normal(5, 4.5),
    Lognormal(60, 30), Lognormal(10, 40), Empirical((1.0, 5.0, 30.0)), Empirical((1.0, 2.0), (3.0, 1.0)),
])
@pytest.mark.parametrize("method", ["sample", "sample32"])
def test_samplers_have_their_analytic_mean_and_variance(dist: object, method: str) -> None:
    n = 400_000
    x = getattr(dist, method)(np.random.default_rng(123), n)
    assert x.dtype == (np.float32 if method == "sample32" else np.float64)
    x = x.astype(np.float64)
    mean, var = dist.mean, dist.variance  # type: ignore[attr-defined]
    lo, hi = dist.support  # type: ignore[attr-defined]
    assert x.min() >= lo and x.max() <= hi
    if var == 0:
        assert np.all(x == mean)
        return
    # mean within 4 standard errors; variance within 4 of its standard errors (from the sample's 4th moment)
    assert abs(x.mean() - mean) < 4 * math.sqrt(var / n)
    m4 = float(np.mean((x - mean) ** 4))
    assert abs(x.var(ddof=1) - var) < 4 * math.sqrt(max(m4 - var**2, 0.0) / n) + 1e-12


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.floats(-1e6, 1e6), min_size=0, max_size=20), min_size=1, max_size=6))
def test_running_moments_equal_the_moments_of_all_values(chunks: list[list[float]]) -> None:
    m = RunningMoments()
    for c in chunks:
        m.add(np.array(c))
    values = np.array([v for c in chunks for v in c])
    assert m.n == values.size
    if values.size:
        assert m.mean == pytest.approx(values.mean(), rel=1e-9, abs=1e-6)
    if values.size > 1:
        assert m.variance == pytest.approx(values.var(ddof=1), rel=1e-7, abs=1e-3)


@st.composite
def random_journeys(draw: st.DrawFn) -> str:
    """A journey of 2-6 steps with random durations, waits, costs and branches (loops allowed), ending in 1-2
    outcomes."""
    n = draw(st.integers(2, 6))
    lines = []
    for i in range(n):
        duration = draw(st.sampled_from([
            "5", "{dist: uniform, min: 1, max: 9}", "{dist: triangular, min: 1, mode: 2, max: 10}",
            "{dist: exponential, mean: 7}", "{dist: lognormal, mean: 5, sd: 4}", "{dist: normal, mean: 6, sd: 2}",
            "{dist: empirical, values: [1, 2, 20]}"]))
        wait = draw(st.sampled_from(["0", "3", "{dist: exponential, mean: 30}"]))
        # branches: forward to any later step or an outcome, back to any earlier one with a small probability
        targets = [f"s{j}" for j in range(n) if j != i] + ["ok", "ko"]
        forward = [f"s{i + 1}"] if i + 1 < n else ["ok", "ko"]  # every step and outcome is reachable
        extra = draw(st.lists(st.sampled_from(targets), max_size=2, unique=True))
        chosen = forward + [t for t in extra if t not in forward]
        weights = [draw(st.integers(1, 5)) for _ in chosen]
        # keep loops mild so that a case ends quickly
        weights = [w if (t in ("ok", "ko") or int(t[1:]) > i) else 1 for t, w in zip(chosen, weights)]
        total = sum(weights)
        probs = [w / total for w in weights]
        probs[-1] = 1 - sum(probs[:-1])
        nxt = ", ".join(f"{{to: {t}, p: {p!r}}}" for t, p in zip(chosen, probs))
        lines.append(f"  - {{id: s{i}, name: S{i}, actor: w, duration: {duration}, wait: {wait}, cost: {i},"
                     f" channel: in_person, next: [{nxt}], source: \"assumption: test\"}}")
    lines.append("  - {id: ok, name: OK, actor: w, outcome: success}")
    lines.append("  - {id: ko, name: KO, actor: w, outcome: rejected}")
    return ("journey: random\ntitle: Random\nactors: [{id: w, name: Worker, lane: customer}]\nstart: s0\nsteps:\n"
            + "\n".join(lines) + "\n")


@settings(max_examples=25, deadline=None)
@given(random_journeys(), st.integers(0, 2**32 - 1))
def test_random_journeys_match_the_exact_analysis(text: str, seed: int) -> None:
    from nssf_journey import JourneyError

    try:
        j = parse_journey(text)
    except JourneyError:  # e.g. an unreachable step or outcome: not a journey
        return
    a = analyze(j)
    r = monte_carlo(j, 20_000, seed=seed)
    # 5 standard errors: a false alarm about once in 3 million checks
    assert within(r.lead_time.mean, a.lead_time_mean, r.lead_time.standard_error, k=5)
    assert within(r.cost.mean, a.customer_cost, r.cost.standard_error + 1e-12, k=5)
    assert within(r.visits.mean, a.in_person_visits, r.visits.standard_error + 1e-12, k=5)


def test_threads_do_not_change_the_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    j = parse_journey(LOOPY)
    monkeypatch.setattr(mc_module, "CHUNK", 5_000)
    monkeypatch.setattr(mc_module, "WORKERS", 1)
    one = monte_carlo(j, 23_000, seed=5).summary()
    monkeypatch.setattr(mc_module, "WORKERS", 3)
    assert monte_carlo(j, 23_000, seed=5).summary() == one


@pytest.mark.parametrize("mode", ["montecarlo", "queueing"])
def test_keeping_the_event_log_changes_no_number(mode: str) -> None:
    j = load_journey("journeys/contribution_payment.yaml")
    plain = simulate(j, 5_000, seed=6, mode=mode)
    logged = simulate(j, 5_000, seed=6, mode=mode, events=True)
    assert plain.summary() == logged.summary()
    ev = logged.events()
    # within a case, each step starts no earlier than the previous one ended
    ev = ev.sort_values(["case:concept:name", "start_timestamp"], kind="stable")
    same_case = ev["case:concept:name"].eq(ev["case:concept:name"].shift())
    gap = (ev["start_timestamp"] - ev["time:timestamp"].shift()).dt.total_seconds()
    assert (gap[same_case] >= -1e-3).all()
