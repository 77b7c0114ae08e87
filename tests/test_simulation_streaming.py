"""Queueing in bounded memory (issue 17): chunked arrivals, carried queues, thinned records, events in blocks.

The chunked engine must be the whole-run computation cut into pieces. With fixed times nothing is random, so a
run cut into chunks of 100 arrivals must give exactly the numbers of a run in one chunk, and the event engine
the same numbers again; with random times, the chunked engine must still match queueing theory. Above the cap
on kept records, exact figures (means, shares) must not change and percentiles come from every k-th case.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nssf_journey import parse_journey
from nssf_journey.model import Journey
from nssf_journey.simulation import limits, queueing
from nssf_journey.simulation.accumulate import Thinned
from nssf_journey.simulation.fifo import FifoServers, QueueLength, fast_path_step
from nssf_journey.simulation.compiled import compile_journey
from nssf_journey.simulation.events import EventWriter
from conftest import erlang_c_wait

ROOT = Path(__file__).resolve().parent.parent
SOURCE = 'source: "assumption: test"'


def fixed_queue(every: str = "1", servers: int = 3) -> Journey:
    """Fixed times: a 250.3-minute step before a counter (so cases of one chunk join after the next chunk
    arrives), 3.1414 minutes of service at 3 servers (overloaded: the queue grows across chunks), a step after."""
    return parse_journey(f"""
journey: fixed
title: Fixed queue
actors: [{{id: w, name: Worker, lane: customer}}]
resources: [{{id: counter, capacity: {servers}, {SOURCE}}}]
arrivals: {{every: {every}, {SOURCE}}}
deadline: "400 min"
start: walk
steps:
  - {{id: walk, name: Walk in, actor: w, duration: 250.3, next: serve, {SOURCE}}}
  - {{id: serve, name: Serve, actor: w, resource: counter, duration: 3.1414, next: leave, {SOURCE}}}
  - {{id: leave, name: Leave, actor: w, duration: 2, next: done, {SOURCE}}}
  - {{id: done, name: Done, actor: w, outcome: success}}
""")


def figures(r) -> dict[str, float]:
    res = r.resources["counter"]
    return {"lead": r.lead_time.mean, "lead_sd": r.lead_time.sd, "lead_p90": r.lead_time.p90,
            "queue": r.queue_wait.mean, "breach": r.deadline_breach, "max_queue": res.max_queue,
            "mean_queue": res.mean_queue, "utilization": res.utilization, "served": res.served,
            "wait_p95": res.queue_wait.p95}


def test_chunks_give_the_numbers_of_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    j = fixed_queue()
    assert fast_path_step(compile_journey(j)) is not None
    whole = figures(queueing(j, 3_000, seed=1))
    monkeypatch.setattr(limits, "CHUNK", 100)
    chunked = figures(queueing(j, 3_000, seed=1))
    general = figures(queueing(j, 3_000, seed=1, fast=False))
    assert chunked == pytest.approx(whole, rel=1e-12)
    assert general == pytest.approx(whole, rel=1e-6)  # the vectorised walk sums a case's steps in float32
    assert whole["max_queue"] > 100  # the queue really is carried from chunk to chunk


def test_fifo_servers_carry_free_times_across_blocks() -> None:
    rng = np.random.default_rng(1)
    join = np.sort(rng.exponential(1.0, 5_000).cumsum())
    service = rng.exponential(2.6, join.size)
    for c in (1, 3, 50):
        whole = FifoServers(c).starts(join, service)
        servers, parts = FifoServers(c), []
        for lo, hi in zip([0, 7, 8, 1000, 4000], [7, 8, 1000, 4000, join.size]):
            parts.append(servers.starts(join[lo:hi], service[lo:hi]))
        np.testing.assert_allclose(np.concatenate(parts), whole, rtol=1e-12)  # c = 1: sums restart per block


def test_queue_length_across_blocks_is_the_brute_force_count() -> None:
    rng = np.random.default_rng(2)
    join = np.sort(rng.exponential(1.0, 2_000).cumsum())
    start = FifoServers(2).starts(join, rng.exponential(1.9, join.size))
    brute = max(int(np.sum((join <= t) & (start > t))) for t in join)
    length = QueueLength()
    for lo in range(0, join.size, 333):
        length.add(join[lo:lo + 333], start[lo:lo + 333])
    assert length.longest == brute


def test_thinned_keeps_every_kth_row() -> None:
    rng = np.random.default_rng(3)
    t = Thinned((np.int64, np.float64), keep=1_000)
    seen = 0
    while seen < 25_000:
        m = int(rng.integers(1, 3_000))
        rows = np.arange(seen, seen + m)
        t.append(rows, rows * 0.5)
        seen += m
    ids, halves = t.arrays()
    assert t.every == 32 and t.seen == seen  # the smallest power of two with seen / every <= 1,000
    assert ids.tolist() == list(range(0, seen, t.every)) and np.array_equal(halves, ids * 0.5)
    assert 500 <= ids.size <= 1_000


def test_chunked_queue_matches_erlang_c(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "CHUNK", 1_000)
    j = parse_journey(f"""
journey: mm2
title: M/M/2
actors: [{{id: w, name: Worker, lane: customer}}]
resources: [{{id: counter, capacity: 2, {SOURCE}}}]
arrivals: {{every: {{dist: exponential, mean: 1}}, {SOURCE}}}
start: serve
steps:
  - {{id: serve, name: Serve, actor: w, resource: counter, duration: {{dist: exponential, mean: 1.5}}, next: done, {SOURCE}}}
  - {{id: done, name: Done, actor: w, outcome: success}}
""")
    waits = [queueing(j, 50_000, seed=s).queue_wait.mean for s in (1, 2, 3, 4)]
    assert np.mean(waits) == pytest.approx(erlang_c_wait(1.0, 1 / 1.5, 2), rel=0.06)


@pytest.mark.parametrize("fast", [True, False])
def test_above_the_cap_exact_figures_stay_and_percentiles_come_from_every_kth_case(
        monkeypatch: pytest.MonkeyPatch, fast: bool) -> None:
    from nssf_journey.examples import counter

    j = counter(servers=2, every=1, service=1.6)
    full = queueing(j, 10_000, seed=4, fast=fast)
    monkeypatch.setattr(limits, "KEEP_CASES", 1_000)
    thin = queueing(j, 10_000, seed=4, fast=fast)
    assert thin.percentile_cases == 1_000 and full.percentile_cases == 10_000
    for name in ("lead_time", "wait_time", "queue_wait", "active_time"):
        a, b = getattr(full, name), getattr(thin, name)
        assert (b.n, b.mean, b.sd) == pytest.approx((a.n, a.mean, a.sd), rel=1e-12)
        assert b.p90 == pytest.approx(a.p90, rel=0.15)
    assert thin.outcomes == full.outcomes
    assert np.array_equal(thin.case_records["arrival"], full.case_records["arrival"][::10])
    assert np.array_equal(thin.case_records["lead_time"], full.case_records["lead_time"][::10])
    log, whole = thin.resources["counter"].log, full.resources["counter"].log
    assert log.every == 16 and np.array_equal(log.wait, whole.wait[::16])
    assert thin.resources["counter"].queue_wait.mean == pytest.approx(full.resources["counter"].queue_wait.mean,
                                                                      rel=1e-12)
    assert thin.resources["counter"].max_queue == full.resources["counter"].max_queue


@pytest.mark.parametrize("mode, fast", [("queueing", True), ("queueing", False), ("montecarlo", True)])
def test_events_written_in_blocks_are_the_events_kept_whole(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                            mode: str, fast: bool) -> None:
    from nssf_journey import load_journey
    from nssf_journey.simulation import monte_carlo

    monkeypatch.setattr(limits, "CHUNK", 500)
    monkeypatch.setattr(limits, "EVENT_ROWS", 700)
    monkeypatch.setattr("nssf_journey.simulation.montecarlo.CHUNK", 500)
    monkeypatch.setattr("nssf_journey.simulation.events.WRITE_ROWS", 300)
    j = load_journey(ROOT / "journeys" / "contribution_payment.yaml") if mode == "queueing" else fixed_queue()

    def run(events: object):
        if mode == "queueing":
            return queueing(j, 3_000, seed=6, fast=fast, events=events)
        return monte_carlo(j, 3_000, seed=6, events=events)

    kept = run(True).events()
    path = tmp_path / "log.csv"
    with EventWriter(j, path) as writer:
        assert run(writer).event_log is None
    written = pd.read_csv(path, keep_default_na=False)
    assert writer.rows == len(kept) == len(written)
    key = ["case:concept:name", "start_timestamp", "time:timestamp"]
    expected = kept.astype({"start_timestamp": str, "time:timestamp": str}).fillna("")
    expected["start_timestamp"] = kept["start_timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%S.%f")
    expected["time:timestamp"] = kept["time:timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%S.%f")
    a = expected.sort_values(key, kind="stable").reset_index(drop=True)
    b = written.sort_values(key, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    # every case's rows are in time order through the file, and its last row is its outcome
    assert written.groupby("case:concept:name")["start_timestamp"].apply(lambda s: s.is_monotonic_increasing).all()
    assert (written.groupby("case:concept:name").tail(1)["outcome"] != "").all()


MEMORY_SCRIPT = """
import sys
from nssf_journey import load_journey
from nssf_journey.simulation import queueing


def peak_mb():  # the peak resident set of this process since exec (ru_maxrss would include the parent's)
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) // 1024


j = load_journey(sys.argv[1])
queueing(j, 1_000, seed=1)
before = peak_mb()
r = queueing(j, int(sys.argv[2]), seed=1)
print(before, peak_mb(), r.resources["counter"].served, r.percentile_cases)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak resident set from /proc (Linux)")
def test_queueing_two_million_cases_in_bounded_memory() -> None:
    """2,000,000 customers of the M/M/3 benchmark queue (the fast path) add at most 250 MB to the process.

    What the run must hold: per-case records of every case up to the cap (2,000,000 x 34 bytes = 68 MB), the
    queue log up to the cap (2,000,000 x 25 bytes = 50 MB), one chunk in progress (100,000 cases, about 25 MB
    with temporaries) and, at the end, the percentiles' temporaries (about 15 MB): some 160 MB, measured 177 MB;
    250 MB leaves room for the allocator. Above the cap the records are thinned, so 5,000,000 customers take no
    more (measured 163 MB). The engine that held every case took 368 MB for 2,000,000 customers here and 876 MB
    for 5,000,000.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(ROOT / "benchmarks" / "mm3.yaml"), "2000000"],
                         capture_output=True, text=True, env=env, timeout=300, check=True)
    before, after, served, kept = (int(x) for x in out.stdout.split())
    assert served == 2_000_000 and kept == 2_000_000
    assert after - before <= 250, f"peak {after} MB, {after - before} MB above the start"
