"""The log and discover commands: JSON figures, files written safely, one-line errors with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey.cli import app
from nssf_journey.eventlog import read_log, summarize

runner = CliRunner()
LOGS = Path(__file__).parent / "data" / "logs"
RUNNING = str(LOGS / "running-example.xes")


def run(*args: str):
    return runner.invoke(app, list(args))


def test_log_json_has_the_documented_figures_in_the_unit() -> None:
    result = run("log", RUNNING, "--json", "--unit", "hours")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert {"cases", "events", "variants", "activities", "start_activities", "end_activities", "case_duration",
            "dfg"} <= set(out)
    assert (out["cases"], out["events"], out["variants"], out["unit"]) == (6, 42, 6, "hours")
    assert out["activities"]["decide"] == 9 and out["start_activities"] == {"register request": 6}
    assert out["end_activities"] == {"pay compensation": 3, "reject request": 3}
    s = summarize(read_log(RUNNING))
    assert out["case_duration"]["mean"] == pytest.approx(s.mean_case_duration / 60)
    assert set(out["case_duration"]) == {"mean", "median", "p90", "max"}
    arc = next(a for a in out["dfg"] if (a["from"], a["to"]) == ("decide", "reinitiate request"))
    assert set(arc) == {"from", "to", "count", "mean", "median"} and arc["count"] == 3
    assert len(out["top_variants"]) == 6 and out["top_variants"][0]["share"] == pytest.approx(1 / 6)


def test_log_text_summary() -> None:
    result = run("log", RUNNING, "--unit", "days", "--top", "2")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"{RUNNING}: 6 cases, 42 events, 8 activities, 6 variants"
    assert "start activities: register request (6)" in lines
    assert sum(1 for line in lines if " %  register request > " in line) == 2


@pytest.mark.parametrize("args, message", [
    ([], "nssf-journey: error: give an event log file, or --db URL with --query or --table (not both)\n"),
    ([RUNNING, "--lifecycle", "first"],
     "nssf-journey: error: --lifecycle: expected one of auto, pair, complete, all, got 'first'\n"),
    ([RUNNING, "--query", "SELECT 1"], "nssf-journey: error: --query and --table read from a database: add --db URL\n"),
    ([RUNNING, "--unit", "weeks"], "nssf-journey: error: --unit: expected one of minutes, hours, days, got 'weeks'\n"),
    ([RUNNING, "--activity", "Activity name"],
     f"{RUNNING}: error: Activity name: no activity column 'Activity name'; the log has 'Activity', 'Costs', 'Resource',"
     " 'case:concept:name', 'case:creator', 'concept:name', 'org:resource', 'time:timestamp'; did you mean"
     " 'Activity'?\n"),
])
def test_log_errors_are_one_line_with_exit_2(args: list[str], message: str) -> None:
    result = run("log", *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert result.stdout == ""


def test_discover_writes_a_journey_that_analyze_reads(tmp_path: Path) -> None:
    out = tmp_path / "claims.yaml"
    result = run("discover", RUNNING, "--out", str(out), "--outcome", "reject request=rejected",
                 "--outcome", "pay compensation=success", "--unit", "hours")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {out}: 8 steps, 2 outcomes, from 6 cases\n"
    analysis = json.loads(run("analyze", str(out), "--json", "--unit", "hours").stdout)
    mean = summarize(read_log(RUNNING)).mean_case_duration / 60
    data = analysis[0] if isinstance(analysis, list) else analysis
    assert data["lead_time"]["mean"] == pytest.approx(mean, rel=1e-9)
    assert data["outcomes"] == pytest.approx({"success": 0.5, "rejected": 0.5})
    text = out.read_text()
    assert text.startswith("# Discovered by nssf-journey from running-example.xes, 6 cases, 2010-12-30 to 2011-01-24.\n")
    assert "time_unit: hours" in text


def test_discover_never_replaces_a_file_without_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("my own journey\n")
    result = run("discover", RUNNING, "--out", str(out))
    assert (result.exit_code, result.stderr) == (
        2, f"nssf-journey: error: --out: {out} exists; choose another name, or add --overwrite to replace it\n")
    assert out.read_text() == "my own journey\n"
    assert run("discover", RUNNING, "--out", str(out), "--overwrite").exit_code == 0
    assert out.read_text().startswith("# Discovered")


def test_discover_says_what_min_share_leaves_out(tmp_path: Path) -> None:
    out = tmp_path / "r.yaml"
    result = run("discover", str(LOGS / "receipt_400.csv"), "--out", str(out), "--min-share", "0.05")
    assert result.exit_code == 0, result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith("--min-share 0.05: left out ") and "rare branches" in last and "of 400 cases" in last


@pytest.mark.parametrize("args, message", [
    (["--outcome", "nothing"], "nssf-journey: error: --outcome: expected NAME=VALUE, got 'nothing'\n"),
    (["--outcome", "fly away=success"], "nssf-journey: error: --outcome: no activity 'fly away' in the log\n"),
    (["--lane", "Pete=office"],
     "nssf-journey: error: --lane: expected one of customer, frontstage, backstage, partner after '=', got 'office'\n"),
    (["--min-share", "1.5"], "nssf-journey: error: --min-share: expected a share from 0 to below 1, got 1.5\n"),
])
def test_discover_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("discover", RUNNING, "--out", str(tmp_path / "x.yaml"), *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert not (tmp_path / "x.yaml").exists()


def test_the_log_command_does_not_import_pandas() -> None:
    # PyArrow would import pandas (0.3-0.5 s) for a Python scalar or a to_numpy; summarising needs neither.
    import subprocess
    import sys

    code = ("import sys; sys.argv = ['nssf-journey', 'log', sys.argv[1], '--json']\n"
            "from nssf_journey.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('pandas' in sys.modules, file=sys.stderr)")
    for name in ("receipt_400.csv", "interval_lifecycle.xes.gz"):
        out = subprocess.run([sys.executable, "-c", code, str(LOGS / name)], capture_output=True, text=True)
        assert '"cases": 400' in out.stdout
        assert out.stderr.strip().splitlines()[-1] == "False", name
