"""conform: fitness, the arcs real cases take that the journey lacks, skipped steps, per-step times and the
fidelity of a simulation, checked by hand on small logs and against what a discovered journey must give."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nssf_journey import parse_journey
from nssf_journey.cli import app
from nssf_journey.eventlog import discover, read_log, summarize
from nssf_journey.eventlog.table import EventLog
from nssf_journey.reality.conformance import conform
from nssf_journey.reality.fidelity import _quantile_interval, duration_figures, fidelity

LOGS = Path(__file__).parent / "data" / "logs"
HAND = Path(__file__).parent / "data" / "journeys" / "receipt_hand.yaml"
DAY = 86_400 * 10**9
runner = CliRunner()

# register (recorded) -> sign (silent) -> check (recorded) -> pay (recorded, outcome) | reject (silent outcome)
JOURNEY = """
journey: claim
title: Claim
time_unit: days
actors: [{id: w, name: Worker, lane: customer}, {id: o, name: Office, lane: backstage}]
start: register
steps:
  - {id: register, name: Register, actor: o, next: sign}
  - {id: sign, name: Employer signs, actor: w, wait: 1, source: "assumption: t", next: check}
  - {id: check, name: Check, actor: o, source: "assumption: t", wait: 2,
     next: [{to: pay, p: 0.8}, {to: reject, p: 0.2}]}
  - {id: pay, name: Pay, actor: o, outcome: success}
  - {id: reject, name: Rejected, actor: o, outcome: rejected}
"""


def small_log(rows: list[tuple[int, str, float]]) -> EventLog:
    names = list(dict.fromkeys(a for _, a, _ in rows))
    cases = list(dict.fromkeys(c for c, _, _ in rows))
    return EventLog(case_codes=np.array([cases.index(c) for c, _, _ in rows]), case_names=[str(c) for c in cases],
                    activity_codes=np.array([names.index(a) for _, a, _ in rows]), activities=names,
                    end_ns=np.array([round(t * DAY) for _, _, t in rows], dtype=np.int64), source="claims.csv",
                    naive=True)


# 0 and 1 fit; 2 pays without a check (Check skipped); 3 is checked twice (Check > Check: no such arc; one Check
# cannot be placed) and archived (an activity the journey does not know).
LOG = small_log([(0, "Register", 0), (0, "Check", 3), (0, "Pay", 4),
                 (1, "Register", 0), (1, "Check", 5),
                 (2, "Register", 0), (2, "Pay", 2),
                 (3, "Register", 0), (3, "Check", 4), (3, "Check", 6), (3, "Pay", 7), (3, "Archive", 8)])


def test_fitness_missing_arcs_skipped_steps_by_hand() -> None:
    c = conform(parse_journey(JOURNEY), LOG, simulate=False)
    assert c.fitness == 0.5 and c.cases == 4 and c.events == 12
    assert [(a.source, a.target, a.occurrences, a.cases) for a in c.missing_arcs] == [
        ("Check", "Check", 1, 1), ("Register", "Pay", 1, 1)]
    assert [(s.step, s.cases, s.times) for s in c.skipped] == [("check", 1, 1)]
    assert c.unplaced == (("Archive", 1), ("Check", 1))
    assert c.placed_events == 10
    assert c.unmatched == ("Archive",) and c.silent_steps == ("sign", "reject")


def test_per_step_times_of_the_log_by_hand() -> None:
    c = conform(parse_journey(JOURNEY), LOG, simulate=False)
    times = {s.step: s for s in c.steps}
    # gaps into Check: 3, 5, 4 (case 3's second Check is not placed: it lies within the gap into Pay)
    assert times["check"].visits == 4 - 1 and times["check"].wait_log == (4.0 * 1440, 4.0 * 1440)
    # gaps into Pay: 1 (case 0), 2 (case 2, after Register: Check skipped), 3 (case 3: Check at 4, Pay at 7)
    assert times["pay"].wait_log == (2.0 * 1440, 2.0 * 1440)
    assert math.isnan(times["register"].wait_log[0])          # a case's first recorded step has no gap before it
    assert math.isnan(times["check"].wait_model[0])           # no simulation asked for


@pytest.mark.parametrize("name", ["receipt_400.csv", "interval_400.csv", "running-example.csv",
                                  "running-example.xes", "roadtraffic100traces.xes.gz"])
def test_a_discovered_journey_fits_its_own_log_completely(name: str) -> None:
    log = read_log(LOGS / name)
    c = conform(discover(log, arrivals=False), log, simulate=False)
    assert c.fitness == 1.0
    assert c.missing_arcs == () and c.skipped == () and c.unplaced == () and c.unmatched == ()
    assert c.placed_events == len(log)


def test_a_journey_discovered_without_rare_branches_misses_them() -> None:
    log = read_log(LOGS / "receipt_400.csv")
    j = discover(log, arrivals=False, min_share=0.05)
    c = conform(j, log, simulate=False)
    s = summarize(log)
    left_out = {(a.source, a.target): a.count for a in s.arcs}
    for arc in c.missing_arcs:
        if arc.source != "(start)" and arc.target != "(end)":
            assert left_out[(arc.source, arc.target)] == arc.occurrences
    assert 0.5 < c.fitness < 1


def test_fidelity_of_a_discovered_journey() -> None:
    log = read_log(LOGS / "receipt_400.csv")
    j = discover(log, arrivals=False)
    f = fidelity(j, log, cases=20_000, seed=1)
    mean = f.figure("mean")
    assert mean.log == pytest.approx(summarize(log).mean_case_duration, rel=1e-12)
    assert mean.within_log_interval and abs(mean.difference) < 0.05   # the model is exact in the mean
    # fast cases are fast at every step: with the measured case speed the simulated median falls inside the log's
    # own 95 % interval; drawn independently it is fifteen times the log's
    assert f.figure("median").within_log_interval
    independent = fidelity(discover(log, arrivals=False, case_speed=False), log, cases=20_000, seed=1)
    assert independent.figure("median").simulated > 10 * independent.figure("median").log
    assert not independent.figure("median").within_log_interval
    assert f.fitness == 1.0 and 0.5 < f.real_variant_share < 1 and f.real_variants_covered > 0.8


def test_figures_intervals_and_distance_by_hand() -> None:
    real = np.arange(1, 101, dtype=float)
    mean, median, p90, p95 = duration_figures(real, real + 10)
    assert (mean.log, mean.simulated) == (50.5, 60.5)
    half = 1.96 * real.std(ddof=1) / 10
    assert (mean.low, mean.high) == pytest.approx((50.5 - half, 50.5 + half))
    assert (median.log, median.simulated, median.difference) == (50.5, 60.5, pytest.approx(10 / 50.5))
    assert _quantile_interval(real, 0.5) == (41.0, 61.0)
    assert (p90.low, p90.high) == _quantile_interval(real, 0.9) == (85.0, 97.0)
    # the earth mover's distance of a shift is the shift
    from scipy.stats import wasserstein_distance

    assert wasserstein_distance(real, real + 10) == pytest.approx(10)


def run(*args: str):
    return runner.invoke(app, list(args))


def test_conform_command_json_and_text() -> None:
    result = run("conform", str(HAND), str(LOGS / "receipt_400.csv"), "--json", "--unit", "days", "--cases", "5000")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["fitness"] == pytest.approx(297 / 400) and data["unit"] == "days"
    assert data["missing_arcs"][0] == {"from": "T10 Determine necessity to stop indication",
                                      "to": "T05 Print and send confirmation of receipt", "occurrences": 33,
                                      "cases": 33}
    assert data["fidelity"]["case_duration"]["mean"]["log"] == pytest.approx(6.234, abs=5e-4)
    assert set(data["fidelity"]["targets"]["met"]) == {"median", "p90", "outcome_mean", "real_variant_share"}
    text = run("conform", str(HAND), str(LOGS / "receipt_400.csv"), "--unit", "days", "--no-simulate")
    assert text.exit_code == 0
    assert "fitness: 74.2% of the cases follow a path of the journey from its start to an outcome" in text.stdout
    assert "      25 cases  check: Check the confirmation" in text.stdout
    assert "model against reality" not in text.stdout


def test_conform_errors(tmp_path: Path) -> None:
    result = run("conform", str(HAND), str(tmp_path / "missing.csv"))
    assert result.exit_code == 2 and result.stderr == f"{tmp_path / 'missing.csv'}: error: no such file\n"
    result = run("conform", str(HAND.parent), str(LOGS / "receipt_400.csv"))
    assert result.exit_code == 2 and result.stderr == f"nssf-journey: error: {HAND.parent}: is a folder; give one journey file\n"
    result = run("conform", str(HAND), str(LOGS / "receipt_400.csv"), "--cases", "0")
    assert result.exit_code == 2 and result.stderr == "nssf-journey: error: --cases: expected a whole number from 1 to 1,000,000,000, got 0\n"


def test_simulate_against_a_log() -> None:
    log = LOGS / "interval_400.csv"
    result = run("simulate", str(HAND), "--against", str(LOGS / "receipt_400.csv"), "-n", "3000", "--seed", "3",
                 "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["fidelity"]["simulated_cases"] == 3000 and data["fidelity"]["seed"] == 3
    text = run("simulate", str(HAND), "--against", str(LOGS / "receipt_400.csv"), "-n", "3000", "--seed", "3")
    assert "model against reality: 3,000 simulated cases (seed 3) against the log's 400" in text.stdout
    assert log.exists()
