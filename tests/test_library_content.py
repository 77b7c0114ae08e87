"""The shipped NSSF library: every number sourced, every source and persona known."""

from __future__ import annotations

import pytest

from nssf_journey import analyze, check_files, journey_files, load_journeys
from nssf_journey.loading.data import load_data
from nssf_journey.analysis.funnel import load_funnel_inputs
from nssf_journey.model import EVIDENCE_LEVELS
from conftest import ROOT

DATA = load_data(ROOT / "data")
FILES = journey_files([ROOT / "journeys"])
EXPECTED = {"enterprise_registration", "worker_registration", "contribution_payment", "health_care_visit",
            "employment_injury_claim", "sickness_benefit_claim", "maternity_benefit_claim", "pension_claim"}


def test_all_shipped_journeys_validate_strictly_against_the_bibliography():
    results = check_files(FILES, strict=True, known_sources=DATA.sources)
    assert [str(p) for r in results for p in r.problems] == []
    assert {r.journey.id for r in results} >= EXPECTED


@pytest.mark.parametrize("journey", load_journeys([ROOT / "journeys"]), ids=lambda j: j.id)
def test_each_journey_names_its_persona_benefit_and_the_source_of_every_number(journey):
    assert journey.persona in DATA.personas
    assert journey.benefit is not None
    for where, src in journey.parameter_sources():
        assert src.evidence in EVIDENCE_LEVELS, where
        assert src.is_assumption or src.source_id in DATA.sources, where
        if src.is_assumption:
            assert src.evidence == "assumed", where
            reason = src.text.split(":", 1)[1].split()
            assert len(reason) >= 2, f"{where}: an assumption needs a reason, not a one-word label"
    a = analyze(journey)
    assert abs(sum(a.outcome_probabilities().values()) - 1) < 1e-9
    # every as-is journey can fail: through a failure outcome, or by abandoning a queue (queueing simulation only)
    can_abandon = any(s.patience is not None for s in journey.steps)
    assert 0 < a.success_probability < 1 or (a.success_probability == pytest.approx(1) and can_abandon)


def test_every_sourced_figure_in_data_names_a_known_source():
    inputs = load_funnel_inputs(DATA)
    figures = list(DATA.figures.values()) + list(inputs.need.values()) + [inputs.claim_if_aware]
    for fig in figures:
        assert fig.source.is_assumption or fig.source.source_id in DATA.sources, fig.key
        assert fig.evidence in EVIDENCE_LEVELS


def test_key_facts_from_the_brief_are_in_the_data():
    assert DATA.figure("coverage.eligible_wage_workers").value == 4_100_000
    assert DATA.figure("coverage.covered_members").value == 1_400_000
    assert {k: f.value for k, f in DATA.section("awareness").items() if f.evidence == "reported"} == {
        "medical": 0.95, "sickness": 0.34, "survivorship": 0.19, "invalidity": 0.14}
    assert DATA.figure("information_sources.employer").value == 0.82
    assert DATA.figure("employers.familiar_with_all_benefits").value == 0.38
    assert set(DATA.personas) >= {"kosal", "bopha", "thea", "sam"}


def test_enterprise_registration_has_the_30_day_legal_limit():
    [j] = [j for j in load_journeys([ROOT / "journeys"]) if j.id == "enterprise_registration"]
    assert j.deadline == 30 * 1440
