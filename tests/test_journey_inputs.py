"""What a new user meets first: defaults written once, messages in the file's own unit, files that are not
journeys, times implausible for their unit, and a journey's own bibliography. Every message verbatim."""

from __future__ import annotations

import dataclasses

import pytest

from nssf_journey import json_schema, model as m
from nssf_journey.distributions import Normal
from nssf_journey.loading.fields import Checker
from nssf_journey.loading.format import ARRIVALS, CALENDAR, JOURNEY, OVERLAY, STEP
from nssf_journey.loading.loader import check_files, check_journey_text
from nssf_journey.loading.yaml_source import Document
from conftest import journey_text

A = 'source: "assumption: t"'


def errors(text: str, file: str = "x.yaml") -> list[str]:
    journey, problems = check_journey_text(text, file)
    return [str(p) for p in problems if p.severity == "error"]


def warnings(text: str, file: str = "x.yaml", **kw) -> list[str]:
    journey, problems = check_journey_text(text, file, **kw)
    assert journey is not None, problems
    return [str(p) for p in problems if p.severity == "warning"]


# ------------------------------------------------------------------------------------------------ defaults


def _model_default(cls, name):
    f = {f.name: f for f in dataclasses.fields(cls)}[name]
    return f.default if f.default is not dataclasses.MISSING else f.default_factory()


@pytest.mark.parametrize("record, key, cls, attr, convert", [
    (STEP, "duration", m.Step, "duration", None),
    (STEP, "wait", m.Step, "wait", None),
    (STEP, "wait_reason", m.Step, "wait_reason", None),
    (STEP, "cost", m.Step, "cost", None),
    (JOURNEY, "time_unit", m.Journey, "time_unit", None),
    (CALENDAR, "open", m.Calendar, "open", lambda v: (v,)),
    (CALENDAR, "days", m.Calendar, "days", lambda v: tuple(m.WEEKDAYS.index(d) for d in v)),
    (ARRIVALS, "start", m.Arrivals, "start", None),
])
def test_the_model_defaults_agree_with_the_format(record, key, cls, attr, convert):
    """The format holds each default; where the model must restate one (Python callers build steps without the
    loader), it is the converted format default."""
    ck = Checker(Document("x.yaml", None))
    value = record.fields[key].default_value(ck)
    assert not ck.problems
    assert (convert(value) if convert else value) == _model_default(cls, attr)


def test_every_default_is_valid_and_published_in_the_schema():
    schema = json_schema()
    step = schema["properties"]["steps"]["items"]["properties"]
    assert step["wait_reason"]["default"] == "service"
    assert step["duration"]["default"] == 0
    assert schema["properties"]["time_unit"]["default"] == "minutes"
    calendar = schema["properties"]["calendars"]["items"]["properties"]
    assert calendar["days"]["default"] == ["mon", "tue", "wed", "thu", "fri"]
    assert "default" not in step["in_person"]  # derived from the channel: no fixed value to publish


def test_an_absent_key_takes_the_default_through_its_kind():
    text = journey_text(f"""
        - {{id: a, name: A, actor: w, wait: 2, next: b, {A}}}
        - {{id: b, name: B, actor: o, channel: bank, outcome: success}}""",
                        extra="time_unit: hours\ncalendars: [{id: c}]\n")
    journey, problems = check_journey_text(text, "x.yaml")
    assert problems == []
    a, b = journey.step("a"), journey.step("b")
    assert (a.wait_reason, a.wait.mean, a.duration.mean, a.cost) == ("service", 120.0, 0.0, 0.0)
    assert (b.in_person, b.touchpoint, a.touchpoint) == (True, True, False)
    assert journey.calendars[0].days == (0, 1, 2, 3, 4) and journey.calendars[0].open == ((0.0, 1440.0),)
    assert journey.time_unit == "hours"


# ------------------------------------------------------------------------------- messages in the file's unit


def test_a_distribution_error_speaks_the_files_own_unit():
    text = journey_text("""
        - {id: a, name: A, actor: w, duration: {dist: normal, mean: 1, sd: 3}, next: b}
        - {id: b, name: B, actor: w, wait: {dist: triangular, min: 3, mode: 2, max: 5, unit: days}, outcome: success}""",
                        extra="time_unit: hours\n")
    assert errors(text) == [
        "x.yaml:7:42: error: steps[0].duration: bad normal distribution in hours: sd (3) must be less than mean (1)"
        " for a normal truncated at 0; use lognormal for durations this variable",
        "x.yaml:8:38: error: steps[1].wait: bad triangular distribution in days: min <= mode <= max is required,"
        " got min 3, mode 2, max 5",
    ]


def test_a_valid_distribution_is_still_converted_to_minutes():
    text = journey_text(f"""
        - {{id: a, name: A, actor: w, duration: {{dist: normal, mean: 2, sd: 1}}, next: b, {A}}}
        - {{id: b, name: B, actor: w, outcome: success}}""", extra="time_unit: hours\n")
    journey, _ = check_journey_text(text, "x.yaml")
    assert journey.step("a").duration == Normal(120.0, 60.0)


# ------------------------------------------------------------------------------------ not a journey file

CSV = "case:concept:name,concept:name,time:timestamp\n" + "".join(
    f"case-{i},Confirmation of receipt,2011-10-11 13:45:40.276000+02:00\n" for i in range(60_000))


@pytest.mark.parametrize("name, content, expected", [
    ("receipt.csv", CSV, "it looks like a CSV table with 3 columns"),
    ("log.xes", '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n  <trace/>\n</log>\n',
     "it looks like an XML document"),
    ("log.jsonl", '{"case": "c1", "activity": "register"}\n{"case": "c1", "activity": "pay"}\n',
     "it looks like JSON lines (one record a line)"),
    ("notes.txt", "Remember to ask NSSF\nabout the payslip queue\n",
     "it holds text, not a YAML mapping of journey, title, actors, start and steps"),
    ("log.json", '{"events": [{"case": 1}], "version": 2}\n',
     "none of its keys is a journey key such as journey, title, actors, start or steps"),
])
def test_a_file_that_is_not_a_journey_gets_one_short_line(write, name, content, expected):
    path = write(name, content)
    [result] = check_files([str(path)])
    assert [str(p) for p in result.problems] == [f"{path}:1:1: error: this is not a journey file ({expected})"]


def test_a_binary_file_is_not_quoted_either(tmp_path):
    path = tmp_path / "log.parquet"
    path.write_bytes(b"PAR1\x15\x04\x15\x00" + bytes(range(256)) * 40)
    [result] = check_files([str(path)])
    assert [str(p) for p in result.problems] == [
        f"{path}:1:1: error: this is not a journey file (it holds binary data, not text)"]


def test_a_journey_with_a_syntax_error_still_gets_the_syntax_error():
    """A journey whose lines hold commas is not mistaken for a CSV table."""
    assert errors("journey: t\ntitle: Pay, declare, check\nsteps: [\n") == [
        "x.yaml:4:1: error: YAML syntax: did not find expected node content (while parsing a flow node at line 4,"
        " column 1)"]


# ---------------------------------------------------------------------------------- implausible time units


def test_every_time_under_a_tenth_of_a_day_is_implausible_in_days():
    text = journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 0.02, wait: 0.05, next: b, {A}}}
        - {{id: b, name: B, actor: o, duration: {{dist: triangular, min: 0.01, mode: 0.02, max: 0.06}}, next: c, {A}}}
        - {{id: c, name: C, actor: o, outcome: success}}""", extra="time_unit: days\n")
    assert warnings(text) == [
        "x.yaml:5:12: warning: time_unit: every duration and wait is under 0.1 days (the longest is 0.05 days,"
        " 72 minutes): times this short look like minutes, not days; check time_unit"]


def test_every_time_under_six_seconds_looks_like_a_larger_unit():
    text = journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 0.02, wait: 0.08, next: b, {A}}}
        - {{id: b, name: B, actor: o, duration: 0.05, outcome: success, {A}}}""")
    assert warnings(text) == [
        "x.yaml:1:1: warning: time_unit: every duration and wait is under 0.1 minutes (the longest is 0.08 minutes):"
        " no step takes mere seconds: the numbers look like hours or days; check time_unit"]


def test_a_wait_of_100000_minutes_looks_like_seconds():
    text = journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 300, wait: 172800, next: b, {A}}}
        - {{id: b, name: B, actor: o, duration: 600, outcome: success, {A}}}""")
    assert warnings(text) == [
        "x.yaml:1:1: warning: time_unit: a time of 172,800 minutes (120 days) is implausibly long: numbers this large"
        ' look like seconds, not minutes; write them in minutes or with their unit, such as "90 s"']


def test_one_wait_of_100000_minutes_is_enough_but_one_tiny_time_is_not():
    one_long = journey_text(f"""
        - {{id: a, name: A, actor: w, wait: 100000, next: b, {A}}}
        - {{id: b, name: B, actor: o, outcome: success}}""")
    assert len(warnings(one_long)) == 1
    one_short = journey_text(f"""
        - {{id: a, name: A, actor: w, wait: 0.05, next: b, {A}}}
        - {{id: b, name: B, actor: o, outcome: success}}""", extra="time_unit: days\n")
    assert warnings(one_short) == []


def test_minutes_written_in_a_file_declared_in_days():
    text = journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 30, wait: 129600, next: b, {A}}}
        - {{id: b, name: B, actor: o, duration: 45, outcome: success, {A}}}""", extra="time_unit: days\n")
    journey, problems = check_journey_text(text, "x.yaml")
    assert journey is None and [str(p) for p in problems] == [  # over 100 years: no longer a warning but an error
        "x.yaml:7:52: error: steps[0].wait: 129600 days is more than 100 years (36,525 days), the longest time allowed;"
        " a number this large looks like minutes: check time_unit"]


def test_times_with_their_own_unit_are_not_judged_by_time_unit():
    text = journey_text(f"""
        - {{id: a, name: A, actor: w, duration: "20 min", wait: "1 h", next: b, {A}}}
        - {{id: b, name: B, actor: o, duration: {{dist: fixed, value: 30, unit: minutes}}, outcome: success, {A}}}""",
                        extra="time_unit: days\n")
    assert warnings(text) == []


# ------------------------------------------------------------------------------ a journey's own bibliography

BIB = """bibliography:
  - {id: receipt-log, title: "Receipt phase event log", publisher: 4TU.ResearchData, year: 2011}
  - {id: time-study, title: "Counter time study", year: null}
"""


def test_bibliography_ids_are_known_sources_of_the_journey():
    text = journey_text("""
        - {id: a, name: A, actor: w, duration: 5, next: b, source: "receipt-log: discovered"}
        - {id: b, name: B, actor: o, duration: 7, outcome: success, source: time-stud}""", extra=BIB)
    assert warnings(text) == [
        "x.yaml:10:71: warning: steps[1].source: unknown source id 'time-stud'; did you mean 'time-study'? (not in"
        " the journey's bibliography)"]
    assert warnings(text, known_sources={"ilo-brief-2019"}) == [
        "x.yaml:10:71: warning: steps[1].source: unknown source id 'time-stud'; did you mean 'time-study'? (not in"
        " data/sources.yaml nor in the journey's bibliography)"]
    journey, _ = check_journey_text(text, "x.yaml")
    assert journey.bibliography == (m.Source("receipt-log", "Receipt phase event log", "4TU.ResearchData", 2011),
                                    m.Source("time-study", "Counter time study"))


def test_bibliography_entries_are_checked_like_sources_yaml():
    text = journey_text("""
        - {id: a, name: A, actor: w, outcome: success}""", extra="""bibliography:
  - {id: "log: x", title: Log}
  - {id: study, year: 20x6}
  - {id: study, title: Again}
""")
    assert errors(text) == [
        "x.yaml:6:10: error: bibliography[0].id: expected a source id (no spaces or colons), got 'log: x'",
        "x.yaml:7:5: error: bibliography[1]: missing required key 'title'",
        "x.yaml:7:23: error: bibliography[1].year: expected an integer from 1000 to 9999, got '20x6'",
        "x.yaml:8:10: error: bibliography[2].id: duplicate source id 'study' (first at line 7)",
    ]


def test_the_overlay_keys_come_from_one_description():
    schema = json_schema()
    assert set(OVERLAY.fields) <= set(schema["properties"])
    assert schema["then"] == {"required": ["journey", "extends"]}
    change = schema["properties"]["change"]["additionalProperties"]
    assert set(change["properties"]) == set(STEP.fields) and change["additionalProperties"] is False
    assert change["properties"]["wait"]["anyOf"][-1] == {"type": "null"}  # null deletes a key


def test_the_overlay_keys_are_checked_from_their_description(write):
    write("base.yaml", journey_text(f"""
        - {{id: a, name: A, actor: w, duration: 5, next: b, {A}}}
        - {{id: b, name: B, actor: o, outcome: success}}"""))
    red = write("red.yaml", "journey: red\nextends: base.yaml\nremove: a\nchange: [1]\nadd: {id: c}\n"
                            "change_resources: {desk: 2}\nadd_actors: [{id: p, name: Portal, lane: frontstage}]\n")
    [result] = check_files([str(red)])
    assert [str(p) for p in result.problems] == [
        f"{red}:3:9: error: remove: expected a list of step ids, got 'a'",
        f"{red}:4:9: error: change: expected a mapping from step id to the keys to replace, got a list",
        f"{red}:5:6: error: add: expected a list of steps, got a mapping",
        f"{red}:6:20: error: change_resources.desk: unknown resource 'desk'",
        f"{red}:6:26: error: change_resources.desk: expected a mapping of the resource's keys to replace, got 2",
    ]
    bad = write("bad.yaml", "journey: bad\nextends: 5\n")
    [result] = check_files([str(bad)])
    assert [str(p) for p in result.problems] == [
        f"{bad}:2:10: error: extends: expected the path of the journey file this redesign extends, got 5"]


def test_every_shipped_journey_and_redesign_matches_the_generated_schema():
    jsonschema = pytest.importorskip("jsonschema")
    import json

    import yaml
    from conftest import ROOT

    validator = jsonschema.Draft202012Validator(json_schema())
    for path in sorted((ROOT / "journeys").rglob("*.yaml")):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))  # dates as the text written
        assert [e.message for e in validator.iter_errors(data)] == [], path
    with pytest.raises(jsonschema.ValidationError):  # an overlay's change names a step key that does not exist
        jsonschema.validate({"journey": "r", "extends": "b.yaml", "change": {"a": {"duraton": 5}}}, json_schema())
