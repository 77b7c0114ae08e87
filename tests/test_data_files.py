"""The data folder's files, checked against their descriptions: located errors, every problem in one pass."""

from __future__ import annotations

import shutil
import textwrap

import pytest
import yaml

from nssf_journey.infopack.benefits import parse_benefits
from nssf_journey.infopack.check import load_rules
from nssf_journey.loading.data import (check_data_file, check_data_folder, data_dir_beside, data_dir_of, data_file_spec,
                                       load_data, load_figures)
from nssf_journey.loading.data_format import DATA_FILES, data_json_schema
from nssf_journey.loading.problems import JourneyError
from nssf_journey.analysis.funnel import load_funnel_inputs
from nssf_journey.compare.scale import load_scale
from conftest import ROOT


@pytest.fixture
def data(tmp_path):
    """A copy of the bundled data folder to break."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


def problems_of(exc_info) -> list[str]:
    return [str(p) for p in exc_info.value.problems]


def test_every_problem_of_the_folder_in_one_pass(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "sources.yaml").write_text(textwrap.dedent("""\
        - {id: s1, title: A survey, year: 2017}
        - {id: s1, titel: Again}
        - {id: "s 2", title: Spaces, year: twenty}
        """))
    (folder / "personas.yaml").write_text(textwrap.dedent("""\
        - {id: bopha, name: Bopha, role: worker, chanels: [employer], education_level: grade 6}
        - {id: kosal, name: Kosal, role: boss}
        """))
    (folder / "survey.yaml").write_text(textwrap.dedent("""\
        awareness:
          sickness: {value: ten, unit: share, source: s1}
          medical: {value: 0.95, unit: share, source: s3}
        coverage: [4100000]
        """))
    with pytest.raises(JourneyError) as info:
        load_data(folder)
    s, p, v = (str(folder / f) for f in ("sources.yaml", "personas.yaml", "survey.yaml"))
    # education_level is a detail of the persona's own, not a misspelling of education: no problem
    assert problems_of(info) == [
        f"{p}:1:42: error: [0].chanels: unknown key 'chanels'; did you mean 'channels'?",
        f"{p}:2:34: error: [1].role: expected one of worker, employer, got 'boss'",
        f"{s}:2:3: error: [1]: missing required key 'title'",
        f"{s}:2:8: error: [1].id: duplicate source id 's1' (first at line 1)",
        f"{s}:2:12: error: [1].titel: unknown key 'titel'; did you mean 'title'?",
        f"{s}:3:8: error: [2].id: expected a source id (no spaces or colons), got 's 2'",
        f"{s}:3:36: error: [2].year: expected an integer from 1000 to 9999, got 'twenty'",
        f"{v}:2:21: error: awareness.sickness.value: expected a number, got 'ten'",
        f"{v}:3:47: error: awareness.medical.source: unknown source id 's3' (not in sources.yaml)",
        f"{v}:4:11: error: coverage: expected a mapping from a figure's name to the figure, got a list",
    ]


def test_a_data_file_that_cannot_be_read_says_why_like_a_journey(data):
    (data / "survey.yaml").write_bytes("awareness:\n  caf\xe9: {}\n".encode("latin-1"))
    (data / "personas.yaml").unlink()
    with pytest.raises(JourneyError) as info:
        load_data(data)
    assert problems_of(info) == [f"{data / 'personas.yaml'}:1:1: error: no such file",
                                 f"{data / 'survey.yaml'}:2:6: error: the file is not UTF-8 text"]
    (data / "personas.yaml").write_text("")
    assert [str(p) for p in check_data_file(data / "personas.yaml")] == [
        f"{data / 'personas.yaml'}:1:1: error: the file is empty; expected a list of personas {{id, name, role}}"]


def test_funnel_and_scale_are_checked_against_their_own_descriptions(data):
    (data / "funnel.yaml").write_text(textwrap.dedent("""\
        take_up: {}
        need_per_member_year:
          sicknes: {value: 0.03, unit: claims, source: "assumption: x"}
        """))
    with pytest.raises(JourneyError) as info:
        load_funnel_inputs(load_data(data))
    f = data / "funnel.yaml"
    assert problems_of(info) == [
        f"{f}:1:10: error: take_up: missing required key 'claim_if_aware'",
        f"{f}:3:3: error: need_per_member_year.sicknes: expected one of medical, sickness, maternity, employment_injury,"
        " invalidity, survivorship, pension, registration, contribution, got 'sicknes'",
    ]
    (data / "scale.yaml").write_text("contribution_payment:\n  cases_per_year: {value: 12, source: nssf-facts}\n")
    with pytest.raises(JourneyError) as info:
        load_scale(load_data(data))
    assert problems_of(info) == [
        f"{data / 'scale.yaml'}:2:3: error: contribution_payment: missing required key 'per_customer_per_year'"]


def test_the_funnel_says_which_coverage_figure_is_missing(data):
    survey = (data / "survey.yaml").read_text().replace("  covered_members:", "  covered_members_x:")
    (data / "survey.yaml").write_text(survey)
    with pytest.raises(JourneyError) as info:
        load_funnel_inputs(load_data(data))
    assert problems_of(info) == [
        f"{data / 'survey.yaml'}:1:1: error: coverage.covered_members: missing figure: the funnel starts from it"]


def test_benefits_facts_are_checked_with_every_problem_located():
    text = textwrap.dedent("""\
        hotline: {number: 1286, source: nssf-gov-kh}
        facts:
          - {id: a, kind: benefit, journeys: [x], text: {km: only Khmer}, source: s}
          - {id: a, kind: bonus, journeys: [x], audience: [workers], text: T, values: {rate: high}}
          - {id: c, kind: note, journeys: [x], text: T, source: s, evidence: sure}
        """)
    with pytest.raises(JourneyError) as info:
        parse_benefits(text, "b.yaml")
    assert problems_of(info) == [
        "b.yaml:1:19: error: hotline.number: expected text, got 1286",
        "b.yaml:3:49: error: facts[0].text: missing required key 'en' (the English text)",
        "b.yaml:4:5: error: facts[1]: missing required key 'source'",
        "b.yaml:4:10: error: facts[1].id: duplicate fact id 'a' (first at line 3)",
        "b.yaml:4:19: error: facts[1].kind: expected one of benefit, eligibility, deadline, fine, cost, contact, note,"
        " got 'bonus'",
        "b.yaml:4:52: error: facts[1].audience[0]: expected one of worker, employer, staff, got 'workers'",
        "b.yaml:4:86: error: facts[1].values.rate: expected a number, got 'high'",
        "b.yaml:5:70: error: facts[2].evidence: expected one of measured, reported, assumed, got 'sure'",
    ]


def test_a_fact_without_audience_is_for_everyone_and_evidence_follows_the_source():
    benefits = parse_benefits('hotline: {number: "1286", source: "assumption: t"}\n'
                              "facts: [{id: a, kind: note, journeys: [x], text: T, source: nssf-gov-kh}]\n", "b.yaml")
    [fact] = benefits.facts
    assert fact.audience == ("worker", "employer", "staff")
    assert (fact.source.evidence, benefits.hotline_source.evidence) == ("reported", "assumed")


def test_plain_language_rules_are_checked(tmp_path):
    path = tmp_path / "plain_language.yaml"
    path.write_text("max_sentence_words: twenty\nmax_average_words: 14\nmin_reading_ease: 60\n")
    with pytest.raises(JourneyError) as info:
        load_rules(path)
    assert problems_of(info) == [
        f"{path}:1:1: error: (top level): missing required key 'long_word_letters'",
        f"{path}:1:21: error: max_sentence_words: expected an integer from 1 to 1000, got 'twenty'",
    ]


def test_the_bundled_data_folder_is_valid_and_matches_its_json_schemas():
    jsonschema = pytest.importorskip("jsonschema")
    assert check_data_folder(ROOT / "data") == []
    for name, spec in DATA_FILES.items():
        jsonschema.validate(yaml.safe_load((ROOT / "data" / spec.file).read_text()), data_json_schema(name))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "titel": "typo"}], data_json_schema("sources"))


def test_figures_keep_their_defaults_and_a_data_file_is_known_by_its_folder(data):
    figures = load_figures(data / "survey.yaml")
    assert figures["awareness.sickness"].evidence == "reported"
    assert figures["information_reliability.employer"].evidence == "assumed"
    assert data_file_spec(data / "benefits.yaml").name == "benefits"
    assert data_file_spec(ROOT / "journeys" / "survey.yaml") is None
    assert data_dir_beside(ROOT / "journeys" / "redesign" / "contribution_payment_online.yaml") == ROOT / "data"


# One source in each data file that cites sources, made to name a misspelt id (what is written, what it becomes,
# where the value starts, its field path): every file is checked against sources.yaml beside it the same way.
CITED = [
    ("personas.yaml", "  source: ilo-brief-2019\n", "  source: ilo-brief-2091\n", (41, 11), "[0].source"),
    ("survey.yaml", 'source: "ilo-brief-2019: Kinh', 'source: "ilo-brief-2091: Kinh', (16, 13),
     "awareness.medical.source"),
    ("funnel.yaml", 'source: "phnom-penh-post-2025-health:', 'source: "ilo-brief-2091:', (23, 13),
     "need_per_member_year.medical.source"),
    ("scale.yaml", 'source: "nssf-facts:', 'source: "ilo-brief-2091:', (10, 13),
     "contribution_payment.cases_per_year.source"),
    ("benefits.yaml", "source: nssf-gov-kh,", "source: ilo-brief-2091,", (15, 35), "hotline.source"),
    ("staffing.yaml", 'source: "assumption:', 'source: "ilo-brief-2091:', (11, 11), "payslip_counter.source"),
    ("infopack.yaml", 'source: "assumption: NSSF has not', 'source: "ilo-brief-2091: NSSF has not', (20, 11),
     "site.source"),
    ("staff_guide.yaml", 'source: "assumption: the model', 'source: "ilo-brief-2091: the model', (22, 17),
     "journeys.sickness_benefit_claim.checklist[0].source"),
    ("institution.yaml", 'source: "assumption:', 'source: "ilo-brief-2091:', (12, 11), "currency.source"),
]


@pytest.mark.parametrize("name, written, misspelt, where, path", CITED, ids=[c[0] for c in CITED])
def test_every_data_file_checks_its_source_ids_against_sources_yaml(data, name, written, misspelt, where, path):
    file = data / name
    text = file.read_text(encoding="utf-8")
    assert text.count(written) >= 1, written
    file.write_text(text.replace(written, misspelt, 1), encoding="utf-8")
    line, column = where
    expected = [f"{file}:{line}:{column}: error: {path}: unknown source id 'ilo-brief-2091'; did you mean "
                "'ilo-brief-2019'? (not in sources.yaml)"]
    assert [str(p) for p in check_data_file(file)] == expected
    assert [str(p) for p in check_data_folder(data)] == expected


def test_an_assumption_must_give_its_reason_in_every_data_file(data):
    survey = data / "survey.yaml"
    survey.write_text(survey.read_text().replace('"ilo-brief-2019: Kinh (2017) survey"', '"assumption: "', 1))
    assert [str(p) for p in check_data_file(survey)] == [
        f"{survey}:16:13: error: awareness.medical.source: expected \"assumption: <reason>\" with a reason, got "
        "'assumption: '"]


def test_the_packs_files_and_the_institution_cannot_be_read_says_why_at_the_place(data):
    (data / "infopack.yaml").write_bytes("site:\n  institution: Caf\xe9\n".encode("latin-1"))
    (data / "staff_guide.yaml").unlink()
    (data / "staff_guide.yaml").mkdir()
    (data / "institution.yaml").write_text("")
    assert [str(p) for p in check_data_folder(data)] == [
        f"{data / 'infopack.yaml'}:2:19: error: the file is not UTF-8 text",
        f"{data / 'staff_guide.yaml'}:1:1: error: is a folder, expected a data file",
        f"{data / 'institution.yaml'}:1:1: error: the file is empty; expected institution settings {{name, short_name,"
        " country, served, currency}",
    ]


def test_the_data_folder_of_journeys_is_the_nearest_beside_them(tmp_path):
    (tmp_path / "p" / "data").mkdir(parents=True)
    (tmp_path / "p" / "journeys" / "redesign").mkdir(parents=True)
    (tmp_path / "p" / "other" / "data").mkdir(parents=True)  # no sources.yaml: not a data folder
    (tmp_path / "p" / "data" / "sources.yaml").write_text("- {id: s, title: S}\n")
    redesign = tmp_path / "p" / "journeys" / "redesign" / "r.yaml"
    assert data_dir_beside(redesign) == tmp_path / "p" / "data"
    assert data_dir_beside(tmp_path / "p" / "other" / "j.yaml") == tmp_path / "p" / "data"
    assert data_dir_beside(tmp_path / "j.yaml") is None
    assert data_dir_of([None, tmp_path / "j.yaml", redesign]) == tmp_path / "p" / "data"
    assert data_dir_of([None, tmp_path / "j.yaml"]) is None
