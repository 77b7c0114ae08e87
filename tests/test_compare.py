"""Comparing redesigns: known deltas, exact zero for a journey against itself, paired intervals."""

from __future__ import annotations

import pytest

from nssf_journey import load_journey, load_journeys, parse_journey
from nssf_journey.compare import compare_journeys, time_by_party
from nssf_journey.compare.paired import simulate_cases
from nssf_journey.compare.structure import structural_diff
from nssf_journey.loading.data import load_data
from conftest import ROOT, journey_text

A = 'source: "assumption: t"'
BASE = journey_text(f"""
    - {{id: a, name: Fill form, actor: w, duration: 20, next: b, {A}}}
    - {{id: b, name: Queue at counter, actor: o, channel: in_person, wait: 60, duration: 10, cost: 2, next: [{{to: ok, p: 0.8}}, {{to: a, p: 0.2}}], {A}}}
    - {{id: ok, name: Done, actor: o, outcome: success}}
""")
# the redesign submits online: no queue, no trip, and fewer returns
ONLINE = journey_text(f"""
    - {{id: a, name: Fill form, actor: w, duration: 20, next: b, {A}}}
    - {{id: b, name: Submit online, actor: o, channel: online, duration: 2, next: [{{to: ok, p: 0.95}}, {{to: a, p: 0.05}}], {A}}}
    - {{id: ok, name: Done, actor: o, outcome: success}}
""")


def test_known_deltas_on_a_small_journey():
    c = compare_journeys(parse_journey(BASE), parse_journey(ONLINE), cases=20_000, seed=3)
    # as-is: 1/0.8 = 1.25 rounds of 90 min; redesign: 1/0.95 rounds of 22 min
    assert c.exact["lead_time"].before == pytest.approx(1.25 * 90)
    assert c.exact["lead_time"].after == pytest.approx(22 / 0.95)
    assert c.exact["lead_time"].delta == pytest.approx(22 / 0.95 - 112.5)
    assert c.exact["in_person_visits"].delta == pytest.approx(-1.25)
    assert c.exact["cost"].delta == pytest.approx(-2.5)
    lo, hi = c.simulated["lead_time"].ci95
    assert lo <= c.exact["lead_time"].delta <= hi
    assert hi - lo < 2.0  # common random numbers make the paired interval narrow
    # whose time: the customer fills the form and attends the counter; NSSF staff serve at the counter
    assert c.time_before == pytest.approx({"customer": 1.25 * 30, "nssf_staff": 1.25 * 10, "partner": 0})
    assert c.time_after == pytest.approx({"customer": 20 / 0.95, "nssf_staff": 2 / 0.95, "partner": 0})
    d = structural_diff(c.base, c.redesign)
    assert (d.added, d.removed) == ((), ())
    assert {(x.step, x.field) for x in d.changed} == {("b", "channel"), ("b", "duration"), ("b", "wait"), ("b", "cost"),
                                                      ("b", "in_person"), ("b", "next")}


def test_comparing_a_journey_with_itself_gives_exactly_zero():
    j = parse_journey(BASE)
    c = compare_journeys(j, j, cases=5_000, seed=11)
    assert all(d.delta == 0.0 for d in c.exact.values())
    assert all(d.delta == 0.0 and d.ci95 == (0.0, 0.0) for d in c.simulated.values())
    assert structural_diff(j, j).is_empty


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_paired_simulation_agrees_with_the_exact_deltas_on_the_bundled_redesigns(seed):
    for red in load_journeys([ROOT / "journeys" / "redesign"]):
        base = load_journey(ROOT / "journeys" / f"{red.redesign_of}.yaml")
        c = compare_journeys(base, red, cases=20_000, seed=seed)
        for metric in ("lead_time", "in_person_visits", "cost"):
            exact = c.exact[metric].delta
            sim = c.simulated[metric]
            half = (sim.ci95[1] - sim.ci95[0]) / 2
            # within 4 half-widths of a 95 % interval: fails only if the engine is wrong, not by chance
            assert abs(sim.delta - exact) <= 4 * half + 1e-9, (red.id, metric, sim.delta, exact, half)


def test_same_seed_same_numbers_and_new_seed_new_numbers():
    j = parse_journey(BASE)
    a, b, c = (simulate_cases(j, 1000, seed=s) for s in (5, 5, 6))
    assert (a.lead_time == b.lead_time).all()
    assert not (a.lead_time == c.lead_time).all()


def test_national_savings_multiply_per_case_savings_by_the_scale_figures():
    data = load_data(ROOT / "data")
    red = load_journey(ROOT / "journeys" / "redesign" / "contribution_payment_online.yaml")
    base = load_journey(ROOT / "journeys" / "contribution_payment.yaml")
    c = compare_journeys(base, red, cases=0, data=data)
    assert c.simulated is None
    visits = next(s for s in c.national.savings if s.what == "in-person visits")
    assert visits.per_case == pytest.approx(c.exact["in_person_visits"].before)  # no visit left online
    assert visits.per_customer_year == pytest.approx(12 * visits.per_case)
    assert visits.national_year == pytest.approx(14_352 * 12 * visits.per_case)
    assert "nssf-facts" in c.national.assumptions[0]


def test_time_by_party_counts_in_person_steps_for_the_customer():
    from nssf_journey import analyze

    t = time_by_party(analyze(parse_journey(BASE)))
    assert t["customer"] == pytest.approx(1.25 * (20 + 10))
