"""Redesigns as overlays: rewiring is exact, errors point into the file where they were written."""

from __future__ import annotations

import pytest

from nssf_journey import analyze, load_journey
from nssf_journey.loading.loader import check_files

A = 'source: "assumption: t"'
BASE = f"""\
journey: base
title: Base
actors: [{{id: w, name: Worker, lane: customer}}, {{id: o, name: Office, lane: frontstage}}]
resources: [{{id: desk, capacity: 1, {A}}}]
start: a
steps:
  - {{id: a, name: A, actor: w, duration: 10, next: b, {A}}}
  - {{id: b, name: B, actor: o, duration: 20, resource: desk, next: [{{to: c, p: 0.7}}, {{to: a, p: 0.2}}, {{to: b, p: 0.1}}], {A}}}
  - {{id: c, name: C, actor: o, duration: 5, wait: 30, next: [{{to: ok, p: 0.9}}, {{to: rej, p: 0.1}}], {A}}}
  - {{id: ok, name: OK, actor: o, outcome: success}}
  - {{id: rej, name: Rejected, actor: o, outcome: rejected}}
"""


@pytest.fixture
def base(write):
    return write("journeys/base.yaml", BASE)


def test_removing_a_step_in_a_loop_rewires_exactly(base, write):
    red = write("journeys/redesign/red.yaml", "journey: red\nextends: ../base.yaml\nremove: [b]\n")
    journeys = [str(base.parent)]  # the folder given: without a data folder, the base's folder must be named
    before, after = analyze(load_journey(base)), analyze(load_journey(red, roots=journeys))
    j = load_journey(red, roots=journeys)
    # b had a self-loop (0.1) and a loop back to a (0.2): a -> a with 0.2/0.9, a -> c with 0.7/0.9
    assert {br.to: br.p for br in j.step("a").next} == {"a": pytest.approx(0.2 / 0.9), "c": pytest.approx(0.7 / 0.9)}
    for s in ("a", "c", "ok", "rej"):
        assert after.step(s).expected_visits == pytest.approx(before.step(s).expected_visits)
    assert after.outcome_probabilities() == pytest.approx(before.outcome_probabilities())
    assert after.lead_time_mean == pytest.approx(before.lead_time_mean - before.step("b").expected_time)
    assert j.title == "Base (redesign)" and j.id == "red"


def test_change_add_resources_and_actors(base, write):
    red = write("journeys/red.yaml", f"""\
journey: red
extends: base.yaml
title: Online
add_actors: [{{id: portal, name: Portal, lane: frontstage}}]
remove: [rej]
change:
  c: {{wait: null, channel: online, next: [{{to: upload, p: 1.0}}]}}
change_resources:
  desk: {{capacity: 3}}
add:
  - {{id: upload, name: Upload, actor: portal, duration: 2, next: ok, {A}}}
""")
    j = load_journey(red)
    assert j.step("c").wait.mean == 0 and j.step("c").channel == "online"
    assert [b.to for b in j.step("c").next] == ["upload"]
    assert j.resource_by_id["desk"].capacity == 3
    assert j.actor_by_id["portal"].lane == "frontstage"
    assert analyze(j).outcome_probabilities() == {"success": pytest.approx(1.0)}
    assert "rej" not in j.step_by_id  # nobody reaches it any more, so the redesign removes it


def test_overlay_errors_point_at_the_overlay_lines(base, write):
    bad = write("journeys/bad.yaml", """\
journey: bad
extends: base.yaml
remove: [bb, ok]
change:
  c: {duraton: 7}
  zz: {duration: 1}
add:
  - {id: a, name: A2, actor: w, next: ok}
""")
    [result] = check_files([str(bad)])
    assert [str(p) for p in result.problems] == [
        f"{bad}:3:10: error: remove[0]: unknown step 'bb'; did you mean 'b'?",
        f"{bad}:3:14: error: remove[1]: cannot remove 'ok': it ends the journey (outcome 'success') and 'c' leads"
        " to it; change their next instead",
        f"{bad}:5:7: error: change.c.duraton: unknown key 'duraton'; did you mean 'duration'?",
        f"{bad}:6:3: error: change.zz: unknown step 'zz'",
        f"{bad}:8:10: error: add[0].id: step 'a' already exists in the base journey; use change to modify it",
    ]


def test_problems_of_a_changed_value_point_at_the_overlay_and_others_at_the_base(base, write):
    red = write("journeys/red.yaml", "journey: red\nextends: base.yaml\nchange:\n  c: {duration: -1}\n")
    [result] = check_files([str(red)])
    assert [str(p) for p in result.problems] == [
        f"{red}:4:17: error: change.c.duration: expected a duration >= 0, got -1"]
    broken_base = write("journeys/base2.yaml", BASE.replace("duration: 10,", "duration: ten,").replace("journey: base", "journey: base2"))
    red2 = write("journeys/red2.yaml", "journey: red2\nextends: base2.yaml\n")
    [result] = check_files([str(red2)])
    assert [str(p) for p in result.problems] == [
        f"{broken_base}:7:42: error: steps[0].duration: expected a duration such as 30, \"2 h\" or"
        " {dist: triangular, min: 10, mode: 20, max: 40}, got 'ten'"]


def test_missing_base_cycles_and_missing_id(write):
    a = write("a.yaml", "journey: a\nextends: b.yaml\n")
    write("b.yaml", "journey: b\nextends: a.yaml\n")
    c = write("c.yaml", "journey: c\nextends: nowhere.yaml\n")
    d = write("d.yaml", "extends: base.yaml\n")
    write("base.yaml", BASE)
    results = check_files([str(a), str(c), str(d)])
    lines = [str(p) for r in results for p in r.problems]
    assert lines[0].startswith(f"{a.parent}/b.yaml:2:10: error: extends: extends itself (")
    assert lines[1] == f"{c}:2:10: error: extends: no such journey file: {c.parent}/nowhere.yaml"
    assert lines[2] == f"{d}:1:1: error: (top level): a redesign needs its own journey id: add 'journey: <new id>'"


def test_overlays_can_extend_overlays(base, write):
    write("journeys/r1.yaml", "journey: r1\nextends: base.yaml\nremove: [b]\n")
    r2 = write("journeys/r2.yaml", "journey: r2\nextends: r1.yaml\nchange:\n  c: {duration: 50}\n")
    j = load_journey(r2)
    assert "b" not in j.step_by_id and j.step("c").duration.mean == 50


def test_the_json_schema_accepts_an_overlay_and_still_requires_a_full_journey_otherwise():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml
    from nssf_journey import json_schema

    schema = json_schema()
    jsonschema.validate(yaml.safe_load("journey: red\nextends: base.yaml\nremove: [b]\nchange: {c: {duration: 5}}\n"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"journey": "x", "title": "no steps"}, schema)
    jsonschema.validate(yaml.safe_load(BASE), schema)
