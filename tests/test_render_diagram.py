"""The process diagram: escaping, DOT content of a small hand-made journey, and the missing-Graphviz path."""

from __future__ import annotations

import re
import shutil

import pytest
from typer.testing import CliRunner

from nssf_journey import analyze, parse_journey
from nssf_journey.cli import app
from nssf_journey.render import style
from nssf_journey.render.diagram import DOT_INSTALL_HINT, GraphvizMissing, html_escape, journey_dot, render_dot

SMALL = """
journey: small
title: Small journey
actors:
  - {id: emp, name: Employer, lane: customer}
  - {id: bank, name: Bank, lane: partner}
  - {id: desk, name: NSSF desk, lane: frontstage}
start: fill
steps:
  - {id: fill, name: Fill the form, actor: emp, duration: 10, next: pay, source: "assumption: t"}
  - id: pay
    name: Pay at the bank
    actor: bank
    wait: "1 d"
    duration: 30
    source: "assumption: t"
    next: [{to: drop, p: 0.75}, {to: fill, p: 0.25}]
  - id: drop
    name: Drop the payslip
    actor: desk
    duration: 60
    source: "assumption: t"
    next: [{to: done, p: 0.9}, {to: refused, p: 0.1}]
  - {id: done, name: Accepted, actor: desk, outcome: success}
  - {id: refused, name: Refused, actor: desk, outcome: refused}
"""

XSS = """
journey: xss
title: 'Pay <script>alert(1)</script> & co'
actors:
  - {id: w, name: '"><img src=x onerror=alert(1)>', lane: customer}
  - {id: o, name: 'Office', lane: frontstage}
start: a
steps:
  - id: a
    name: '<script>alert(1)</script>'
    actor: w
    duration: 30
    pain_points: ['"><img src=x onerror=alert(1)>']
    source: "assumption: t"
    next: [{to: c, p: 0.8}, {to: a, p: 0.2}]
  - {id: c, name: '"><img src=x onerror=alert(1)>', actor: o, duration: 5, next: ok, source: "assumption: t"}
  - {id: ok, name: "Done & 'ok'", actor: o, outcome: success}
"""


def test_html_escape_exact() -> None:
    assert html_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert html_escape('"><img src=x onerror=alert(1)>') == "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert html_escape("Tom & Jerry's") == "Tom &amp; Jerry&#39;s"
    assert html_escape("a\n  b\x00c\td") == "a bc d"


def _node_fill(dot: str, node: str) -> str:
    line = next(l for l in dot.splitlines() if l.strip().startswith(f"{node} ["))
    return re.search(r'BGCOLOR="(#[0-9a-f]{6})"', line).group(1)


def test_dot_of_a_small_journey() -> None:
    j = parse_journey(SMALL)
    a = analyze(j)
    dot = journey_dot(j, a)
    # one swimlane per actor, customer lane first, then frontstage, then partner
    labels = re.findall(r"label=<<B>([^<]+)</B> <FONT[^>]*>\(([^)]+)\)</FONT>>", dot)
    assert labels == [("Employer", "Customer"), ("NSSF desk", "Front office"), ("Bank", "Partner")]
    # probabilities on edges; a sure edge carries no label
    ground = '<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="1" BGCOLOR="white"><TR><TD>{}</TD></TR></TABLE>'
    assert f'n2 -> n3 [id="e3", penwidth=2.24, label=<{ground.format("90 %")}>];' in dot
    assert f'n2 -> n4 [id="e4", penwidth=0.96, label=<{ground.format("10 %")}>];' in dot
    assert re.search(r"n0 -> n1 \[[^\]]*\]", dot).group(0).count("label") == 0
    # the loop pay -> fill is dashed, does not constrain the layout, and is labelled as rework
    loop = re.search(r"n1 -> n0 \[([^\]]*)\]", dot).group(1)
    assert 'style="dashed"' in loop and "constraint=false" in loop and "<TD>rework 25 %</TD>" in loop
    # waits shown on the node
    assert "waits 1 day, 30 min active" in dot
    # outcomes drawn distinctly
    assert re.search(r'n3 \[id="n3", shape=oval, peripheries=2', dot)
    assert re.search(r'n4 \[id="n4", shape=octagon', dot)
    # heat colours follow the share of lead time
    shares = {s.step: s.share_of_lead_time for s in a.per_step}
    order = sorted(["fill", "pay", "drop"], key=lambda s: shares[s])
    idx = {"fill": "n0", "pay": "n1", "drop": "n2"}
    ranks = [style.HEAT_COLOURS.index(_node_fill(dot, idx[s])) for s in order]
    assert ranks == sorted(ranks) and ranks[-1] == 4  # pay: 1 day of ~1.5 days -> darkest
    assert _node_fill(dot, "n1") == style.heat_colour(shares["pay"])


def test_id_prefix_applies_to_every_id() -> None:
    dot = journey_dot(parse_journey(SMALL), id_prefix="p-")
    ids = re.findall(r'\bid="([^"]+)"', dot)
    assert ids and all(i.startswith("p-") for i in ids)


def test_xss_is_escaped_in_dot() -> None:
    dot = journey_dot(parse_journey(XSS))
    assert "<script>" not in dot and "<img" not in dot
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dot
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in dot
    assert "Done &amp; &#39;ok&#39;" in dot


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
def test_xss_is_text_in_rendered_svg() -> None:
    svg = render_dot(journey_dot(parse_journey(XSS)), "svg").decode()
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


def test_missing_graphviz(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr("nssf_journey.render.diagram.shutil.which", lambda _name: None)
    with pytest.raises(GraphvizMissing):
        render_dot("digraph {}", "svg")
    f = tmp_path / "small.yaml"
    f.write_text(SMALL)
    runner = CliRunner()
    result = runner.invoke(app, ["render", str(f), "--out", str(tmp_path / "x.svg")])
    assert result.exit_code == 2
    assert result.stderr == f"nssf-journey: error: {DOT_INSTALL_HINT}\n"
    assert result.stderr == ("nssf-journey: error: the Graphviz program 'dot' is not installed; install it with: "
                             "sudo apt-get install graphviz\n")
    assert not (tmp_path / "x.svg").exists()
    # DOT output needs no Graphviz
    result = runner.invoke(app, ["render", str(f), "--out", str(tmp_path / "x.dot")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "x.dot").read_text().startswith("digraph journey {")


def test_render_rejects_unknown_format(tmp_path) -> None:
    f = tmp_path / "small.yaml"
    f.write_text(SMALL)
    result = CliRunner().invoke(app, ["render", str(f), "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert result.stderr == (f"nssf-journey: error: --out: expected a file name ending in .svg, .png or .dot, "
                             f"got '{tmp_path / 'x.pdf'}'\n")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
def test_render_png_and_map(tmp_path) -> None:
    f = tmp_path / "small.yaml"
    f.write_text(SMALL)
    runner = CliRunner()
    for args, name in (([], "d.png"), (["--map"], "m.png"), (["--map"], "m.svg")):
        result = runner.invoke(app, ["render", str(f), "--out", str(tmp_path / name), *args])
        assert result.exit_code == 0, result.stderr
    assert (tmp_path / "d.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "m.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "m.svg").read_text()


EVIDENCE = """
journey: e
title: Evidence
actors: [{id: o, name: Office, lane: backstage}]
bibliography: [{id: log-x, title: "Event log x.csv"}]
start: measured
steps:
  - {id: measured, name: Measured step, actor: o, wait: 60, source: "log-x: x.csv", evidence: measured, next: mixed}
  - {id: mixed, name: Mixed step, actor: o, wait: 60, duration: 5, source: {wait: "log-x: x.csv", duration: "assumption: t"},
     evidence: {wait: measured, duration: assumed}, next: reported}
  - {id: reported, name: Reported step, actor: o, wait: 60, source: "log-x: a report", next: done}
  - {id: done, name: Done, actor: o, outcome: success}
"""


def test_measured_and_assumed_numbers_look_different() -> None:
    j = parse_journey(EVIDENCE)
    assert [style.step_evidence(s) for s in j.steps] == ["measured", "assumed", "reported", None]
    lines = {s.id: line for s in j.steps for line in journey_dot(j).splitlines()
             if f"<B>{s.name}</B>" in line or f">{s.name}<" in line}
    # measured: a thick solid border and the word; assumed (the weakest of a step's numbers): a dashed border
    assert '<TABLE BORDER="2"' in lines["measured"] and 'STYLE="rounded"' in lines["measured"]
    assert "measured</FONT>" in lines["measured"]
    assert '<TABLE BORDER="1"' in lines["mixed"] and 'STYLE="rounded,dashed"' in lines["mixed"]
    assert "measured</FONT>" not in lines["mixed"]
    assert '<TABLE BORDER="1"' in lines["reported"] and 'STYLE="rounded"' in lines["reported"]
    legend = next(line for line in journey_dot(j).splitlines() if line.lstrip().startswith("legend"))
    assert '<TD BORDER="2" WIDTH="18"> </TD><TD ALIGN="LEFT">numbers measured</TD>' in legend
    assert '<TD BORDER="1" STYLE="dashed" WIDTH="18"> </TD><TD ALIGN="LEFT">numbers assumed</TD>' in legend
