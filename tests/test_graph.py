"""The journey as a networkx graph, and the graph algorithms of the analysis, against networkx and by hand."""

from __future__ import annotations

import contextlib
import io
import math
import random
import re

import networkx as nx
import numpy as np
import pytest

from nssf_journey import analyze, journey_graph, load_journey, load_journeys, loop_edges, parse_journey
from nssf_journey.analysis import chain, graph
from nssf_journey.analysis.graph import (critical_path, most_likely_path, step_graph, steps_on_a_cycle,
                                         strongly_connected)
from conftest import ROOT, journey_text

S = 'source: "assumption: test"'
BUNDLED = load_journeys([str(ROOT / "journeys")])


def test_journey_graph_has_every_step_and_branch_with_its_attributes():
    j = load_journey(ROOT / "journeys" / "contribution_payment.yaml")
    g = journey_graph(j)
    assert list(g.nodes) == [s.id for s in j.steps]
    assert sorted(g.edges(data="p")) == sorted((s.id, b.to, b.p) for s in j.steps for b in s.next)
    assert g.graph == {"journey": "contribution_payment", "title": j.title, "start": "compute",
                       "time_unit": j.time_unit}
    for s in j.steps:
        node = g.nodes[s.id]
        assert node["step"] is s
        assert (node["name"], node["actor"], node["outcome"]) == (s.name, s.actor, s.outcome)
        assert node["lane"] == j.actor_by_id[s.actor].lane
        assert node["mean_time"] == s.wait.mean + s.duration.mean
    # hand-checked from the file: the bank sends 3 % of payments back to be computed again
    assert g.edges["pay_at_bank", "compute"]["p"] == 0.03
    assert g.nodes["payslip_accepted"]["outcome"] == "success"
    for node in g:  # branches out of a step that goes on sum to 1
        if g.out_degree(node):
            assert sum(p for _, _, p in g.out_edges(node, data="p")) == pytest.approx(1)


@pytest.mark.parametrize("j", BUNDLED, ids=lambda j: j.id)
def test_networkx_algorithms_on_the_bundled_journeys_agree_with_the_analysis(j):
    g = journey_graph(j)
    a = analyze(j)
    loops = loop_edges(j)
    assert tuple(loops) == a.loops
    # every cycle goes through a loop edge; without them the journey is acyclic
    for cycle in nx.simple_cycles(g):
        assert any((u, v) in loops for u, v in zip(cycle, cycle[1:] + cycle[:1])), cycle
    dag = g.copy()
    dag.remove_edges_from(loops)
    assert nx.is_directed_acyclic_graph(dag)
    # the critical path is the longest way to an outcome in the acyclic rest (node weights: mean minutes)
    for u, v in dag.edges:
        dag.edges[u, v]["minutes"] = dag.nodes[v]["mean_time"]
    outcomes = [s for s, o in g.nodes(data="outcome") if o]
    to_outcome = dag.subgraph(set(outcomes).union(*(nx.ancestors(dag, s) for s in outcomes)))
    longest = g.nodes[j.start]["mean_time"] + nx.dag_longest_path_length(to_outcome, weight="minutes")
    assert a.critical_path_time == pytest.approx(longest, rel=1e-12)
    assert sum(g.nodes[s]["mean_time"] for s in a.critical_path) == pytest.approx(longest, rel=1e-12)
    assert g.nodes[a.critical_path[-1]]["outcome"] is not None
    # the most likely path is the shortest path on -log p to the likeliest outcome step
    for u, v, p in g.edges(data="p"):
        g.edges[u, v]["cost"] = -math.log(p)
    cost = nx.single_source_dijkstra_path_length(g, j.start, weight="cost")
    best = min(cost[s] for s in outcomes if s in cost)
    assert a.most_likely_path_probability == pytest.approx(math.exp(-best), rel=1e-12)
    assert math.prod(g.edges[u, v]["p"] for u, v in zip(a.most_likely_path, a.most_likely_path[1:])) == \
        pytest.approx(a.most_likely_path_probability, rel=1e-12)
    # strongly connected components: the same as networkx's
    index = {s.id: i for i, s in enumerate(j.steps)}
    succ = [[index[b.to] for b in s.next] for s in j.steps]
    ours = {frozenset(j.steps[i].id for i in c) for c in strongly_connected(succ)}
    assert ours == {frozenset(c) for c in nx.strongly_connected_components(g)}


def test_readme_networkx_example_prints_what_the_readme_says(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Your own graph analysis with networkx")
    section = readme[start:readme.index("\n## ", start + 1)]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    printed = re.search(r"It prints:\n\n```text\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue() == printed


def test_loops_are_back_edges_of_a_search_in_file_order():
    # a -> b -> c -> d; d -> b and c -> a. In file order the search goes a, b, c (c -> a is back), d (d -> b back).
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, next: b}}
        - {{id: b, name: B, actor: w, next: c}}
        - {{id: c, name: C, actor: w, next: [{{to: a, p: 0.1}}, {{to: d, p: 0.9}}], {S}}}
        - {{id: d, name: D, actor: w, next: [{{to: b, p: 0.2}}, {{to: e, p: 0.8}}], {S}}}
        - {{id: e, name: E, actor: w, outcome: success}}
    """))
    assert loop_edges(j) == [("c", "a"), ("d", "b")]
    # listing the branches of a the other way round changes nothing here, but a step listed first is searched
    # first: from x, y comes before z, so z -> y is a cross edge, not a loop
    j = parse_journey(journey_text(f"""
        - {{id: x, name: X, actor: w, next: [{{to: y, p: 0.5}}, {{to: z, p: 0.5}}], {S}}}
        - {{id: y, name: Y, actor: w, next: e}}
        - {{id: z, name: Z, actor: w, next: y}}
        - {{id: e, name: E, actor: w, outcome: success}}
    """, start="x"))
    assert loop_edges(j) == []


def test_most_likely_path_ties_go_to_the_outcome_listed_first_and_the_way_reached_first():
    # two outcomes with probability 0.5 each: the first in the file wins, wherever its branch is listed
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, next: [{{to: late, p: 0.5}}, {{to: early, p: 0.5}}], {S}}}
        - {{id: early, name: Early, actor: w, outcome: success}}
        - {{id: late, name: Late, actor: w, outcome: rejected}}
    """))
    assert most_likely_path(j) == (["a", "early"], 0.5)
    # a diamond: b and c are equally likely ways to d; b is listed first
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, next: [{{to: b, p: 0.5}}, {{to: c, p: 0.5}}], {S}}}
        - {{id: b, name: B, actor: w, next: d}}
        - {{id: c, name: C, actor: w, next: d}}
        - {{id: d, name: D, actor: w, outcome: success}}
    """))
    assert most_likely_path(j) == (["a", "b", "d"], 0.5)


def test_most_likely_path_when_no_success_can_be_reached():
    j = parse_journey(journey_text("""
        - {id: a, name: A, actor: w, next: b}
        - {id: b, name: B, actor: w, outcome: rejected}
    """))
    assert most_likely_path(j, success_only=True) == ([], 0.0)
    assert most_likely_path(j) == (["a", "b"], 1.0)


def test_critical_path_takes_the_branch_listed_first_among_equally_long_ones():
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 5, next: [{{to: c, p: 0.5}}, {{to: b, p: 0.5}}], {S}}}
        - {{id: b, name: B, actor: w, duration: 10, next: d, {S}}}
        - {{id: c, name: C, actor: w, duration: 10, next: d, {S}}}
        - {{id: d, name: D, actor: w, outcome: success}}
    """))
    assert critical_path(j) == (["a", "c", "d"], 15.0)
    # told which edges are loops, it leaves exactly those out
    assert critical_path(j, loops=[("a", "c")]) == (["a", "b", "d"], 15.0)


def test_critical_path_is_empty_when_only_loops_lead_to_an_outcome():
    j = parse_journey(journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 5, next: b, {S}}}
        - {{id: b, name: B, actor: w, duration: 5, next: [{{to: a, p: 0.5}}, {{to: c, p: 0.5}}], {S}}}
        - {{id: c, name: C, actor: w, outcome: success}}
    """))
    assert critical_path(j) == (["a", "b", "c"], 10.0)
    assert critical_path(j, loops=[("b", "c")]) == ([], 0.0)


def random_journey(seed: int, n: int) -> str:
    """A random valid journey of ``n`` steps: a chain with random extra branches (back and ahead) and exits."""
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        targets = {f"s{i + 1}" if i + 1 < n else "done"}
        for _ in range(rng.randint(0, 2)):
            targets.add(f"s{rng.randrange(0, n)}")
        if rng.random() < 0.2:
            targets.add(rng.choice(["done", "failed"]))
        targets = sorted(targets)
        probs = [rng.choice([1, 1, 2, 3]) for _ in targets]  # small integers: ties on purpose
        total = sum(probs)
        branches = ", ".join(f"{{to: {t}, p: {p / total!r}}}" for t, p in zip(targets, probs))
        lines.append(f"- {{id: s{i}, name: S{i}, actor: {'wo'[i % 2]}, duration: {rng.randint(0, 3)}, "
                     f"next: [{branches}], {S}}}")
    lines += ["- {id: done, name: Done, actor: w, outcome: success}",
              "- {id: failed, name: Failed, actor: o, outcome: rejected}"]
    return journey_text("\n".join(lines), start="s0")


@pytest.mark.parametrize("seed", range(25))
def test_compiled_and_python_searches_agree(monkeypatch, seed):
    # The same journey, searched by SciPy's compiled routines and by the Python ones for small journeys.
    j = parse_journey(random_journey(seed, 60))
    g = step_graph(j)
    monkeypatch.setattr(graph, "SMALL", 10**9)
    python = (steps_on_a_cycle(g).tolist(), most_likely_path(j), most_likely_path(j, success_only=True))
    monkeypatch.setattr(graph, "SMALL", 0)
    compiled = (steps_on_a_cycle(g).tolist(), most_likely_path(j), most_likely_path(j, success_only=True))
    assert compiled == python
    # and both agree with networkx
    nxg = journey_graph(j)
    cyclic = {v for c in nx.strongly_connected_components(nxg) for v in c if len(c) > 1 or nxg.has_edge(v, v)}
    assert python[0] == [s.id in cyclic for s in j.steps]
    for u, v, p in nxg.edges(data="p"):
        nxg.edges[u, v]["cost"] = -math.log(p)
    cost = nx.single_source_dijkstra_path_length(nxg, "s0", weight="cost")
    assert python[1][1] == pytest.approx(math.exp(-min(cost[e] for e in ("done", "failed") if e in cost)))


def test_strongly_connected_matches_networkx_on_random_graphs():
    rng = random.Random(5)
    for _ in range(30):
        n = rng.randint(1, 40)
        succ = [sorted({rng.randrange(n) for _ in range(rng.randint(0, 3))}) for _ in range(n)]
        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        g.add_edges_from((v, w) for v, ws in enumerate(succ) for w in ws)
        assert sorted(map(sorted, strongly_connected(succ))) == sorted(map(sorted, nx.strongly_connected_components(g)))


@pytest.mark.parametrize("seed", range(10))
def test_sparse_analysis_equals_the_dense_one(monkeypatch, seed):
    # The large-journey path (sparse LU, selected inversion, compiled searches) against the small-journey path
    # (dense inverse, Python searches) on the same journey.
    j = parse_journey(random_journey(seed, 150))
    monkeypatch.setattr(chain, "DENSE_LIMIT", 10**9)
    monkeypatch.setattr(graph, "SMALL", 10**9)
    dense = analyze(j).to_dict()
    monkeypatch.setattr(chain, "DENSE_LIMIT", 0)
    monkeypatch.setattr(graph, "SMALL", 0)
    sparse = analyze(j).to_dict()
    assert sparse.keys() == dense.keys()
    for key in ("most_likely_path", "critical_path", "loops", "steps"):
        assert sparse[key] == dense[key], key
    assert sparse["outcomes"] == pytest.approx(dense["outcomes"], rel=1e-9)
    for key in ("lead_time", "expected_steps", "expected_distinct_steps", "handoffs", "success_probability",
                "most_likely_path_probability", "critical_path_time"):
        assert sparse[key] == pytest.approx(dense[key], rel=1e-9), key
    for sid, row in dense["per_step"].items():
        for field in ("expected_visits", "reach_probability", "success_probability"):
            assert sparse["per_step"][sid][field] == pytest.approx(row[field], rel=1e-9, abs=1e-15), (sid, field)
    for o, row in dense["per_outcome"].items():
        assert sparse["per_outcome"][o]["lead_time"]["mean"] == pytest.approx(row["lead_time"]["mean"], rel=1e-9)


def test_reach_probability_inside_a_large_loop_by_hand(monkeypatch):
    # a ring of 500 steps; at the last one a case goes round again with probability r, else ends. A side step x
    # off step 0 is taken with probability s each time round: P(reach x) = 1 - P(never) with
    # P(never) = sum_k ((1 - s) r)^k (1 - s)(1 - r) = (1 - s)(1 - r) / (1 - (1 - s) r).
    r, s, n = 0.6, 0.1, 500
    steps = [f"- {{id: s0, name: S0, actor: w, next: [{{to: s1, p: {1 - s!r}}}, {{to: x, p: {s!r}}}], {S}}}",
             "- {id: x, name: X, actor: o, next: s1}"]
    steps += [f"- {{id: s{i}, name: S{i}, actor: w, next: s{i + 1}}}" for i in range(1, n - 1)]
    steps += [f"- {{id: s{n - 1}, name: Last, actor: w, next: [{{to: s0, p: {r!r}}}, {{to: done, p: {1 - r!r}}}], {S}}}",
              "- {id: done, name: Done, actor: w, outcome: success}"]
    j = parse_journey(journey_text("\n".join(steps), start="s0"))
    a = analyze(j)
    assert len(j.steps) > chain.DENSE_LIMIT  # the sparse path
    never = (1 - s) * (1 - r) / (1 - (1 - s) * r)
    assert a.step("x").reach_probability == pytest.approx(1 - never, rel=1e-12)
    assert a.step("x").expected_visits == pytest.approx(s / (1 - r), rel=1e-12)
    assert a.step("s7").reach_probability == pytest.approx(1.0, rel=1e-12)
    assert a.step("s7").expected_visits == pytest.approx(1 / (1 - r), rel=1e-12)
    assert a.expected_distinct_steps == pytest.approx(n + 1 + (1 - never), rel=1e-12)
    assert np.isclose(a.lead_time_mean, 0.0)


def test_small_journeys_are_analysed_without_importing_scipy_and_large_ones_with_it(tmp_path):
    # Start-up: the dense path for small journeys spares the import of SciPy (a tenth of a second).
    import subprocess
    import sys

    big = tmp_path / "big.yaml"
    steps = [f"- {{id: s{i}, name: S{i}, actor: w, next: [{{to: s{i + 1}, p: 0.999}}, {{to: s0, p: 0.001}}], {S}}}"
             for i in range(chain.DENSE_LIMIT)]
    steps.append(f"- {{id: s{chain.DENSE_LIMIT}, name: End, actor: w, outcome: success}}")
    big.write_text(journey_text("\n".join(steps), start="s0"), encoding="utf-8")
    code = ("import sys; from nssf_journey import analyze, load_journey; a = analyze(load_journey(sys.argv[1]));"
            " print(any(m.split('.')[0] == 'scipy' for m in sys.modules), round(a.step(a.journey.start).reach_probability, 12))")
    small = subprocess.run([sys.executable, "-c", code, str(ROOT / "journeys" / "contribution_payment.yaml")],
                           capture_output=True, text=True, check=True)
    assert small.stdout.split()[0] == "False"
    large = subprocess.run([sys.executable, "-c", code, str(big)], capture_output=True, text=True, check=True)
    assert large.stdout.split() == ["True", "1.0"]


def test_times_of_an_outcome_that_almost_never_happens_are_exact(monkeypatch):
    # 500 steps; after each a case gives up with probability 0.5. Success (probability 2^-500, about 3e-151)
    # needs every step once, so a successful case takes exactly the sum of all the steps' times.
    n = 500
    steps = [f"- {{id: s{i}, name: S{i}, actor: w, duration: {i % 7 + 1}, wait: {i % 3},"
             f" next: [{{to: s{i + 1}, p: 0.5}}, {{to: gave_up, p: 0.5}}], {S}}}" for i in range(n)]
    steps += [f"- {{id: s{n}, name: Paid, actor: w, outcome: success}}",
              "- {id: gave_up, name: Gave up, actor: w, outcome: abandoned}"]
    j = parse_journey(journey_text("\n".join(steps), start="s0"))
    for dense_limit in (10**9, 0):
        monkeypatch.setattr(chain, "DENSE_LIMIT", dense_limit)
        by = {o.outcome: o for o in analyze(j).outcomes}
        assert by["success"].probability == pytest.approx(0.5**n, rel=1e-12)
        assert by["success"].lead_time_mean == pytest.approx(sum(i % 7 + 1 + i % 3 for i in range(n)), rel=1e-12)
        assert by["success"].wait_time_mean == pytest.approx(sum(i % 3 for i in range(n)), rel=1e-12)
