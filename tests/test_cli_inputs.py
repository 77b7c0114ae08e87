"""validate, list and schema on journeys and data files, and data-file problems in the commands that read them."""

from __future__ import annotations

import json
import shutil
import sys

import pytest
from typer.testing import CliRunner

from nssf_journey.cli import app, main
from nssf_journey.loading.data_format import DATA_FILES, data_json_schema
from conftest import ROOT, journey_text

runner = CliRunner()
A = 'source: "assumption: t"'


def project(tmp_path, source: str = "kinh-2018"):
    """proj/data/sources.yaml (id kinh-2017) and proj/journeys/{j.yaml, redesign/r.yaml} citing ``source``."""
    (tmp_path / "proj" / "data").mkdir(parents=True)
    (tmp_path / "proj" / "data" / "sources.yaml").write_text("- {id: kinh-2017, title: A survey}\n")
    j = tmp_path / "proj" / "journeys" / "j.yaml"
    (j.parent / "redesign").mkdir(parents=True)
    j.write_text(journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 5, next: b, source: {source}}}
        - {{id: b, name: B, actor: o, outcome: success}}"""))
    r = j.parent / "redesign" / "r.yaml"
    r.write_text(f"journey: r\nextends: ../j.yaml\nchange:\n  a: {{duration: 3, source: {source}}}\n")
    return j, r


def test_strict_validation_finds_the_data_folder_from_the_journey_not_the_current_folder(tmp_path, monkeypatch):
    j, r = project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = runner.invoke(app, ["validate", "--strict", str(j.parent)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{j}:6:62: error: steps[0].source: unknown source id 'kinh-2018'; did you mean 'kinh-2017'? (not in"
        " data/sources.yaml)",
        f"{r}:4:28: error: change.a.source: unknown source id 'kinh-2018'; did you mean 'kinh-2017'? (not in"
        " data/sources.yaml)",
    ]
    assert result.stdout == "2 journey files checked: 0 valid, 2 with errors\n"
    j.write_text(j.read_text().replace("kinh-2018", "kinh-2017"))
    r.write_text(r.read_text().replace("kinh-2018", "kinh-2017"))
    fixed = runner.invoke(app, ["validate", "--strict", str(j.parent)])
    assert fixed.exit_code == 0, fixed.stderr
    assert fixed.stdout == "2 journey files checked: 2 valid\n"


def test_data_option_still_names_the_bibliography(tmp_path):
    j, _ = project(tmp_path, source="s9")
    other = tmp_path / "other"
    other.mkdir()
    (other / "sources.yaml").write_text("- {id: s9, title: Another survey}\n")
    assert runner.invoke(app, ["validate", "--strict", "--data", str(other), str(j)]).exit_code == 0
    missing = runner.invoke(app, ["validate", "--data", str(tmp_path), str(j)])
    assert missing.stderr == f"nssf-journey: error: --data: {tmp_path}/sources.yaml does not exist\n"


def test_a_journeys_own_bibliography_passes_strict_validation(tmp_path):
    j, _ = project(tmp_path, source='"receipt-log: discovered from the log"')
    j.write_text(j.read_text() + "bibliography:\n  - {id: receipt-log, title: Receipt phase event log}\n")
    result = runner.invoke(app, ["validate", "--strict", str(j)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1 journey file checked: 1 valid\n"


def test_a_broken_sources_yaml_stops_validation_with_its_own_problems(tmp_path):
    j, _ = project(tmp_path)
    sources = tmp_path / "proj" / "data" / "sources.yaml"
    sources.write_text("- {id: kinh-2017}\n")
    result = runner.invoke(app, ["validate", str(j)])
    assert result.exit_code == 2
    assert result.stderr == f"{sources}:1:3: error: [0]: missing required key 'title'\n"


def test_list_says_why_a_file_is_invalid(write, tmp_path):
    text = journey_text("""
        - {id: a, name: A, actor: w, outcome: success}""")
    write("j/a.yaml", text)
    b = write("j/b.yaml", text)
    c = write("j/c.yaml", text.replace("journey: t", "journey: c").replace("name: A,", "name: A, duraton: 5, wait: x,"))
    result = runner.invoke(app, ["list", str(tmp_path / "j")])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "journey    steps  title",
        f"t              1  Test  ({tmp_path / 'j' / 'a.yaml'})",
        f"(invalid)         {b}:1:1: error: journey: journey id 't' is already used by {tmp_path / 'j' / 'a.yaml'}",
        f"(invalid)         {c}:6:22: error: steps[0].duraton: unknown key 'duraton'; did you mean 'duration'?"
        f" (and 1 more: nssf-journey validate {tmp_path / 'j'})",
    ]
    rows = json.loads(runner.invoke(app, ["list", str(tmp_path / "j"), "--json"]).stdout)
    assert [(r["valid"], r["problems"]) for r in rows] == [(True, 0), (False, 1), (False, 2)]
    assert rows[1]["problem"] == f"{b}:1:1: error: journey: journey id 't' is already used by {tmp_path / 'j' / 'a.yaml'}"


def test_validate_checks_data_files_by_their_folder(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for spec in DATA_FILES.values():
        shutil.copy(ROOT / "data" / spec.file, data)
    survey = data / "survey.yaml"
    survey.write_text(survey.read_text().replace("    value: 0.34\n", "    value: ten\n", 1))
    result = runner.invoke(app, ["validate", str(data)])
    assert result.exit_code == 2
    assert result.stderr == f"{survey}:19:12: error: awareness.sickness.value: expected a number, got 'ten'\n"
    assert result.stdout == f"{len(DATA_FILES)} data files checked: {len(DATA_FILES) - 1} valid, 1 with errors\n"
    survey.write_text((ROOT / "data" / "survey.yaml").read_text())
    both = runner.invoke(app, ["validate", str(ROOT / "journeys"), str(data)])
    assert both.exit_code == 0
    assert both.stdout == f"12 journey files checked: 12 valid; {len(DATA_FILES)} data files checked: {len(DATA_FILES)} valid\n"


def test_validate_checks_the_info_packs_files_and_the_institution_as_data_files(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    pack, staff, institution = data / "infopack.yaml", data / "staff_guide.yaml", data / "institution.yaml"
    pack.write_text(pack.read_text().replace('guides_online: "https://www.nssf.gov.kh/infopack/"',
                                             'guides_online: "www.nssf.gov.kh"'))
    staff.write_text(staff.read_text().replace('source: "nssf-gov-kh: sickness benefit"', 'source: "nssf-gov: x"', 1))
    institution.write_text(institution.read_text().replace("per_usd: 1", "per_usd: one"))
    result = runner.invoke(app, ["validate", str(data)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{pack}:19:18: error: site.guides_online: expected an address such as https://www.nssf.gov.kh/infopack/"
        " (ending in /), got 'www.nssf.gov.kh'",
        f"{institution}:11:12: error: currency.per_usd: expected a number > 0, got 'one'",
        f"{staff}:40:17: error: journeys.sickness_benefit_claim.script[0].source: unknown source id 'nssf-gov'; did you"
        " mean 'nssf-gov-kh'? (not in sources.yaml)",
    ]
    assert result.stdout == f"{len(DATA_FILES)} data files checked: {len(DATA_FILES) - 3} valid, 3 with errors\n"


@pytest.mark.parametrize("name", ["infopack", "staff_guide", "institution"])
def test_schema_of_the_info_packs_files_and_the_institution(name):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    result = runner.invoke(app, ["schema", "--data", name])
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema == data_json_schema(name) and schema["title"] == f"nssf-journey data/{DATA_FILES[name].file}"
    jsonschema.validate(yaml.safe_load((ROOT / "data" / DATA_FILES[name].file).read_text()), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "X"}, schema)  # every file here requires more than a name


COMPARE = ["compare", str(ROOT / "journeys" / "contribution_payment.yaml"),
           str(ROOT / "journeys" / "redesign" / "contribution_payment_online.yaml"), "--cases", "0"]


@pytest.mark.parametrize("command", [["junctures", str(ROOT / "journeys")], ["funnel"], COMPARE,
                                     ["infopack", str(ROOT / "journeys")]], ids=lambda c: c[0])
def test_commands_that_read_the_data_folder_report_all_its_problems_and_exit_2(tmp_path, command):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "funnel.yaml").write_text("take_up: {}\nneed_per_member_year: {}\n")
    benefits = data / "benefits.yaml"
    benefits.write_text(benefits.read_text().replace("kind: benefit", "kind: benfit", 1))
    result = runner.invoke(app, [*command, "--data", str(data), *(["--out", str(tmp_path / "out")]
                                                                  if command[0] == "infopack" else [])])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{data / 'funnel.yaml'}:1:10: error: take_up: missing required key 'claim_if_aware'",
        f"{benefits}:19:11: error: facts[0].kind: expected one of benefit, eligibility, deadline, fine, cost,"
        " contact, note, got 'benfit'",
    ]
    assert not (tmp_path / "out").exists()


def test_a_broken_scale_file_fails_compare_in_the_console_script_too(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    scale = data / "scale.yaml"
    scale.write_text(scale.read_text().replace("    value: 172224\n", "    value: many\n"))
    monkeypatch.setattr(sys, "argv", ["nssf-journey", *COMPARE, "--data", str(data)])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 2
    assert capsys.readouterr().err == f"{scale}:7:12: error: contribution_payment.cases_per_year.value: expected a" \
                                      " number, got 'many'\n"


def test_schema_of_a_data_file(tmp_path):
    out = tmp_path / "benefits.schema.json"
    result = runner.invoke(app, ["schema", "--data", "benefits", "--out", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text()) == data_json_schema("benefits")
    bad = runner.invoke(app, ["schema", "--data", "benefit"])
    assert bad.exit_code == 2
    assert bad.stderr == ("nssf-journey: error: --data: expected one of sources, personas, survey, funnel, scale,"
                          " benefits, plain_language, staffing, infopack, staff_guide, institution, got 'benefit'\n")


def test_analyze_of_an_event_log_says_it_is_not_a_journey(write):
    log = write("receipt.csv", "case:concept:name,concept:name,time:timestamp\n"
                + "case-1,Confirmation of receipt,2011-10-11 13:45:40+02:00\n" * 30_000)
    result = runner.invoke(app, ["analyze", str(log)])
    assert result.exit_code == 2
    assert result.stderr == f"{log}:1:1: error: this is not a journey file (it looks like a CSV table with 3 columns)\n"
