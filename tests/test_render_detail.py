"""Folding rare steps and arcs of a process diagram (render --detail), on a generated journey with 99 arcs.

The journey is built so that what each detail level draws is known by construction: a main path of 14 steps
(branches of 94-95 %), 82 rare arcs of 1 % each (jumps forward and back, to 'gave up', to three exception steps),
and three exception steps: x0 reached by eight rare arcs (about 8 % of cases), x1 and x2 by two (about 2 %).
"""

from __future__ import annotations

import re
import shutil

import pytest
from typer.testing import CliRunner

from nssf_journey import analyze, parse_journey
from nssf_journey.cli import app
from nssf_journey.render.detail import fold
from nssf_journey.render.diagram import journey_dot, render_dot

def spaghetti_yaml() -> str:
    actors = [("worker", "customer"), ("employer", "customer"), ("desk", "frontstage"), ("office", "backstage")]
    main = [f"m{i}" for i in range(14)]
    extra = {1: "x0", 2: "x0", 3: "x0", 4: "x0", 5: "x0", 6: "x0", 7: "x0", 8: "x0", 9: "x1", 10: "x1", 11: "x2", 12: "x2"}
    lines = ["journey: spaghetti", "title: A journey discovered from a log, with 99 arcs", "actors:",
             *(f"  - {{id: {a}, name: {a.title()}, lane: {lane}}}" for a, lane in actors), "start: m0", "steps:"]
    for i, sid in enumerate(main):
        rare = [extra[i]] if i in extra else []
        if i in (3, 7, 13):
            rare.append("gave_up")
        k = 2
        while len(rare) < (6 if i < 12 else 5):
            j = (i + k) % 14
            k += 1
            if j not in (i, i + 1):
                rare.append(f"m{j}")
        nxt = main[i + 1] if i < 13 else "done"
        branches = [f"{{to: {nxt}, p: {1 - 0.01 * len(rare):.2f}}}"] + [f"{{to: {t}, p: 0.01}}" for t in rare]
        lines.append(f"  - {{id: {sid}, name: Step {i}, actor: {actors[i % 4][0]}, duration: 30, wait: {60 * (i % 3)},"
                     f" source: 'assumption: generated', next: [{', '.join(branches)}]}}")
    for x, back in (("x0", "m9"), ("x1", "m11"), ("x2", "m13")):
        lines.append(f"  - {{id: {x}, name: Exception {x}, actor: office, duration: 120, source: 'assumption: generated',"
                     f" next: {back}}}")
    lines += ["  - {id: done, name: Done, actor: office, outcome: success}",
              "  - {id: gave_up, name: Gave up, actor: worker, outcome: abandoned}"]
    return "\n".join(lines) + "\n"


SPAGHETTI = spaghetti_yaml()
EDGE = re.compile(r"^\s*n\d+ -> n\d+ ", re.M)  # step-to-step arcs (the start marker's arrow is not one)


def drawn(dot: str) -> tuple[int, int]:
    """Arcs and step nodes in DOT text."""
    return len(EDGE.findall(dot)), len(re.findall(r"^\s*n\d+ \[id=", dot, re.M))


def test_the_generated_journey_has_99_arcs_and_19_steps():
    j = parse_journey(SPAGHETTI)
    assert sum(len(s.next) for s in j.steps) == 99 and len(j.steps) == 19


@pytest.mark.parametrize("detail, arcs, steps", [
    ("full", 99, 19),
    (0.005, 99, 19),   # every arc is taken by about 1 % of cases: above 0.5 %
    ("common", 16, 16),  # the 14 arcs of the main path, x0's arc back, and x0's most frequent arc in
    ("auto", 16, 16),  # 99 arcs is more than 40: common
    (0.5, 14, 15),     # x0 (8 % of cases) is folded too
])
def test_each_detail_level_draws_what_the_construction_says(detail, arcs, steps):
    assert drawn(journey_dot(parse_journey(SPAGHETTI), detail=detail)) == (arcs, steps)


def test_the_diagram_says_what_was_folded():
    j = parse_journey(SPAGHETTI)
    f = fold(j, analyze(j), "common")
    assert f.folded_steps == ("x1", "x2", "gave_up")
    assert len(f.folded_arcs) == 83 and ("m9", "x1") in f.folded_arcs and ("m0", "m1") not in f.folded_arcs
    # x0 is reached only by rare arcs; the most frequent of them is kept so that it stays connected
    into_x0 = [a for a in f.arcs if a[1] == "x0"]
    assert len(into_x0) == 1 and ("x0", "m9") in f.arcs
    # x1 and x2 take 2 h once in 2 % of cases; the lead time is the main path plus the rare detours
    a = analyze(j)
    assert f.folded_lead_time_share == pytest.approx(sum(a.step(s).share_of_lead_time for s in ("x1", "x2")))
    note = ("Folded: 3 steps and 83 arcs that fewer than 5 % of cases take (they hold "
            f"{100 * f.folded_lead_time_share:.1f} % of the expected lead time).")
    assert f.note() == note
    assert note in journey_dot(j)
    assert "Folded" not in journey_dot(j, detail="full")


def test_small_journeys_are_drawn_in_full_by_default():
    from nssf_journey.examples import fork

    j = fork(rejected=0.01)  # a 1 % rejection stays in the picture: the journey has only 2 arcs
    assert journey_dot(j) == journey_dot(j, detail="full") and drawn(journey_dot(j)) == (2, 3)
    assert drawn(journey_dot(j, detail="common")) == (1, 2)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
def test_the_default_diagram_is_a_fraction_of_the_full_one():
    def size(svg: bytes) -> tuple[float, float]:
        w, h = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
        return float(w), float(h)

    j = parse_journey(SPAGHETTI)
    fw, fh = size(render_dot(journey_dot(j, detail="full"), "svg"))
    aw, ah = size(render_dot(journey_dot(j), "svg"))
    assert aw * ah < 0.25 * fw * fh and ah < fh / 3


def test_cli_detail_option(tmp_path):
    f = tmp_path / "spaghetti.yaml"
    f.write_text(SPAGHETTI)
    runner = CliRunner()
    for args, arcs in (([], 16), (["--detail", "full"], 99), (["-d", "0.5"], 14)):
        result = runner.invoke(app, ["render", str(f), "--out", str(tmp_path / "x.dot"), *args])
        assert result.exit_code == 0, result.stderr
        assert drawn((tmp_path / "x.dot").read_text())[0] == arcs
        assert ("--detail full draws them all" in result.stderr) == (arcs < 99)
    assert result.stderr.splitlines()[0] == (
        "render: Folded: 4 steps and 85 arcs that fewer than 50 % of cases take (they hold "
        f"{100 * fold(parse_journey(SPAGHETTI), analyze(parse_journey(SPAGHETTI)), 0.5).folded_lead_time_share:.1f} % "
        "of the expected lead time). --detail full draws them all.")
    result = runner.invoke(app, ["render", str(f), "--detail", "most", "--out", str(tmp_path / "y.dot")])
    assert (result.exit_code, result.stderr) == (
        2, "nssf-journey: error: --detail: expected auto, common, full or a share from 0 to 1, got 'most'\n")
    assert not (tmp_path / "y.dot").exists()
