"""Calibrate a hand-written journey from a log: numbers checked by hand on small logs, exactness on real ones, and
the file edited in place (comments, guides and layout kept)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from nssf_journey import analyze, load_journey, parse_journey
from nssf_journey.distributions import Fixed
from nssf_journey.eventlog import discover, read_log, summarize
from nssf_journey.eventlog.table import EventLog
from nssf_journey.reality.calibration import calibrate
from nssf_journey.reality.yaml_edit import edit_journey_text

LOGS = Path(__file__).parent / "data" / "logs"
HAND = Path(__file__).parent / "data" / "journeys" / "receipt_hand.yaml"
DAY = 86_400 * 10**9
MIN_NS = 60 * 10**9

# apply (recorded) -> sign (silent: the employer signs, 1 day) -> check (recorded) -> paid (p) | back to sign.
JOURNEY = textwrap.dedent("""\
    # a claim, by hand
    journey: claim
    title: Claim
    time_unit: days
    actors: [{id: w, name: Worker, lane: customer}, {id: o, name: Office, lane: backstage}]
    start: apply
    steps:
      - id: apply
        name: Apply
        actor: w
        guide: "Fill in the form and keep the receipt."   # the guide must survive calibration
        source: "assumption: t"
        duration: "1 h"
        next: sign
      - {id: sign, name: Employer signs, actor: w, wait: 1, source: "assumption: one day", next: check}
      - id: check
        name: Check
        actor: o
        wait: {dist: exponential, mean: 5}
        source: "assumption: t"
        next:
          - {to: paid, p: 0.5}
          - {to: sign, p: 0.5}
      - {id: paid, name: Paid, actor: o, outcome: success}
    """)


def small_log(rows: list[tuple[int, str, float]], start: list[float] | None = None) -> EventLog:
    """A log from (case, activity, completion day) rows, in case order; ``start`` days (optional) per row."""
    names = sorted({a for _, a, _ in rows}, key=[a for _, a, _ in rows].index)
    return EventLog(case_codes=np.array([c for c, _, _ in rows]), case_names=[str(c) for c in sorted({c for c, _, _ in rows})],
                    activity_codes=np.array([names.index(a) for _, a, _ in rows]), activities=names,
                    end_ns=np.array([round(t * DAY) for _, _, t in rows], dtype=np.int64),
                    start=None if start is None else np.array([round(t * DAY) for t in start], dtype=np.int64),
                    source="claims.csv", naive=True)


# Case 0: Apply at day 0, Check at day 4 (gap 4), paid.
# Case 1: Apply 0, Check 2 (gap 2), back to sign, Check 10 (gap 8), paid.
# Case 2: Apply 0, Check 6 (gap 6), paid.
LOG = small_log([(0, "Apply", 0), (0, "Check", 4), (1, "Apply", 0), (1, "Check", 2), (1, "Check", 10),
                 (2, "Apply", 0), (2, "Check", 6)])


def test_numbers_by_hand_with_a_silent_step_between() -> None:
    c = calibrate(parse_journey(JOURNEY), LOG)
    j = c.journey
    check = j.step("check")
    # check is left 4 times: 3 times to paid, once back to sign
    assert [(b.to, b.p) for b in check.next] == [("paid", 0.75), ("sign", 0.25)]
    # the gaps into check are 4, 2, 8, 6 days (mean 5); the silent signature keeps its 1 day, so check's wait is
    # the gaps scaled to a mean of 4: 3.2, 1.6, 6.4, 4.8 days, each case keeping its rank
    assert check.wait.kind == "empirical"
    assert sorted(np.round(np.array(check.wait.values) / 1440, 9)) == [1.6, 3.2, 4.8, 6.4]
    assert j.step("sign").wait == Fixed(1440.0)                     # silent: kept
    assert j.step("apply").duration == Fixed(60.0)                  # no start times: kept
    # every case fits, the silent step's time lies inside the gaps: the journey's mean is the log's
    assert c.fitness == 1.0
    expected = summarize(LOG).mean_case_duration + 60          # plus the application's hour, which the log starts after
    assert analyze(j).lead_time_mean == pytest.approx(expected, rel=1e-9)
    sources = {s.field: s for s in check.sources}
    assert sources["wait"].evidence == sources["next"].evidence == "measured"
    assert sources["wait"].text == "log-claims: claims.csv, 3 cases, 1970-01-01 to 1970-01-11"
    assert c.newly_measured == 2 and (c.measured_before, c.measured_after, c.sourced) == (0, 2, 4)
    assert [(x.step, x.what, x.before, x.after) for x in c.changes] == [
        ("check", "wait", "exponential mean 5 days", "empirical of 4 values, mean 4 days"),
        ("check", "p -> paid", "0.5", "0.75"), ("check", "p -> sign", "0.5", "0.25")]


def test_assumed_times_longer_than_the_gap_are_a_conflict() -> None:
    text = JOURNEY.replace("wait: 1, source", "wait: 7, source")      # the signature alone would take 7 days
    c = calibrate(parse_journey(text), LOG)
    assert c.journey.step("check").wait == Fixed(0.0)
    assert c.conflicts == ("sign -> check: the log's mean gap (5 days) is shorter than the time the journey assumes "
                           "for what lies between (7 days); the wait is set to 0",)


def test_a_branch_no_case_took_keeps_half_a_case() -> None:
    text = JOURNEY.replace("""      - {to: paid, p: 0.5}
      - {to: sign, p: 0.5}""", """      - {to: paid, p: 0.4}
      - {to: sign, p: 0.4}
      - {to: rejected, p: 0.2}""") + (  # the case system records rejections (none in this log)
        "  - {id: rejected, name: Rejected, actor: o, log_activity: Reject, outcome: rejected}\n")
    c = calibrate(parse_journey(text), LOG)
    # 3 to paid, 1 to sign, 0 to rejected: doubled 6, 2 and half a case 1, of 9
    assert [(b.to, round(b.p, 9)) for b in c.journey.step("check").next] == [
        ("paid", round(6 / 9, 9)), ("sign", round(2 / 9, 9)), ("rejected", round(1 / 9, 9))]
    assert c.never_taken == (("check", "rejected"),)


def test_a_choice_before_the_log_starts_is_not_measured() -> None:
    # cases that never applied are not in the case system's log: the share who give up stays as assumed
    text = JOURNEY.replace("start: apply", "start: ill").replace("steps:\n", """steps:
  - id: ill
    name: Falls ill
    actor: w
    source: "assumption: most claim"
    next: [{to: apply, p: 0.7}, {to: never, p: 0.3}]
  - {id: never, name: Never claims, actor: w, outcome: not_claimed}
""")
    c = calibrate(parse_journey(text), LOG)
    assert [(b.to, b.p) for b in c.journey.step("ill").next] == [("apply", 0.7), ("never", 0.3)]
    assert [(b.to, b.p) for b in c.journey.step("check").next] == [("paid", 0.75), ("sign", 0.25)]


def test_branches_the_log_cannot_tell_apart_are_kept() -> None:
    # two silent ways from check back to check: the log sees Check > Check either way
    text = JOURNEY.replace("- {to: sign, p: 0.5}", "- {to: sign, p: 0.3}\n      - {to: call, p: 0.2}") + (
        "  - {id: call, name: Phone the employer, actor: o, wait: 1, source: \"assumption: t\", next: check}\n")
    c = calibrate(parse_journey(text), LOG)
    assert [(b.to, b.p) for b in c.journey.step("check").next] == [("paid", 0.5), ("sign", 0.3), ("call", 0.2)]
    assert c.kept == (("check", "its branches lead to the same recorded steps: the log cannot tell them apart"),)


def test_durations_are_measured_with_start_times() -> None:
    log = small_log([(0, "Apply", 0.5), (0, "Check", 4), (1, "Apply", 0.25), (1, "Check", 6)],
                    start=[0, 3.5, 0, 5.0])
    c = calibrate(parse_journey(JOURNEY), log)
    assert sorted(np.array(c.journey.step("apply").duration.values) / 1440) == [0.25, 0.5]
    # gaps from Apply's completion to Check's start: 3 and 4.75 days, less the signature's day -> 2 and 3.75
    assert sorted(np.round(np.array(c.journey.step("check").wait.values) / 1440, 9)) == [
        round(3 * (1 - 1 / 3.875), 9), round(4.75 * (1 - 1 / 3.875), 9)]


@pytest.mark.parametrize("name", ["receipt_400.csv", "interval_400.csv", "running-example.csv",
                                  "roadtraffic100traces.xes.gz"])
def test_a_discovered_journey_calibrated_on_its_own_log_keeps_its_numbers(name: str) -> None:
    log = read_log(LOGS / name)
    j = discover(log, arrivals=False)
    c = calibrate(j, log)
    assert c.fitness == 1.0 and c.conflicts == () and c.never_taken == ()
    assert analyze(c.journey).lead_time_mean == pytest.approx(summarize(log).mean_case_duration, rel=1e-9)
    for before, after in zip(j.steps, c.journey.steps):
        assert [(b.to, b.p) for b in before.next] == [(b.to, b.p) for b in after.next]
        assert after.duration.mean == pytest.approx(before.duration.mean, rel=1e-9, abs=1e-9)
        # a wait on the only arc into a step is written as the step's own wait, with the same mean
        into = [b.wait.mean for s in j.steps for b in s.next if b.to == before.id]
        into_after = [b.wait.mean for s in c.journey.steps for b in s.next if b.to == after.id]
        assert after.wait.mean + sum(into_after) == pytest.approx(before.wait.mean + sum(into), rel=1e-9, abs=1e-9)
    if j.case_speed is None:   # too few cases to measure it
        assert c.journey.case_speed is None and name == "running-example.csv"
    else:
        assert (c.journey.case_speed.shared, c.journey.case_speed.carried) == (j.case_speed.shared,
                                                                               j.case_speed.carried)


def test_the_hand_written_receipt_journey() -> None:
    j = load_journey(HAND)
    log = read_log(LOGS / "receipt_400.csv")
    c = calibrate(j, log)
    assert c.fitness == pytest.approx(297 / 400)
    # the desk's choice after the confirmation, counted from the log: 258 to the check (T02), 104 to the stop
    # advice (T06 or T10), 38 cases end
    assert [(b.to, b.p) for b in c.journey.step("confirm").next] == [("check", 0.645), ("stop_advice", 0.26),
                                                                    ("received", 0.095)]
    assert c.unmatched[0] == ("T07-5 Draft intern advice aspect 5", 13)
    assert ("T16 Report reasons to hold request", 9) in c.unmatched
    assert c.newly_measured == 9 and c.measured_after == 9
    assert c.journey.step("apply").duration == j.step("apply").duration      # silent: kept
    assert c.journey.step("confirm").wait == j.step("confirm").wait          # before the log's first event: kept


def test_the_file_is_edited_in_place(tmp_path: Path) -> None:
    path = tmp_path / "claim.yaml"
    path.write_text(JOURNEY, encoding="utf-8")
    j = load_journey(path)
    c = calibrate(j, LOG)
    text = edit_journey_text(JOURNEY, j, c.journey)
    assert text.startswith("# a claim, by hand\n")
    assert '    guide: "Fill in the form and keep the receipt."   # the guide must survive calibration\n' in text
    assert "  - {id: sign, name: Employer signs, actor: w, wait: 1, source: \"assumption: one day\", next: check}\n" in text
    assert "      - {to: paid, p: 0.75}\n      - {to: sign, p: 0.25}\n" in text
    assert "    wait: {dist: empirical, values: [1.6, 3.2, 4.8, 6.4]}\n" in text
    assert ('bibliography: [{id: log-claims, title: "Event log claims.csv", year: 1970, notes: "claims.csv, 3 cases, '
            '1970-01-01 to 1970-01-11"}]\n') in text
    back = parse_journey(text, strict=True)     # every number has a known source: the log is in the bibliography
    assert back.step("check").wait.mean == pytest.approx(4 * 1440)
    assert [line for line in text.splitlines() if line not in JOURNEY.splitlines()] == [
        'bibliography: [{id: log-claims, title: "Event log claims.csv", year: 1970, notes: "claims.csv, 3 cases, '
        '1970-01-01 to 1970-01-11"}]',
        "    wait: {dist: empirical, values: [1.6, 3.2, 4.8, 6.4]}",
        '    source: "log-claims: claims.csv, 3 cases, 1970-01-01 to 1970-01-11"',
        "      - {to: paid, p: 0.75}", "      - {to: sign, p: 0.25}", "    evidence: measured"]


def test_the_file_of_the_hand_written_receipt_journey_loads_back_strict(tmp_path: Path) -> None:
    j = load_journey(HAND)
    c = calibrate(j, read_log(LOGS / "receipt_400.csv"))
    text = edit_journey_text(HAND.read_text(encoding="utf-8"), j, c.journey)
    back = parse_journey(text, strict=True)
    assert analyze(back).lead_time_mean == pytest.approx(analyze(c.journey).lead_time_mean, rel=1e-9)
    assert "# one step here for two activities of the case system" in text
    assert back.case_speed.source.evidence == "measured"


def test_a_journey_that_names_no_activity_of_the_log() -> None:
    with pytest.raises(ValueError, match="no step of journey 'claim' stands for an activity of the log: name them "
                                         "with log_activity \\(the log's activities: Ask, Pay\\)"):
        calibrate(parse_journey(JOURNEY), small_log([(0, "Ask", 0), (0, "Pay", 1)]))


def test_calibrate_command(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from nssf_journey.cli import app

    runner = CliRunner()
    out = tmp_path / "measured" / "receipt.yaml"
    out.parent.mkdir()
    log = tmp_path / "logs" / "receipt.csv"
    log.parent.mkdir()
    log.write_bytes((LOGS / "receipt_400.csv").read_bytes())
    result = runner.invoke(app, ["calibrate", str(HAND), str(log), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}: 9 numbers became measured\n"
    assert "9 numbers became measured; measured: 0 before, 9 now, of 14 sourced numbers" in result.stdout
    assert "  confirm.p -> check             0.75 (assumed) -> 0.645 (measured, 400)" in result.stdout
    assert "      13 events  T07-5 Draft intern advice aspect 5" in result.stdout
    calibrated = load_journey(out)
    assert calibrated.event_log.file == "../logs/receipt.csv"       # relative to the journey's folder
    assert calibrated.event_log.path(str(out)) == str(log)
    assert runner.invoke(app, ["validate", "--strict", str(out)]).exit_code == 0
    # never over a file without --overwrite; --json says what changed
    again = runner.invoke(app, ["calibrate", str(HAND), str(log), "--out", str(out)])
    assert again.exit_code == 2
    assert again.stderr == f"nssf-journey: error: --out: {out} exists; choose another name, or add --overwrite to replace it\n"
    data = json.loads(runner.invoke(app, ["calibrate", str(HAND), str(log), "--out", str(out), "--overwrite",
                                          "--json"]).stdout)
    assert data["newly_measured"] == 9 and data["log"]["cases"] == 400
    assert data["changes"][0] == {"step": "confirm", "what": "p -> check", "before": "0.75", "after": "0.645",
                                  "evidence_before": "assumed", "observations": 400}


def test_calibrate_errors(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from nssf_journey.cli import app

    runner = CliRunner()
    overlay = tmp_path / "redesign.yaml"
    (tmp_path / HAND.name).write_text(HAND.read_text(encoding="utf-8"), encoding="utf-8")  # extends stays in its folder
    overlay.write_text(f"journey: faster\nextends: {HAND.name}\nchange: {{check: {{wait: 1}}}}\n", encoding="utf-8")
    result = runner.invoke(app, ["calibrate", str(overlay), str(LOGS / "receipt_400.csv"), "--out",
                                 str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert result.stderr == (f"nssf-journey: error: {overlay}: a redesign overlay (extends): calibrate the journey it "
                             "extends\n")
    other = tmp_path / "claim.yaml"
    other.write_text(JOURNEY, encoding="utf-8")
    result = runner.invoke(app, ["calibrate", str(other), str(LOGS / "running-example.csv"), "--out",
                                 str(tmp_path / "y.yaml")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"nssf-journey: error: {other}: no step of journey 'claim' stands for an "
                                    "activity of the log: name them with log_activity")
    assert not (tmp_path / "y.yaml").exists()
    result = runner.invoke(app, ["calibrate", str(other), str(LOGS / "running-example.csv"), "--out", "x.json"])
    assert result.exit_code == 2 and result.stderr == "nssf-journey: error: --out: expected a .yaml file name, got 'x.json'\n"


def test_discover_with_history_and_its_log_reference(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from nssf_journey.cli import app

    out = tmp_path / "r.yaml"
    result = CliRunner().invoke(app, ["discover", str(LOGS / "interval_400.csv"), "--out", str(out), "--history",
                                      "previous", "--no-arrivals"])
    assert result.exit_code == 0, result.output
    j = load_journey(out)
    assert j.event_log is not None and Path(j.event_log.path(str(out))).resolve() == (LOGS / "interval_400.csv").resolve()
    names = {s.log_activity for s in j.steps if s.log_activity}
    assert len([s for s in j.steps if s.log_activity]) > len(names)      # activities split by what came before
    log = read_log(LOGS / "interval_400.csv")
    assert analyze(j).lead_time_mean == pytest.approx(summarize(log).mean_case_duration, rel=1e-6)
    bad = CliRunner().invoke(app, ["discover", str(LOGS / "interval_400.csv"), "--out", str(tmp_path / "s.yaml"),
                                   "--history", "all"])
    assert bad.exit_code == 2
    assert bad.stderr == "nssf-journey: error: --history: expected one of none, previous, done, got 'all'\n"


def test_block_style_branches_are_edited_in_place() -> None:
    text = textwrap.dedent("""\
        journey: claim
        title: Claim
        time_unit: days
        actors: [{id: o, name: Office, lane: backstage}]
        start: apply
        steps:
          - id: apply
            name: Apply
            actor: o
            next: check    # straight to the check
          - id: check
            name: Check
            actor: o
            wait: 3
            source: "assumption: t"
            next:
              - to: paid   # most are paid
                p: 0.5
              - to: check
                p: 0.5
          - {id: paid, name: Paid, actor: o, outcome: success}
        """)
    j = parse_journey(text)
    c = calibrate(j, LOG)
    out = edit_journey_text(text, j, c.journey)
    # check is entered from apply (gaps 4, 2, 6) and from itself (gap 8): the waits go on the two arcs
    assert "    next: [{to: check, p: 1, wait: {dist: empirical, values: [2, 4, 6]}}]    # straight to the check\n" in out
    assert ("      - to: paid   # most are paid\n        p: 0.75\n      - to: check\n        p: 0.25\n"
            "        wait: 8\n") in out
    assert "    wait: 0\n" in out
    back = parse_journey(out)
    assert [(b.to, b.p, b.wait.mean / 1440) for b in back.step("check").next] == [("paid", 0.75, 0.0),
                                                                                  ("check", 0.25, 8.0)]
