"""The exact analysis equals brute-force enumeration of every path on random acyclic journeys."""

from __future__ import annotations

import json
import math
import random

import pytest

from nssf_journey import analyze, parse_journey


def random_acyclic_journey(seed: int) -> tuple[str, dict]:
    rng = random.Random(seed)
    inner = rng.randint(2, 9)
    terminals = rng.randint(1, 3)
    n = inner + terminals
    actors = ["w", "o", "b"]
    outcome_names = ["success", "rejected", "abandoned"]
    steps = []
    succ: dict[int, list[tuple[int, float]]] = {}
    for i in range(n):
        step = {"id": f"s{i}", "name": f"Step {i}", "actor": rng.choice(actors), "source": "assumption: test"}
        kind = rng.choice(["fixed", "uniform", "triangular", "lognormal"])
        if kind == "fixed":
            step["duration"] = rng.randint(0, 50)
        elif kind == "uniform":
            lo = rng.randint(0, 20)
            step["duration"] = {"dist": "uniform", "min": lo, "max": lo + rng.randint(1, 30)}
        elif kind == "triangular":
            lo = rng.randint(0, 20)
            step["duration"] = {"dist": "triangular", "min": lo, "mode": lo + 5, "max": lo + 20}
        else:
            step["duration"] = {"dist": "lognormal", "mean": rng.randint(5, 40), "sd": rng.randint(1, 30)}
        if rng.random() < 0.5:
            step["wait"] = rng.randint(0, 100)
        if rng.random() < 0.3:
            step["cost"] = rng.randint(1, 5)
        if i < inner:
            if i == inner - 1:
                targets = list(range(inner, n))
            else:
                targets = sorted({i + 1, *rng.sample(range(i + 1, n), k=min(rng.randint(0, 2), n - i - 1))})
            raw = [rng.randint(1, 9) for _ in targets]
            probs = [r / sum(raw) for r in raw]
            probs[-1] = 1.0 - sum(probs[:-1])
            succ[i] = list(zip(targets, probs))
            step["next"] = [{"to": f"s{t}", "p": p} for t, p in succ[i]] if len(targets) > 1 else f"s{targets[0]}"
        else:
            step["outcome"] = outcome_names[(i - inner) % 3]
        steps.append(step)
    doc = {
        "journey": "random",
        "title": "Random",
        "actors": [{"id": a, "name": a.upper(), "lane": "customer"} for a in actors],
        "start": "s0",
        "steps": steps,
    }
    return json.dumps(doc), {"succ": succ, "n": n}


def enumerate_paths(succ: dict[int, list[tuple[int, float]]], start: int = 0):
    stack = [([start], 1.0)]
    while stack:
        path, p = stack.pop()
        last = path[-1]
        if last not in succ:
            yield path, p
            continue
        for t, q in succ[last]:
            stack.append((path + [t], p * q))


@pytest.mark.parametrize("seed", range(60))
def test_exact_analysis_equals_path_enumeration(seed):
    text, info = random_acyclic_journey(seed)
    j = parse_journey(text, "random.json")  # JSON is YAML
    a = analyze(j)
    steps = j.steps
    mean_t = [s.wait.mean + s.duration.mean for s in steps]
    var_t = [s.wait.variance + s.duration.variance for s in steps]
    lead = second = handoffs = cost = 0.0
    visits = [0.0] * len(steps)
    outcome_p: dict[str, float] = {}
    outcome_t: dict[str, float] = {}
    best_p = -1.0
    longest = -1.0
    for path, p in enumerate_paths(info["succ"]):
        t = sum(mean_t[i] for i in path)
        v = sum(var_t[i] for i in path)
        lead += p * t
        second += p * (v + t * t)
        cost += p * sum(steps[i].cost for i in path)
        handoffs += p * sum(steps[x].actor != steps[y].actor for x, y in zip(path, path[1:]))
        for i in path:
            visits[i] += p
        o = steps[path[-1]].outcome
        outcome_p[o] = outcome_p.get(o, 0.0) + p
        outcome_t[o] = outcome_t.get(o, 0.0) + p * t
        if p > best_p + 1e-12:
            best_p = p
        if t > longest + 1e-9:
            longest = t
    assert a.lead_time_mean == pytest.approx(lead, rel=1e-9, abs=1e-9)
    assert a.lead_time_sd == pytest.approx(math.sqrt(max(second - lead * lead, 0)), rel=1e-6, abs=1e-6)
    assert a.customer_cost == pytest.approx(cost, rel=1e-9, abs=1e-12)
    assert a.handoffs == pytest.approx(handoffs, rel=1e-9, abs=1e-12)
    for i, s in enumerate(steps):
        assert a.step(s.id).expected_visits == pytest.approx(visits[i], rel=1e-9, abs=1e-12)
        # in an acyclic journey a step is visited at most once, so visits equal reach probability
        assert a.step(s.id).reach_probability == pytest.approx(visits[i], rel=1e-9, abs=1e-12)
    probs = a.outcome_probabilities()
    assert set(probs) == set(outcome_p)
    for o, p in outcome_p.items():
        assert probs[o] == pytest.approx(p, rel=1e-9)
        got = next(x for x in a.outcomes if x.outcome == o)
        assert got.lead_time_mean == pytest.approx(outcome_t[o] / p, rel=1e-9, abs=1e-9)
    assert a.most_likely_path_probability == pytest.approx(best_p, rel=1e-9)
    assert math.prod(
        dict(info["succ"][int(x[1:])])[int(y[1:])] for x, y in zip(a.most_likely_path, a.most_likely_path[1:])
    ) == pytest.approx(best_p, rel=1e-9)
    assert a.critical_path_time == pytest.approx(longest, rel=1e-9)
    assert sum(mean_t[int(s[1:])] for s in a.critical_path) == pytest.approx(longest, rel=1e-9)
    assert a.loops == ()
