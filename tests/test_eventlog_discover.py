"""Discovering journeys: the journey reproduces its log exactly, and its numbers are the log's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nssf_journey import analyze, parse_journey
from nssf_journey.distributions import Quantiles
from nssf_journey.eventlog import read_log, summarize
from nssf_journey.eventlog.discovery import discover_journey, log_source
from nssf_journey.eventlog.writer import to_yaml
from nssf_journey.simulation import monte_carlo

LOGS = Path(__file__).parent / "data" / "logs"
# The project's shared public logs sit beside the checkout (../shared/logs), or beside its parent for a worktree.
SHARED = next((p / "shared" / "logs" for p in Path(__file__).resolve().parents[2:4] if (p / "shared" / "logs").is_dir()),
              Path("shared/logs"))
# Loops (the running example's reinitiate request, receipt's T10 -> T02), start/complete pairs, overlapping
# activities (the interval log), long waits (road traffic), several start activities (road traffic).
EXACT = ["receipt_400.csv", "interval_400.csv", "interval_lifecycle.xes.gz", "running-example.xes",
         "roadtraffic100traces.xes.gz"]


def round_trip(log, **options):
    found = discover_journey(log, **options)
    text = to_yaml(found.journey, bibliography=[log_source(log)])
    return parse_journey(text, "discovered.yaml"), found


@pytest.mark.parametrize("name", EXACT)
def test_the_discovered_journey_reproduces_its_log(name: str) -> None:
    log = read_log(LOGS / name)
    s = summarize(log)
    journey, _ = round_trip(log)
    a = analyze(journey)
    assert a.lead_time_mean == pytest.approx(s.mean_case_duration, rel=1e-6)
    by_name = {step.name: step.id for step in journey.steps}
    for activity, events in s.activities.items():
        assert a.step(by_name[activity]).expected_visits == pytest.approx(events / s.cases, rel=1e-6), activity
    shares = a.outcome_probabilities()
    for activity, ending in s.end_activities.items():
        outcome = next(st.outcome for st in journey.steps if st.outcome and st.name in (activity, f"Case ends after {activity}"))
        assert shares[outcome] == pytest.approx(ending / s.cases, rel=1e-9), activity
    if log.has_start:  # active time is measured: sum of the instances' times, overlaps counted once
        assert a.active_time_mean > 0


def test_probabilities_are_written_to_sum_to_exactly_one() -> None:
    from decimal import Decimal

    log = read_log(LOGS / "receipt_400.csv")
    text = to_yaml(discover_journey(log).journey)
    import re

    for line_group in text.split("    next:\n")[1:]:
        ps = [Decimal(p) for p in re.findall(r"p: ([0-9.]+)", line_group.split("  - id:")[0])]
        assert sum(ps) == 1, ps


def test_branch_waits_depend_on_where_the_case_comes_from(write) -> None:
    # Two cases: a -> c waits 1 h, b -> c waits 5 h; the step c has no wait of its own.
    path = write("w.csv", "case:concept:name,concept:name,time:timestamp\n"
                          "1,a,2024-01-01 09:00\n1,c,2024-01-01 10:00\n"
                          "2,b,2024-01-01 09:00\n2,c,2024-01-01 14:00\n")
    journey, _ = round_trip(read_log(path), arrivals=False)
    assert journey.time_unit == "hours"
    assert journey.step("case_start").next[0].p == 0.5
    assert journey.step("a").next[0].wait.mean == 60 and journey.step("b").next[0].wait.mean == 300
    assert journey.step("c").wait.mean == 0 and journey.step("c").outcome == "c"
    assert analyze(journey).step("c").mean_wait == pytest.approx(180)  # per visit: (60 + 300) / 2


def test_skewed_waits_are_written_as_quantiles_with_the_exact_mean(write) -> None:
    # Half the cases move on at once, the rest after 1..50 days.
    rows = []
    for i in range(100):
        wait_days = 0 if i < 50 else i - 49
        rows.append(f"{i},register,2024-01-01 00:00\n{i},decide,{np.datetime64('2024-01-01') + np.timedelta64(wait_days, 'D')} 00:00")
    path = write("skew.csv", "case:concept:name,concept:name,time:timestamp\n" + "\n".join(rows) + "\n")
    journey, _ = round_trip(read_log(path), arrivals=False)
    wait = journey.step("register").next[0].wait
    assert isinstance(wait, Quantiles)
    assert wait.mean == pytest.approx(np.mean([0] * 50 + list(range(1, 51))) * 1440, rel=1e-12)
    assert wait.values[:2] == (0.0, 0.0) and wait.probabilities[1] == 0.5  # a point mass at 0 for half the cases
    assert float(wait.ppf(np.array([0.99]))[0]) == pytest.approx(50 * 1440, rel=0.05)


def test_min_share_drops_rare_branches_and_counts_the_cases(write) -> None:
    # 9 cases a -> b, 1 case a -> x -> b: with min share 0.2 the branch a -> x (0.1) goes, and x with it.
    rows = [f"{i},a,2024-01-01 09:00\n{i},b,2024-01-01 10:00" for i in range(9)]
    rows.append("9,a,2024-01-01 09:00\n9,x,2024-01-01 09:30\n9,b,2024-01-01 10:00")
    path = write("rare.csv", "case:concept:name,concept:name,time:timestamp\n" + "\n".join(rows) + "\n")
    journey, found = round_trip(read_log(path), min_share=0.2, arrivals=False)
    assert [s.id for s in journey.steps] == ["a", "b"]
    assert journey.step("a").next[0].p == 1.0
    assert (found.dropped_branches, found.dropped_activities, found.cases_left_out, found.cases) == (1, 1, 1, 10)
    assert "1 of 10 cases took one of them" in journey.description


def test_outcomes_are_classified_and_lanes_set() -> None:
    log = read_log(LOGS / "running-example.xes")
    journey, _ = round_trip(log, outcomes={"reject request": "rejected", "pay compensation": "success"},
                            lanes={"Pete": "frontstage"})
    probs = analyze(journey).outcome_probabilities()
    assert probs == pytest.approx({"success": 0.5, "rejected": 0.5})
    assert journey.outcome("rejected").kind == "failure" and journey.outcome("success").kind == "success"
    assert {a.id: a.lane for a in journey.actors}["pete"] == "frontstage"


def test_every_number_cites_the_log_as_measured() -> None:
    log = read_log(LOGS / "receipt_400.csv")
    journey, _ = round_trip(log)
    cite = log_source(log)
    assert (cite.id, cite.notes) == ("log-receipt-400", "receipt_400.csv, 400 cases, 2010-10-05 to 2012-01-23")
    sources = journey.parameter_sources()
    assert sources and all(src.text.startswith("log-receipt-400: receipt_400.csv, 400 cases, 2010-10-05 to 2012-01-23")
                           and src.evidence == "measured" for _, src in sources)


def test_arrivals_follow_the_case_starts_by_hour_and_weekday(write) -> None:
    # Cases start at 09:00 on Mondays and 15:00 on Tuesdays, for four weeks.
    rows = []
    for week in range(4):
        for k, (day, hour) in enumerate(((0, 9), (1, 15))):
            when = np.datetime64("2024-01-01T00:00") + np.timedelta64(7 * week + day, "D") + np.timedelta64(hour, "h")
            rows.append(f"{week}-{k},a,{when}+07:00")
    path = write("starts.csv", "case:concept:name,concept:name,time:timestamp\n" + "\n".join(rows) + "\n")
    journey, _ = round_trip(read_log(path))
    arr = journey.arrivals
    hours = arr.profile.hours
    assert [h for h, v in enumerate(hours) if v > 0] == [9, 15]  # local time (+07:00), not UTC
    assert [d for d, v in enumerate(arr.profile.weekdays) if v > 0] == [0, 1]
    assert arr.every.mean == pytest.approx((22 * 1440 + 6 * 60) / 7)  # first to last start, over 7 gaps
    assert arr.start.isoformat() == "2024-01-01T00:00:00"


def test_monte_carlo_of_a_discovered_journey_agrees_with_its_log() -> None:
    log = read_log(LOGS / "interval_400.csv")
    s = summarize(log)
    journey, _ = round_trip(log)
    r = monte_carlo(journey, 200_000, seed=5)
    assert abs(r.lead_time.mean - s.mean_case_duration) < 4 * r.lead_time.standard_error
    assert r.outcomes == pytest.approx({k: v for k, v in analyze(journey).outcome_probabilities().items()}, abs=0.005)


@pytest.mark.skipif(not (SHARED / "receipt.csv").exists(), reason="the shared logs folder is not on this machine")
def test_receipt_wait_into_t02_after_confirmation_and_after_t10() -> None:
    journey, _ = round_trip(read_log(SHARED / "receipt.csv"))
    into = {s.id: b.wait.mean / 1440 for s in journey.steps for b in s.next if b.to == "t02_check_confirmation_of_receipt"}
    # PM4Py's performance DFG gives the same means: 0.8352 and 3.0649 days (3.0654 if the zone offsets are dropped,
    # which is how the "3.07" was read).
    assert into["confirmation_of_receipt"] == pytest.approx(0.835229607, abs=1e-6)
    assert into["t10_determine_necessity_to_stop_indication"] == pytest.approx(3.064904912, abs=1e-6)


def test_validate_strict_accepts_a_discovered_journey(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from nssf_journey.cli import app

    out = tmp_path / "receipt.yaml"
    runner = CliRunner()
    assert runner.invoke(app, ["discover", str(LOGS / "receipt_400.csv"), "--out", str(out)]).exit_code == 0
    data = Path(__file__).resolve().parents[1] / "data"
    result = runner.invoke(app, ["validate", "--strict", "--data", str(data), str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    assert "bibliography:" in out.read_text()
