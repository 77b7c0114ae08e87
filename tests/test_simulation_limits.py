"""Every simulation ends: the cap on steps per case (issue 17).

A case is stopped once it has taken ``max_steps`` steps; it then counts as not finished. With a loop that sends a
case back with probability ``p``, the number of visits ``V`` to the loop step is geometric, ``P(V >= v) =
p ** (v - 1)``, so the share of stopped cases is known exactly and the counts are checked against it (binomial,
within 5 standard deviations). Loading refuses loops this long, so the journeys are built as model objects.
"""

from __future__ import annotations

import dataclasses
import json
import math
import time

import numpy as np
import pytest
from typer.testing import CliRunner

from nssf_journey import parse_journey
from nssf_journey.cli import app
from nssf_journey.examples import rework
from nssf_journey.model import Journey
from nssf_journey.simulation import limits, monte_carlo, queueing, simulate

SOURCE = 'source: "assumption: test"'


def with_loop(journey: Journey, step_id: str, p: float) -> Journey:
    """``journey`` with the first branch of ``step_id`` (a branch back to itself) taken with probability ``p``."""
    steps = []
    for s in journey.steps:
        if s.id == step_id:
            back, on = s.next
            s = dataclasses.replace(s, next=(dataclasses.replace(back, p=p), dataclasses.replace(on, p=1 - p)))
        steps.append(s)
    return dataclasses.replace(journey, steps=tuple(steps))


def queue_with_loop(where: str) -> Journey:
    """A counter queue with a self-looping step before or after it (p = 0.5 until :func:`with_loop`)."""
    loop = ("{id: check, name: Check, actor: w, duration: 1, next: [{to: check, p: 0.5}, {to: NEXT, p: 0.5}], "
            + SOURCE + "}")
    serve = ("{id: serve, name: Serve, actor: w, resource: counter, duration: {dist: exponential, mean: 0.5}, "
             "next: NEXT, " + SOURCE + "}")
    if where == "before":
        first, second, start = loop.replace("NEXT", "serve"), serve.replace("NEXT", "done"), "check"
    else:
        first, second, start = serve.replace("NEXT", "check"), loop.replace("NEXT", "done"), "serve"
    return parse_journey(f"""
journey: loop_{where}
title: Loop {where} the queue
actors: [{{id: w, name: Worker, lane: customer}}]
resources: [{{id: counter, capacity: 1, {SOURCE}}}]
arrivals: {{every: {{dist: exponential, mean: 1}}, {SOURCE}}}
start: {start}
steps:
  - {first}
  - {second}
  - {{id: done, name: Done, actor: w, outcome: success}}
""")


def assert_binomial(count: int, n: int, q: float) -> None:
    sd = math.sqrt(n * q * (1 - q))
    assert abs(count - n * q) <= 5 * sd + 1, (count, n * q, sd)


@pytest.mark.parametrize("p, cap", [(0.9999, 100), (0.99, 100), (0.5, 3)])
def test_monte_carlo_stops_cases_at_the_cap(p: float, cap: int) -> None:
    n = 100_000
    r = monte_carlo(with_loop(rework(p=0.5, duration=10), "fill", p), n, seed=1, max_steps=cap)
    # fill V times then the outcome step: V + 1 steps, stopped when V + 1 > cap
    assert_binomial(r.stopped, n, p ** (cap - 1))
    assert r.outcomes.get("success", 0.0) == (n - r.stopped) / n
    codes = r.case_records["outcome"]
    assert int(np.count_nonzero(codes == -1)) == r.stopped
    # a stopped case has filled the form `cap` times, 10 minutes each
    assert set(r.case_records["lead_time"][codes == -1].tolist()) <= {10.0 * cap}
    visits = r.steps["fill"].visits
    assert r.warnings == (f"{r.stopped:,} of {n:,} cases were stopped after {cap:,} steps (a loop that rarely ends: "
                          f"see step 'fill', {visits:,.4g} visits per case); they count as not finished",)
    assert r.summary()["stopped"] == r.stopped
    assert r.cases_frame()["outcome"].isna().sum() == r.stopped


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("fast", [True, False])
def test_queueing_stops_cases_at_the_cap(where: str, fast: bool) -> None:
    n, p, cap = (20_000 if fast else 5_000), 0.99, 60
    j = with_loop(queue_with_loop(where), "check", p)
    r = queueing(j, n, seed=2, fast=fast, max_steps=cap)
    # check V times, serve once, done once: V + 2 steps, stopped when V + 2 > cap
    assert_binomial(r.stopped, n, p ** (cap - 2))
    assert r.outcomes["success"] == (n - r.stopped) / n
    assert int(np.count_nonzero(r.case_records["outcome"] == -1)) == r.stopped
    assert r.warnings[-1].startswith(f"{r.stopped:,} of {n:,} cases were stopped after {cap} steps (a loop that "
                                     "rarely ends: see step 'check', ")
    served = r.resources["counter"].served
    if where == "before":  # a case stopped in the loop never reaches the queue, except the one at exactly cap - 1
        assert n - r.stopped <= served <= n
    else:
        assert served == n


def test_no_case_is_stopped_below_the_cap() -> None:
    r = monte_carlo(rework(p=0.5), 20_000, seed=3)
    assert r.stopped == 0 and r.warnings == () and r.outcomes == {"success": 1.0}
    q = queueing(with_loop(queue_with_loop("after"), "check", 0.5), 5_000, seed=3, fast=False)
    assert q.stopped == 0 and q.outcomes == {"success": 1.0}


def test_a_loop_that_almost_never_ends_still_finishes() -> None:
    """The journey of the issue: a step that loops to itself with p = 1 - 1e-12 (4.7e13 minutes of lead time)."""
    began = time.perf_counter()
    j = with_loop(rework(p=0.5, duration=10), "fill", 1 - 1e-12)
    r = simulate(j, 50, seed=1)
    assert r.stopped == 50 and r.outcomes == {}
    assert r.lead_time.mean == pytest.approx(10.0 * limits.MAX_STEPS)
    q = queueing(with_loop(queue_with_loop("after"), "check", 1 - 1e-12), 3, seed=1, fast=False)
    assert q.stopped == 3
    assert time.perf_counter() - began < 60


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_the_cap_must_be_a_whole_number(bad: object) -> None:
    with pytest.raises(ValueError, match="max_steps must be a whole number >= 1"):
        monte_carlo(rework(), 10, seed=1, max_steps=bad)  # type: ignore[arg-type]


def test_the_command_prints_the_warning(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(limits, "MAX_STEPS", 20)
    path = tmp_path / "loop.yaml"
    from nssf_journey.examples import example_text

    path.write_text(example_text("rework", p=0.9))
    result = CliRunner().invoke(app, ["simulate", str(path), "-n", "10000", "--seed", "5", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    stopped = data["stopped"]
    assert_binomial(stopped, 10_000, 0.9 ** 19)
    assert data["outcomes"]["success"] == (10_000 - stopped) / 10_000
    assert result.stderr.startswith(f"warning: {stopped:,} of 10,000 cases were stopped after 20 steps (a loop that "
                                    "rarely ends: see step 'fill', ")
    assert data["warnings"] == [result.stderr[len("warning: "):].rstrip("\n")]
