"""Every command prints a library result: its ``to_dict()`` as JSON, or the library's text of it.

A Python user gets exactly what the command prints by calling the library, and the numbers behind the text are
checked against hand computation.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nssf_journey import load_journey, load_journeys, parse_journey
from nssf_journey.analysis.funnel import funnel_what_if, funnel_what_if_table
from nssf_journey.analysis.junctures import critical_junctures
from nssf_journey.analysis.sensitivity import sensitivity
from nssf_journey.analysis.tables import junctures_table, sensitivity_table
from nssf_journey.simulation.queue_sensitivity import sensitivity_with_queues
from nssf_journey.cli import app
from nssf_journey.loading.data import load_data
from conftest import ROOT, journey_text
from test_funnel import CLAIM
from test_junctures import small_data
from test_queue_sensitivity import mmc

runner = CliRunner()


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def stdout(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_junctures_print_the_library_ranking():
    journeys = load_journeys(["journeys"])
    ranking = critical_junctures(journeys, load_data("data"), weights={"waiting": 1}, top=3)
    assert ranking.redesigns == tuple(j.id for j in journeys if j.redesign_of)  # left out, and named
    assert len(ranking.redesigns) == 4 and len(ranking.shown) == 3
    assert json.loads(stdout("junctures", "--json", "-n", "3", "-w", "waiting=1")) == json.loads(
        json.dumps(ranking.to_dict()))
    text = stdout("junctures", "-n", "3", "-w", "waiting=1")
    assert text == junctures_table(ranking) + "\n"
    assert text.splitlines()[1] == ("score = 3 x lost + 1 x waiting + 1 x emotion + 1 x pain_points"
                                    " + 1.5 x knowledge_gap + 1.5 x unreliable_information")
    assert "(4 redesigns left out: junctures are about today's service)" in text.splitlines()[0]


def test_funnel_with_what_if_is_the_library_result(tmp_path):
    # 400 registered x 25 % aware = 100, x 0.1 need x 1 take-up = 10 claims, x 0.8 = 8 paid; at 75 % aware, 30 and 24
    data = small_data(tmp_path)
    result = funnel_what_if([parse_journey(CLAIM)], data, awareness={"sickness": 0.75})
    assert result.gains == {"sickness": {"awareness_before": 0.25, "awareness_after": 0.75,
                                         "extra_claims_started": pytest.approx(20),
                                         "extra_benefits_paid": pytest.approx(16)}}
    d = result.to_dict()
    assert d["what_if"]["awareness"] == {"sickness": 0.75} and d["estimated_stages"] == ["aware", "claims_started", "paid"]
    assert [s["people"] for s in d["what_if"]["funnels"][0]["stages"]] == [1000, 400, 300, pytest.approx(30),
                                                                           pytest.approx(24)]
    assert funnel_what_if_table(result).endswith(
        "What if awareness changed (everything else as above):\n"
        "  sickness: awareness 25 % -> 75 %: +20 claims started and +16 benefits paid a year (estimated)")
    assert "what_if" not in funnel_what_if([parse_journey(CLAIM)], data).to_dict()
    # the command prints the same for the bundled data
    bundled = funnel_what_if(load_journeys(["journeys"]), load_data("data"), awareness={"sickness": 0.6})
    assert json.loads(stdout("funnel", "--json", "-a", "sickness=0.6")) == json.loads(json.dumps(bundled.to_dict()))
    assert stdout("funnel", "-a", "sickness=0.6") == funnel_what_if_table(bundled) + "\n"


def test_sensitivity_with_queues_is_the_library_result(tmp_path):
    f = tmp_path / "mmc.yaml"
    f.write_text(mmc(3, 2.4))
    result = sensitivity_with_queues(load_journey(f), cases=2000, seed=2)
    assert result.queues is not None and result.queues.cases == 2000
    assert json.loads(stdout("sensitivity", str(f), "--cases", "2000", "--seed", "2", "--json", "-n", "1")) == \
        json.loads(json.dumps(result.to_dict(top=1)))
    assert stdout("sensitivity", str(f), "--cases", "2000", "--seed", "2", "-u", "hours") == \
        sensitivity_table(result, "hours") + "\n"
    d = result.to_dict("hours")
    # the service time, 2.4 min exponential (assumed: 0.5x to 1.5x), moves the lead time by 2.4 min exactly
    assert d["unit"] == "hours" and d["lead_time"] == pytest.approx(2.4 / 60)
    assert d["by_lead_time"][0]["lead_time"]["swing"] == pytest.approx(2.4 / 60)
    assert d["queues"]["base"]["queue_wait"] == pytest.approx(result.queues.base.queue_wait / 60)
    assert sensitivity(load_journey(f)).queues is None  # the exact analysis has no queues


LONG = "employer_completes_and_signs_the_claim_form"  # 43 characters: the old column cut every name here
SIMILAR = journey_text(f"""
    - {{id: {LONG}_first, name: First, actor: w, wait: 600, next: {LONG}_again, source: "assumption: t"}}
    - {{id: {LONG}_again, name: Again, actor: w, wait: 300, next: done, source: "assumption: t"}}
    - {{id: done, name: Done, actor: o, outcome: success}}
""", start=f"{LONG}_first")


def test_sensitivity_never_cuts_a_parameter_name():
    table = sensitivity_table(sensitivity(parse_journey(SIMILAR)), "minutes")
    lines = table.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("parameter")))
    rows = lines[header + 1:header + 3]
    # 0.5x to 1.5x of 600 and of 300 minutes: 900 +- 300 and 900 +- 150
    assert rows == [f"{LONG}_first wait assumed          600 min - 1,200 min       100.0-100.0 %",
                    f"{LONG}_again wait assumed          750 min - 1,050 min       100.0-100.0 %"]
    assert lines[header].index("evidence") == rows[0].index("assumed") == len(f"{LONG}_first wait") + 1


def test_compare_names_the_unit_of_changed_waits_and_durations():
    # the sickness claim counts in days; the employer's submission takes 1-2-4 hours (triangular), now 20-30-60 min
    base, digital = "journeys/sickness_benefit_claim.yaml", "journeys/redesign/sickness_claim_digital.yaml"
    lines = stdout("compare", base, digital, "--cases", "0").splitlines()
    assert "  employer_submits.duration: triangular 1/2/4 hours -> triangular 0.3333/0.5/1 hours" in lines
    assert "  review_claim.wait: triangular 5/10/30 days -> triangular 3/5/10 days" in lines
    assert "  employer_submits.cost: USD 3.00 -> USD 0.00" in lines
    changed = json.loads(stdout("compare", base, digital, "--cases", "0", "--json", "--unit", "minutes"))
    wait = next(c for c in changed["structure"]["changed"] if c["step"] == "review_claim" and c["field"] == "wait")
    assert (wait["before"], wait["after"]) == ("triangular 7,200/14,400/43,200 minutes",
                                               "triangular 4,320/7,200/14,400 minutes")
    # a lognormal wait of 3,105.22 minutes shown in days: the parameters converted, the unit named
    from nssf_journey.compare.structure import StepChange
    from nssf_journey.distributions import Lognormal

    change = StepChange("check", "wait", Lognormal(3105.22, 1440), Lognormal(1440, 720))
    assert change.shown("days") == ("lognormal mean 2.156 sd 1 days", "lognormal mean 1 sd 0.5 days")
    assert change.to_dict("hours") == {"step": "check", "field": "wait", "before": "lognormal mean 51.75 sd 24 hours",
                                       "after": "lognormal mean 24 sd 12 hours"}
