"""Journeys that remember what matters: classes of cases drawn at the start (outcome, pace) and histories that fall
back when too rare to measure. The mean stays exact whatever the labels; by hand, the classes give each outcome its
own mean and the share of cases handled in one sitting."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nssf_journey import analyze, load_journey, parse_journey
from nssf_journey.eventlog import read_log, summarize
from nssf_journey.eventlog.case_classes import case_classes, long_wait_seen, long_wait_threshold
from nssf_journey.eventlog.discovery import discover, discover_journey, log_source
from nssf_journey.eventlog.history import with_history
from nssf_journey.eventlog.table import EventLog
from nssf_journey.eventlog.writer import to_yaml
from nssf_journey.reality.fidelity import compare, fidelity
from nssf_journey.reality.observed import Observed
from nssf_journey.simulation import monte_carlo

LOGS = Path(__file__).parent / "data" / "logs"
DAY = 86_400 * 10**9
MINUTE = 60 * 10**9


def log_of(cases: list[list[tuple[str, float]]]) -> EventLog:
    """A log from cases given as (activity, completion in minutes) lists."""
    names: list[str] = []
    for case in cases:
        for a, _ in case:
            if a not in names:
                names.append(a)
    rows = [(c, a, t) for c, case in enumerate(cases) for a, t in case]
    return EventLog(case_codes=np.array([c for c, _, _ in rows]), case_names=[str(c) for c in range(len(cases))],
                    activity_codes=np.array([names.index(a) for _, a, _ in rows]), activities=names,
                    end_ns=np.array([round(t * MINUTE) for _, _, t in rows], dtype=np.int64), source="claims.csv",
                    naive=True)


# Three cases are paid: Ask, a day, Check, a day, Pay. One stops: Ask, nine days, Check, and nothing more.
PAID = [("Ask", 0), ("Check", 1440), ("Pay", 2880)]
STOPPED = [("Ask", 0), ("Check", 9 * 1440)]
OUTCOMES = {"Pay": "paid", "Check": "stopped"}


def outcome_means(journey, log, cases=20_000):
    f = fidelity(journey, log, cases=cases, seed=1)
    return {o.outcome: o.simulated_mean / 1440 for o in f.outcomes}, f


def test_an_outcome_class_gives_each_outcome_its_own_waits() -> None:
    log = log_of([PAID, PAID, PAID, STOPPED])
    plain = discover(log, arrivals=False, outcomes=OUTCOMES, case_speed=False)
    mixed = discover(log, arrivals=False, outcomes=OUTCOMES, classes=("outcome",), case_speed=False)
    # one step per activity: the wait Ask -> Check is 1, 1, 1 or 9 days for every case, 3 days on average, so the
    # stopped cases take 3 days and the paid ones 3 + 1 (in expectation) instead of 9 and 2
    means, _ = outcome_means(plain, log)
    assert means["stopped"] == pytest.approx(3, rel=0.03) and means["paid"] == pytest.approx(4, rel=0.03)
    # a class per outcome, drawn at the start (3 paid : 1 stopped): each class has its own waits, fixed here
    start = mixed.step(mixed.start)
    assert sorted(b.p for b in start.next) == [0.25, 0.75]
    means, f = outcome_means(mixed, log)
    assert means == {"paid": pytest.approx(2), "stopped": pytest.approx(9)}
    assert f.real_variant_share == 1.0          # two copies of Ask and Check, recorded as the same activities
    for j in (plain, mixed):
        assert analyze(j).lead_time_mean == pytest.approx(summarize(log).mean_case_duration, rel=1e-9)
    assert {s.log_activity for s in mixed.steps if s.log_activity} == {("Ask",), ("Check",),
                                                                                          ("Pay",)}


def test_the_long_wait_splits_minutes_from_days() -> None:
    waits = np.r_[np.linspace(0.5, 3, 40), np.linspace(2000, 9000, 20), np.zeros(10)]
    t = long_wait_threshold(waits)
    # the two groups on a log scale: the threshold is the geometric middle between the largest short wait and the
    # smallest long one
    assert t == pytest.approx(np.sqrt(3 * 2000))
    assert long_wait_threshold(np.r_[np.zeros(50), np.full(10, 5.0)]) is None     # fewer than 20 positive waits
    assert long_wait_seen(np.array([0, 0, 0, 1, 1, 1]),
                          np.array([False, False, True, False, True, False])).tolist() == [False, False, True,
                                                                                            False, True, True]


def paced_log(n: int = 400, seed: int = 3) -> EventLog:
    """Half of the cases are handled in one sitting (waits of 1 to 5 minutes), half wait 2 to 6 days once, at
    one of their three waits; each case does A, B, C, D."""
    rng = np.random.default_rng(seed)
    cases = []
    for c in range(n):
        waits = rng.uniform(1, 5, 3)
        if c % 2:
            waits[rng.integers(3)] = rng.uniform(2, 6) * 1440
        t = np.r_[0, np.cumsum(waits)]
        cases.append(list(zip("ABCD", t.tolist())))
    return log_of(cases)


def test_pace_classes_keep_the_share_of_cases_handled_in_one_sitting() -> None:
    log = paced_log()
    hour = 60.0
    real = np.mean(_durations(log) < hour)
    assert real == 0.5
    plain = discover(log, arrivals=False, case_speed=False)
    paced = discover(log, arrivals=False, case_speed=False, classes=("pace",))
    # independent waits: a case passes its three waits in minutes with the product of each wait's chance of a
    # short one (about (5/6)^3: each wait is long for about a sixth of the cases)
    rng = np.random.default_rng(0)
    waits = [b.wait for s in plain.steps for b in s.next]
    assert len(waits) == 3
    independent = float(np.prod([np.mean(w.sample(rng, 200_000) < hour) for w in waits]))
    assert independent == pytest.approx((5 / 6) ** 3, abs=0.05)
    sim = monte_carlo(plain, 50_000, seed=2)
    assert np.mean(sim.case_records["lead_time"] < hour) == pytest.approx(independent, abs=0.01)
    # classes: half of the cases are drawn into "handled in one sitting", whose waits are all minutes; the others
    # cannot end before their long wait
    sim = monte_carlo(paced, 50_000, seed=2)
    assert np.mean(sim.case_records["lead_time"] < hour) == pytest.approx(0.5, abs=0.01)
    assert analyze(paced).lead_time_mean == pytest.approx(float(_durations(log).mean()), rel=1e-9)
    assert "handled in one sitting (50.0%)" in paced.description


def _durations(log: EventLog) -> np.ndarray:
    s = summarize(log)
    return np.asarray(s.case_durations)


def test_rare_histories_fall_back_and_the_mean_stays_exact() -> None:
    log = read_log(LOGS / "receipt_400.csv")
    every = discover(log, arrivals=False, history="done", min_events=1)
    pooled = discover(log, arrivals=False, history="done", min_events=10)
    assert len(pooled.steps) < len(every.steps) / 2
    states, base, _ = with_history(log, "done", min_events=10)
    counts = np.bincount(states.activity_codes)
    # a step of its own has 10 events or more, unless it gathers the rare histories of its activity
    for code, name in enumerate(states.activities):
        assert counts[code] >= 10 or name == log.activities[base[code]] or name.startswith(log.activities[base[code]])
    s = summarize(log)
    for j in (every, pooled, discover(log, arrivals=False, history="done", classes=("outcome", "pace"))):
        assert analyze(j).lead_time_mean == pytest.approx(s.mean_case_duration, rel=1e-9)


@pytest.mark.parametrize("name", ["receipt_400.csv", "interval_400.csv", "interval_lifecycle.xes.gz",
                                  "running-example.xes", "roadtraffic100traces.xes.gz"])
def test_a_mixture_of_journeys_reproduces_its_log(name: str) -> None:
    log = read_log(LOGS / name)
    found = discover_journey(log, arrivals=False, classes=("outcome", "pace"), history="done")
    journey = parse_journey(to_yaml(found.journey, bibliography=[log_source(log)]), "discovered.yaml")
    s = summarize(log)
    a = analyze(journey)
    assert a.lead_time_mean == pytest.approx(s.mean_case_duration, rel=1e-6)
    shares = a.outcome_probabilities()
    assert sum(shares.values()) == pytest.approx(1.0)
    # every activity's events per case, summed over the steps that stand for it
    for activity, events in s.activities.items():
        visits = sum(a.step(st.id).expected_visits for st in journey.steps if st.log_activity == (activity,))
        assert visits == pytest.approx(events / s.cases, rel=1e-6), activity


def test_variants_are_what_a_log_records() -> None:
    j = parse_journey("""
journey: twice
title: Twice
actors: [{id: w, name: Worker, lane: customer}]
start: first
steps:
  - {id: first, name: Check once, actor: w, log_activity: Check, next: [{to: again, p: 0.5}, {to: done, p: 0.5}]}
  - {id: again, name: Check again, actor: w, log_activity: Check, next: done}
  - {id: done, name: Done, actor: w, outcome: success}
""")
    empty = np.zeros(0)
    real = Observed(np.array([1.0, 2.0]), np.array(["success", "success"], dtype=object), [(0,), (0, 0)],
                    np.zeros(0, np.int64), empty, empty)
    sim = Observed(np.array([1.0, 2.0, 3.0]), np.array(["success"] * 3, dtype=object), [(0,), (0, 1), (0, 1, 1)],
                   np.zeros(0, np.int64), empty, empty)
    f = compare(j, real, sim, seed=0, fitness=1.0, simulated_cases=3)
    # (0, 1) is recorded as Check, Check: a real variant; three checks are not
    assert f.real_variant_share == pytest.approx(2 / 3)
    assert f.real_variants_covered == 1.0
    paid = next(o for o in f.outcomes if o.outcome == "success")
    half = 1.96 * np.std([1.0, 2.0], ddof=1) / np.sqrt(2)
    assert (paid.low, paid.high) == pytest.approx((1.5 - half, 1.5 + half))
    assert paid.within_log_interval


def test_discover_command_with_classes(tmp_path: Path) -> None:
    from nssf_journey.cli import app

    out = tmp_path / "r.yaml"
    result = CliRunner().invoke(app, ["discover", str(LOGS / "receipt_400.csv"), "--out", str(out), "--classes",
                                      "outcome,pace", "--history", "done", "--no-arrivals"])
    assert result.exit_code == 0, result.output
    j = load_journey(out)
    assert analyze(j).lead_time_mean == pytest.approx(summarize(read_log(LOGS / "receipt_400.csv")).mean_case_duration,
                                                      rel=1e-6)
    assert "Each case is drawn at its start into a class" in j.description
    bad = CliRunner().invoke(app, ["discover", str(LOGS / "receipt_400.csv"), "--out", str(tmp_path / "s.yaml"),
                                   "--classes", "outcome,speed"])
    assert bad.exit_code == 2
    assert bad.stderr == ("nssf-journey: error: --classes: expected outcome, pace or both, separated by a comma, "
                          "got 'outcome,speed'\n")
    bad = CliRunner().invoke(app, ["discover", str(LOGS / "receipt_400.csv"), "--out", str(tmp_path / "s.yaml"),
                                   "--min-events", "0"])
    assert bad.exit_code == 2
    assert bad.stderr == "nssf-journey: error: --min-events: expected a whole number from 1 to 1,000,000,000, got 0\n"
    assert not (tmp_path / "s.yaml").exists()
