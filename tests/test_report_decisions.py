"""The decision page's numbers: cards ranked by gain and confidence with exact savings, waits set by life never
ranked, one set of numbers for a queued journey, any institution, single-journey wording, plain words, Khmer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey import analyze, load_journey
from nssf_journey.cli import app
from nssf_journey.compare import compare_journeys
from nssf_journey.loading.data import load_data
from nssf_journey.loading.institution import GENERIC, load_institution
from nssf_journey.loading.problems import JourneyError
from nssf_journey.report import make_report
from nssf_journey.report.decisions import CONFIDENCE_WEIGHT, fix_cards, redesign_card
from nssf_journey.report.html import render_html
from nssf_journey.report.redesigns import plain_changes, step_savings
from nssf_journey.simulation.queueing import queueing

from conftest import ROOT

JOURNEYS = ROOT / "journeys"
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def bundled():
    report, _ = make_report([JOURNEYS], data=DATA, cases=400, seed=3, diagrams=False)
    return report


def test_waits_set_by_life_are_never_ranked(bundled) -> None:
    life = {(j.id, s.id) for j in (load_journey(p) for p in JOURNEYS.glob("*.yaml")) for s in j.steps
            if s.wait_reason == "life" and s.wait.mean > 0}
    assert ("maternity_benefit_claim", "ultrasound") in {(j, s) for j, s in life} or life  # the bundle has some
    assert len(life) >= 4
    assert all((c.journey, c.subject) not in life for c in bundled.cards if c.kind == "fix")
    names = {s.name for j in (load_journey(p) for p in JOURNEYS.glob("*.yaml")) for s in j.steps
             if (j.id, s.id) in life}
    top = next(t for t in bundled.summary_tables if t.id == "top-bottlenecks")
    assert not any(row[2] in names and row[4] > 0 for row in top.rows)  # no life wait counted as waiting
    # and they are listed apart, largest first: the ultrasound's 72 days (3 months of pregnancy, 103,680 min)
    assert [w.minutes_per_case for w in bundled.life_waits] == sorted((w.minutes_per_case for w in bundled.life_waits),
                                                                      reverse=True)
    assert bundled.life_waits[0].minutes_per_case == pytest.approx(103_680)


def test_a_fix_card_saves_half_the_expected_wait_and_is_scaled_by_cases_a_year() -> None:
    j = load_journey(JOURNEYS / "pension_claim.yaml")
    a = analyze(j)
    from nssf_journey.compare.scale import load_scale

    scale = load_scale(load_data(DATA))
    cards = fix_cards(j, a, scale, institution_short="NSSF")
    step = a.step(cards[0].subject)
    assert cards[0].saved_minutes == pytest.approx(0.5 * step.expected_visits * step.mean_wait)
    assert cards[0].cases_per_year == scale["pension_claim"][0].value
    assert cards[0].national(cards[0].saved_minutes) == pytest.approx(cards[0].saved_minutes * cards[0].cases_per_year)
    assert all(step.wait_reason != "life" for step in (a.step(c.subject) for c in cards))


def test_a_redesign_card_has_the_exact_savings_and_its_steps_add_up() -> None:
    base = load_journey(JOURNEYS / "contribution_payment.yaml")
    new = load_journey(JOURNEYS / "redesign" / "contribution_payment_online.yaml")
    c = compare_journeys(base, new, cases=0, data=load_data(DATA))
    card = redesign_card(c)
    # the numbers: 1.96 trips in person and US$ 4.45 per case, about US$ 766 thousand a year
    assert card.saved_visits == pytest.approx(c.before.in_person_visits - c.after.in_person_visits)
    assert round(card.saved_visits, 2) == 1.96 and round(card.saved_money, 2) == 4.45
    assert card.national(card.saved_money) == pytest.approx(card.saved_money * 172_224)
    assert round(card.national(card.saved_money) / 1000) == 766
    assert sum(v for _, v in step_savings(c)) == pytest.approx(c.before.lead_time_mean - c.after.lead_time_mean)
    assert card.change == "Online payment and declaration"
    assert plain_changes(c)[0].startswith("No longer needed: \u201cTravel to the bank, queue and pay\u201d")
    assert card.evidence == "assumed" and "assumed number" in card.measure


def test_cards_rank_by_gain_times_confidence(bundled) -> None:
    scores = [c.score for c in bundled.cards]
    assert scores == sorted(scores, reverse=True)
    best = bundled.cards[0]
    # the best card saves the most of at least one of time, trips and money a year
    yearly = [(c.national(c.saved_minutes) or 0, c.national(c.saved_visits) or 0, c.national(c.saved_money) or 0)
              for c in bundled.cards]
    tops = [max(y[i] for y in yearly) for i in range(3)]
    gain = sum(yearly[0][i] / tops[i] for i in range(3)) / 3
    assert best.score == pytest.approx(gain * CONFIDENCE_WEIGHT[best.evidence])


def test_a_queued_journey_reads_every_figure_from_its_queueing_run() -> None:
    j = load_journey(JOURNEYS / "contribution_payment.yaml")
    report, _ = make_report([j], data=DATA, cases=1500, seed=5, diagrams=False)
    run = queueing(j, 1500, seed=5)
    success = sum(v for k, v in run.outcomes.items() if k != "abandoned" and j.outcome(k).is_success)
    row = next(t for t in report.summary_tables if t.id == "journeys").rows[0]
    assert row[2] == pytest.approx(run.lead_time.mean)
    assert row[3] == pytest.approx(run.lead_time.p90)
    assert row[4] == pytest.approx(success)
    assert row[2] <= run.lead_time.p95  # the mean and the percentiles are of one run
    key = {k.label: k for k in report.journeys[0].key_figures}
    from nssf_journey.render.style import human_time

    assert key["9 in 10 cases end within"].value == human_time(run.lead_time.p90)
    assert key["9 in 10 cases end within"].detail == (f"half within {human_time(run.lead_time.p50)}; average "
                                                     f"{human_time(run.lead_time.mean)}")
    assert key["Ends well"].value == f"{100 * success:.0f} %"
    assert key["Ends well"].detail == f"{100 * run.outcomes['abandoned']:.0f} % give up in a queue"


ACME_JOURNEY = """\
journey: pension_request
title: Pension request at Acme Pension Office
time_unit: days
actors:
  - {id: member, name: Member, lane: customer}
  - {id: desk, name: Acme front desk, lane: frontstage}
start: apply
steps:
  - {id: apply, name: Fill in the request, actor: member, channel: paper, duration: "1 h", cost: 2,
     source: "assumption: x", next: check}
  - {id: check, name: Desk checks the request, actor: desk, channel: in_person, wait: "3 d", duration: "20 min",
     source: "assumption: x", next: [{to: paid, p: 0.9}, {to: apply, p: 0.1}]}
  - {id: paid, name: Pension paid, actor: desk, outcome: success}
"""

ACME_INSTITUTION = """\
name: Acme Pension Office
short_name: APO
served: members
currency: {code: KHR, symbol: "\u17db", per_usd: 4100, source: "assumption: a round rate"}
"""


def test_another_institutions_single_journey_reads_naturally(tmp_path: Path) -> None:
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "pension.yaml").write_text(ACME_JOURNEY)
    data = tmp_path / "data"
    data.mkdir()
    for name in ("sources.yaml", "personas.yaml", "survey.yaml"):
        (data / name).write_text((DATA / name).read_text())
    (data / "institution.yaml").write_text(ACME_INSTITUTION)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", str(tmp_path / "journeys"), "--out", str(out), "--cases", "300",
                                      "--data", str(data)])
    assert result.exit_code == 0, result.stderr
    html = (out / "index.html").read_text()
    text = re.sub(r"<[^>]+>", " ", html.split("<style>")[0] + html.split("</style>")[1])
    assert "NSSF" not in text
    assert "APO journeys: where members lose time" in text
    assert "This report covers one journey, \u201cPension request at Acme Pension Office\u201d through APO." in text
    assert "the most trips" not in text and "0.0 in-person" not in text
    # money in riel: US$ 2 a pass, 2 / 0.9 passes per case (rework 10 %), at 4,100 riel a dollar
    assert f"\u17db {2 / 0.9 * 4100:,.2f}" in text


def test_without_institution_settings_no_name_is_assumed(tmp_path: Path) -> None:
    (tmp_path / "j.yaml").write_text(ACME_JOURNEY)
    report, _ = make_report([tmp_path / "j.yaml"], data=tmp_path / "nodata", cases=100, diagrams=False)
    assert report.institution is GENERIC and report.title == "Service journeys: where customers lose time"
    assert "NSSF" not in render_html(report)


def test_institution_settings_are_checked_with_positions(tmp_path: Path) -> None:
    (tmp_path / "institution.yaml").write_text("name: X\nshort_nam: Y\ncurrency: {code: KHR, symbol: r, per_usd: 0,"
                                               " source: s}\n")
    with pytest.raises(JourneyError) as exc:
        load_institution(tmp_path)
    lines = [str(p) for p in exc.value.problems]
    f = tmp_path / "institution.yaml"
    assert lines == [
        f"{f}:1:1: error: (top level): missing required key 'short_name'",
        f"{f}:2:1: error: short_nam: unknown key 'short_nam'; did you mean 'short_name'?",
        f"{f}:3:43: error: currency.per_usd: expected a number > 0, got 0",
    ]
    assert load_institution(DATA).short_name == "NSSF"
    # the rate's source is checked against the bibliography like every source of a data file
    f.write_text("name: X\nshort_name: Y\ncurrency: {code: KHR, symbol: r, per_usd: 4100, source: nbc-rates}\n")
    with pytest.raises(JourneyError) as exc:
        load_institution(tmp_path, {"nbc-rate"})
    assert [str(p) for p in exc.value.problems] == [
        f"{f}:3:57: error: currency.source: unknown source id 'nbc-rates'; did you mean 'nbc-rate'? (not in"
        " sources.yaml)"]
    assert load_institution(tmp_path).per_usd == 4100  # without a bibliography there is nothing to check against


def test_main_page_speaks_plain_words(bundled) -> None:
    html = render_html(bundled)
    body = re.sub(r"<style>.*?</style>|<svg.*?</svg>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    for jargon in ("absorbing Markov chain", "common random numbers", "`", " sd ", "data/scale.yaml",
                   "data/survey.yaml", "lead-time hours"):
        assert jargon not in text, jargon
    assert 'id="glossary"' in html and "Wait set by life" in text
    assert "appendix.html" in html


def test_tables_show_one_time_unit_and_formatted_large_numbers(bundled) -> None:
    from nssf_journey.report.html import table_view

    cmp = next(t for x in bundled.extra_sections for t in x.tables if t.id == "comparisons")
    units = {r[2] for r in cmp.rows if r[1] in ("lead time", "wait time")}
    assert units == {"days"}  # the redesigns' times in days, as the rest of the report
    savings = table_view(next(t for x in bundled.extra_sections for t in x.tables if t.id == "redesign-savings"))
    national = [row[4]["text"] for row in savings["rows"]]
    assert all(re.fullmatch(r"-?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?( million| billion)?", n) for n in national), national


def test_khmer_report_is_a_marked_draft_from_the_shared_catalogue(tmp_path: Path) -> None:
    from nssf_journey.words import REPORT_LABELS

    out = tmp_path / "km"
    result = CliRunner().invoke(app, ["report", str(JOURNEYS), "--out", str(out), "--cases", "200", "--lang", "km",
                                      "--no-simulate"])
    assert result.exit_code == 0, result.stderr
    html = (out / "index.html").read_text()
    assert '<html lang="km">' in html
    assert REPORT_LABELS["decisions"]["km"] in html and REPORT_LABELS["draft_km"]["km"] in html
    j = load_journey(JOURNEYS / "contribution_payment.yaml")
    assert j.title.in_language("km") != str(j.title) and j.title.in_language("km") in html
    result = CliRunner().invoke(app, ["report", str(JOURNEYS), "--out", str(out), "--lang", "fr"])
    assert result.exit_code == 2 and result.stderr == "nssf-journey: error: --lang: expected one of en, km, got 'fr'\n"


def test_pdf_without_chromium_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-chromium"))
    result = CliRunner().invoke(app, ["report", str(JOURNEYS), "--out", str(tmp_path / "o"), "--pdf"])
    assert result.exit_code == 2
    assert result.stderr == ("nssf-journey: error: --pdf needs headless Chromium, which is not installed; install it "
                             "with: sudo apt-get install chromium (or set CHROMIUM to its path)\n")
    assert not (tmp_path / "o").exists()
