"""Sensitivity of queues (nssf_journey.simulation.queue_sensitivity): parameters, ranges, Erlang C, and the command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nssf_journey import load_journey, parse_journey
from nssf_journey.cli import app
from nssf_journey.simulation.queue_sensitivity import (queue_outcome, queue_parameters, queue_sensitivity, queue_varied)
from conftest import erlang_c_wait


def mmc(servers: int, service_mean: float, evidence: str = "assumption: t") -> str:
    return f"""
journey: mmc
title: M/M/c
actors: [{{id: w, name: Worker, lane: customer}}]
resources: [{{id: desk, capacity: {servers}, source: "{evidence}"}}]
arrivals: {{every: {{dist: exponential, mean: 1}}, source: "nssf-facts: reported"}}
start: serve
steps:
  - {{id: serve, name: Serve, actor: w, resource: desk, duration: {{dist: exponential, mean: {service_mean}}},
     next: done, source: "assumption: t"}}
  - {{id: done, name: Done, actor: w, outcome: success}}
"""


def test_the_queue_parameters_of_the_contribution_journey() -> None:
    j = load_journey("journeys/contribution_payment.yaml")
    ps = queue_parameters(j)
    assert [(p.kind, p.target, p.value, p.evidence) for p in ps] == [
        ("servers", "payslip_counter", 4.0, "assumed"), ("arrivals", "every", 2.76, "assumed"),
        ("patience", "drop_payslip", 120.0, "assumed")]
    assert queue_parameters(load_journey("journeys/worker_registration.yaml")) == []  # no arrivals


def test_servers_move_by_at_least_one_and_never_below_one() -> None:
    j = parse_journey(mmc(1, 0.5))
    (servers, _arrivals) = queue_parameters(j)
    assert queue_varied(j, servers, 0.5)[1] == 1.0  # cannot go below one server
    assert queue_varied(j, servers, 1.2)[1] == 2.0  # 1.2 rounds to 1: moved up by one
    varied, _ = queue_varied(j, servers, 1.5)
    assert varied.resource_by_id["desk"].capacity == 2 and j.resource_by_id["desk"].capacity == 1


def test_effects_are_queueing_runs_of_the_varied_journey_and_follow_erlang_c() -> None:
    # M/M/3 at utilisation 0.8 with assumed servers: 0.5 x 3 rounds to 2 (overloaded), 1.5 x 3 to 4.
    j = parse_journey(mmc(3, 2.4))
    s = queue_sensitivity(j, cases=100_000, seed=3)
    by_kind = {e.parameter.kind: e for e in s.effects}
    servers, arrivals = by_kind["servers"], by_kind["arrivals"]
    assert (servers.low, servers.high) == (2.0, 4.0)
    assert (arrivals.low, arrivals.high) == pytest.approx((0.8, 1.2))  # reported: 0.8-1.2 x the 1 min mean
    assert servers.at_high == queue_outcome(queue_varied(j, servers.parameter, 1.5)[0], 100_000, 3)
    assert servers.at_high.queue_wait == pytest.approx(erlang_c_wait(1.0, 1 / 2.4, 4), rel=0.05)
    assert s.base.queue_wait == pytest.approx(erlang_c_wait(1.0, 1 / 2.4, 3), rel=0.1)
    assert arrivals.at_high.queue_wait == pytest.approx(erlang_c_wait(1 / 1.2, 1 / 2.4, 3), rel=0.05)
    assert servers.at_low.queue_wait > 100 * s.base.queue_wait  # two servers cannot keep up: the queue grows
    assert s.base.gave_up == 0.0 and s.base.success == 1.0  # no patience: nobody gives up
    assert s.ranked()[0] is servers


def test_without_queues_it_says_so() -> None:
    with pytest.raises(ValueError, match="journey 'worker_registration' has no queues: it needs 'arrivals'"):
        queue_sensitivity(load_journey("journeys/worker_registration.yaml"), cases=10)


def test_cli_sensitivity_adds_the_queue_table(tmp_path) -> None:
    f = tmp_path / "mmc.yaml"
    f.write_text(mmc(3, 2.4))
    runner = CliRunner()
    result = runner.invoke(app, ["sensitivity", str(f), "--cases", "2000", "--seed", "2", "--unit", "minutes"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("With queues"))
    assert lines[header].startswith("With queues (queueing simulation of 2,000 arrivals, seed 2): today 0.0 % give up")
    assert lines[header + 2].split()[:5] == ["desk", "servers", "assumed", "2-4", "0.0-0.0"]
    data = json.loads(runner.invoke(app, ["sensitivity", str(f), "--cases", "2000", "--json"]).stdout)["queues"]
    assert [e["kind"] for e in data["by_gave_up"]][0] == "servers" and data["cases"] == 2000
    assert data["by_gave_up"][0]["range"] == [2.0, 4.0]
    plain = runner.invoke(app, ["sensitivity", "journeys/worker_registration.yaml", "--json"])
    assert json.loads(plain.stdout)["queues"] is None
    bad = runner.invoke(app, ["sensitivity", str(f), "--cases", "0"])
    assert bad.exit_code == 2 and bad.stderr == "nssf-journey: error: --cases: expected a whole number from 1 to 1,000,000,000, got 0\n"
