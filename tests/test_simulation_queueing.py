"""Queueing simulation against queueing theory: Erlang C, Erlang B, Little's law; abandonment and deadlines."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nssf_journey import parse_journey
from nssf_journey.simulation import offered_loads, overload_warnings, queueing, simulate
from nssf_journey.simulation.fifo import QueueLength, fast_path_step, fifo_starts
from nssf_journey.simulation.compiled import compile_journey
from conftest import erlang_c_wait

SEEDS = (11, 12, 13, 14, 15)



def erlang_b(a: float, c: int) -> float:
    """Blocking probability of M/M/c/c (Erlang's B formula, by its recursion)."""
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def mmc(c: int, mean_arrival: float, mean_service: float, extra: str = "") -> object:
    return parse_journey(f"""
journey: mmc
title: M/M/c
actors: [{{id: w, name: Worker, lane: customer}}]
resources: [{{id: counter, capacity: {c}, source: "assumption: test"}}]
arrivals: {{every: {{dist: exponential, mean: {mean_arrival}}}, source: "assumption: test"}}
start: serve
steps:
  - {{id: serve, name: Serve, actor: w, resource: counter, duration: {{dist: exponential, mean: {mean_service}}},
     next: done, source: "assumption: test"{extra}}}
  - {{id: done, name: Done, actor: w, outcome: success}}
""")


@pytest.mark.parametrize("c, mean_arrival, mean_service, fast",
                         [(1, 1.0, 0.5, True), (2, 1.0, 1.2, True), (3, 1.0, 2.0, True), (2, 1.0, 1.2, False)])
def test_mean_queue_wait_matches_erlang_c(c: int, mean_arrival: float, mean_service: float, fast: bool) -> None:
    # Utilisation 0.5-0.67, five runs of 200,000 customers each. Their average is within 4% of theory (the
    # run-to-run sd is 1-2%, so that is over 4 standard errors); a wrong capacity or service rate, or servers
    # that idle while cases wait, move it by far more.
    j = mmc(c, mean_arrival, mean_service)
    theory = erlang_c_wait(1 / mean_arrival, 1 / mean_service, c)
    waits = [queueing(j, 200_000, seed=s, fast=fast).resources["counter"].queue_wait.mean for s in SEEDS]
    assert np.mean(waits) == pytest.approx(theory, rel=0.04)


@pytest.mark.slow
def test_mm3_at_utilisation_083_within_2_percent_of_erlang_c() -> None:
    # The benchmark workload: ten runs of 1,000,000 customers (standard error of the average about 0.6%).
    j = mmc(3, 1.0, 2.49)
    theory = erlang_c_wait(1.0, 1 / 2.49, 3)
    waits = [queueing(j, 1_000_000, seed=s).resources["counter"].queue_wait.mean for s in range(10)]
    assert np.mean(waits) == pytest.approx(theory, rel=0.02)


def test_utilization_is_offered_load_over_capacity() -> None:
    j = mmc(3, 1.0, 2.0)
    r = queueing(j, 200_000, seed=1)
    assert r.resources["counter"].utilization == pytest.approx(2.0 / 3, rel=0.01)
    assert offered_loads(j)["counter"] == pytest.approx(2.0)


def test_fast_path_is_the_general_engine() -> None:
    # Same semantics and, for this journey, the same order of random draws: identical numbers.
    j = mmc(3, 1.0, 2.4)
    assert fast_path_step(compile_journey(j)) == 0
    fast = queueing(j, 20_000, seed=5, fast=True).summary()
    general = queueing(j, 20_000, seed=5, fast=False).summary()
    assert _close(fast, general)


def _close(a: object, b: object) -> bool:
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys()
        return all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return all(_close(x, y) for x, y in zip(a, b))  # type: ignore[arg-type]
    if isinstance(a, float):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-9)
        return True
    assert a == b
    return True


@pytest.mark.parametrize("fast", [True, False])
def test_littles_law_on_the_queue(fast: bool) -> None:
    j = mmc(2, 1.0, 1.5)
    r = queueing(j, 100_000, seed=3, fast=fast).resources["counter"]
    lam = (r.served + r.abandoned) / r.span
    # The time-average queue length (from the queue-length path) equals lambda W (from the waits) ...
    assert r.mean_queue == pytest.approx(lam * r.queue_wait.mean, rel=1e-6)
    # ... and both agree with theory: Lq = lambda Wq.
    assert r.mean_queue == pytest.approx(1.0 * erlang_c_wait(1.0, 1 / 1.5, 2), rel=0.06)


def test_littles_law_with_calendar_and_abandonment() -> None:
    j = _office_journey()
    r = queueing(j, 20_000, seed=9)
    res = r.resources["counter"]
    assert res.abandoned > 0
    lam = (res.served + res.abandoned) / res.span
    assert res.mean_queue == pytest.approx(lam * res.queue_wait.mean, rel=1e-6)


def _office_journey(patience: str = '"30 min"') -> object:
    return parse_journey(f"""
journey: office
title: Office
actors: [{{id: w, name: Worker, lane: customer}}]
calendars: [{{id: office, open: ["07:30-11:30", "14:00-17:00"]}}]
resources: [{{id: counter, capacity: 2, calendar: office, source: "assumption: test"}}]
arrivals:
  every: {{dist: exponential, mean: 6}}
  profile: {{hours: {{"00-07": 0, "17-24": 0}}, weekdays: {{sat: 0, sun: 0}}}}
  source: "assumption: test"
start: travel
steps:
  - {{id: travel, name: Travel, actor: w, wait: {{dist: uniform, min: 0, max: 30}}, duration: 0, next: serve,
     source: "assumption: test"}}
  - {{id: serve, name: Serve, actor: w, resource: counter, patience: {patience},
     duration: {{dist: exponential, mean: 10}}, source: "assumption: test",
     next: [{{to: done, p: 0.8}}, {{to: travel, p: 0.2}}]}}
  - {{id: done, name: Done, actor: w, outcome: success}}
""")


def test_patience_zero_gives_erlang_b_blocking() -> None:
    # With no patience at all, a case that finds every server busy leaves at once: the M/M/c/c loss system.
    j = mmc(2, 1.0, 1.5, extra=', patience: 0')
    r = queueing(j, 200_000, seed=4)
    assert r.outcomes["abandoned"] == pytest.approx(erlang_b(1.5, 2), abs=0.006)
    assert r.resources["counter"].queue_wait.mean == 0.0


def test_patience_hand_case_busy_server() -> None:
    # Arrivals every 10 min, service 25 min, patience 12 min, one server:
    # case 0 served 10-35; case 1 (20) would start at 35 > 32: leaves at 32; case 2 (30) starts 35 (waits 5);
    # case 3 (40) would start at 60 > 52: leaves; case 4 (50) starts 60 (waits 10); case 5 (60) leaves at 72.
    j = parse_journey("""
journey: hand
title: Hand
actors: [{id: w, name: Worker, lane: customer}]
resources: [{id: counter, capacity: 1, source: "assumption: test"}]
arrivals: {every: 10, source: "assumption: test"}
start: serve
steps:
  - {id: serve, name: Serve, actor: w, resource: counter, patience: 12, duration: 25, next: done,
     source: "assumption: test"}
  - {id: done, name: Done, actor: w, outcome: success}
""")
    r = queueing(j, 6, seed=0)
    frame = r.cases_frame()
    assert frame["outcome"].tolist() == ["success", "abandoned", "success", "abandoned", "success", "abandoned"]
    assert frame["queue_wait"].tolist() == [0, 12, 5, 12, 10, 12]
    assert frame["lead_time"].tolist() == [25, 12, 30, 12, 35, 12]
    assert r.resources["counter"].abandoned == 3


def test_deadline_breach_probability() -> None:
    text = """
journey: dl
title: Deadline
actors: [{{id: w, name: Worker, lane: customer}}]
deadline: "{deadline}"
source: "assumption: test"
start: a
steps:
  - {{id: a, name: A, actor: w, duration: "{d}", next: [{{to: b, p: 0.25}}, {{to: done, p: 0.75}}],
     source: "assumption: test"}}
  - {{id: b, name: B, actor: w, duration: "1 d", next: done, source: "assumption: test"}}
  - {{id: done, name: Done, actor: w, outcome: success}}
"""
    # Lead time is 10 days with probability 0.75 and 11 days with probability 0.25.
    assert simulate(parse_journey(text.format(deadline="30 d", d="10 d")), 20_000, seed=1).deadline_breach == 0
    assert simulate(parse_journey(text.format(deadline="9 d", d="10 d")), 20_000, seed=1).deadline_breach == 1
    r = simulate(parse_journey(text.format(deadline="10.5 d", d="10 d")), 40_000, seed=1)
    assert r.deadline_breach == pytest.approx(0.25, abs=4 * math.sqrt(0.25 * 0.75 / 40_000))
    assert r.summary("days")["deadline"] == 10.5


def test_overload_warning() -> None:
    j = mmc(2, 1.0, 2.2)
    [w] = overload_warnings(j)
    assert w == ("resource 'counter' is overloaded: offered load 2.20 >= capacity 2 (erlangs); "
                 "its queue grows without bound")
    assert queueing(j, 1_000, seed=1).summary()["warnings"] == [w]
    assert overload_warnings(mmc(2, 1.0, 1.9)) == []


def test_fifo_recursion_by_hand() -> None:
    join = np.array([0.0, 0.0, 1.0, 10.0])
    service = np.array([4.0, 2.0, 3.0, 1.0])
    assert fifo_starts(join, service, 1).tolist() == [0.0, 4.0, 6.0, 10.0]
    assert fifo_starts(join, service, 2).tolist() == [0.0, 0.0, 2.0, 10.0]
    length = QueueLength()
    length.add(join, fifo_starts(join, service, 1))
    assert length.longest == 2


def test_loops_through_the_queue_take_the_general_engine() -> None:
    assert fast_path_step(compile_journey(_office_journey())) is None
    assert fast_path_step(compile_journey(mmc(1, 1.0, 0.5, extra=", patience: 5"))) is None


def test_queueing_needs_arrivals() -> None:
    j = parse_journey("""
journey: none
title: None
actors: [{id: w, name: Worker, lane: customer}]
start: a
steps:
  - {id: a, name: A, actor: w, outcome: success}
""")
    with pytest.raises(ValueError, match="journey 'none' has no 'arrivals'"):
        queueing(j, 10)


def test_steps_before_the_queue_keep_it_poisson() -> None:
    # A random delay before the queue keeps Poisson arrivals Poisson (same rate), so Erlang C still holds; this
    # checks that the general engine joins the queue at the right time after walking steps that take time.
    j = parse_journey("""
journey: pre
title: Before the queue
actors: [{id: w, name: Worker, lane: customer}]
resources: [{id: counter, capacity: 2, source: "assumption: test"}]
arrivals: {every: {dist: exponential, mean: 1}, source: "assumption: test"}
start: prepare
steps:
  - {id: prepare, name: Prepare, actor: w, duration: {dist: exponential, mean: 30}, next: serve,
     source: "assumption: test"}
  - {id: serve, name: Serve, actor: w, resource: counter, duration: {dist: exponential, mean: 1.2}, next: done,
     source: "assumption: test"}
  - {id: done, name: Done, actor: w, outcome: success}
""")
    theory = erlang_c_wait(1.0, 1 / 1.2, 2)
    for fast in (True, False):
        waits = [queueing(j, 100_000, seed=s, fast=fast).resources["counter"].queue_wait.mean for s in SEEDS[:3]]
        assert np.mean(waits) == pytest.approx(theory, rel=0.05)


def test_queueing_intervals_use_batch_means() -> None:
    # At utilisation 0.9 successive waits are strongly correlated: the independent-cases interval would be several
    # times too narrow. The batch-means interval is wider, and covers Erlang C's mean wait in most runs.
    j = mmc(1, 1.0, 0.9)
    theory = erlang_c_wait(1.0, 1 / 0.9, 1)
    covered = 0
    for seed in range(10):
        r = queueing(j, 100_000, seed=seed).resources["counter"].queue_wait
        lo, hi = r.ci95
        naive = 1.959964 * r.standard_error
        assert (hi - lo) / 2 > 3 * naive
        covered += lo <= theory <= hi
    assert covered >= 7  # 95% intervals: 10 of 10 expected, 7 allows for the batches' own error
    mc = monte_carlo_summary()
    assert mc.ci95_half_width is None


def monte_carlo_summary() -> object:
    j = parse_journey("""
journey: one
title: One
actors: [{id: w, name: Worker, lane: customer}]
start: a
steps:
  - {id: a, name: A, actor: w, duration: {dist: exponential, mean: 5}, next: b, source: "assumption: test"}
  - {id: b, name: B, actor: w, outcome: success}
""")
    return simulate(j, 1_000, seed=1).lead_time
