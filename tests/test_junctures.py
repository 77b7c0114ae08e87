"""Critical junctures: the ranking of a small hand-made journey whose right order is known."""

from __future__ import annotations

import pytest

from nssf_journey import parse_journey
from nssf_journey.loading.data import load_data
from nssf_journey.analysis.junctures import DEFAULT_WEIGHTS, check_weights, rank_junctures
from conftest import journey_text

A = 'source: "assumption: test"'

# queue: the only wait (share 1) -> 2 x 1 = 2.0
# fork: 20 % give up -> lost 0.2 -> 3 x 0.2 = 0.6
# upset: emotion -2, reached by 80 % -> 1 x 0.8 = 0.8
# form: 2 pain points, reached by 80 % -> 1 x 0.8 x 2/3 = 0.5333
# redo: a rework loop that ends as well as going on -> lost 0 (it costs time, not failures)
HAND_MADE = journey_text(f"""
    - {{id: queue, name: Queue, actor: o, wait: 60, next: fork, {A}}}
    - {{id: fork, name: Decide, actor: w, next: [{{to: upset, p: 0.8}}, {{to: give_up, p: 0.2}}], {A}}}
    - {{id: upset, name: Upset, actor: w, emotion: -2, next: form, {A}}}
    - {{id: form, name: Form, actor: w, pain_points: [too long, unclear], next: redo}}
    - {{id: redo, name: Check, actor: o, next: [{{to: form, p: 0.5}}, {{to: done, p: 0.5}}], {A}}}
    - {{id: done, name: Done, actor: o, outcome: success}}
    - {{id: give_up, name: Gave up, actor: w, outcome: abandoned}}
""", start="queue")


def scores(ranked):
    return [(j.step, round(j.score, 6)) for j in ranked]


def test_hand_made_ranking_with_default_weights():
    ranked = rank_junctures([parse_journey(HAND_MADE)])
    assert scores(ranked) == [("queue", 2.0), ("upset", 0.8), ("fork", 0.6), ("form", round(0.8 * 2 / 3, 6))]
    fork = ranked[2]
    lost = next(f for f in fork.factors if f.name == "lost")
    assert lost.value == pytest.approx(0.2)
    assert lost.detail == "20.0 % of journeys take a turn for the worse here (towards 'give_up', which fails 100 % of the time)"
    assert [f.name for f in fork.main_factors] == ["lost"]


def test_changing_a_weight_changes_the_order_as_expected():
    ranked = rank_junctures([parse_journey(HAND_MADE)], weights={"waiting": 0.1, "lost": 10})
    assert scores(ranked) == [("fork", 2.0), ("upset", 0.8), ("form", round(0.8 * 2 / 3, 6)), ("queue", 0.1)]


def test_knowledge_gap_and_unreliable_information_come_from_the_survey(tmp_path):
    data = small_data(tmp_path)
    text = HAND_MADE.replace("start: queue\n", "start: queue\nbenefit: sickness\ninformed_by: [employer, friends]\n")
    ranked = rank_junctures([parse_journey(text)], data, weights={"lost": 0, "waiting": 0, "emotion": 0, "pain_points": 0})
    by_step = {j.step: j for j in ranked}
    # every step here is customer-facing (the worker's own, or the front office's touchpoints), each weighted by
    # its reach: queue and fork 1, upset, form, redo and done 0.8, give_up 0.2; awareness 0.25, reliability 0.4 / 0.2
    per_reach = 1.5 * 0.75 + 1.5 * (0.6 + 0.8) / 2
    reach = {"queue": 1, "fork": 1, "upset": 0.8, "form": 0.8, "redo": 0.8, "done": 0.8, "give_up": 0.2}
    assert {s: round(j.score, 9) for s, j in by_step.items()} == {s: round(r * per_reach, 9) for s, r in reach.items()}
    k = next(f for f in by_step["fork"].factors if f.name == "knowledge_gap")
    assert k.detail == "only 25 % of workers know the sickness benefit" and k.evidence == "reported"
    channels = [c.channel for c in by_step["fork"].channels]
    assert channels[:2] == ["digital_info_pack", "radio_social_media"]


def test_bad_weights_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="unknown factor 'wait'; expected one of lost, waiting, emotion"):
        check_weights({"wait": 1})
    with pytest.raises(ValueError, match="the weight of 'lost' must be a number >= 0, got -1"):
        check_weights({"lost": -1})
    assert check_weights(None) == DEFAULT_WEIGHTS


def small_data(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "sources.yaml").write_text("- {id: s, title: A survey}\n")
    (d / "personas.yaml").write_text("- {id: bopha, name: Bopha, role: worker, channels: [employer]}\n")
    (d / "survey.yaml").write_text(
        "awareness:\n  sickness: {value: 0.25, unit: share, year: 2017, source: s, evidence: reported}\n"
        "coverage:\n  eligible_wage_workers: {value: 1000, unit: workers, year: 2017, source: s}\n"
        "  covered_members: {value: 400, unit: workers, year: 2017, source: s}\n"
        "information_sources:\n  employer: {value: 0.82, unit: share, source: s}\n"
        "information_reliability:\n  employer: {value: 0.4, unit: p, source: 'assumption: x'}\n"
        "  friends: {value: 0.2, unit: p, source: 'assumption: x'}\n")
    (d / "funnel.yaml").write_text(
        "take_up:\n  claim_if_aware: {value: 1.0, unit: share, source: 'assumption: x'}\n"
        "need_per_member_year:\n  sickness: {value: 0.1, unit: claims, source: 'assumption: x'}\n")
    return load_data(d)


def test_bundled_junctures_put_failing_and_waiting_steps_first():
    from nssf_journey import load_journeys
    from conftest import ROOT

    data = load_data(ROOT / "data")
    ranked = rank_junctures(load_journeys([ROOT / "journeys"]), data)
    assert len(ranked) > 20
    assert ranked == sorted(ranked, key=lambda j: -j.score)
    # every factor shown is backed by numbers and a weight from the defaults
    for j in ranked[:10]:
        assert {f.name for f in j.factors} == set(DEFAULT_WEIGHTS)
        assert j.score == pytest.approx(sum(f.value * DEFAULT_WEIGHTS[f.name] for f in j.factors))
        assert j.channels, j.step


def test_life_waits_are_not_counted_as_waiting_to_fix():
    text = HAND_MADE.replace("- {id: queue, name: Queue, actor: o, wait: 60,", "- {id: queue, name: Queue, actor: o, wait: 60, wait_reason: life,")
    ranked = rank_junctures([parse_journey(text)])
    assert "queue" not in [j.step for j in ranked]
    text = HAND_MADE.replace("- {id: queue, name: Queue, actor: o, wait: 60,", "- {id: queue, name: Queue, actor: o, wait: 60, wait_reason: customer,")
    [queue] = [j for j in rank_junctures([parse_journey(text)]) if j.step == "queue"]
    assert queue.score == pytest.approx(2.0)
    assert queue.factors[1].detail == "100.0 % of the journey's avoidable waiting time (the customer's own delay: not knowing, preparing)"
