"""compare and sensitivity from the command line, and redesigns in the report."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nssf_journey import load_journey
from nssf_journey.cli import app
from nssf_journey.compare import compare_journeys
from conftest import ROOT

runner = CliRunner()
BASE = str(ROOT / "journeys" / "contribution_payment.yaml")
ONLINE = str(ROOT / "journeys" / "redesign" / "contribution_payment_online.yaml")


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_compare_json_equals_the_library():
    r = runner.invoke(app, ["compare", BASE, ONLINE, "--json", "--cases", "2000", "--seed", "4", "--unit", "hours"])
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    c = compare_journeys(load_journey(BASE), load_journey(ONLINE), cases=2000, seed=4)
    assert data["exact"]["lead_time"]["delta"] == pytest.approx(c.exact["lead_time"].delta / 60)
    assert data["simulated"]["deltas"]["lead_time"]["ci95"] == pytest.approx([x / 60 for x in c.simulated["lead_time"].ci95])
    assert data["structure"]["removed"] == ["pay_at_bank", "drop_payslip", "payslip_error", "correct_payslip",
                                            "payslip_accepted"]
    assert data["national"]["cases_per_year"]["value"] == 172224


def test_compare_of_a_journey_with_itself_prints_zero_differences():
    r = runner.invoke(app, ["compare", BASE, BASE, "--json", "--cases", "500"])
    data = json.loads(r.stdout)
    assert all(v["delta"] == 0 for v in data["exact"].values())
    assert all(v["delta"] == 0 and v["ci95"] == [0, 0] for v in data["simulated"]["deltas"].values())


def test_compare_out_writes_a_report_with_the_comparison(tmp_path):
    out = tmp_path / "cmp"
    r = runner.invoke(app, ["compare", BASE, ONLINE, "--cases", "500", "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    html = (out / "index.html").read_text()
    assert 'id="extra-comparisons"' in html and "struck through" in html
    assert json.loads((out / "comparison.json").read_text())["redesign"] == "contribution_payment_online"
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "index.html").write_text("mine")
    r = runner.invoke(app, ["compare", BASE, ONLINE, "--cases", "0", "--out", str(tmp_path / "mine")])
    assert r.exit_code == 2 and (tmp_path / "mine" / "index.html").read_text() == "mine"


def test_compare_and_sensitivity_errors_are_one_line(tmp_path):
    r = runner.invoke(app, ["compare", BASE, ONLINE, "--cases", "-1"])
    assert (r.exit_code, r.stderr) == (2, "nssf-journey: error: --cases: expected a whole number from 0 to 1,000,000,000, got -1\n")
    r = runner.invoke(app, ["sensitivity", BASE, "--chart", str(tmp_path / "t.gif")])
    assert (r.exit_code, r.stderr) == (2, f"nssf-journey: error: --chart: expected a file name ending in .svg or .png, got '{tmp_path / 't.gif'}'\n")


def test_sensitivity_json_and_chart(tmp_path):
    chart = tmp_path / "t.svg"
    r = runner.invoke(app, ["sensitivity", BASE, "--json", "--top", "3", "--chart", str(chart)])
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    swings = [e["lead_time"]["swing"] for e in data["by_lead_time"]]
    assert len(swings) == 3 and swings == sorted(swings, reverse=True)
    assert chart.read_text().startswith("<?xml")


def test_report_compares_redesigns_instead_of_reporting_them_as_is(tmp_path):
    r = runner.invoke(app, ["report", "journeys", "--no-simulate", "--out", str(tmp_path / "r")])
    assert r.exit_code == 0, r.stderr
    html = (tmp_path / "r" / "index.html").read_text()
    assert 'id="extra-comparisons"' in html
    assert 'id="journey-contribution_payment_online"' not in html
    assert 'id="journey-contribution_payment"' in html
