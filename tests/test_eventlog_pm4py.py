"""The log summary equals PM4Py's figures on the same events (PM4Py is a test peer only, never a dependency)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import numpy as np
import pytest

from nssf_journey.eventlog import read_log, summarize

LOGS = Path(__file__).parent / "data" / "logs"
FILES = ["receipt_400.csv", "interval_400.csv", "running-example.csv", "running-example.xes",
         "roadtraffic100traces.xes.gz"]

pm4py = pytest.importorskip("pm4py", reason="PM4Py is not installed (pip install -e '.[test]' installs it)")


def pm4py_frame(path: Path):
    """The log as PM4Py reads it: read_xes, or read_csv and format_dataframe (with start times when present)."""
    import pandas as pd

    with contextlib.redirect_stdout(io.StringIO()):
        if path.name.endswith((".xes", ".xes.gz")):
            return pm4py.read_xes(str(path))
        df = pd.read_csv(path)
        start = {"start_timestamp_key": "start_timestamp"} if "start_timestamp" in df.columns else {}
        return pm4py.format_dataframe(df, case_id="case:concept:name", activity_key="concept:name",
                                      timestamp_key="time:timestamp", **start)


@pytest.fixture(scope="module", params=FILES)
def both(request):
    path = LOGS / request.param
    return summarize(read_log(path)), pm4py_frame(path)


def test_directly_follows_counts_and_start_and_end_activities(both) -> None:
    ours, df = both
    dfg, start, end = pm4py.discover_dfg(df)
    assert {(a.source, a.target): a.count for a in ours.arcs} == {k: int(v) for k, v in dfg.items()}
    assert ours.start_activities == {k: int(v) for k, v in start.items()}
    assert ours.end_activities == {k: int(v) for k, v in end.items()}


def test_performance_dfg_mean_and_median(both) -> None:
    ours, df = both
    perf, _, _ = pm4py.discover_performance_dfg(df)
    theirs = {k: (v["mean"], v["median"]) for k, v in perf.items()}
    mine = {(a.source, a.target): (a.mean * 60, a.median * 60) for a in ours.arcs}  # PM4Py: seconds
    assert set(mine) == set(theirs)
    for arc, (mean, median) in theirs.items():
        assert mine[arc][0] == pytest.approx(mean, rel=1e-9, abs=1e-6), arc
        assert mine[arc][1] == pytest.approx(median, rel=1e-9, abs=1e-6), arc


def test_variants(both) -> None:
    ours, df = both
    variants = pm4py.get_variants(df)
    assert ours.variant_count == len(variants)
    assert {v.activities: v.count for v in ours.variants} == {tuple(k): int(v) for k, v in variants.items()}


def pm4py_case_durations(df) -> np.ndarray:
    """pm4py.get_all_case_durations; on a log with start times, what its code computes (last completion minus the
    first event's start, in PM4Py's row order), since PM4Py 2.7 raises KeyError 'start_timestamp' there."""
    if "start_timestamp" not in df.columns:
        return np.asarray(pm4py.get_all_case_durations(df))
    g = df.groupby("case:concept:name", sort=False)
    return np.sort((g["time:timestamp"].last() - g["start_timestamp"].first()).dt.total_seconds().to_numpy())


def test_case_durations(both) -> None:
    ours, df = both
    theirs = pm4py_case_durations(df)
    np.testing.assert_allclose(np.sort(ours.case_durations) * 60, theirs, rtol=1e-12, atol=1e-6)
    assert ours.cases == len(theirs)
    assert ours.events == len(df)


def test_lifecycle_complete_equals_pm4py_after_a_lifecycle_filter() -> None:
    path = LOGS / "interval_lifecycle.xes.gz"
    df = pm4py_frame(path)
    df = pm4py.filter_event_attribute_values(df, "lifecycle:transition", ["complete"], level="event")
    ours = summarize(read_log(path, lifecycle="complete"))
    dfg, start, end = pm4py.discover_dfg(df)
    assert {(a.source, a.target): a.count for a in ours.arcs} == {k: int(v) for k, v in dfg.items()}
    np.testing.assert_allclose(np.sort(ours.case_durations) * 60, pm4py.get_all_case_durations(df), atol=1e-6)
    assert ours.events == len(df) == 2_593  # the interval slice's 2,593 activity instances
