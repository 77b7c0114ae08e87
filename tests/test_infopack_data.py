"""The Info Pack's data files are checked like journeys: every problem at once, with its file, line and column.

``data/infopack.yaml`` and ``data/staff_guide.yaml`` are read with the declarative field kinds of the journey
format; a reference to a step or outcome that a journey does not have is an error at its position; every staff
line names a source of ``data/sources.yaml`` or says ``assumption: <reason>``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey.cli import app
from nssf_journey.infopack import load_pack_inputs, parse_pack_texts, parse_staff_guide
from nssf_journey.loading.problems import JourneyError
from conftest import ROOT

SOURCES = {"nssf-gov-kh", "ilo-brief-2019"}


def _data(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    for name, pairs in edits.items():
        text = (folder / name).read_text(encoding="utf-8")
        for old, new in pairs:
            assert text.count(old) >= 1, old
            text = text.replace(old, new, 1)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_shipped_files_load_and_every_staff_line_names_its_source():
    inputs = load_pack_inputs(ROOT / "data")
    assert [s.text for s in inputs.texts.situations[:2]] == ["I am sick", "I am pregnant"]
    assert inputs.texts.site.guides_online.startswith("https://www.nssf.gov.kh/")
    lines = [x for j in inputs.staff.journeys.values()
             for x in (*j.checklist, *j.returns, *j.script, *j.escalate)]
    assert len(lines) > 60
    for x in lines:
        assert x.source.is_assumption or x.source.source_id in inputs.source_titles, x.text
        if x.source.is_assumption:
            assert len(x.source.text.split(":", 1)[1].strip()) > 10  # the reason is said
    assert set(inputs.staff.journeys) == set(inputs.texts.journeys) | {"contribution_payment"}


def test_every_problem_of_a_pack_file_is_reported_with_its_position():
    text = """site:
  institution: {en: NSSF}
  short_name: NSSF
  guides_online: www.nssf.gov.kh
  source: "nssf-website: home"
  colour: blue
situations:
  - {audience: staff, journey: j, text: {en: I am sick}}
journeys:
  j:
    chance: {from: a, text: {en: "Most are paid.", km: "{n}"}}
"""
    with pytest.raises(JourneyError) as err:
        parse_pack_texts(text, "data/infopack.yaml", known_sources=SOURCES)
    assert [str(p) for p in err.value.problems] == [
        "data/infopack.yaml:4:18: error: site.guides_online: expected an address such as "
        "https://www.nssf.gov.kh/infopack/ (ending in /), got 'www.nssf.gov.kh'",
        "data/infopack.yaml:5:11: error: site.source: unknown source id 'nssf-website' (not in sources.yaml)",
        "data/infopack.yaml:6:3: error: site.colour: unknown key 'colour'",
        "data/infopack.yaml:8:16: error: situations[0].audience: expected one of worker, employer, got 'staff'",
        "data/infopack.yaml:11:34: error: journeys.j.chance.text.en: expected the text to say {n} once, "
        "where the chance goes",
    ]


def test_every_problem_of_the_staff_guide_is_reported_with_its_position():
    text = """journeys:
  j:
    counter: a
    checklist:
      - {text: Check the card, source: "assumption:"}
      - {text: {en: Check the stamp, fr: Le tampon}, source: nssf-gov-kh}
    returns:
      - {at: a, text: Missing papers}
    escalate:
      - {when: Late, to: {km: ប្រធាន}, source: ilo-brief-2019}
"""
    with pytest.raises(JourneyError) as err:
        parse_staff_guide(text, "data/staff_guide.yaml", known_sources=SOURCES)
    assert [str(p) for p in err.value.problems] == [
        "data/staff_guide.yaml:3:14: error: journeys.j.counter: expected a list of a lowercase id (letters a-z, "
        "digits, _; starting with a letter), got 'a'",
        "data/staff_guide.yaml:5:40: error: journeys.j.checklist[0].source: expected \"assumption: <reason>\" "
        "with a reason, got 'assumption:'",
        "data/staff_guide.yaml:6:38: error: journeys.j.checklist[1].text.fr: unknown language 'fr' (languages: en, km)",
        "data/staff_guide.yaml:8:9: error: journeys.j.returns[0]: missing required key 'source'",
        "data/staff_guide.yaml:10:26: error: journeys.j.escalate[0].to: missing required key 'en' (the English text)",
    ]


def test_references_to_steps_are_checked_against_the_journeys_and_the_command_exits_2(tmp_path):
    data = _data(tmp_path, {
        "infopack.yaml": [('      review_claim: {en: "NSSF checks', '      review_claims: {en: "NSSF checks')],
        "staff_guide.yaml": [("    counter: [employer_submits]", "    counter: [employer_submit]"),
                             ("      - at: rejected\n", "      - at: refused\n")],
    })
    r = CliRunner().invoke(app, ["infopack", str(ROOT / "journeys"), "--data", str(data),
                                 "--out", str(tmp_path / "out")])
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"{data / 'infopack.yaml'}:43:7: error: journeys.sickness_benefit_claim.steps.review_claims: journey "
        "'sickness_benefit_claim' has no step 'review_claims'; did you mean 'review_claim'?",
        f"{data / 'staff_guide.yaml'}:19:15: error: journeys.sickness_benefit_claim.counter[0]: journey "
        "'sickness_benefit_claim' has no step 'employer_submit'; did you mean 'employer_submits'?",
        f"{data / 'staff_guide.yaml'}:32:13: error: journeys.sickness_benefit_claim.returns[2].at: journey "
        "'sickness_benefit_claim' has no step or outcome 'refused'",
    ]
    assert not (tmp_path / "out" / "index.html").exists()


def test_problems_of_several_data_files_come_in_one_run(tmp_path):
    data = _data(tmp_path, {
        "infopack.yaml": [('guides_online: "https://www.nssf.gov.kh/infopack/"', 'guides_online: 5')],
        "staff_guide.yaml": [('        source: "nssf-gov-kh: sickness benefit"', '        source: "nssf-site"')],
        "benefits.yaml": [("kind: benefit", "kind: present")],
    })
    with pytest.raises(JourneyError) as err:
        load_pack_inputs(data)
    files = sorted({Path(p.file).name for p in err.value.problems})
    assert files == ["benefits.yaml", "infopack.yaml", "staff_guide.yaml"]


def test_without_the_packs_own_files_the_pack_still_builds(tmp_path):
    data = _data(tmp_path, {})
    (data / "infopack.yaml").unlink()
    (data / "staff_guide.yaml").unlink()
    r = CliRunner().invoke(app, ["infopack", str(ROOT / "journeys" / "sickness_benefit_claim.yaml"), "--data",
                                 str(data), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    staff = (tmp_path / "out" / "en" / "staff" / "sickness_benefit_claim.html").read_text(encoding="utf-8")
    assert "Not written yet for this journey." in staff
    assert "<svg" not in staff  # no address online, no QR code
