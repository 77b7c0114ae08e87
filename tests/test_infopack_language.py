"""The Digital Info Pack speaks plainly: short sentences, the second person, no internal jargon.

The rules and the allowed terms live in ``data/plain_language.yaml``; the checker reports each problem as
``file:line:column: path: message``.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from nssf_journey.cli import app
from nssf_journey.infopack import build_pack, english_on_khmer_pages, load_pack_inputs, pack_files
from nssf_journey.infopack.check import (english_sentences, load_rules, plain_language_problems, reading_ease,
                                         sentences, syllables, translation_report)
from nssf_journey import load_journeys
from nssf_journey.loading.loader import journey_files
from conftest import ROOT

RULES = load_rules(ROOT / "data" / "plain_language.yaml")
FILES = [*journey_files([ROOT / "journeys"]), ROOT / "data" / "benefits.yaml"]
PACK_FILES = [ROOT / "data" / "infopack.yaml", ROOT / "data" / "staff_guide.yaml"]


def test_the_shipped_guides_and_facts_are_plain_language():
    problems = plain_language_problems(FILES + PACK_FILES, RULES)
    assert [str(p) for p in problems] == []


def test_the_rules_are_the_documented_ones():
    assert RULES.max_sentence_words == 20
    assert RULES.max_average_words <= 15
    assert RULES.min_reading_ease >= 60
    assert {"nssf", "payslip", "contribution"} <= RULES.allowed
    assert "eligibility" in RULES.jargon and "submit" in RULES.jargon


def test_every_text_the_pack_shows_has_a_khmer_draft():
    missing, status = translation_report(FILES + PACK_FILES, "km")
    assert [str(m) for m in missing] == []
    assert set(status.values()) == {"draft"}  # not yet reviewed by a native speaker: the pack says so
    assert len(status) == len(FILES + PACK_FILES) - 4  # the four redesigns are not today's service


def _check(write, guide: str, field: str = "guide") -> list[str]:
    path = write("j.yaml", f"""journey: t
title: T
actors: [{{id: w, name: Worker, lane: customer}}]
start: a
steps:
  - id: a
    name: A
    actor: w
    {field}: {guide}
    outcome: success
""")
    return [str(p) for p in plain_language_problems([path], RULES)]


def test_a_long_sentence_is_reported_with_its_position(write):
    long = "You " + "really " * 20 + "go."
    out = _check(write, long)
    assert out[0].endswith(f"j.yaml:9:12: steps[0].guide: sentence of 22 words (at most 20): '{long[:60]}...'")
    assert out[1].endswith("j.yaml:9:12: steps[0].guide: 22.0 words per sentence on average (at most 14)")


def test_jargon_acronyms_and_the_third_person_are_reported(write):
    out = _check(write, "{en: Eligibility is checked under the SHI prakas., km: ខ្មែរ}")
    assert any("jargon 'eligibility'" in p for p in out)
    assert any("jargon 'prakas'" in p for p in out)
    assert any("acronym 'SHI' is not an allowed term" in p for p in out)
    assert any('not in the second person' in p for p in out)
    assert any(":9:17: steps[0].guide:" in p for p in out)  # the position of the English text


def test_allowed_terms_and_second_person_pass(write):
    assert _check(write, "Bring your NSSF card and your payslip. Ask HR if you are unsure.") == []


def test_sentences_syllables_and_reading_ease():
    assert sentences("Go to NSSF. Bring your card! Is it free? Yes.") == [
        "Go to NSSF.", "Bring your card!", "Is it free?", "Yes."]
    assert sentences("Pay US$1.50 at the bank. Then go.") == ["Pay US$1.50 at the bank.", "Then go."]
    assert [syllables(w) for w in ("card", "hospital", "free", "rehabilitation", "the")] == [1, 3, 1, 6, 1]
    assert reading_ease(["Go to the bank. Pay the fee."]) > 90
    assert reading_ease(["Notwithstanding administrative considerations, documentation verification necessitates "
                         "institutional authorisation."]) < 0


# --------------------------------------------------------------------------------- English on Khmer pages


def test_no_khmer_page_of_the_shipped_pack_shows_english():
    journeys = [j for j in load_journeys([ROOT / "journeys"]) if j.redesign_of is None]
    files = pack_files(build_pack(journeys, load_pack_inputs(ROOT / "data"), cases=2_000))
    found = english_on_khmer_pages(files)
    assert [str(x) for x in found] == []  # the message lists each page and each English phrase


def test_english_on_a_khmer_page_is_found_outside_names_numbers_and_sources():
    html = ('<html lang="km"><body><h1>ការទាមទារ</h1><p>សូមទូរស័ព្ទ ACLEDA ១២៨៦ US$៣ A4 Form 1.01</p>'
            '<p class="src">ប្រភព៖ <cite lang="en">National Social Security Fund official website</cite></p>'
            '<a lang="en" href="x">English</a><span lang="en" class="url">https://www.nssf.gov.kh/a/b.html</span>'
            '<p>Ask the doctor for your certificate.</p><svg><title>Scan to open it</title></svg></body></html>')
    assert english_sentences(html) == ["Ask the doctor for your certificate."]


def _without_khmer_guide(tmp_path: Path) -> Path:
    src = (ROOT / "journeys" / "sickness_benefit_claim.yaml").read_text(encoding="utf-8")
    old = ('    guide:\n      en: "See a doctor at a contracted facility. Ask the doctor for your sick-leave certificate."\n'
           '      km: "សូមជួបវេជ្ជបណ្ឌិតនៅមូលដ្ឋានសុខាភិបាលដែលមានកិច្ចសន្យា។ សូមសុំវិញ្ញាបនបត្រឈប់សម្រាកព្យាបាលជំងឺ។"\n')
    assert old in src
    path = tmp_path / "sickness_benefit_claim.yaml"
    path.write_text(src.replace(old, '    guide: "See a doctor at a contracted facility. Ask the doctor for your '
                                     'sick-leave certificate."\n'), encoding="utf-8")
    return path


def test_check_translations_reports_each_khmer_page_with_english_and_fails(tmp_path):
    path = _without_khmer_guide(tmp_path)
    r = CliRunner().invoke(app, ["infopack", str(path), "--check-translations", "--data", str(ROOT / "data")])
    assert r.exit_code == 1, r.output
    lines = r.output.splitlines()
    assert f"{path}: steps[0].guide: no Khmer translation (shown in English)" in lines
    assert ("km/worker/sickness_benefit_claim.html: 2 English phrases: 'See a doctor at a contracted facility.'; "
            "'Ask the doctor for your sick-leave certificate.'") in lines
    assert "km/staff/sickness_benefit_claim.html" not in r.output  # the staff guide does not show that guide
    assert "Khmer pages: 6 of 7 without English" in lines  # 3 guides and 4 indexes
    ok = CliRunner().invoke(app, ["infopack", str(ROOT / "journeys"), "--check-translations",
                                  "--data", str(ROOT / "data")])
    assert ok.exit_code == 0, ok.output
    assert "Khmer pages: 26 of 26 without English" in ok.output.splitlines()
