"""The core commands, invoked in-process; results checked through the library API."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from nssf_journey import analyze, json_schema, load_journey
from nssf_journey.cli import app
from conftest import ROOT, journey_text

runner = CliRunner()
GOOD = journey_text("""
    - {id: a, name: Fill the form, actor: w, duration: "2 h", wait: "1 d", next: [{to: a, p: 0.2}, {to: b, p: 0.8}], source: "assumption: t"}
    - {id: b, name: Office checks, actor: o, duration: 30, channel: in_person, next: c, source: "assumption: t"}
    - {id: c, name: Done, actor: o, outcome: success}""")


def test_analyze_json_has_the_documented_fields_and_equals_the_library(write):
    path = write("good.yaml", GOOD)
    result = runner.invoke(app, ["analyze", str(path), "--json", "--unit", "hours"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    exact = analyze(load_journey(path))
    assert data["journey"] == "t" and data["unit"] == "hours"
    assert data["lead_time"]["mean"] == pytest.approx(exact.lead_time_mean / 60)
    assert data["lead_time"]["mean"] == pytest.approx((120 + 1440) * 1.25 / 60 + 0.5)
    assert data["expected_steps"] == pytest.approx(1.25 + 2)
    assert data["in_person_visits"] == pytest.approx(1)
    assert data["outcomes"] == {"success": pytest.approx(1)}
    assert data["critical_path"] == ["a", "b", "c"]
    assert [b["step"] for b in data["bottlenecks"]] == ["a", "b"]
    assert set(data["per_step"]) == {"a", "b", "c"}
    assert data["flow_efficiency"] == pytest.approx(exact.flow_efficiency)


def test_analyze_table_is_readable(write):
    path = write("good.yaml", GOOD)
    result = runner.invoke(app, ["analyze", str(path), "--unit", "hours"])
    assert result.exit_code == 0
    out = result.stdout
    assert "Lead time (mean)        33.0 h" in out
    assert "Most likely path (80.0 %): a -> b -> c" in out
    assert "Loops (rework): a -> a" in out
    assert "   1. a    98.5 %  visits  1.25  wait     24.0 h  active     2.00 h" in out


def test_validate_reports_all_problems_and_exits_2(write):
    bad = write("bad.yaml", GOOD.replace("actor: o, duration: 30", "actor: oo, duration: thirty"))
    good = write("sub/good.yaml", GOOD.replace("journey: t", "journey: t2"))
    result = runner.invoke(app, ["validate", str(bad.parent)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{bad}:7:41: error: steps[1].actor: unknown actor 'oo'; did you mean 'o'?",
        f"{bad}:7:55: error: steps[1].duration: expected a duration such as 30, \"2 h\" or "
        "{dist: triangular, min: 10, mode: 20, max: 40}, got 'thirty'",
    ]
    assert result.stdout == "2 journey files checked: 1 valid, 1 with errors\n"
    assert "Traceback" not in result.stderr + result.stdout
    assert load_journey(good).id == "t2"


def test_validate_strict_turns_missing_sources_into_errors(write):
    path = write("w.yaml", GOOD.replace(', source: "assumption: t"}', "}"))
    loose = runner.invoke(app, ["validate", str(path)])
    assert loose.exit_code == 0
    assert loose.stdout == "1 journey file checked: 1 valid, 4 warnings\n"
    strict = runner.invoke(app, ["validate", "--strict", str(path)])
    assert strict.exit_code == 2
    assert strict.stderr.count(": error: ") == 4


def test_missing_path_and_bad_unit_are_one_line_errors(write, tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.stderr == f"nssf-journey: error: {tmp_path / 'nope'}: no such file or folder\n"
    path = write("good.yaml", GOOD)
    result = runner.invoke(app, ["analyze", str(path), "--unit", "fortnights"])
    assert result.exit_code == 2
    assert result.stderr == "nssf-journey: error: --unit: expected one of minutes, hours, days, got 'fortnights'\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["analyze", str(empty)])
    assert result.stderr == f"nssf-journey: error: no journey files (*.yaml, *.yml) in {empty}\n"


def test_analyze_of_an_invalid_file_prints_problems_not_a_traceback(write):
    path = write("bad.yaml", "journey: t\ntitle: [\n")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:3:1: error: YAML syntax:")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_list_and_schema(write, tmp_path):
    write("j/good.yaml", GOOD)
    write("j/bad.yaml", "nope: [")
    result = runner.invoke(app, ["list", str(tmp_path / "j"), "--json"])
    rows = json.loads(result.stdout)
    assert [(r["journey"], r["valid"]) for r in rows] == [(None, False), ("t", True)]
    out = tmp_path / "schema.json"
    result = runner.invoke(app, ["schema", "--out", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text()) == json_schema()
    printed = runner.invoke(app, ["schema"])
    assert json.loads(printed.stdout)["properties"]["steps"]["type"] == "array"


def test_schema_accepts_a_valid_journey_and_rejects_an_unknown_key():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json_schema()
    data = yaml.safe_load(GOOD)
    jsonschema.validate(data, schema)
    data["steps"][0]["duraton"] = 5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_python_dash_m_runs_the_cli(write):
    path = write("good.yaml", GOOD)
    proc = subprocess.run([sys.executable, "-m", "nssf_journey", "analyze", str(path), "--json"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["journey"] == "t"
