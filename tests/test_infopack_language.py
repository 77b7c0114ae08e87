"""The Digital Info Pack speaks plainly: short sentences, the second person, no internal jargon.

The rules and the allowed terms live in ``data/plain_language.yaml``; the checker reports each problem as
``file:line:column: path: message``.
"""

from __future__ import annotations

from pathlib import Path

from nssf_journey.infopack.check import (load_rules, plain_language_problems, reading_ease, sentences, syllables,
                                         translation_report)
from nssf_journey.loading.loader import journey_files
from conftest import ROOT

RULES = load_rules(ROOT / "data" / "plain_language.yaml")
FILES = [*journey_files([ROOT / "journeys"]), ROOT / "data" / "benefits.yaml"]


def test_the_shipped_guides_and_facts_are_plain_language():
    problems = plain_language_problems(FILES, RULES)
    assert [str(p) for p in problems] == []


def test_the_rules_are_the_documented_ones():
    assert RULES.max_sentence_words == 20
    assert RULES.max_average_words <= 15
    assert RULES.min_reading_ease >= 60
    assert {"nssf", "payslip", "contribution"} <= RULES.allowed
    assert "eligibility" in RULES.jargon and "submit" in RULES.jargon


def test_every_text_the_pack_shows_has_a_khmer_draft():
    missing, status = translation_report(FILES, "km")
    assert [str(m) for m in missing] == []
    assert set(status.values()) == {"draft"}  # not yet reviewed by a native speaker: the pack says so


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
