"""Benchmark: `nssf-journey conform` and `nssf-journey calibrate` on a large log with thousands of variants.

Issue 13 names no speed peer for conformance and calibration (PM4Py aligns Petri nets, not journeys with silent
steps and probabilities, so its timings would not measure the same work). This script measures ours, as whole
commands with start-up, on a log built from the discovered receipt.csv journey: 50,000 simulated cases (about
350,000 events and 4,600 variants; every case a path of the journey, so every variant is aligned), and on the
journey written by hand, which fits only part of the cases (alignments with deviations cost more). Best of the
rounds, with the machine's load before each round: other developers share its 2 cores.

    python benchmarks/bench_conform.py [--rounds 3] [--cases 50000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from results_file import machine_line, write_section  # noqa: E402

from nssf_journey.eventlog import discover, read_log, summarize  # noqa: E402
from nssf_journey.eventlog.writer import to_yaml  # noqa: E402
from nssf_journey.simulation import simulate  # noqa: E402

SHARED = next((p / "shared" / "logs" for p in ROOT.parents if (p / "shared" / "logs" / "receipt.csv").exists()), None)
CLI = [sys.executable, "-m", "nssf_journey"]


def timed(args: list[str]) -> float:
    began = time.perf_counter()
    done = subprocess.run(CLI + args, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if SHARED is None:
        raise SystemExit("the shared logs (shared/logs beside the checkout) are needed")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        journey = discover(read_log(SHARED / "receipt.csv"), arrivals=False)
        (base / "receipt.yaml").write_text(to_yaml(journey), encoding="utf-8")
        result = simulate(journey, args.cases, seed=3, events=True)
        log = base / "big.csv"
        result.events().to_csv(log, index=False, date_format="%Y-%m-%dT%H:%M:%S.%f")
        s = summarize(read_log(log))
        # the simulated log's activities are the discovered steps' names: receipt.csv's activities, which the
        # hand-written journey names in its log_activity
        big_hand = ROOT / "tests" / "data" / "journeys" / "receipt_hand.yaml"
        workloads = [
            ("conform --no-simulate, discovered journey", ["conform", str(base / "receipt.yaml"), str(log), "--json",
                                                            "--no-simulate"]),
            ("conform with 20,000 simulated cases, discovered journey",
             ["conform", str(base / "receipt.yaml"), str(log), "--json"]),
            ("calibrate, discovered journey", ["calibrate", str(base / "receipt.yaml"), str(log), "--out",
                                               str(base / "out.yaml"), "--overwrite", "--json"]),
            ("conform --no-simulate, hand-written journey (part of the cases fit)",
             ["conform", str(big_hand), str(log), "--json", "--no-simulate"]),
            ("calibrate, hand-written journey", ["calibrate", str(big_hand), str(log), "--out", str(base / "h.yaml"),
                                                 "--overwrite", "--json"]),
            ("start-up: nssf-journey --help", ["--help"]),
        ]
        best = {name: float("inf") for name, _ in workloads}
        loads = []
        for _ in range(args.rounds):
            loads.append(os.getloadavg()[0])
            for name, cmd in workloads:
                best[name] = min(best[name], timed(cmd))
    rows = "\n".join(f"| {name} | {best[name]:.2f} |" for name, _ in workloads)
    body = (f"Whole commands with start-up, best of {args.rounds} rounds, on a log of {s.cases:,} cases, "
            f"{s.events:,} events and {s.variant_count:,} variants simulated from the journey discovered from "
            "receipt.csv. No peer: PM4Py's alignments work on Petri nets, not on journeys (issue 13 names none).\n\n"
            f"{machine_line()} Load average (1 min) before the rounds: {', '.join(f'{x:.1f}' for x in loads)}.\n\n"
            "| workload | seconds |\n|---|---:|\n" + rows)
    print(body)
    if not args.no_write:
        write_section("Conformance and calibration (issue 13)", body)


if __name__ == "__main__":
    main()
