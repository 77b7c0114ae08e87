"""The awareness funnel against hand computation."""

from __future__ import annotations

import pytest

from nssf_journey import analyze, load_journeys, parse_journey
from nssf_journey.loading.data import load_data
from nssf_journey.analysis.funnel import awareness_funnel, what_if_gain
from conftest import ROOT, journey_text
from test_junctures import small_data

CLAIM = journey_text("""
    - {id: a, name: Claim, actor: w, next: [{to: ok, p: 0.8}, {to: rej, p: 0.2}], source: "assumption: t"}
    - {id: ok, name: Paid, actor: o, outcome: success}
    - {id: rej, name: Rejected, actor: o, outcome: rejected}
""", extra="benefit: sickness\n")


def test_funnel_by_hand(tmp_path):
    data = small_data(tmp_path)
    [f] = awareness_funnel([parse_journey(CLAIM)], data)
    # 1000 eligible, 400 registered, 25 % aware = 100, x 0.1 need x 1 take-up = 10 claims, x 0.8 success = 8 paid
    assert [(s.name, s.people, s.estimated) for s in f.stages] == [
        ("eligible", 1000, False), ("registered", 400, False), ("aware", 100, True),
        ("claims_started", pytest.approx(10), True), ("paid", pytest.approx(8), True)]
    [g] = awareness_funnel([parse_journey(CLAIM)], data, awareness={"sickness": 0.75})
    gain = what_if_gain([f], [g])["sickness"]
    assert gain["extra_claims_started"] == pytest.approx(20)
    assert gain["extra_benefits_paid"] == pytest.approx(16)
    assert g.stage("aware").evidence == "what-if"


def test_what_if_rejects_unknown_benefits_and_bad_shares(tmp_path):
    data = small_data(tmp_path)
    j = [parse_journey(CLAIM)]
    with pytest.raises(ValueError, match="no awareness figure for 'sicknes'; expected one of sickness"):
        awareness_funnel(j, data, awareness={"sicknes": 0.5})
    with pytest.raises(ValueError, match="awareness of 'sickness' must be between 0 and 1, got 1.5"):
        awareness_funnel(j, data, awareness={"sickness": 1.5})


def test_bundled_funnel_uses_the_survey_and_the_journeys():
    data = load_data(ROOT / "data")
    journeys = load_journeys([ROOT / "journeys"])
    funnels = {f.benefit: f for f in awareness_funnel(journeys, data)}
    assert set(funnels) == {"medical", "sickness", "maternity", "employment_injury", "pension"}
    sick = funnels["sickness"]
    success = analyze(next(j for j in journeys if j.benefit == "sickness" and j.redesign_of is None)).success_probability
    assert sick.stage("eligible").people == 4_100_000
    assert sick.stage("registered").people == 1_400_000
    assert sick.stage("aware").people == pytest.approx(1_400_000 * 0.34)
    assert sick.stage("paid").people == pytest.approx(1_400_000 * 0.34 * 0.03 * success)
    assert [s.estimated for s in sick.stages] == [False, False, True, True, True]
