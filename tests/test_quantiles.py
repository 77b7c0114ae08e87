"""The compact quantile distribution: exact mean and variance, sampling, and its YAML form."""

from __future__ import annotations

import numpy as np
import pytest

from nssf_journey.distributions import Quantiles
from nssf_journey.loading.loader import check_journey_text

from conftest import journey_text

CASES = [
    Quantiles((0.0, 0.5, 0.9, 1.0), (0.0, 0.0, 100.0, 400.0), 70.0),   # half wait nothing, then a long tail
    Quantiles((0.0, 0.25, 0.5, 0.75, 1.0), (1.0, 2.0, 4.0, 8.0, 16.0)),  # no mean: straight lines
    Quantiles((0.0, 0.5, 1.0), (1.0, 2.0, 10.0), 1.5),                   # mean at the bottom of its range: shape > 1
    Quantiles((0.0, 0.5, 1.0), (1.0, 2.0, 10.0), 6.0),                   # near the top: shape < 1
    Quantiles((0.0, 0.5, 1.0), (0.0, 2.0, 10.0), 1.0),                   # every case at the bottom of its interval
]


@pytest.mark.parametrize("d", CASES)
def test_mean_and_variance_equal_the_integral_of_the_quantile_function(d: Quantiles) -> None:
    u = (np.arange(2_000_000) + 0.5) / 2_000_000  # midpoint rule on [0, 1]
    x = d.ppf(u)
    assert d.mean == pytest.approx(x.mean(), rel=1e-4, abs=1e-9)
    assert d.variance == pytest.approx(x.var(), rel=1e-3, abs=1e-9)
    if d.mean_value is not None:
        assert d.mean == pytest.approx(d.mean_value, rel=1e-12)


@pytest.mark.parametrize("d", CASES)
def test_both_samplers_draw_the_distribution(d: Quantiles) -> None:
    for draw in (d.sample, d.sample32):
        x = draw(np.random.default_rng(4), 400_000).astype(float)
        assert abs(x.mean() - d.mean) < 5 * d.sd / np.sqrt(x.size) + 1e-6
        lo, hi = d.support
        assert x.min() >= lo - 1e-4 and x.max() <= hi * (1 + 1e-6) + 1e-6


def test_point_mass_of_equal_quantiles() -> None:
    d = CASES[0]
    x = d.sample(np.random.default_rng(1), 100_000)
    assert (x == 0).mean() == pytest.approx(0.5, abs=0.01)


def test_quantiles_from_yaml_in_the_journeys_unit() -> None:
    text = journey_text("""
    - {id: a, name: A, actor: w, source: "assumption: t", next: b,
       wait: {dist: quantiles, unit: days, p: [0, 0.5, 0.9, 1], values: [0, 0, 1, 4], mean: 0.7}}
    - {id: b, name: B, actor: w, outcome: success}
    """)
    journey, problems = check_journey_text(text, "x.yaml")
    assert problems == []
    wait = journey.step("a").wait
    assert isinstance(wait, Quantiles)
    assert wait.mean == pytest.approx(0.7 * 1440) and wait.values[-1] == 4 * 1440


@pytest.mark.parametrize("params, message", [
    ("p: [0, 0.5, 1], values: [0, 1, 4], mean: 9",
     "bad quantiles distribution: mean must lie between 0.5 and 2.5 for these quantiles, got 9"),
    ("p: [0, 0.5], values: [0, 1]", "bad quantiles distribution: p must start at 0 and end at 1, got 0 ... 0.5"),
    ("p: [0, 0.5, 1], values: [0, 3, 1]",
     "bad quantiles distribution: values must not decrease (a quantile is never below the one before it)"),
    ("p: [0, 1], values: [0, 1, 2]", "bad quantiles distribution: p and values must have the same length, got 2 and 3"),
])
def test_bad_quantiles_are_located_errors(params: str, message: str) -> None:
    text = journey_text(f"""
    - {{id: a, name: A, actor: w, source: "assumption: t", next: b, wait: {{dist: quantiles, {params}}}}}
    - {{id: b, name: B, actor: w, outcome: success}}
    """)
    _, problems = check_journey_text(text, "x.yaml")
    assert [p.message for p in problems] == [message]
    assert problems[0].path == "steps[0].wait"


def test_json_schema_accepts_quantiles_and_branch_waits() -> None:
    import jsonschema

    from nssf_journey.loading.format import json_schema

    doc = {"journey": "t", "title": "T", "actors": [{"id": "w", "name": "W", "lane": "customer"}], "start": "a",
           "steps": [{"id": "a", "name": "A", "actor": "w",
                      "next": [{"to": "b", "p": 1, "wait": {"dist": "quantiles", "p": [0, 1], "values": [0, 2],
                                                            "mean": 1}}]},
                     {"id": "b", "name": "B", "actor": "w", "outcome": "success"}]}
    jsonschema.validate(doc, json_schema())
    doc["steps"][0]["next"][0]["wait"]["quantiles"] = [1]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, json_schema())
