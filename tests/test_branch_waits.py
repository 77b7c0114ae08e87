"""A branch's own wait (``next: [{to, p, wait}]``): exact analysis by hand, and every simulator samples it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nssf_journey import analyze, parse_journey
from nssf_journey.compare.paired import simulate_cases
from nssf_journey.simulation import monte_carlo
from nssf_journey.simulation.queueing import queueing

from conftest import journey_text

# a -> b (p 0.3, wait exponential mean 10) or c (p 0.7, wait fixed 20); b -> c (wait uniform 0-40); c ends.
FORK = journey_text("""
- {id: a, name: A, actor: w, duration: 5, source: "assumption: t",
   next: [{to: b, p: 0.3, wait: {dist: exponential, mean: 10}}, {to: c, p: 0.7, wait: 20}]}
- {id: b, name: B, actor: o, duration: 7, source: "assumption: t", next: [{to: c, p: 1, wait: {dist: uniform, min: 0, max: 40}}]}
- {id: c, name: C, actor: w, outcome: success}
""")
# By hand: path a-b-c (0.3) takes 5 + Exp(10) + 7 + U(0, 40): mean 42, variance 100 + 1600/12; path a-c (0.7) 25.
LEAD = 0.3 * 42 + 0.7 * 25
VARIANCE = 0.3 * (100 + 1600 / 12) + 0.3 * 42**2 + 0.7 * 25**2 - LEAD**2

# A loop whose way back waits 10: N visits of a (geometric, p 0.5) take N + 10 (N - 1) minutes.
LOOP = journey_text("""
- {id: a, name: A, actor: w, duration: 1, source: "assumption: t",
   next: [{to: a, p: 0.5, wait: 10}, {to: d, p: 0.5}]}
- {id: d, name: D, actor: w, outcome: success}
""")


def test_exact_lead_time_mean_and_sd_count_branch_waits() -> None:
    a = analyze(parse_journey(FORK))
    assert a.lead_time_mean == pytest.approx(30.1, rel=1e-12)
    assert a.lead_time_mean == pytest.approx(LEAD, rel=1e-12)
    assert a.lead_time_sd == pytest.approx(math.sqrt(VARIANCE), rel=1e-12)
    assert a.wait_time_mean == pytest.approx(0.3 * 10 + 0.3 * 20 + 0.7 * 20, rel=1e-12)
    assert a.active_time_mean == pytest.approx(5 + 0.3 * 7, rel=1e-12)


def test_a_branch_wait_is_attributed_to_the_step_it_leads_to() -> None:
    a = analyze(parse_journey(FORK))
    assert a.step("b").mean_wait == pytest.approx(10)  # per visit of b
    assert a.step("c").mean_wait == pytest.approx(20)  # 0.7 x 20 from a, 0.3 x 20 from b
    assert a.step("b").expected_time == pytest.approx(0.3 * (10 + 7))
    assert sum(s.share_of_lead_time for s in a.per_step) == pytest.approx(1.0)
    assert a.critical_path == ("a", "b", "c") and a.critical_path_time == pytest.approx(5 + 10 + 7 + 20)


def test_loop_with_a_wait_on_the_way_back() -> None:
    a = analyze(parse_journey(LOOP))
    assert a.step("a").expected_visits == pytest.approx(2.0)
    assert a.lead_time_mean == pytest.approx(2 * 1 + 1 * 10)
    assert a.lead_time_sd == pytest.approx(math.sqrt(121 * 0.5 / 0.25))  # var(11 N - 10), var N = (1-p)/p^2


def test_per_outcome_means_count_branch_waits() -> None:
    j = parse_journey(journey_text("""
    - {id: a, name: A, actor: w, duration: 5, source: "assumption: t",
       next: [{to: ok, p: 0.25, wait: 100}, {to: rej, p: 0.75}]}
    - {id: ok, name: OK, actor: w, outcome: success}
    - {id: rej, name: Rejected, actor: w, outcome: rejected}
    """))
    per = {o.outcome: o for o in analyze(j).outcomes}
    assert per["success"].lead_time_mean == pytest.approx(105) and per["success"].wait_time_mean == pytest.approx(100)
    assert per["rejected"].lead_time_mean == pytest.approx(5)


def test_monte_carlo_samples_branch_waits() -> None:
    r = monte_carlo(parse_journey(FORK), 200_000, seed=3)
    assert abs(r.lead_time.mean - LEAD) < 4 * math.sqrt(VARIANCE / 200_000)
    assert r.lead_time.sd == pytest.approx(math.sqrt(VARIANCE), rel=0.02)
    assert r.wait_time.mean == pytest.approx(23.0, rel=0.01)


def test_monte_carlo_event_log_shows_the_branch_wait() -> None:
    r = monte_carlo(parse_journey(LOOP), 2_000, seed=1, events=True)
    ev = r.events()
    ev = ev.sort_values(["case:concept:name", "time:timestamp"])
    by_case = ev.groupby("case:concept:name")
    gap = by_case["start_timestamp"].shift(-1) - ev["time:timestamp"]
    back = by_case["concept:name"].shift(-1) == "A"  # activities are the steps' names
    assert back.sum() > 1_000
    assert set(np.round(gap[back].dt.total_seconds() / 60, 6)) == {10.0}  # every return to a waits 10 minutes
    assert set(np.round(gap[~back].dropna().dt.total_seconds() / 60, 6)) == {0.0}


@pytest.mark.parametrize("fast", [True, False])
def test_queueing_samples_branch_waits(fast: bool) -> None:
    extra = ("resources: [{id: desk, capacity: 1000, source: \"assumption: t\"}]\n"
             "arrivals: {every: 1, source: \"assumption: t\"}\n")
    text = FORK.replace("duration: 7, source", "duration: 7, resource: desk, source")
    j = parse_journey(text.replace("steps:\n", extra + "steps:\n"))
    r = queueing(j, 100_000, seed=5, fast=fast)
    assert r.queue_wait.mean == 0.0  # a thousand servers: nobody queues
    assert abs(r.lead_time.mean - LEAD) < 5 * math.sqrt(VARIANCE / 100_000)
    assert r.wait_time.mean == pytest.approx(23.0, rel=0.02)


def test_paired_simulation_samples_branch_waits() -> None:
    rec = simulate_cases(parse_journey(FORK), 100_000, seed=2)
    assert abs(rec.lead_time.mean() - LEAD) < 5 * math.sqrt(VARIANCE / 100_000)


def test_branch_wait_needs_a_source_and_is_a_duration() -> None:
    from nssf_journey.loading.loader import check_journey_text

    text = journey_text("""
    - {id: a, name: A, actor: w, next: [{to: b, p: 1, wait: "2 d"}]}
    - {id: b, name: B, actor: w, outcome: success}
    """)
    _, problems = check_journey_text(text, "x.yaml")
    assert [str(p) for p in problems] == [
        "x.yaml:6:38: warning: steps[0].next: no source for this number; add source: <source id> or"
        ' "assumption: <reason>"']
    bad = text.replace('"2 d"', '"two days"')
    _, problems = check_journey_text(bad, "x.yaml")
    assert [str(p) for p in problems if p.severity == "error"] == [
        "x.yaml:6:59: error: steps[0].next[0].wait: expected a duration such as 30, \"2 h\" or"
        " {dist: triangular, min: 10, mode: 20, max: 40}, got 'two days'"]


def test_removing_a_step_with_branch_waits_is_refused(write) -> None:
    from nssf_journey.loading.problems import JourneyError
    from nssf_journey import load_journey

    base = write("base.yaml", FORK)
    overlay = write("r.yaml", "journey: r\nextends: base.yaml\ntitle: R\nremove: [b]\n")
    with pytest.raises(JourneyError) as err:
        load_journey(overlay)
    assert str(err.value) == (f"{overlay}:4:10: error: remove[0]: cannot remove 'b': a branch into or out of it has its"
                              " own wait, which removing the step cannot carry over; change those steps' next instead")
    assert base.exists()
