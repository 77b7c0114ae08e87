"""Loops no case would ever leave are refused at load (issue 17): a step visited more than 1,000 times per case on
average, computed exactly from the absorbing chain, robustly when the chain is nearly singular."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nssf_journey import analyze, load_journey
from nssf_journey.cli import app
from nssf_journey.loading.loader import parse_journey
from nssf_journey.loading.visits import MAX_EXPECTED_VISITS, expected_visits

ROOT = Path(__file__).parent.parent
HOSTILE = Path(__file__).parent / "data" / "hostile"
runner = CliRunner()
LEAVE = "is almost never left; make leaving it more likely"

REFUSED = {
    "self_loop_1e-12.yaml": "step 'fix' is visited 1e+12 times per case on average, more than 1,000: the loop through"
                            f" 'fix' (back to itself with probability 0.999999999999) {LEAVE}",
    "self_loop_0_999999.yaml": "step 'fix' is visited 1e+06 times per case on average, more than 1,000: the loop"
                               f" through 'fix' (back to itself with probability 0.999999) {LEAVE}",
    "self_loop_rounds_to_1.yaml": "step 'fix' is visited too many times to compute per case on average, more than"
                                  f" 1,000: the loop through 'fix' (back to itself with probability 1) {LEAVE}",
    "two_step_loop.yaml": "step 'fix' is visited 1e+05 times per case on average, more than 1,000: the loop through"
                          f" 'fix' and 'check' {LEAVE}",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_validate_refuses_a_loop_no_case_would_leave(name):
    file = HOSTILE / name
    result = runner.invoke(app, ["validate", str(file)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{file}:7:64: error: steps[0].next: {REFUSED[name]}"]


def test_simulate_refuses_it_too_instead_of_running_forever():
    result = runner.invoke(app, ["simulate", str(HOSTILE / "self_loop_1e-12.yaml"), "--cases", "10"])
    assert result.exit_code == 2 and "visited 1e+12 times" in result.stderr


def loop_journey(p: float) -> str:
    return (HOSTILE / "self_loop_0_999999.yaml").read_text().replace("p: 0.999999}", f"p: {p!r}}}").replace(
        "p: 0.000001}", f"p: {1 - p!r}}}")


def test_the_limit_is_1000_expected_visits():
    assert MAX_EXPECTED_VISITS == 1_000
    j = parse_journey(loop_journey(0.998), "x.yaml")  # 500 visits: a bad loop, but one a case leaves
    assert analyze(j).step("fix").expected_visits == pytest.approx(500)
    with pytest.raises(Exception, match="visited 2e\\+03 times"):
        parse_journey(loop_journey(0.9995), "x.yaml")


def assert_visits_agree_with_the_analysis(j) -> None:
    """Loading's expected visits of every step equal the analysis layer's (its fuller solver)."""
    index = {s.id: i for i, s in enumerate(j.steps)}
    src = [index[s.id] for s in j.steps for _ in s.next]
    tgt = [index[b.to] for s in j.steps for b in s.next]
    v = expected_visits(len(j.steps), index[j.start], src, tgt, [b.p for s in j.steps for b in s.next])
    a = analyze(j)
    assert v == pytest.approx([a.step(s.id).expected_visits for s in j.steps], rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("file", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "journeys").rglob("*.yaml")))
def test_expected_visits_agree_with_the_analysis_on_the_shipped_journeys(file):
    j = load_journey(ROOT / file, roots=[ROOT / "journeys"])
    assert_visits_agree_with_the_analysis(j)


def test_large_journeys_take_the_sparse_solver_and_agree_with_the_analysis():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import large_journey_yaml

    j = parse_journey(large_journey_yaml(2_000, loops="random"), "large.yaml")
    assert_visits_agree_with_the_analysis(j)


def test_a_singular_chain_counts_as_too_many_visits_not_a_crash():
    v = expected_visits(2, 0, [0, 0], [0, 1], [1.0, 0.0])
    assert np.isinf(v).all()
