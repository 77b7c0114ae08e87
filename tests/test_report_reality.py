"""The report's "model against reality" section: for journeys with an event log, the same figures as conform."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey import load_journey, make_report
from nssf_journey.cli import app
from nssf_journey.eventlog import read_log
from nssf_journey.reality.conformance import conform

DATA = Path(__file__).parent / "data"
CASES = 3_000


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A journey that names its log (event_log, relative to its file), beside that log."""
    (tmp_path / "journeys").mkdir()
    (tmp_path / "logs").mkdir()
    shutil.copy(DATA / "logs" / "receipt_400.csv", tmp_path / "logs" / "receipt_400.csv")
    text = (DATA / "journeys" / "receipt_hand.yaml").read_text(encoding="utf-8")
    text = text.replace("start: apply\n", "event_log: ../logs/receipt_400.csv\nstart: apply\n")
    (tmp_path / "journeys" / "receipt.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_journey_with_a_log_gets_the_section(folder: Path) -> None:
    report, warnings = make_report([folder / "journeys"], cases=CASES, seed=4, diagrams=False)
    section = next(x for x in report.extra_sections if x.id == "reality")
    j = load_journey(folder / "journeys" / "receipt.yaml")
    c = conform(j, read_log(folder / "logs" / "receipt_400.csv"), cases=CASES, seed=4)
    rows = {row[1]: row for row in section.tables[0].rows}
    median = c.fidelity.figure("median")
    assert rows["case duration, median"][2:] == (median.log, median.simulated, median.difference, median.low,
                                                 median.high)
    fit = section.tables[1].rows[0]
    assert fit[1:5] == (400, c.fitness, c.fidelity.real_variant_share, c.fidelity.real_variants_covered)
    assert section.paragraphs[1].startswith("Receipt of a permit application (hand-written): held against the "
                                            "event log receipt_400.csv. 0 of its 14 numbers are measured. 74% of "
                                            "the log's cases follow a path of the journey")
    # a hand-written journey far from its log is flagged in the summary, where management reads first
    assert any("far from its event log" in s for s in report.summary)
    assert not any("event log" in w for w in warnings)


def test_report_log_option_and_bad_logs(folder: Path, tmp_path: Path) -> None:
    plain = folder / "journeys" / "plain.yaml"
    plain.write_text((DATA / "journeys" / "receipt_hand.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "journeys" / "receipt.yaml").unlink()
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["report", str(plain), "--out", str(out), "--cases", str(CASES),
                                      "--log", f"permit_receipt={folder / 'logs' / 'receipt_400.csv'}"])
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<section id="extra-reality" class="extra">' in html and "<h2>Model against reality</h2>" in html
    assert (out / "tables" / "reality.csv").exists()
    broken = CliRunner().invoke(app, ["report", str(plain), "--out", str(tmp_path / "r2"), "--cases", str(CASES),
                                      "--log", f"permit_receipt={tmp_path / 'none.csv'}", "--log", "other=x.csv"])
    assert broken.exit_code == 0
    assert f"nssf-journey: warning: permit_receipt: event log {tmp_path / 'none.csv'}: {tmp_path / 'none.csv'}: " \
           "error: no such file; not held against it" in broken.stderr
    assert "nssf-journey: warning: --log: no journey 'other' among the journeys reported on" in broken.stderr
    bad = CliRunner().invoke(app, ["report", str(plain), "--out", str(tmp_path / "r3"), "--log", "x"])
    assert bad.exit_code == 2 and bad.stderr == "nssf-journey: error: --log: expected JOURNEY=FILE, got 'x'\n"


def test_a_calibrated_journey_whose_log_is_not_at_hand_says_from_which_log(folder: Path, tmp_path: Path) -> None:
    from nssf_journey.reality.calibration import calibrate
    from nssf_journey.reality.yaml_edit import edit_journey_text

    hand = DATA / "journeys" / "receipt_hand.yaml"
    j = load_journey(hand)
    cal = calibrate(j, read_log(folder / "logs" / "receipt_400.csv"))
    path = tmp_path / "alone" / "receipt.yaml"
    path.parent.mkdir()
    path.write_text(edit_journey_text(hand.read_text(encoding="utf-8"), j, cal.journey), encoding="utf-8")
    report, _ = make_report([path], cases=CASES, seed=4, diagrams=False)
    section = next(x for x in report.extra_sections if x.id == "reality")
    assert section.paragraphs[1] == ("Receipt of a permit application (hand-written): 9 of its 14 numbers are "
                                     "measured, on receipt_400.csv, 400 cases, 2010-10-05 to 2012-01-23. The log is "
                                     "not at hand, so the journey is not held against it here (name it with "
                                     "event_log, or report --log).")
