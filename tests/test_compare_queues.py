"""Comparing redesigns with queues (nssf_journey.compare.queued): hand-computed and Erlang C differences."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nssf_journey import load_journey, parse_journey
from nssf_journey.cli import app
from nssf_journey.compare import compare_journeys
from nssf_journey.compare.queued import compare_queues, queues_apply
from conftest import erlang_c_wait

A = 'source: "assumption: t"'


def counter(servers: int, every: str, service: str, *, patience: str = "") -> str:
    extra = f", patience: {patience}" if patience else ""
    return f"""
journey: desk_{servers}
title: A desk with {servers} servers
actors: [{{id: w, name: Worker, lane: customer}}, {{id: o, name: Officer, lane: frontstage}}]
resources: [{{id: desk, capacity: {servers}, {A}}}]
arrivals: {{every: {every}, {A}}}
start: serve
steps:
  - {{id: serve, name: Serve, actor: o, resource: desk, duration: {service}, next: done{extra}, {A}}}
  - {{id: done, name: Done, actor: w, outcome: success}}
"""


def test_a_second_server_on_a_deterministic_queue_saves_what_hand_computation_says() -> None:
    # Arrivals every 10 min, service 15 min. One server: case i waits 5 i minutes (i = 0 .. n-1), a mean of
    # 5 (n - 1) / 2. Two servers: nobody waits.
    n = 1_000
    q = compare_queues(parse_journey(counter(1, "10", "15")), parse_journey(counter(2, "10", "15")), cases=n, seed=1)
    wait = q.deltas["queue_wait"]
    assert wait.before == pytest.approx(5 * (n - 1) / 2)
    assert wait.after == 0.0
    assert wait.delta == pytest.approx(-5 * (n - 1) / 2)
    assert q.deltas["lead_time"].delta == pytest.approx(-5 * (n - 1) / 2)
    (desk,) = q.resources
    assert desk.capacity == (1, 2)
    assert desk.utilization[1] == pytest.approx(0.75, rel=1e-3)  # 15 of every 20 server-minutes


def test_a_second_server_on_mm1_saves_the_erlang_c_difference() -> None:
    # M/M/1 at utilisation 0.8 against M/M/2 with the same arrivals and services: mean queue wait 32 -> 2.67 min.
    before, after = counter(1, "{dist: exponential, mean: 10}", "{dist: exponential, mean: 8}"), \
        counter(2, "{dist: exponential, mean: 10}", "{dist: exponential, mean: 8}")
    theory = erlang_c_wait(0.1, 1 / 8, 2) - erlang_c_wait(0.1, 1 / 8, 1)
    q = compare_queues(parse_journey(before), parse_journey(after), cases=200_000, seed=7)
    d = q.deltas["queue_wait"]
    lo, hi = d.ci95
    assert hi - lo < 0.15 * abs(theory)  # a useful interval ...
    assert lo - (hi - lo) / 2 <= theory <= hi + (hi - lo) / 2  # ... around Erlang C's difference
    assert d.after == pytest.approx(erlang_c_wait(0.1, 1 / 8, 2), rel=0.1)


def test_a_journey_against_itself_changes_nothing_with_queues() -> None:
    j = parse_journey(counter(1, "{dist: exponential, mean: 10}", "{dist: exponential, mean: 7}", patience="30"))
    q = compare_queues(j, j, cases=5_000, seed=3)
    for d in q.deltas.values():
        assert d.delta == 0.0 and d.ci95 == (0.0, 0.0) and d.before == d.after
    assert q.deltas["abandoned"].before > 0  # patience of 30 min at utilisation 0.7: some give up


def test_shorter_service_means_fewer_give_up() -> None:
    slow = counter(1, "{dist: exponential, mean: 10}", "{dist: exponential, mean: 9}", patience="20")
    fast = counter(1, "{dist: exponential, mean: 10}", "{dist: exponential, mean: 6}", patience="20")
    q = compare_queues(parse_journey(slow), parse_journey(fast), cases=50_000, seed=5)
    gave_up, success = q.deltas["abandoned"], q.deltas["success"]
    assert gave_up.ci95[1] < 0 and gave_up.delta == pytest.approx(-success.delta)
    assert q.resources[0].abandoned[1] < q.resources[0].abandoned[0]


def test_national_savings_say_they_leave_queues_out() -> None:
    from nssf_journey.compare.tables import comparison_table
    from nssf_journey.loading.data import load_data

    base = load_journey("journeys/contribution_payment.yaml")
    online = load_journey("journeys/redesign/contribution_payment_online.yaml")
    text = comparison_table(compare_journeys(base, online, cases=2_000, seed=1, data=load_data("data")), "hours")
    assert text.splitlines()[-1] == ("These savings come from the expected figures without queues; what the redesign"
                                     " does to queues is under 'With queues' above.")


def test_when_queues_apply_and_the_shipped_online_redesign() -> None:
    base = load_journey("journeys/contribution_payment.yaml")
    online = load_journey("journeys/redesign/contribution_payment_online.yaml")
    assert queues_apply(base, online)  # the redesign removes the counter: that is what it changes
    assert not queues_apply(load_journey("journeys/worker_registration.yaml"),
                            load_journey("journeys/redesign/worker_registration_online.yaml"))  # no arrivals
    c = compare_journeys(base, online, cases=10_000, seed=2)
    q = c.queues
    assert q is not None
    assert q.deltas["queue_wait"].after == 0.0 and q.deltas["abandoned"].after == 0.0
    assert q.deltas["abandoned"].before > 0.05  # today some employers give up at the counter
    assert c.to_dict()["queueing"]["deltas"]["abandoned"]["after"] == 0.0
    with pytest.raises(ValueError, match="cannot be compared with queues: both need 'arrivals'"):
        compare_queues(load_journey("journeys/worker_registration.yaml"), online, cases=10, seed=1)


def test_cli_compare_prints_and_returns_the_queue_comparison(tmp_path) -> None:
    (tmp_path / "one.yaml").write_text(counter(1, "10", "15"))
    (tmp_path / "two.yaml").write_text(counter(2, "10", "15"))
    runner = CliRunner()
    args = ["compare", str(tmp_path / "one.yaml"), str(tmp_path / "two.yaml"), "--cases", "1000", "--seed", "1",
            "--unit", "minutes"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "With queues: paired queueing simulation of 1,000 arrivals, seed 1" in lines
    assert lines[-1] == "No national figures: data/scale.yaml has no entry for this journey."
    few = runner.invoke(app, args[:3] + ["--cases", "100", "--unit", "minutes"]).stdout.splitlines()
    assert [line for line in few if line.startswith("Gave up in a queue")] == [
        "Gave up in a queue               0.0 %         0.0 %        +0.0 %   none: under 300 cases"]
    assert any(line.startswith("Queue wait (mean)") and "2,498 min" in line and "0.00 min" in line for line in lines)
    result = runner.invoke(app, args + ["--json"])
    data = json.loads(result.stdout)["queueing"]
    assert data["deltas"]["queue_wait"]["delta"] == pytest.approx(-2497.5)
    assert data["resources"]["desk"]["capacity"] == {"before": 1, "after": 2}
