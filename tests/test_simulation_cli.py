"""The ``simulate`` command: JSON output, determinism, events, and one-line errors."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from nssf_journey import load_journey
from nssf_journey.cli import app
from nssf_journey.simulation import simulate

runner = CliRunner()
CONTRIBUTION = "journeys/contribution_payment.yaml"

MMC = """
journey: mmc
title: M/M/c
actors: [{id: w, name: Worker, lane: customer}]
resources: [{id: counter, capacity: 2, source: "assumption: test"}]
arrivals: {every: {dist: exponential, mean: 1}, source: "assumption: test"}
deadline: "10 min"
source: "assumption: test"
start: serve
steps:
  - {id: serve, name: Serve, actor: w, resource: counter, duration: {dist: exponential, mean: 1.5},
     next: done, source: "assumption: test"}
  - {id: done, name: Done, actor: w, outcome: success}
"""


def run(*args: str) -> object:
    return runner.invoke(app, ["simulate", *args])


def test_json_has_the_documented_keys() -> None:
    result = run(CONTRIBUTION, "--cases", "2000", "--seed", "7", "--json", "--unit", "hours")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"journey", "cases", "seed", "unit", "lead_time", "wait_time", "outcomes", "steps", "resources",
            "warnings"} <= data.keys()
    assert (data["journey"], data["cases"], data["seed"], data["unit"], data["mode"]) == (
        "contribution_payment", 2000, 7, "hours", "queueing")
    for key in ("lead_time", "wait_time"):
        assert {"mean", "ci95", "p50", "p90", "p95"} <= data[key].keys()
        lo, hi = data[key]["ci95"]
        assert lo <= data[key]["mean"] <= hi
    assert sum(data["outcomes"].values()) == pytest.approx(1.0)
    assert {"visits", "queue_wait"} <= data["steps"]["drop_payslip"].keys()
    counter = data["resources"]["payslip_counter"]
    assert {"utilization", "queue_wait", "max_queue"} <= counter.keys()
    assert {"mean", "p90"} <= counter["queue_wait"].keys()
    # the CLI reports what the library computes
    lib = simulate(load_journey(CONTRIBUTION), 2000, seed=7).summary("hours")
    assert data == json.loads(json.dumps(lib))


def test_same_seed_identical_output_other_seed_different() -> None:
    a = run(CONTRIBUTION, "-n", "3000", "--seed", "3", "--json").stdout
    b = run(CONTRIBUTION, "-n", "3000", "--seed", "3", "--json").stdout
    c = run(CONTRIBUTION, "-n", "3000", "--seed", "4", "--json").stdout
    assert a == b
    assert a != c
    mc1 = run(CONTRIBUTION, "-n", "3000", "--seed", "3", "--mode", "montecarlo").stdout
    mc2 = run(CONTRIBUTION, "-n", "3000", "--seed", "3", "--mode", "montecarlo").stdout
    assert mc1 == mc2 and "Monte Carlo of independent cases, 3,000 cases, seed 3" in mc1


def test_deadline_and_overload_warning(tmp_path: Path) -> None:
    f = tmp_path / "mmc.yaml"
    f.write_text(MMC.replace("mean: 1.5", "mean: 2.1"))
    result = run(str(f), "-n", "2000", "--seed", "1", "--json")
    assert result.exit_code == 0
    warning = ("resource 'counter' is overloaded: offered load 2.10 >= capacity 2 (erlangs); "
               "its queue grows without bound")
    assert result.stderr == f"warning: {warning}\n"
    data = json.loads(result.stdout)
    assert data["warnings"] == [warning]
    assert 0 < data["deadline_breach"] <= 1 and data["deadline"] == 10


def test_text_output_without_json(tmp_path: Path) -> None:
    f = tmp_path / "mmc.yaml"
    f.write_text(MMC)
    result = run(str(f), "-n", "2000", "--seed", "1")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.splitlines()[0] == "M/M/c (mmc): queueing simulation, 2,000 cases, seed 1"
    assert "deadline 10 min: breached by" in result.stdout
    assert "counter" in result.stdout


def test_events_csv_has_process_mining_columns(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = run(CONTRIBUTION, "-n", "500", "--seed", "2", "--events", str(out), "--json")
    assert result.exit_code == 0, result.stderr
    frame = pd.read_csv(out)
    assert list(frame.columns) == ["case:concept:name", "concept:name", "start_timestamp", "time:timestamp",
                                   "org:resource", "lifecycle:transition", "outcome"]
    assert frame["case:concept:name"].nunique() == 500
    steps = load_journey(CONTRIBUTION).steps
    assert set(frame["concept:name"]) <= {str(s.name) for s in steps}  # activities are the steps' names
    # the last row of every case is its outcome step, marked with its outcome (or the queue it left, marked
    # abandoned); no other row is marked
    last = frame.groupby("case:concept:name").tail(1)
    assert set(last["outcome"]) <= {s.outcome for s in steps if s.outcome} | {"abandoned"}
    assert last["outcome"].notna().all()
    assert frame["outcome"].notna().sum() == 500
    start = pd.to_datetime(frame["start_timestamp"])
    end = pd.to_datetime(frame["time:timestamp"])
    assert (end >= start).all() and start.min() >= pd.Timestamp("2026-02-02")
    assert "payslip_counter" in set(frame["org:resource"])
    assert result.stderr == f"wrote {len(frame):,} events to {out}\n"
    json.loads(result.stdout)  # the stderr line stays out of the JSON


@pytest.mark.parametrize("args, message", [
    (["-n", "0"], "nssf-journey: error: --cases: expected a whole number from 1 to 1,000,000,000, got 0\n"),
    (["-n", "100000000000000000000"],
     "nssf-journey: error: --cases: expected a whole number from 1 to 1,000,000,000, got 100000000000000000000\n"),
    (["--seed", "4294967296"], "nssf-journey: error: --seed: expected a whole number from 0 to 4,294,967,295, got "
                               "4294967296\n"),
    (["--unit", "weeks"], "nssf-journey: error: --unit: expected one of minutes, hours, days, got 'weeks'\n"),
    (["--mode", "des"], "nssf-journey: error: --mode: expected one of montecarlo, queueing, got 'des'\n"),
    (["--events", "log.txt"], "nssf-journey: error: --events: expected a .csv or .parquet file name, got 'log.txt'\n"),
    (["--events", "/log.csv"],
     "nssf-journey: error: --events: /log.csv: is in the root of the filesystem; refusing to write there (choose a "
     "folder)\n"),
])
def test_one_line_errors(args: list[str], message: str) -> None:
    result = run(CONTRIBUTION, *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_parquet_event_log_has_the_rows_of_the_csv_with_typed_timestamps(tmp_path: Path) -> None:
    for name in ("log.parquet", "log.csv"):
        result = run(CONTRIBUTION, "-n", "300", "--seed", "4", "--mode", "montecarlo", "--events", str(tmp_path / name))
        assert result.exit_code == 0, result.stderr
    parquet = pd.read_parquet(tmp_path / "log.parquet")
    csv = pd.read_csv(tmp_path / "log.csv", parse_dates=["start_timestamp", "time:timestamp"])
    assert list(parquet.columns) == list(csv.columns)
    assert list(parquet.columns)[:5] == ["case:concept:name", "concept:name", "start_timestamp", "time:timestamp",
                                         "org:resource"]
    assert str(parquet["time:timestamp"].dtype).startswith("datetime64")  # typed, not text as in CSV
    assert len(parquet) == len(csv) > 300
    for col in ("start_timestamp", "time:timestamp"):  # CSV writes microseconds (truncated), Parquet keeps ns
        parquet[col] = parquet[col].dt.floor("us")
    pd.testing.assert_frame_equal(parquet, csv, check_dtype=False)


def test_parquet_without_pyarrow_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if pyarrow were not installed: import fails
    result = run(CONTRIBUTION, "--events", str(tmp_path / "log.parquet"))
    assert result.exit_code == 2
    assert result.stderr == ("nssf-journey: error: --events: writing Parquet needs pyarrow (pip install "
                             "pyarrow); or write a .csv file\n")
    assert not (tmp_path / "log.parquet").exists()


def test_queueing_without_arrivals_and_invalid_files(tmp_path: Path) -> None:
    result = run("journeys/worker_registration.yaml", "--mode", "queueing")
    assert result.exit_code == 2
    assert result.stderr == "nssf-journey: error: --mode queueing: journey 'worker_registration' has no 'arrivals'\n"
    result = run("journeys/")
    assert result.exit_code == 2
    assert result.stderr == "nssf-journey: error: journeys/: is a folder; simulate takes one journey file\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("journey: bad\n")
    result = run(str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:1:1: error: ")


def test_progress_bar_goes_to_stderr_only() -> None:
    result = run("journeys/worker_registration.yaml", "-n", "1000", "--seed", "1", "--json", "--progress")
    assert result.exit_code == 0
    # drawn by Rich; off a terminal it shows once, when complete
    assert re.fullmatch(r"simulating \u2501{20,} 1,000/1,000 cases \d:\d\d:\d\d\n", result.stderr), result.stderr
    json.loads(result.stdout)
