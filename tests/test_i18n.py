"""Bilingual text in journeys: plain strings or {en, km}; English required; fallback to English."""

from __future__ import annotations

import pickle

from nssf_journey import parse_journey
from nssf_journey.i18n import LocalText, has_language, in_language
from nssf_journey.loading.loader import check_journey_text

TEXT = """\
journey: t
title: {en: Pay contributions, km: បង់ភាគទាន}
audience: employer
translations: {km: draft}
actors:
  - {id: e, name: {en: Employer, km: និយោជក}, lane: customer}
  - {id: o, name: Office, lane: frontstage}
  - {id: w, name: Worker, lane: partner, role: worker}
stages: [{en: Pay, km: បង់}]
start: a
steps:
  - {id: a, name: {en: Pay, xx: Payer}, actor: e, stage: Pay, guide: {km: x}, next: b}
  - {id: b, name: Done, actor: o, documents: [{en: ID card, km: អត្តសញ្ញាណប័ណ្ណ}], tips: [Bring a copy], outcome: success}
"""


def test_unknown_language_and_missing_english_are_errors():
    _, problems = check_journey_text(TEXT, "x.yaml")
    assert [str(p) for p in problems] == [
        "x.yaml:12:29: error: steps[0].name.xx: unknown language 'xx' (languages: en, km)",
        "x.yaml:12:70: error: steps[0].guide: missing required key 'en' (the English text)",
    ]


def test_translations_load_and_fall_back_to_english():
    j = parse_journey(TEXT.replace(", xx: Payer", "").replace("guide: {km: x}", "guide: {en: Go to the bank}"))
    assert j.title == "Pay contributions" and j.title.in_language("km") == "បង់ភាគទាន"
    assert j.step("a").guide.in_language("km") == "Go to the bank"  # no Khmer: English
    assert not has_language(j.step("a").guide, "km") and has_language(j.title, "km")
    assert j.step("b").documents[0].in_language("km") == "អត្តសញ្ញាណប័ណ្ណ"
    assert j.step("b").tips == ("Bring a copy",) and in_language(j.step("b").tips[0], "km") == "Bring a copy"
    assert j.translations == {"km": "draft"}
    assert [(a.id, a.role) for a in j.actors] == [("e", "employer"), ("o", "nssf"), ("w", "worker")]
    assert j.stages[0].in_language("km") == "បង់" and j.step("a").stage == "Pay"


def test_local_text_survives_pickling():
    t = LocalText("Hello", {"km": "សួស្តី"})
    u = pickle.loads(pickle.dumps(t))
    assert u == "Hello" and u.in_language("km") == "សួស្តី"
