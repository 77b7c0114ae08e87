"""The junctures and funnel commands, checked against the library."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nssf_journey import load_journeys
from nssf_journey.cli import app
from nssf_journey.loading.data import load_data
from nssf_journey.analysis.funnel import awareness_funnel
from nssf_journey.analysis.junctures import rank_junctures
from conftest import ROOT

runner = CliRunner()


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_junctures_json_equals_the_library():
    result = runner.invoke(app, ["junctures", "--json", "--top", "5", "-w", "waiting=1"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    as_is = [j for j in load_journeys(["journeys"]) if j.redesign_of is None]  # junctures are about today's service
    expected = rank_junctures(as_is, load_data("data"), weights={"waiting": 1})[:5]
    assert [(j["journey"], j["step"]) for j in data["junctures"]] == [(j.journey, j.step) for j in expected]
    assert data["junctures"][0]["score"] == pytest.approx(expected[0].score)
    assert data["weights"]["waiting"] == 1
    assert set(data["junctures"][0]["factors"]) == {"lost", "waiting", "emotion", "pain_points", "knowledge_gap",
                                                    "unreliable_information"}


def test_junctures_text_shows_the_factors_and_channels():
    result = runner.invoke(app, ["junctures", "--top", "1"])
    lines = result.stdout.splitlines()
    assert lines[1] == ("score = 3 x lost + 2 x waiting + 1 x emotion + 1 x pain_points + 1.5 x knowledge_gap"
                        " + 1.5 x unreliable_information")
    assert any(line.startswith("    reach via digital_info_pack") for line in lines)


def test_junctures_and_funnel_errors_are_one_line():
    r = runner.invoke(app, ["junctures", "--weight", "lost"])
    assert (r.exit_code, r.stderr) == (2, "nssf-journey: error: --weight: expected name=number, got 'lost'\n")
    r = runner.invoke(app, ["funnel", "--awareness", "sickness=2"])
    assert (r.exit_code, r.stderr) == (2, "nssf-journey: error: --awareness: awareness of 'sickness' must be between 0 and 1, got 2.0\n")
    r = runner.invoke(app, ["funnel", "--data", "nowhere"])
    assert (r.exit_code, r.stderr) == (2, "nssf-journey: error: --data: nowhere is not a folder\n")


def test_funnel_json_with_what_if():
    result = runner.invoke(app, ["funnel", "--json", "--awareness", "sickness=0.6"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    base = {f.benefit: f for f in awareness_funnel(load_journeys(["journeys"]), load_data("data"))}
    sick = next(f for f in data["funnels"] if f["benefit"] == "sickness")
    assert sick["stages"][-1]["people"] == pytest.approx(base["sickness"].stage("paid").people)
    assert data["estimated_stages"] == ["aware", "claims_started", "paid"]
    gain = data["what_if"]["gain"]["sickness"]
    per_aware = base["sickness"].stage("claims_started").people / base["sickness"].stage("aware").people
    assert gain["extra_claims_started"] == pytest.approx(1_400_000 * (0.6 - 0.34) * per_aware)


def test_funnel_text_marks_estimated_stages():
    out = runner.invoke(app, ["funnel"]).stdout
    assert out.startswith("Awareness funnel per benefit, people per year for claims (* = estimated, not counted by anyone)")
    assert "sickness            4,100,000   1,400,000     476,000*     14,280*      6,575*" in out
