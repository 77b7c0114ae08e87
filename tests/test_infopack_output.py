"""The Digital Info Pack: numbers equal the analysis, audiences see what matters to them, output is safe.

The pack is generated from the same journeys and the same exact analysis as the report; these tests compare
the JSON beside each page with :func:`nssf_journey.analysis.metrics.analyze` and with the percentile functions the pack
calls, check what each audience sees, that all text is escaped, that nothing reaches for the network, that
a run is reproducible, and that foreign files are never touched.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey import analyze, load_journeys, parse_journey
from nssf_journey.cli import app
from nssf_journey.loading.data import load_data
from nssf_journey.infopack import (MANIFEST, MAX_PAGE_BYTES, PackConflict, build_pack, journey_percentiles,
                                   load_benefits, pack_files, parse_benefits, step_percentiles,
                                   usual_and_trouble_steps, write_pack_files)
from nssf_journey.infopack.page import has_page, journey_audience
from conftest import ROOT

JOURNEYS = [j for j in load_journeys([ROOT / "journeys"]) if j.redesign_of is None]  # the pack shows today
BENEFITS = load_benefits(ROOT / "data")
TITLES = {k: s.title for k, s in load_data(ROOT / "data").sources.items()}


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return pack_files(build_pack(JOURNEYS, BENEFITS, source_titles=TITLES))


def _json(files: dict[str, bytes], name: str) -> dict:
    return json.loads(files[name])


# ------------------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda j: j.id)
def test_numbers_in_the_pack_equal_the_analysis(files, journey):
    a = analyze(journey)
    lead, breach = journey_percentiles(journey, seed=1)
    pages = [k for k in files if k.endswith(f"/{journey.id}.json")]
    assert pages, journey.id
    for name in pages:
        n = _json(files, name)
        assert n["lead_time"]["mean"] == a.lead_time_mean
        assert (n["lead_time"]["p50"], n["lead_time"]["p90"]) == (lead.p50, lead.p90)
        assert n["success_probability"] == a.success_probability
        assert n["outcomes"] == a.outcome_probabilities()
        assert n["customer_cost"] == a.customer_cost
        assert n["deadline_breach"] == breach
        for sid, s in n["steps"].items():
            p = step_percentiles(journey.step(sid), seed=1)
            assert (s["p50"], s["p90"]) == (p.p50, p.p90), sid
            assert s["mean"] == journey.step(sid).mean_time
            assert s["reach_probability"] == a.step(sid).reach_probability
            assert s["expected_visits"] == a.step(sid).expected_visits


def test_step_percentiles_of_a_fixed_step_are_exact_and_of_a_uniform_step_close_to_theory():
    j = parse_journey("""
journey: t
title: T
actors: [{id: w, name: Worker, lane: customer}]
start: a
steps:
  - {id: a, name: A, actor: w, duration: 30, source: "assumption: test value", next: b}
  - {id: b, name: B, actor: w, duration: {dist: uniform, min: 0, max: 100}, source: "assumption: test value", next: c}
  - {id: c, name: C, actor: w, outcome: success}
""")
    a = step_percentiles(j.step("a"))
    assert (a.p50, a.p90, a.method) == (30.0, 30.0, "exact")
    b = step_percentiles(j.step("b"))
    assert b.p50 == pytest.approx(50, abs=1.5) and b.p90 == pytest.approx(90, abs=1.0)
    assert step_percentiles(j.step("b")) == b  # same seed, same numbers


def test_the_page_shows_the_rounded_model_times_and_says_where_they_come_from(files):
    page = files["en/worker/health_care_visit.html"].decode()
    n = _json(files, "en/worker/health_care_visit.json")
    assert "Times and chances come from the NSSF journey model (journeys/health_care_visit.yaml)" in page
    from nssf_journey.infopack.words import duration_range, in_100
    assert duration_range(n["lead_time"]["p50"], n["lead_time"]["p90"], "en") in page
    assert f"In the model, {in_100(n['success_probability'], 'en')} cases end well." in page


def test_a_counter_step_shows_the_queue_at_busy_times_as_the_report_does(files, tmp_path):
    # The employer's guide and the management report must not disagree about the payslip queue: both come from
    # the queueing simulation of 20,000 arrivals with seed 1.
    n = _json(files, "en/employer/contribution_payment.json")["steps"]
    p90 = n["drop_payslip"]["queue_wait_p90"]
    assert p90 > 60 and all(v["queue_wait_p90"] is None for k, v in n.items() if k != "drop_payslip")
    from nssf_journey.infopack.words import duration
    for lang, text in (("en", f"<b>At busy times:</b> 1 person in 10 waits more than {duration(p90, 'en')} in the queue"),
                       ("km", f"<b>ពេលមមាញឹក:</b> មនុស្ស ១ នាក់ក្នុងចំណោម ១០ នាក់ រង់ចាំក្នុងជួរលើសពី {duration(p90, 'km')}")):
        page = files[f"{lang}/employer/contribution_payment.html"].decode()
        step = page[page.index('id="step-drop_payslip"'):page.index("</li>", page.index('id="step-drop_payslip"'))]
        assert text in step
        assert "At busy times" not in page.replace(step, "") and "ពេលមមាញឹក" not in page.replace(step, "")
    assert not any(b"At busy times" in v for k, v in files.items() if "contribution_payment" not in k)
    result = CliRunner().invoke(app, ["report", "journeys/contribution_payment.yaml", "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.stderr
    row = (tmp_path / "r" / "tables" / "queues.csv").read_text().splitlines()[1].split(",")
    assert float(row[6]) == round(p90, 1)  # the report's p90 wait at the payslip counter


def test_every_number_a_fact_states_is_in_its_english_text():
    for fact in BENEFITS.facts:
        for name, value in fact.values.items():
            shown = f"{value:,.0f}" if value == int(value) else f"{value:g}"
            assert shown in fact.text or f"{value:g}" in fact.text, (fact.id, name)
        assert fact.source.is_assumption or fact.source.source_id in TITLES, fact.id
    assert BENEFITS.hotline == "1286"


def test_key_benefit_facts_from_the_fact_sheet():
    v = {f.id: f.values for f in BENEFITS.facts}
    assert v["temporary_disability"] == {"rate_percent": 70, "wage_months": 6, "employer_days": 1, "from_day": 2,
                                         "max_days": 180, "per_months": 12}
    assert v["maternity_cash"] == {"total_percent": 120, "days": 90, "nssf_percent": 70, "employer_percent": 50}
    assert v["health_care_eligibility"] == {"consecutive_months": 2, "months": 6, "of_last_months": 12}
    assert v["enterprise_registration_deadline"]["days"] == 30
    assert v["registration_fine"]["base_daily_wage_usd"] == 20
    assert v["old_age_pension"] == {"age": 60, "months": 12}


# ------------------------------------------------------------------------------------------ audiences


def _text(html: bytes) -> str:
    return re.sub(r"<[^>]+>", " ", html.decode())


def test_each_audience_gets_the_journeys_that_matter_to_it(files):
    worker = {k.split("/")[-1][:-5] for k in files if k.startswith("en/worker/") and k.endswith(".json")}
    employer = {k.split("/")[-1][:-5] for k in files if k.startswith("en/employer/") and k.endswith(".json")}
    staff = {k.split("/")[-1][:-5] for k in files if k.startswith("en/staff/") and k.endswith(".json")}
    assert worker == {j.id for j in JOURNEYS if journey_audience(j) == "worker"}
    assert {"enterprise_registration", "contribution_payment"} <= employer
    assert "contribution_payment" not in worker and "enterprise_registration" not in worker
    assert staff == {j.id for j in JOURNEYS}
    redesigns = [j for j in load_journeys([ROOT / "journeys"]) if j.redesign_of is not None]
    assert not {k for k in files for r in redesigns if f"/{r.id}." in k}  # a redesign is not today's service
    assert all(has_page(j, "employer") for j in JOURNEYS if j.id in employer)


def test_workers_see_the_back_office_only_as_a_wait_and_staff_see_all_of_it(files):
    w = files["en/worker/worker_registration.html"].decode()
    s = files["en/staff/worker_registration.html"].decode()
    assert 'class="step k-backstage compact" id="step-nssf_checks"' in w
    assert "NSSF works on your file. You wait." in w
    assert 'class="step k-backstage" id="step-nssf_checks"' in s
    assert "Back office (the customer does not see this step)" in s
    assert "Common questions" in s and "Common questions" not in w


def test_a_worker_sees_what_the_employer_must_do_and_an_employer_sees_only_its_duties(files):
    w = files["en/worker/sickness_benefit_claim.html"].decode()
    assert "Your employer must do this for you" in w
    e = files["en/employer/sickness_benefit_claim.html"].decode()
    shown = set(re.findall(r'id="step-(\w+)"', e))
    j = next(j for j in JOURNEYS if j.id == "sickness_benefit_claim")
    assert shown and all(j.actor_of(j.step(s)).role == "employer" for s in shown)
    assert "You must do this for your worker" in e


def test_employers_see_deadlines_and_fines(files):
    e = _text(files["en/employer/enterprise_registration.html"])
    assert "within 30 days of starting" in e
    assert "That is US$200 to US$600 for each worker concerned." in e
    n = _json(files, "en/employer/enterprise_registration.json")
    from nssf_journey.infopack.words import in_100
    assert f"{in_100(n['deadline_breach'], 'en')} miss the limit of 30 days" in e


def test_health_care_says_care_is_free_and_whom_to_call(files):
    t = _text(files["en/worker/health_care_visit.html"])
    assert "Ask for a receipt and call the NSSF hotline 1286." in t
    assert "Care at a health centre or hospital that has a contract with NSSF is free." in t


def test_rework_and_rejections_are_what_goes_wrong():
    j = next(j for j in JOURNEYS if j.id == "contribution_payment")
    usual, trouble = usual_and_trouble_steps(j, analyze(j))
    assert [s.id for s in usual] == ["compute", "pay_at_bank", "pay_online", "approve_online", "drop_payslip"]
    assert [s.id for s in trouble] == ["payslip_error", "correct_payslip"]
    h = next(j for j in JOURNEYS if j.id == "health_care_visit")
    usual, trouble = usual_and_trouble_steps(h, analyze(h))
    assert "register_hospital" in {s.id for s in usual}
    assert {s.id for s in trouble} == {"eligibility_problem", "ask_employer", "informal_fee"}


# ------------------------------------------------------------------------------------------ languages


def test_khmer_pages_are_marked_khmer_and_draft(files):
    km = files["km/worker/maternity_benefit_claim.html"].decode()
    assert '<html lang="km">' in km
    assert "អត្ថបទខ្មែរនៃមគ្គុទ្ទេសក៍នេះ គឺជាសេចក្តីព្រាង" in km  # the draft notice
    assert "ការថែទាំមាតុភាព" in km
    assert '<html lang="en">' in files["en/worker/maternity_benefit_claim.html"].decode()
    assert "draft" not in files["en/worker/maternity_benefit_claim.html"].decode()


def test_check_translations_lists_texts_without_khmer_and_exits_0(tmp_path):
    src = (ROOT / "journeys" / "worker_registration.yaml").read_text(encoding="utf-8")
    (tmp_path / "j.yaml").write_text(src.replace("    guide:\n      en: \"You start your new job.",
                                                 "    guide: \"You start your new job.", 1)
                                     .replace("\n      km: \"អ្នកចាប់ផ្តើមការងារថ្មី។ សូមសួរនិយោជករបស់អ្នកថា តើពេលណាពួកគេនឹងចុះឈ្មោះអ្នកនៅ ប.ស.ស.។\"", "", 1),
                                     encoding="utf-8")
    r = CliRunner().invoke(app, ["infopack", str(tmp_path / "j.yaml"), "--check-translations", "--data",
                                 str(ROOT / "data")])
    assert r.exit_code == 0, r.output
    assert f"{tmp_path / 'j.yaml'}: steps[0].guide: no Khmer translation (shown in English)" in r.output.splitlines()
    assert "Khmer drafts, not yet reviewed by a native speaker: benefits, j" in r.output


# ------------------------------------------------------------------------------------------ safety

XSS = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'


def test_text_is_escaped_everywhere(tmp_path):
    j = parse_journey(f"""
journey: xss
title: {json.dumps(XSS)}
audience: worker
summary: {json.dumps(XSS)}
actors: [{{id: w, name: {json.dumps(XSS)}, lane: customer}}, {{id: e, name: Boss, lane: partner, role: employer}}]
stages: [{json.dumps(XSS)}]
start: a
outcomes: {{success: {{kind: success, name: {json.dumps(XSS)}, guide: {json.dumps(XSS)}}}}}
steps:
  - id: a
    name: {json.dumps(XSS)}
    actor: w
    stage: {json.dumps(XSS)}
    duration: 30
    guide: {{en: {json.dumps(XSS)}, km: {json.dumps(XSS)}}}
    where: {json.dumps(XSS)}
    documents: [{json.dumps(XSS)}]
    tips: [{json.dumps(XSS)}]
    pain_points: [{json.dumps(XSS)}]
    source: "assumption: test value"
    next: [{{to: b, p: 0.5}}, {{to: a, p: 0.5}}]
  - {{id: b, name: B, actor: e, duration: 5, source: "assumption: test value", next: c}}
  - {{id: c, name: C, actor: w, outcome: success}}
""")
    benefits = parse_benefits(f"""
hotline: {{number: {json.dumps(XSS)}, source: nssf-gov-kh}}
facts:
  - {{id: f, kind: benefit, journeys: [xss], text: {json.dumps(XSS)}, source: {json.dumps("nssf-gov-kh: " + XSS)}}}
""", "b.yaml")
    out = pack_files(build_pack([j], benefits, cases=200))
    for name, data in out.items():
        if name.endswith(".html"):
            page = data.decode()
            assert "<script" not in page and "<img" not in page, name
            assert "onerror=alert(1)>" not in page, name
    page = out["en/staff/xss.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_no_network_no_script_and_small_pages(files):
    for name, data in files.items():
        if not name.endswith((".html", ".css")):
            continue
        text = data.decode()
        assert "http:" not in text and "https:" not in text and "//" not in re.sub(r"/\*.*?\*/", "", text) \
            .replace("<!DOCTYPE html>", ""), name
        assert "<script" not in text and " src=" not in text and "@import" not in text and "url(" not in text, name
        if name.endswith(".html"):
            assert len(data) < MAX_PAGE_BYTES, (name, len(data))
            for href in re.findall(r'href="([^"]+)"', text):
                assert not re.match(r"[a-z]+:", href), (name, href)


def test_links_between_pages_resolve(files):
    for name, data in files.items():
        if name.endswith(".html"):
            for href in re.findall(r'href="([^"]+)"', data.decode()):
                target = (Path("/x") / name).parent / href
                rel = str(target.resolve()).removeprefix("/x/")
                assert rel in files, (name, href)


def test_two_runs_write_identical_files(tmp_path):
    a = CliRunner().invoke(app, ["infopack", str(ROOT / "journeys"), "--out", str(tmp_path / "a"),
                                 "--data", str(ROOT / "data")])
    b = CliRunner().invoke(app, ["infopack", str(ROOT / "journeys"), "--out", str(tmp_path / "b"),
                                 "--data", str(ROOT / "data")])
    assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
    fa = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    fb = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert fa == fb and len(fa) > 50
    assert Path(MANIFEST) in fa


def test_a_foreign_file_is_never_overwritten(tmp_path):
    out = tmp_path / "pack"
    (out / "en" / "worker").mkdir(parents=True)
    foreign = out / "en" / "worker" / "health_care_visit.html"
    foreign.write_text("mine", encoding="utf-8")
    r = CliRunner().invoke(app, ["infopack", str(ROOT / "journeys"), "--out", str(out), "--data", str(ROOT / "data")])
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == [
        f"nssf-journey: error: {foreign}: exists and was not written by nssf-journey infopack; refusing to overwrite "
        "it (move it away or choose another --out)"]
    assert foreign.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in out.rglob("*")) == ["en", "health_care_visit.html", "worker"]


def test_a_second_run_replaces_its_own_files_removes_its_stale_ones_and_keeps_others(tmp_path):
    out = tmp_path / "pack"
    mine = {"index.html": b"1", "en/worker/a.html": b"2", "style.css": b"3"}
    write_pack_files(mine, out)
    (out / "notes.txt").write_text("keep", encoding="utf-8")
    write_pack_files({"index.html": b"4", "style.css": b"5"}, out)
    assert (out / "index.html").read_bytes() == b"4"
    assert not (out / "en" / "worker" / "a.html").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert json.loads((out / MANIFEST).read_text())["files"] == ["index.html", "style.css"]
    (out / MANIFEST).write_text("{}", encoding="utf-8")
    with pytest.raises(PackConflict, match="is not a manifest of nssf-journey infopack"):
        write_pack_files({"index.html": b"6"}, out)
    assert (out / "index.html").read_bytes() == b"4"


def test_cli_rejects_bad_options_in_one_line():
    r = CliRunner().invoke(app, ["infopack", "--lang", "fr"])
    assert r.exit_code == 2
    assert r.output.strip() == "nssf-journey: error: --lang: expected one of en, km, got 'fr'"
