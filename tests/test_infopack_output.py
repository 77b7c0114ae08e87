"""The Digital Info Pack: numbers equal the analysis, pages speak to the reader, output is safe.

The pack is generated from the same journeys (and the same exact analysis and simulation) as the report; these
tests compare the JSON beside each page with :func:`nssf_journey.analysis.metrics.analyze`, with hand
computations of the absorbing chain and with the timing functions the pack calls; check what each audience
sees and how it is said; check the staff guides; check that all text is escaped, that nothing reaches for the
network, that a run is reproducible, and that foreign files are never touched.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey import analyze, load_journeys, parse_journey
from nssf_journey.cli import app
from nssf_journey.infopack import (MANIFEST, MAX_PAGE_BYTES, PackConflict, build_pack, journey_percentiles,
                                   load_pack_inputs, pack_files, parse_benefits, service_times, step_percentiles,
                                   usual_and_trouble_steps, write_pack_files)
from nssf_journey import words as w
from nssf_journey.infopack.flow import Choice, step_blocks
from nssf_journey.infopack.page import has_page, journey_audience, payer_of
from nssf_journey.infopack.qr import qr_svg
from conftest import ROOT

JOURNEYS = [j for j in load_journeys([ROOT / "journeys"]) if j.redesign_of is None]  # the pack shows today
BY_ID = {j.id: j for j in JOURNEYS}
INPUTS = load_pack_inputs(ROOT / "data")
DAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return pack_files(build_pack(JOURNEYS, INPUTS, date=DAY))


def _json(files: dict[str, bytes], name: str) -> dict:
    return json.loads(files[name])


def _text(html: bytes | str) -> str:
    """The visible text of a page (tags removed, entities kept simple)."""
    html = html.decode() if isinstance(html, bytes) else html
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    html = re.sub(r"</?(a|b|span|cite)\b[^>]*>", "", html)  # inline tags join their words
    text = re.sub(r"<[^>]+>", " ", html).replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", text)


def _customer_pages(files):
    return [k for k in files if k.endswith(".html") and k.count("/") == 2 and not k.endswith("index.html")
            and "/staff/" not in k]


# ------------------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda j: j.id)
def test_numbers_in_the_pack_equal_the_analysis_and_the_simulation(files, journey):
    a = analyze(journey)
    lead, breach = journey_percentiles(journey, seed=1)
    service, clock = service_times(journey, seed=1)
    pages = [k for k in files if k.endswith(f"/{journey.id}.json")]
    assert pages, journey.id
    for name in pages:
        n = _json(files, name)
        assert n["service"] == service.to_dict()
        if n["audience"] == "staff":
            assert n["clock"] == {k: v.to_dict() for k, v in clock.items() if k in n["clock"]}
            assert (n["lead_time"]["p50"], n["lead_time"]["p90"]) == (lead.p50, lead.p90)
            continue
        assert n["lead_time"]["mean"] == a.lead_time_mean
        assert (n["lead_time"]["p50"], n["lead_time"]["p90"]) == (lead.p50, lead.p90)
        assert n["success_probability"] == a.success_probability
        assert n["outcomes"] == a.outcome_probabilities()
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


def test_the_service_promise_leaves_out_life_events_and_counts_only_cases_that_succeed():
    # Two fixed steps of 60 and 30 min, a 10-day pregnancy-like wait before them that is not counted, and a
    # failure branch after the first: every succeeding case takes exactly 90 minutes.
    j = parse_journey("""
journey: t
title: T
actors: [{id: w, name: Worker, lane: customer}]
start: wait
steps:
  - {id: wait, name: W, actor: w, wait: "10 d", wait_reason: life, next: a, source: "assumption: x"}
  - {id: a, name: A, actor: w, duration: 60, next: [{to: b, p: 0.7}, {to: gone, p: 0.3}], source: "assumption: x"}
  - {id: b, name: B, actor: w, duration: 30, next: done, source: "assumption: x"}
  - {id: done, name: Done, actor: w, outcome: success}
  - {id: gone, name: Gone, actor: w, outcome: gave_up}
""")
    total, clock = service_times(j, cases=2_000)
    assert (total.p50, total.p90) == (90.0, 90.0)
    assert (clock["a"].p50, clock["b"].p90) == (60.0, 90.0)
    assert "without life events" in total.method
    lead, _ = journey_percentiles(j, cases=2_000)
    assert lead.p90 > 10 * 1440  # the whole journey, as the report shows it, counts the wait


def test_the_promise_on_the_page_is_the_models_p50_and_p90_in_words(files):
    for name in _customer_pages(files):
        n = _json(files, name[:-5] + ".json")
        if n["audience"] == "employer" and journey_audience(BY_ID[n["journey"]]) == "worker":
            continue  # the employer's duties page promises nothing of the worker's service
        lang, s = n["lang"], n["service"]
        page = _text(files[name])
        assert w.label("promise_usual", lang).format(time=w.duration(s["p50"], lang)) in page, name
        longest = w.label("promise_longest", lang).format(time=w.duration(s["p90"], lang, up=True))
        assert longest + " " + w.label("promise_call", lang).format(number=w.digits("1286", lang)) in page, name
    sick = _json(files, "en/worker/sickness_benefit_claim.json")["service"]
    assert "Usually: about 5 weeks." in _text(files["en/worker/sickness_benefit_claim.html"])
    assert 4.5 * 7 * 1440 < sick["p50"] < 5.5 * 7 * 1440


def test_a_queue_journey_promises_with_its_queue_as_the_report_does(files, tmp_path):
    # The employer's guide and the management report must not disagree about the payslip queue: both come from
    # the queueing simulation of 20,000 arrivals with seed 1; the promise also comes from a queueing run.
    n = _json(files, "en/employer/contribution_payment.json")
    assert n["service"]["method"].startswith("queueing simulation: 20000 arrivals, seed 1")
    p90 = n["steps"]["drop_payslip"]["queue_wait_p90"]
    assert p90 > 60 and all(v["queue_wait_p90"] is None for k, v in n["steps"].items() if k != "drop_payslip")
    assert n["service"]["p90"] > p90
    for lang, text in (("en", f"<b>At busy times:</b> 1 person in 10 waits more than {w.duration(p90, 'en')} in the queue"),
                       ("km", f"<b>ពេលមមាញឹក៖</b> មនុស្ស ១ នាក់ក្នុងចំណោម ១០ នាក់ រង់ចាំក្នុងជួរលើសពី {w.duration(p90, 'km')}")):
        page = files[f"{lang}/employer/contribution_payment.html"].decode()
        assert page.count(text) == 1
        card = page[page.rindex('<div class="step', 0, page.index(text)):page.index("</div>", page.index(text))]
        assert ("Take your payslip" if lang == "en" else "ប័ណ្ណបង់ប្រាក់") in card
    assert not any(b"At busy times" in v for k, v in files.items() if "contribution_payment" not in k)
    result = CliRunner().invoke(app, ["report", "journeys/contribution_payment.yaml", "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.stderr
    row = (tmp_path / "r" / "tables" / "queues.csv").read_text().splitlines()[1].split(",")
    assert float(row[6]) == round(p90, 1)  # the report's p90 wait at the payslip counter


def test_chances_are_counted_from_their_step_and_said_as_counts(files):
    # From "NSSF checks your claim": paid 0.8, back for papers 0.15 (then fixed and resubmitted 0.85), rejected
    # 0.05. P(paid) = 0.8 / (1 - 0.15 * 0.85) = 0.9169; P(rejected) = 0.05 / 0.8725 = 0.0573 (about 1 in 20).
    n = _json(files, "en/worker/sickness_benefit_claim.json")
    assert n["chance"] == {"from": "review_claim", "success_probability": pytest.approx(0.8 / (1 - 0.15 * 0.85))}
    assert n["goes_wrong"]["request_documents"] == {"from": "review_claim", "probability": pytest.approx(0.15)}
    assert n["goes_wrong"]["rejected"]["probability"] == pytest.approx(0.05 / (1 - 0.15 * 0.85))
    assert n["step_numbers"]["review_claim"] == 5
    page = _text(files["en/worker/sickness_benefit_claim.html"])
    assert "About 9 in 10 claims that reach NSSF are paid." in page
    assert "NSSF may send your claim back. This happens if a paper is missing or has no stamp. At step 5: about 1 time in 7." in page
    assert "Claim rejected Ask NSSF why." in page and "At step 5: about 1 time in 20." in page
    km = _text(files["km/worker/sickness_benefit_claim.html"])
    assert "ប្រហែល ៩ ក្នុងចំណោម ១០ នៃពាក្យទាមទារដែលទៅដល់ ប.ស.ស. ត្រូវបានបើកប្រាក់។" in km
    assert "ជំហានទី ៥៖ ប្រហែល ១ ដងក្នុង ៧ ដង។" in km


@pytest.mark.parametrize("share,en,km", [
    (0.99, "Almost all", "ស្ទើរតែទាំងអស់"), (0.46, "About 5 in 10", "ប្រហែល ៥ ក្នុងចំណោម ១០"),
    (0.15, "About 1 in 7", "ប្រហែល ១ ក្នុងចំណោម ៧"), (0.028, "About 1 in 40", "ប្រហែល ១ ក្នុងចំណោម ៤០"),
    (0.001, "Fewer than 1 in 100", "តិចជាង ១ ក្នុងចំណោម ១០០"),
])
def test_chance_words(share, en, km):
    assert (w.chance(share, "en"), w.chance(share, "km")) == (en, km)


def test_every_number_a_fact_states_is_in_its_english_text():
    titles = INPUTS.source_titles
    for fact in INPUTS.benefits.facts:
        for name, value in fact.values.items():
            shown = f"{value:,.0f}" if value == int(value) else f"{value:g}"
            assert shown in fact.text or f"{value:g}" in fact.text, (fact.id, name)
        assert fact.source.is_assumption or fact.source.source_id in titles, fact.id
    assert INPUTS.benefits.hotline == "1286"


def test_key_benefit_facts_from_the_fact_sheet():
    v = {f.id: f.values for f in INPUTS.benefits.facts}
    assert v["temporary_disability"] == {"rate_percent": 70, "wage_months": 6, "employer_days": 1, "from_day": 2,
                                         "max_days": 180, "per_months": 12}
    assert v["maternity_cash"] == {"total_percent": 120, "days": 90, "nssf_percent": 70, "employer_percent": 50}
    assert v["health_care_eligibility"] == {"consecutive_months": 2, "months": 6, "of_last_months": 12}
    assert v["enterprise_registration_deadline"]["days"] == 30
    assert v["registration_fine"]["base_daily_wage_usd"] == 20
    assert v["old_age_pension"] == {"age": 60, "months": 12}


# ------------------------------------------------------------------------------------------ how pages speak

#: Words of the model that no worker or employer page may show.
MODEL_TERMS = ("model", "cases end well", "reached in", ".yaml", "journey", "simulat", "p50", "p90", "probabilit",
               "backstage", "frontstage", "as-is", "outcome", "in 100 cases")


def test_worker_and_employer_pages_never_speak_like_the_model(files):
    step_ids = {s.id for j in JOURNEYS for s in j.steps if "_" in s.id}
    for name in _customer_pages(files) + [k for k in files if k.endswith("index.html") and "/staff/" not in k]:
        html = files[name].decode()
        text = _text(re.sub(r"<cite\b.*?</cite>", "", html)).lower()  # a source is cited by its own title
        for term in MODEL_TERMS:
            assert term not in text, (name, term)
        for sid in step_ids:
            assert sid not in html, (name, sid)
        for leak in ("counted in", "modelled", "bopha", "kosal", "(hr)"):
            assert leak not in text, (name, leak)


def test_steps_say_what_you_do_and_what_others_do_for_you(files):
    page = _text(files["en/worker/sickness_benefit_claim.html"])
    assert "1. See a doctor at a contracted facility." in page
    assert "Worker falls sick" not in page
    assert "4. Your employer hands in your claim at the NSSF office. It adds your certificate and your wage records. " \
           "Your employer does this" in page
    assert "5. NSSF checks your claim and your papers. NSSF does this You wait: about" in page


def test_alternatives_are_one_numbered_choice(files):
    j = BY_ID["contribution_payment"]
    usual, _ = usual_and_trouble_steps(j, analyze(j))
    assert step_blocks(j, [s.id for s in usual]) == (
        "compute", Choice((("pay_at_bank", "drop_payslip"), ("pay_online", "approve_online"))))
    page = _text(files["en/employer/contribution_payment.html"])
    assert "2. Choose one way: Pay the total at a partner bank." in page
    assert "Or You can also pay online." in page
    assert "Then: Take your payslip and bank slip to the NSSF office." in page
    assert not re.search(r"\b[3-9]\. ", page.split("What to do, step by step")[1].split("What it costs you")[0])
    assert "Partner bank branch" in page and "Who: Partner bank branch" not in page
    m = BY_ID["maternity_benefit_claim"]
    usual, _ = usual_and_trouble_steps(m, analyze(m))
    assert Choice((("referral_care",),), optional=True) in step_blocks(m, [s.id for s in usual])
    assert "Only sometimes: If there are problems, a doctor may send you to a bigger hospital." in _text(
        files["en/worker/maternity_benefit_claim.html"])


def test_costs_stand_under_the_person_who_pays_them(files):
    # The employer's US$3 trip to hand in a sickness claim is the employer's; the worker pays US$2 for a trip back
    # to the facility when a claim comes back: expected visits 0.5908 x 0.85 / 0.8725 x 0.15 x 0.85 = 0.07339.
    j = BY_ID["sickness_benefit_claim"]
    assert payer_of(j, j.step("employer_submits")) == "employer" and payer_of(j, j.step("fix_documents")) == "worker"
    worker = _json(files, "en/worker/sickness_benefit_claim.json")
    reach = 0.34 + 0.66 * 0.38
    assert worker["reader_cost"] == pytest.approx(2 * reach * 0.85 / (1 - 0.15 * 0.85) * 0.15 * 0.85)
    page = _text(files["en/worker/sickness_benefit_claim.html"])
    assert "US$3" not in page
    assert "Go back to the facility to get your stamp or a new certificate: US$2" in page
    assert "On average you spend US$0.15 on travel and copies." in page
    duties = _text(files["en/employer/sickness_benefit_claim.html"])
    assert "You pay: US$3" in duties


def test_who_can_use_it_states_the_rule_of_the_benefit_itself(files):
    sick = _text(files["en/worker/sickness_benefit_claim.html"]).split("Who can use it")[1].split("What you get")[0]
    assert "2 months in a row" not in sick  # the health-care rule is not the sickness allowance's rule
    assert "You can claim if" in sick
    care = _text(files["en/worker/health_care_visit.html"])
    assert "You can use free care when your employer has paid for you for 2 months in a row." in care


def test_the_payment_guide_has_no_registration_fine_and_the_registration_guides_have(files):
    assert "fined" not in _text(files["en/employer/contribution_payment.html"])
    reg = _text(files["en/employer/enterprise_registration.html"])
    assert "That is US$200 to US$600 for each worker concerned." in reg
    assert "within 30 days of starting" in reg
    n = _json(files, "en/employer/enterprise_registration.json")
    assert f"Today, {w.chance(n['deadline_breach'], 'en').lower()} miss this limit of 30 days." in reg


def test_every_hotline_number_is_a_tel_link(files):
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        html = data.decode()
        bare = re.sub(r'<a [^>]*href="tel:1286"[^>]*>.*?</a>', "", html)
        bare = re.sub(r"<svg.*?</svg>", "", bare, flags=re.S)
        assert "1286" not in _text(bare) and "១២៨៦" not in _text(bare), name
    assert 'href="tel:1286"' in files["en/worker/sickness_benefit_claim.html"].decode()


def test_guides_come_in_the_order_of_the_situations(files):
    home = files["en/index.html"].decode()
    assert home.index("I am sick") < home.index("I am pregnant") < home.index("I had an accident at work or on the way")
    assert re.findall(r'<a href="(worker/\w+\.html)">', home)[0] == "worker/sickness_benefit_claim.html"
    assert 'href="employer/contribution_payment.html">I need to pay this month&#x27;s contributions' in home
    assert 'href="employer/worker_registration.html">I need to register my workers' in home
    idx = files["en/worker/index.html"].decode()
    assert re.findall(r'<a href="(\w+)\.html">', idx)[0] == "sickness_benefit_claim"
    root = files["index.html"].decode()
    assert 'href="en/worker/sickness_benefit_claim.html"' in root and 'href="style.css"' in root


# ------------------------------------------------------------------------------------------ audiences


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


def test_an_employer_sees_only_its_duties_in_a_workers_journey(files):
    e = _text(files["en/employer/sickness_benefit_claim.html"])
    assert "Sickness benefit claim: what the employer must do" in e
    assert "1. Hand in your worker's claim at the NSSF office." in e
    assert "See a doctor" not in e and "2." not in e.split("What you must do")[1].split("What it costs you")[0]


# ------------------------------------------------------------------------------------------ staff guides


def test_the_staff_guide_is_a_counter_view_not_the_customer_text(files):
    page = _text(files["en/staff/sickness_benefit_claim.html"])
    n = _json(files, "en/staff/sickness_benefit_claim.json")
    clock = n["clock"]["review_claim"]
    assert (f"5. NSSF checks eligibility and documents NSSF benefits back office {w.duration(clock['p50'], 'en')} "
            f"{w.duration(clock['p90'], 'en', up=True)}") in page
    checklist = page.split("Counter checklist: check in this order")[1].split("Why cases come back")[0]
    # the documents of the counter step, in the journey's order, then the staff file's checks
    assert checklist.index("Sick-leave certificate") < checklist.index("Wage records") < checklist.index(
        "The worker's NSSF number") < checklist.index("The certificate has the facility's stamp")
    assert "វិញ្ញាបនបត្រឈប់សម្រាកព្យាបាលជំងឺ" in checklist  # the Khmer a clerk says
    returns = page.split("Why cases come back or are rejected")[1].split("What to tell the customer")[0]
    probs = [g["probability"] for g in n["returns"].values()]
    assert returns.index("Not claimed") < returns.index("NSSF returns the claim") < returns.index("Claim rejected")
    assert sorted(probs, reverse=True)[:3] == sorted(probs, reverse=True)[:3]
    assert "Certificate without a stamp, a signature or the dates of leave (Proposed, not yet confirmed by NSSF.)" in returns
    assert "Nobody told the worker: only 34% of workers know this allowance exists (" not in returns  # sourced
    longest = w.duration(n["service"]["p90"], "en", up=True)
    assert f"A claim takes longer than {longest}, the service standard. To: The head of the benefits office" in page
    for customer_text in ("Each month you pay", "What often goes wrong", "Are you off work sick?"):
        assert customer_text not in page
    idx = _text(files["en/staff/index.html"])
    assert "Each month you pay" not in idx and "Service standard: usually" in idx


def test_no_page_leaks_internal_notes(files):
    for name, data in files.items():
        if name.endswith(".html"):
            text = _text(data)
            for leak in ("counted in drop_payslip", "Modelled on", "Bopha", "Kosal"):
                assert leak not in text, (name, leak)


# ------------------------------------------------------------------------------------------ leaflets


def test_every_guide_carries_the_institution_the_date_and_a_qr_code_to_itself_online(files):
    site = INPUTS.texts.site
    assert site.guides_online == "https://www.nssf.gov.kh/infopack/"
    for name in _customer_pages(files) + [k for k in files if "/staff/" in k and k.endswith(".html")
                                          and not k.endswith("index.html")]:
        lang, audience, journey = name[:-5].split("/")
        if journey == "index":
            continue
        html = files[name].decode()
        address = site.guide_address(lang, audience, journey)
        assert qr_svg(address, label=w.label("scan", lang)) in html, name
        assert f'<span lang="en" class="url">{address}</span>' in html
        assert site.institution.in_language(lang) in html
        assert w.label("as_of", lang).format(date=w.date(DAY, lang)) in html


def test_the_date_comes_from_source_date_epoch(monkeypatch):
    from nssf_journey.infopack.build import pack_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    assert pack_date() == dt.date(2026, 1, 1)
    assert pack_date(dt.date(2025, 5, 4)) == dt.date(2025, 5, 4)


# ------------------------------------------------------------------------------------------ languages


def test_khmer_pages_are_marked_khmer_and_draft_at_the_end(files):
    km = files["km/worker/maternity_benefit_claim.html"].decode()
    assert '<html lang="km">' in km
    draft = "អត្ថបទខ្មែរ៖ សេចក្តីព្រាង មិនទាន់ពិនិត្យ។"
    assert km.index("<h1>") < km.index(draft)  # short, and not the first thing on the page
    assert "ការថែទាំមាតុភាព" in km
    assert '<html lang="en">' in files["en/worker/maternity_benefit_claim.html"].decode()
    assert "draft" not in files["en/worker/maternity_benefit_claim.html"].decode()
    assert '<cite lang="en">' in km  # English source titles are marked


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
    inputs = dataclasses.replace(INPUTS, benefits=benefits)
    out = pack_files(build_pack([j], inputs, cases=200))
    for name, data in out.items():
        if name.endswith(".html"):
            page = data.decode()
            assert "<script" not in page and "<img" not in page, name
            assert "onerror=alert(1)>" not in page, name
    page = out["en/worker/xss.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_no_network_no_script_and_small_pages(files):
    for name, data in files.items():
        if not name.endswith((".html", ".css")):
            continue
        text = data.decode()
        printed = re.sub(r'<span lang="en" class="url">https://[^<]+</span>', "", text)  # the address, in print
        assert "http:" not in printed and "https:" not in printed, name
        assert "<script" not in text and " src=" not in text and "@import" not in text and "url(" not in text, name
        if name.endswith(".html"):
            assert len(data) < MAX_PAGE_BYTES, (name, len(data))
            for href in re.findall(r'href="([^"]+)"', text):
                assert not re.match(r"[a-z]+:", href) or href == "tel:1286", (name, href)


def test_links_between_pages_resolve(files):
    for name, data in files.items():
        if name.endswith(".html"):
            for href in re.findall(r'href="([^"]+)"', data.decode()):
                if href.startswith("tel:"):
                    continue
                target = (Path("/x") / name).parent / href
                rel = str(target.resolve()).removeprefix("/x/")
                assert rel in files, (name, href)


def test_two_runs_write_identical_files(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    a = CliRunner().invoke(app, ["infopack", str(ROOT / "journeys"), "--out", str(tmp_path / "a"),
                                 "--data", str(ROOT / "data")])
    b = CliRunner().invoke(app, ["infopack", str(ROOT / "journeys"), "--out", str(tmp_path / "b"),
                                 "--data", str(ROOT / "data")])
    assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
    fa = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    fb = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert fa == fb and len(fa) > 50
    assert Path(MANIFEST) in fa
    assert "1 January 2026" in fa[Path("en/worker/sickness_benefit_claim.html")].decode()


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
