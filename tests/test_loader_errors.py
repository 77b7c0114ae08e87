"""Every validation message, verbatim: file, line, column, field path and what was expected."""

from __future__ import annotations

import pytest

from nssf_journey import JourneyError, parse_journey
from nssf_journey.loading.loader import check_journey_text, check_files
from conftest import journey_text

CASES = {
    "unknown key with suggestion": (
        journey_text("""
            - {id: a, name: A, actor: w, duraton: 5, next: b}
            - {id: b, name: B, actor: w, outcome: success}"""),
        ["x.yaml:6:32: error: steps[0].duraton: unknown key 'duraton'; did you mean 'duration'?"],
    ),
    "missing required keys": (
        journey_text("""
            - {id: a, name: A, next: b}
            - {id: b, actor: w, outcome: success}"""),
        ["x.yaml:6:5: error: steps[0]: missing required key 'actor'",
         "x.yaml:7:5: error: steps[1]: missing required key 'name'"],
    ),
    "wrong types": (
        journey_text("""
            - {id: a, name: A, actor: w, cost: -1, emotion: 3, pain_points: oops, in_person: maybe, next: b}
            - {id: b, name: 5, actor: w, outcome: success}"""),
        ["x.yaml:6:38: error: steps[0].cost: expected a number >= 0 and <= 1e+09, got -1",
         "x.yaml:6:51: error: steps[0].emotion: expected an integer from -2 to 2, got 3",
         "x.yaml:6:67: error: steps[0].pain_points: expected a list of text (or {en: ..., km: ...}), got 'oops'",
         "x.yaml:6:84: error: steps[0].in_person: expected true or false, got 'maybe'",
         "x.yaml:7:19: error: steps[1].name: expected text (or {en: ..., km: ...}), got 5"],
    ),
    "bad durations": (
        journey_text("""
            - {id: a, name: A, actor: w, wait: two days, next: b}
            - {id: b, name: B, actor: w, duration: -3, outcome: success}"""),
        ['x.yaml:6:38: error: steps[0].wait: expected a duration such as 30, "2 h" or '
         "{dist: triangular, min: 10, mode: 20, max: 40}, got 'two days'",
         "x.yaml:7:42: error: steps[1].duration: expected a duration >= 0, got -3"],
    ),
    "bad distribution parameters": (
        journey_text("""
            - {id: a, name: A, actor: w, duration: {dist: triangular, min: 30, mode: 20, max: 60}, next: b}
            - {id: b, name: B, actor: w, duration: {dist: gama, mean: 3}, next: c}
            - {id: c, name: C, actor: w, duration: {dist: lognormal, mean: 3}, next: d}
            - {id: d, name: D, actor: w, duration: {dist: normal, mean: 10, sd: 12}, next: e}
            - {id: e, name: E, actor: w, duration: {dist: uniform, min: 1, max: 2, mode: 1}, outcome: success}"""),
        ["x.yaml:6:42: error: steps[0].duration: bad triangular distribution: min <= mode <= max is required, "
         "got min 30, mode 20, max 60",
         "x.yaml:7:49: error: steps[1].duration.dist: expected one of fixed, uniform, triangular, exponential, "
         "normal, lognormal, empirical, quantiles, got 'gama'",
         "x.yaml:8:42: error: steps[2].duration: a lognormal distribution needs mean and sd; missing sd",
         "x.yaml:9:42: error: steps[3].duration: bad normal distribution: sd (12) must be less than mean (10) for "
         "a normal truncated at 0; use lognormal for durations this variable",
         "x.yaml:10:74: error: steps[4].duration.mode: unknown key 'mode' for a uniform distribution (it takes min, max)"],
    ),
    "probabilities": (
        journey_text("""
            - {id: a, name: A, actor: w, next: [{to: b, p: 0.6}, {to: c, p: 0.35}], source: "assumption: t"}
            - {id: b, name: B, actor: w, next: [{to: c, p: 0}, {to: c, p: 1.5}], source: "assumption: t"}
            - {id: c, name: C, actor: w, outcome: success}"""),
        ["x.yaml:6:38: error: steps[0].next: probabilities of 'a' sum to 0.95, expected 1 (tolerance 1e-06)",
         "x.yaml:7:50: error: steps[1].next[0].p: expected a number > 0 and <= 1, got 0",
         "x.yaml:7:65: error: steps[1].next[1].p: expected a number > 0 and <= 1, got 1.5"],
    ),
    "unknown references": (
        journey_text("""
            - {id: a, name: A, actor: wk, next: [{to: bb, p: 0.5}, {to: c, p: 0.5}], source: "assumption: t"}
            - {id: b, name: B, actor: w, stage: Pya, next: c}
            - {id: c, name: C, actor: w, outcome: success}""", start="aa", extra="stages: [Pay, Declare]\n"),
        ["x.yaml:4:8: error: start: unknown step 'aa'; did you mean 'a'?",
         "x.yaml:7:29: error: steps[0].actor: unknown actor 'wk'; did you mean 'w'?",
         "x.yaml:7:45: error: steps[0].next[0].to: unknown step 'bb'; did you mean 'b'?",
         "x.yaml:8:39: error: steps[1].stage: unknown stage 'Pya'; expected one of Pay, Declare"],
    ),
    "unreachable steps and trap loops": (
        journey_text("""
            - {id: a, name: A, actor: w, next: [{to: loop1, p: 0.5}, {to: end, p: 0.5}], source: "assumption: t"}
            - {id: loop1, name: L1, actor: w, next: loop2}
            - {id: loop2, name: L2, actor: w, next: loop1}
            - {id: orphan, name: O, actor: w, next: end}
            - {id: end, name: E, actor: w, outcome: success}"""),
        ["x.yaml:7:5: error: steps[1]: no outcome can be reached from step 'loop1' (a trap loop)",
         "x.yaml:8:5: error: steps[2]: no outcome can be reached from step 'loop2' (a trap loop)",
         "x.yaml:9:5: error: steps[3]: step 'orphan' cannot be reached from start 'a'"],
    ),
    "next and outcome, duplicate ids": (
        journey_text("""
            - {id: a, name: A, actor: w, next: b, outcome: success}
            - {id: b, name: B, actor: w}
            - {id: b, name: B2, actor: w, outcome: success}"""),
        ["x.yaml:6:5: error: steps[0]: step 'a' has both 'next' and 'outcome'; a step either continues or ends the journey",
         "x.yaml:7:5: error: steps[1]: step 'b' has neither 'next' nor 'outcome'; add one of them",
         "x.yaml:8:10: error: steps[2].id: duplicate step id 'b' (first at line 7)"],
    ),
    "yaml reads no as false": (
        journey_text("""
            - {id: a, name: A, actor: w, next: b}
            - {id: b, name: No, actor: w, outcome: success}"""),
        ["x.yaml:7:19: error: steps[1].name: expected text (or {en: ..., km: ...}), got false (YAML reads unquoted yes, no, on, off, true and "
         "false as true/false; put the text in quotes)"],
    ),
    "evidence contradicting an assumption": (
        journey_text("""
            - {id: a, name: A, actor: w, duration: 5, next: b, source: {duration: "assumption: x"}, evidence: measured}
            - {id: b, name: B, actor: w, outcome: success}"""),
        ["x.yaml:6:101: error: steps[0].evidence: evidence of duration is 'measured' but its source is an assumption; "
         "use 'assumed'"],
    ),
    "top-level problems": (
        "journey: Bad Id\ntitle: T\ntime_unit: weeks\nactors: []\nstart: a\nsteps: []\nextra: 1\n",
        ["x.yaml:1:10: error: journey: expected a lowercase id (letters a-z, digits, _; starting with a letter), got 'Bad Id'",
         "x.yaml:3:12: error: time_unit: expected one of minutes, hours, days, got 'weeks'",
         "x.yaml:4:9: error: actors: expected a non-empty list of an actor {id, name, lane}, got an empty list",
         "x.yaml:6:8: error: steps: expected a non-empty list of a step mapping, got an empty list",
         "x.yaml:7:1: error: extra: unknown key 'extra'"],
    ),
    "YAML syntax": (
        "journey: t\ntitle: [unclosed\n",
        ["x.yaml:3:1: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 8)"],
    ),
    "duplicate key": (
        "journey: t\ntitle: T\ntitle: U\n",
        ["x.yaml:3:1: error: title: duplicate key 'title' (first defined at line 2, column 1)"],
    ),
    "not a mapping": ("- just\n- a list\n", ["x.yaml:1:1: error: (top level): expected a journey mapping, got a list"]),
    "empty file": ("", ["x.yaml:1:1: error: the file is empty; expected a journey mapping"]),
    "python tags refused": (
        "journey: !!python/object/apply:os.system [echo hi]\ntitle: !!python/name:os.system ''\n",
        ["x.yaml:1:10: error: journey: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'; "
         "journeys use plain YAML only",
         "x.yaml:2:8: error: title: cannot read this value: could not determine a constructor for the tag "
         "'tag:yaml.org,2002:python/name:os.system'"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_error_messages_verbatim(name):
    text, expected = CASES[name]
    journey, problems = check_journey_text(text, "x.yaml")
    assert journey is None
    assert [str(p) for p in problems if p.severity == "error"] == expected


def test_parse_journey_raises_with_every_error_at_once():
    text, expected = CASES["wrong types"]
    with pytest.raises(JourneyError) as info:
        parse_journey(text, "x.yaml")
    assert str(info.value).splitlines() == expected


def test_missing_sources_are_warnings_and_strict_makes_them_errors():
    text = journey_text("""
        - {id: a, name: A, actor: w, duration: 5, next: [{to: b, p: 0.5}, {to: c, p: 0.5}], source: {duration: "assumption: x"}}
        - {id: b, name: B, actor: w, cost: 3, outcome: success}
        - {id: c, name: C, actor: w, outcome: rejected}""")
    journey, problems = check_journey_text(text, "x.yaml")
    assert journey is not None
    assert [str(p) for p in problems] == [
        'x.yaml:6:51: warning: steps[0].next: no source for this number; add source: <source id> or "assumption: <reason>"',
        'x.yaml:7:38: warning: steps[1].cost: no source for this number; add source: <source id> or "assumption: <reason>"',
    ]
    with pytest.raises(JourneyError) as info:
        parse_journey(text, "x.yaml", strict=True)
    assert len(info.value.problems) == 2


def test_journey_ids_must_be_unique_in_a_folder(write):
    text = journey_text("""
        - {id: a, name: A, actor: w, outcome: success}""")
    a = write("a.yaml", text)
    b = write("b.yaml", text)
    results = check_files([str(a), str(b)])
    assert results[0].ok and not results[1].ok
    assert [str(p) for p in results[1].problems] == [f"{b}:1:1: error: journey: journey id 't' is already used by {a}"]


def test_unreadable_files_are_one_line_problems(write, tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("journey: t\ntitle: caf\xe9\n".encode("latin-1"))
    results = check_files([str(bad), str(tmp_path / "missing.yaml")])
    assert [str(p) for r in results for p in r.problems] == [
        f"{bad}:2:11: error: the file is not UTF-8 text",
        f"{tmp_path / 'missing.yaml'}:1:1: error: no such file",
    ]
