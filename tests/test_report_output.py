"""The report: content built as data, files written under the manifest rules, HTML safety, and the CLI."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nssf_journey import analyze, parse_journey
from nssf_journey.cli import app
from nssf_journey.report import (MANIFEST, ExtraSection, ReportConflict, Simulation, Table, build_report,
                                 report_files, write_report, write_report_files)
from nssf_journey.report.html import render_appendix, render_html
from nssf_journey.report.markdown import md_text

from conftest import ROOT
from test_render_diagram import SMALL, XSS

FOREIGN = "nssf-journey: error: {path}: exists and was not written by nssf-journey report; refusing to overwrite " \
          "it (move it away or choose another --out)\n"


@pytest.fixture(scope="module")
def journeys():
    return [parse_journey(SMALL, "small.yaml"), parse_journey(XSS, "xss.yaml")]


@pytest.fixture(scope="module")
def report(journeys):
    rng = np.random.default_rng(3)
    sims = {"small": Simulation(rng.exponential(2000, 3000), "test draws")}
    extra = ExtraSection("junctures", "Critical junctures", ("A paragraph <b>x</b>.",),
                         tables=(Table("junctures", "Junctures", ("step", "p"), (("a", 0.5),)),))
    return build_report(journeys, simulations=sims, extra_sections=(extra,), diagrams=True)


def test_bottlenecks_rank_by_expected_time(report, journeys) -> None:
    top = report.summary_tables[0]
    assert top.id == "top-bottlenecks"
    times = [r[3] for r in top.rows]
    assert times == sorted(times, reverse=True)
    a = analyze(journeys[0])
    assert top.rows[0][2] == "Pay at the bank"
    assert top.rows[0][3] == pytest.approx(a.step("pay").expected_time)
    assert top.rows[0][8] == "assumed"


def test_summary_says_how_sure_and_what_to_fix(report, journeys) -> None:
    # the first card halves the longest wait a service makes: half of the 32 h (1.3 days) at the bank
    pay = analyze(journeys[0]).step("pay")
    card = report.cards[0]
    assert (card.kind, card.subject, card.who, card.evidence) == ("fix", "pay", "Bank", "assumed")
    assert card.saved_minutes == pytest.approx(0.5 * pay.expected_visits * pay.mean_wait) == pytest.approx(960)
    assert report.fix_first[0] == (
        "Halve the wait at \u201cPay at the bank\u201d (Small journey): saves 16 h per case. Who acts: Bank. How "
        "sure: low: rests on assumptions. To measure first: Ask the partner for the dates of 30 recent cases at "
        "\u201cPay at the bank\u201d.")
    assert report.confidence[0] == ("Of the 9 numbers behind these journeys, 0 are measured, 0 reported by a "
                                    "source, and 9 assumed (100 %).")
    assert "rest on assumed times" in report.confidence[1]


def test_lead_time_section_needs_simulation_when_there_is_none(report) -> None:
    small = {f.id: f for f in report.journeys[0].appendix_figures}
    xss = {f.id: f for f in report.journeys[1].appendix_figures}
    assert small["small-lead-time"].svg is not None and "p90" in small["small-lead-time"].svg
    assert xss["xss-lead-time"].svg is None
    assert "needs simulation" in xss["xss-lead-time"].note
    assert "This section needs simulation" in render_appendix(report)


def test_html_is_self_contained_and_escaped(report) -> None:
    html = render_html(report)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", html, re.I)
    assert "url(http" not in html and "@import" not in html and "<link" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html  # Jinja2's autoescape writes " as &#34;
    assert "A paragraph &lt;b&gt;x&lt;/b&gt;." in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique across inline SVGs"
    for section in ("summary", "journey-small", "journey-xss", "extra-junctures", "assumptions", "about"):
        assert f'id="{section}"' in html


def test_markdown_escapes_html() -> None:
    assert md_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md_text("a | b") == "a \\| b"


def test_files_and_manifest(report, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "out").mkdir()
    (out / "notes.txt").write_text("mine")
    write_report(report, out)
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["tool"] == "nssf-journey report"
    assert set(manifest["files"]) == set(report_files(report))
    for name in ("index.html", "report.md", "tables/top-bottlenecks.csv", "tables/top-bottlenecks.json",
                 "tables/junctures.csv", "img/small-diagram.svg", "img/small-journey-map.svg", "img/pareto.svg"):
        assert (out / name).is_file(), name
    csv_text = (out / "tables/small-outcomes.csv").read_text()
    assert csv_text.splitlines()[0] == "outcome,kind,chance (share),average time (min)"
    rows = json.loads((out / "tables/small-outcomes.json").read_text())["rows"]
    assert rows[0]["outcome"] == "success" and rows[0]["chance (share)"] == pytest.approx(0.9)
    assert manifest["sha256"]["report.md"] == hashlib.sha256((out / "report.md").read_bytes()).hexdigest()
    # a second run replaces its own files, removes its own stale ones (their content has the recorded hash), and
    # leaves others alone
    (out / "img/stale.svg").write_text("x")
    manifest["files"].append("img/stale.svg")
    manifest["sha256"]["img/stale.svg"] = hashlib.sha256(b"x").hexdigest()
    (out / MANIFEST).write_text(json.dumps(manifest))
    write_report(report, out)
    assert (out / "index.html").read_text().startswith("<!DOCTYPE html>")
    assert not (out / "img/stale.svg").exists()
    assert (out / "notes.txt").read_text() == "mine"
    assert not [p for p in out.rglob("*.tmp")]


def test_foreign_file_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "tables").mkdir(parents=True)
    (out / "tables/evidence.csv").write_text("theirs")
    files = {"index.html": b"x", "tables/evidence.csv": b"y"}
    with pytest.raises(ReportConflict) as err:
        write_report_files(files, out)
    assert str(err.value) == FOREIGN.format(path=out / "tables/evidence.csv")[len("nssf-journey: error: "):-1]
    assert (out / "tables/evidence.csv").read_text() == "theirs"
    assert not (out / "index.html").exists() and not (out / MANIFEST).exists()


def test_bad_manifest_is_refused(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text("not json")
    with pytest.raises(ReportConflict, match="is not a manifest of nssf-journey report"):
        write_report_files({"index.html": b"x"}, tmp_path)


def test_cli_report(tmp_path: Path) -> None:
    jdir = tmp_path / "journeys"
    jdir.mkdir()
    (jdir / "small.yaml").write_text(SMALL)
    (jdir / "xss.yaml").write_text(XSS)
    shutil.copytree(ROOT / "data", tmp_path / "data")  # the journeys' data folder: critical junctures
    out = tmp_path / "reports"
    runner = CliRunner()
    result = runner.invoke(app, ["report", str(jdir), "--out", str(out), "--cases", "500"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "report: [1/2] small: drawing" in result.stderr
    assert f"wrote {out / 'index.html'}" in result.stderr
    html = (out / "index.html").read_text()
    assert 'id="journey-small"' in html and "<script" not in html
    assert 'id="extra-junctures"' in html and (out / "tables/junctures.csv").is_file()
    # second run replaces its own files
    result = runner.invoke(app, ["report", str(jdir), "--out", str(out), "--no-simulate"])
    assert result.exit_code == 0, result.stderr
    assert "Simulation was switched off" in (out / "index.html").read_text()
    # a foreign index.html: exit 2 with one line, nothing written
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text("theirs")
    result = runner.invoke(app, ["report", str(jdir), "--out", str(other), "--no-simulate"])
    assert result.exit_code == 2
    assert result.stderr == FOREIGN.format(path=other / "index.html")
    assert (other / "index.html").read_text() == "theirs"
    assert sorted(p.name for p in other.iterdir()) == ["index.html"]


@pytest.mark.parametrize("command", ["report", "infopack"])
def test_an_unusable_out_folder_fails_at_once_with_one_line(tmp_path: Path, command: str) -> None:
    # A file where the folder (or one of its parents) should be: caught before any simulation or drawing.
    (tmp_path / "afile").write_text("mine")
    runner = CliRunner()
    for out, reason in ((tmp_path / "afile" / "reports", "cannot write: Not a directory"),
                        (tmp_path / "afile", "exists and is not a folder")):
        result = runner.invoke(app, [command, "journeys/", "--out", str(out)])
        assert result.exit_code == 2
        assert result.stderr == f"nssf-journey: error: {out}: {reason}\n"  # no progress line before it
    assert (tmp_path / "afile").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]  # the probe folder is gone


def test_report_without_graphviz(journeys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nssf_journey.render.diagram.shutil.which", lambda _name: None)
    rep = build_report(journeys[:1])
    fig = rep.journeys[0].figures[0]
    assert fig.svg is None
    assert fig.note == ("No diagram: the Graphviz program 'dot' is not installed; install it with: "
                        "sudo apt-get install graphviz.")
    assert "sudo apt-get install graphviz" in render_html(rep)


DESK = """
journey: desk
title: A desk
actors: [{id: w, name: Worker, lane: customer}, {id: o, name: Officer, lane: frontstage}]
resources: [{id: desk, name: "Desk <b>one</b>", capacity: 1, source: "assumption: t"}]
arrivals: {every: 10, source: "assumption: t"}
start: serve
steps:
  - {id: serve, name: Serve, actor: o, resource: desk, duration: 15, patience: 30, next: done, source: "assumption: t"}
  - {id: done, name: Done, actor: w, outcome: success}
"""


def test_queues_section_states_give_ups_waits_and_utilisation() -> None:
    # Arrivals every 10 min, service 15 min, patience 30 min, one server: the server can finish only 2 of every 3
    # arrivals, so once the queue has built up it is always busy and one arrival in three gives up.
    from nssf_journey.render.style import human_time
    from nssf_journey.report.sections import queues_section
    from nssf_journey.simulation.queueing import queueing

    j = parse_journey(DESK)
    r = queueing(j, 2_000, seed=1)
    section = queues_section([(j, r)])
    (table,) = section.tables
    (row,) = table.rows
    stats = r.resources["desk"]
    assert row == ("desk", "Desk <b>one</b>", 1, "assumed", round(100 * stats.utilization, 1),
                   round(stats.queue_wait.mean, 1), round(stats.queue_wait.p90, 1), stats.max_queue, stats.served,
                   stats.abandoned)
    assert stats.served + stats.abandoned == 2_000
    assert stats.abandoned / 2_000 == pytest.approx(1 / 3, abs=0.01)  # the server finishes 2 of every 3 arrivals
    assert stats.utilization == pytest.approx(1.0, abs=0.01)
    give_up = f"{100 * r.outcomes['abandoned']:.1f} %"
    assert section.paragraphs[1].startswith(f"A desk: with queues, {give_up} of cases give up in a queue. At the "
                                            "Desk <b>one</b> (1 server, assumed), the wait averages")
    assert section.paragraphs[1].endswith("busy 100 % of their open hours. Arrivals: assumed.")
    assert section.summary == (
        f"Queues at counters, simulated with assumed servers and assumed arrivals: in \u201cA desk\u201d {give_up} of "
        f"cases give up in a queue, and at the Desk <b>one</b> one customer in ten waits more than "
        f"{human_time(stats.queue_wait.p90)} (section Queues at counters).",)


def test_cli_report_has_the_queues_section_only_when_simulating(tmp_path: Path) -> None:
    jdir = tmp_path / "journeys"
    jdir.mkdir()
    (jdir / "desk.yaml").write_text(DESK)
    runner = CliRunner()
    out = tmp_path / "r1"
    result = runner.invoke(app, ["report", str(jdir), "--out", str(out), "--cases", "500"])
    assert result.exit_code == 0, result.stderr
    html = (out / "index.html").read_text()
    assert 'id="extra-queues"' in html and "Desk &lt;b&gt;one&lt;/b&gt;" in html and "<b>one</b>" not in html
    start = html.index('id="summary"')
    summary = html[start:html.index("</section>", start)]
    assert "Queues at counters, simulated with assumed servers and assumed arrivals" in summary
    assert "Queues at counters, simulated" in (out / "report.md").read_text()
    assert (out / "tables" / "queues.csv").read_text().splitlines()[1].startswith("desk,Desk <b>one</b>,1,assumed,")
    out = tmp_path / "r2"
    result = runner.invoke(app, ["report", str(jdir), "--out", str(out), "--no-simulate"])
    assert result.exit_code == 0, result.stderr
    assert 'id="extra-queues"' not in (out / "index.html").read_text()
