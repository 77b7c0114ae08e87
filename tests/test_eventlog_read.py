"""Reading event logs: formats, columns, time zones, lifecycle pairs, and located errors for bad logs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nssf_journey.eventlog import LogError, read_log, summarize

LOGS = Path(__file__).parent / "data" / "logs"
HEADER = "case:concept:name,concept:name,time:timestamp\n"


def errors(*args, **kwargs) -> list[str]:
    with pytest.raises(LogError) as err:
        read_log(*args, **kwargs)
    return [str(p) for p in err.value.problems]


def test_zone_offsets_are_honoured_across_summer_time(write) -> None:
    # 01:00 in summer (+02:00) to 01:00 in winter (+01:00) is 24 h + 1 h of elapsed time.
    path = write("dst.csv", HEADER + "1,a,2011-10-29 01:00:00+02:00\n1,b,2011-10-30 01:00:00+01:00\n")
    log = read_log(path)
    assert not log.naive
    assert summarize(log).case_durations.tolist() == [25 * 60.0]
    assert log.offsets.tolist() == [120, 60]  # local clock kept for hours of day
    assert log.local_clock(np.array([0])).astype("datetime64[m]").astype(str).tolist() == ["2011-10-29T01:00"]


def test_naive_timestamps_are_local_time_and_the_summary_says_so(write) -> None:
    path = write("naive.csv", HEADER + "1,a,2024-03-01 08:00\n1,b,2024-03-01T09:30:00\n")
    s = summarize(read_log(path))
    assert s.naive and s.case_durations.tolist() == [90.0]
    assert s.to_dict("hours")["timestamps"] == "no time zone in the log: taken as local time"


def test_columns_are_chosen_by_name(write) -> None:
    path = write("export.csv", "Case ID,Step,Done at,Officer\nR1,Register,2024-01-01 09:00,Dara\nR1,Approve,"
                               "2024-01-03 09:00,Sok\n")
    log = read_log(path, case="Case ID", activity="Step", timestamp="Done at", resource="Officer")
    assert list(log.frame.columns) == ["case:concept:name", "concept:name", "time:timestamp", "org:resource"]
    assert log.activities == ["Register", "Approve"] and log.n_cases == 1


def test_parquet_with_typed_timestamps_equals_the_csv(tmp_path: Path) -> None:
    frame = pd.read_csv(LOGS / "interval_400.csv")
    for col in ("time:timestamp", "start_timestamp"):
        frame[col] = pd.to_datetime(frame[col], utc=True)
    frame.to_parquet(tmp_path / "interval.parquet")
    a = summarize(read_log(tmp_path / "interval.parquet"))
    b = summarize(read_log(LOGS / "interval_400.csv"))
    assert a.arcs == b.arcs and a.variants == b.variants
    np.testing.assert_array_equal(a.case_durations, b.case_durations)


def test_start_and_complete_events_are_paired_into_the_interval_log() -> None:
    paired = read_log(LOGS / "interval_lifecycle.xes.gz")
    assert paired.notes == ("paired 2,593 start and complete events into activity instances",)
    interval = read_log(LOGS / "interval_400.csv")
    a, b = summarize(paired), summarize(interval)
    assert a.events == b.events == 2_593
    np.testing.assert_allclose(np.sort(a.case_durations), np.sort(b.case_durations))
    active = (interval.end_ns - interval.start_ns).sum()
    assert (paired.end_ns - paired.start_ns).sum() == active > 0  # the active time is measured


def test_lifecycle_complete_and_all(write) -> None:
    text = ("case:concept:name,concept:name,time:timestamp,lifecycle:transition\n"
            "1,a,2024-01-01 09:00,start\n1,a,2024-01-01 10:00,complete\n1,b,2024-01-01 11:00,schedule\n"
            "1,b,2024-01-01 12:00,complete\n1,c,2024-01-01 13:00,start\n")
    path = write("lc.csv", text)
    paired = read_log(path)
    assert paired.activities == ["a", "b"] and len(paired) == 2
    assert paired.notes == ("paired 1 start and complete events into activity instances",
                            "1 complete events have no start (no active time measured)",
                            "left out 1 start events without a completion",
                            "left out 1 events of other lifecycle transitions (schedule, ...)")
    assert ((paired.end_ns - paired.start_ns) / 60e9).tolist() == [60.0, 0.0]
    complete = read_log(path, lifecycle="complete")
    assert len(complete) == 2 and not complete.has_start
    assert complete.notes == ("kept the 2 complete events of 5",)
    assert len(read_log(path, lifecycle="all")) == 5


def test_missing_column_lists_the_columns_and_the_closest(write) -> None:
    path = write("x.csv", "Case ID,Activity,Complete Timestamp\n1,a,2024-01-01\n")
    assert errors(path) == [
        f"{path}:1: error: case:concept:name: no case column 'case:concept:name'; the log has 'Case ID', 'Activity',"
        " 'Complete Timestamp'; did you mean 'Case ID'?",
        f"{path}:1: error: concept:name: no activity column 'concept:name'; the log has 'Case ID', 'Activity',"
        " 'Complete Timestamp'; did you mean 'Activity'?",
        f"{path}:1: error: time:timestamp: no timestamp column 'time:timestamp'; the log has 'Case ID', 'Activity',"
        " 'Complete Timestamp'; did you mean 'Complete Timestamp'?",
    ]


def test_unparseable_timestamps_name_their_line_and_value(write) -> None:
    path = write("x.csv", HEADER + "1,a,2024-01-01 09:00\n1,b,yesterday\n2,a,2024-13-01 09:00\n2,b,2024-01-02\n")
    assert errors(path) == [
        f"{path}:3: error: time:timestamp: expected a date and time such as 2011-10-11 13:45:40+02:00, got 'yesterday'",
        f"{path}:4: error: time:timestamp: expected a date and time such as 2011-10-11 13:45:40+02:00,"
        " got '2024-13-01 09:00'",
    ]


def test_mixed_time_zones_are_an_error(write) -> None:
    path = write("x.csv", HEADER + "1,a,2024-01-01 09:00+07:00\n1,b,2024-01-01 10:00\n")
    assert errors(path) == [
        f"{path}:3: error: time:timestamp: mixed time zones: '2024-01-01 10:00' has no zone offset but"
        " '2024-01-01 09:00+07:00' (line 2) has one; write every timestamp with its offset, or none"]


def test_missing_values_are_errors(write) -> None:
    path = write("x.csv", HEADER + "1,a,2024-01-01 09:00\n,b,2024-01-01 10:00\n1,c,\n")
    assert errors(path) == [
        f"{path}:4: error: time:timestamp: no timestamp; expected a date and time such as 2011-10-11 13:45:40+02:00"]
    path = write("y.csv", HEADER + "1,a,2024-01-01 09:00\n,b,2024-01-01 10:00\n")
    assert errors(path) == [f"{path}:3: error: case:concept:name: empty; every event needs a case and an activity"]


def test_empty_logs(write) -> None:
    assert errors(write("e.csv", HEADER)) == [f"{write('e.csv', HEADER)}: error: the log has no events"]
    empty = write("empty.csv", "")
    assert errors(empty) == [f"{empty}: error: the log has no events (the file is empty)"]
    xes = write("e.xes", '<?xml version="1.0"?>\n<log xes.version="1.0"></log>\n')
    assert errors(xes) == [f"{xes}: error: the log has no events"]


def test_files_that_are_not_logs_are_named_as_such(write, tmp_path: Path) -> None:
    png = tmp_path / "chart.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert errors(png) == [f"{png}: error: not an event log: a binary file, expected CSV text with a header row"]
    html = write("page.xes", "<html><body>hello</body></html>")
    assert errors(html) == [f"{html}:1: error: not an XES event log: the root element is <html>, expected <log>"]
    text = write("notes.xes", "just some words")
    assert errors(text) == [f"{text}:1: error: not an XES event log: syntax error at line 1, column 1"]
    parquet = write("x.parquet", "a,b\n1,2\n")
    assert errors(parquet)[0].startswith(f"{parquet}: error: not a Parquet event log: ")
    assert errors(write("log.txt", "x")) == [f"{tmp_path / 'log.txt'}: error: not an event log file: expected a name"
                                             " ending in .csv, .parquet, .xes, .xes.gz"]
    assert errors(tmp_path / "missing.csv") == [f"{tmp_path / 'missing.csv'}: error: no such file"]


def test_xes_events_without_a_timestamp_are_located(write) -> None:
    path = write("x.xes", '<log>\n<trace><string key="concept:name" value="1"/>\n'
                          '<event><string key="concept:name" value="a"/>'
                          '<date key="time:timestamp" value="2024-01-01T09:00:00+07:00"/></event>\n'
                          '<event><string key="concept:name" value="b"/></event>\n</trace>\n</log>\n')
    assert errors(path) == [f"{path}:4: error: time:timestamp: no timestamp; expected a date and time such as"
                            " 2011-10-11 13:45:40+02:00"]


def test_a_start_after_the_completion_is_an_error(write) -> None:
    path = write("x.csv", "case:concept:name,concept:name,time:timestamp,start_timestamp\n"
                          "1,a,2024-01-01 09:00,2024-01-01 10:00\n")
    assert errors(path) == [f"{path}:2: error: start_timestamp: the activity starts after it completes"]


def test_parquet_timestamps_of_another_type_are_an_error(tmp_path: Path) -> None:
    pd.DataFrame({"case:concept:name": ["1"], "concept:name": ["a"], "time:timestamp": [1700000000]}).to_parquet(
        tmp_path / "x.parquet")
    assert errors(tmp_path / "x.parquet") == [
        f"{tmp_path / 'x.parquet'}: error: time:timestamp: expected dates and times, got a column of int64"]


def test_a_simulated_event_log_reads_back(tmp_path: Path) -> None:
    # simulate --events writes the process-mining columns; reading them back is the way to calibrate (issue 13).
    from nssf_journey import load_journey
    from nssf_journey.simulation import simulate

    from conftest import ROOT

    result = simulate(load_journey(ROOT / "journeys" / "contribution_payment.yaml"), 300, seed=3, mode="montecarlo",
                      events=True)
    frame = result.events()
    frame.to_parquet(tmp_path / "simulated.parquet")
    log = read_log(tmp_path / "simulated.parquet")
    s = summarize(log)
    assert s.cases == 300 and s.events == len(frame) and log.has_start
    assert s.mean_case_duration == pytest.approx(result.lead_time.mean, rel=1e-6)


def test_csv_that_is_not_utf8_or_has_ragged_rows(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "1,Décision,2024-01-01 09:00\n".encode("latin-1"))
    assert errors(latin) == [f"{latin}:2: error: concept:name: not UTF-8 text; save the export as UTF-8 (CSV UTF-8)"]
    ragged = tmp_path / "ragged.csv"
    ragged.write_text(HEADER + "1,a,2024-01-01 09:00,extra\n")
    assert errors(ragged) == [f"{ragged}:2: error: expected 3 columns, got 4 (a row that does not fit the header)"]


def test_exports_with_another_timestamp_format(write) -> None:
    path = write("dmy.csv", HEADER + "1,a,11/10/2011 13:45\n1,b,12/10/2011 14:45\n2,a,31/02/2011 09:00\n")
    assert errors(path, timestamp_format="%d/%m/%Y %H:%M") == [
        f"{path}:4: error: time:timestamp: expected a date and time in the format '%d/%m/%Y %H:%M', got '31/02/2011 09:00'"]
    path = write("dmyz.csv", HEADER + "1,a,11/10/2011 13:45 +0200\n1,b,12/10/2011 14:45 +0100\n")
    log = read_log(path, timestamp_format="%d/%m/%Y %H:%M %z")
    assert not log.naive and log.offsets.tolist() == [120, 60]
    assert summarize(log).case_durations.tolist() == [(25 * 60 + 60) * 1.0]
