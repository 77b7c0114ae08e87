"""Benchmark of exact analysis (issue 2): a generated 10,000-step journey and the bundled journeys.

Run: .venv/bin/python benchmarks/bench_analyze.py   (writes its section of benchmarks/RESULTS.md)

Measures, best of several runs:
- the analysis itself (``analyze`` on a loaded journey) on 10,000 steps: target < 1 s;
- loading and validating that file;
- the whole ``nssf-journey analyze`` command, past interpreter start-up: target < 4 s;
- the whole command on a 20-step journey, start-up included: target well under 1 s.
"""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from generate import large_journey_yaml  # noqa: E402
from results_file import machine_line, write_section  # noqa: E402


def best_of(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def command_time(args: list[str], runs: int = 5) -> float:
    return best_of(lambda: subprocess.run(args, check=True, capture_output=True), runs)


def main() -> None:
    from nssf_journey import analyze, load_journey

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    big = out / "large_10000.yaml"
    big.write_text(large_journey_yaml(10_000), encoding="utf-8")
    size_mb = big.stat().st_size / 1e6
    journey = load_journey(big)
    t_analysis = best_of(lambda: analyze(journey))
    t_load = best_of(lambda: load_journey(big), 3)
    exe = [sys.executable, "-m", "nssf_journey"]
    t_startup = command_time([sys.executable, "-c", "pass"])
    t_cmd_big = command_time(exe + ["analyze", str(big), "--json"], 3)
    twenty = out / "large_20.yaml"
    twenty.write_text(large_journey_yaml(20), encoding="utf-8")
    t_cmd_20 = command_time(exe + ["analyze", str(twenty)])
    t_bundled = command_time(exe + ["analyze", str(ROOT / "journeys")], 3)
    a = analyze(journey)
    rows = [
        ("analysis itself, 10,000 steps (`analyze()`)", t_analysis, "< 1 s"),
        (f"load + validate, 10,000 steps ({size_mb:.2f} MB of YAML)", t_load, ""),
        ("`nssf-journey analyze` 10,000 steps, past interpreter start-up", t_cmd_big - t_startup, "< 4 s"),
        ("`nssf-journey analyze` 20 steps, start-up included", t_cmd_20, "well under 1 s"),
        ("`nssf-journey analyze journeys/` (all bundled journeys), start-up included", t_bundled, ""),
        ("Python interpreter start-up alone", t_startup, ""),
    ]
    lines = [
        "Exact analysis has no peer named in the issue; the targets are absolute. Best of 3-5 runs.",
        "",
        machine_line(),
        "",
        "| what | seconds | target |",
        "|---|---:|---|",
        *(f"| {what} | {secs:.3f} | {target} |" for what, secs, target in rows),
        "",
        f"The 10,000-step journey has {len(a.loops)} rework loops and expects {a.expected_steps:,.0f} step"
        f" executions; its lead time is {a.lead_time_mean / 60:,.0f} h on average.",
    ]
    write_section("Exact analysis (issue 2)", "\n".join(lines))
    for what, secs, target in rows:
        print(f"{secs:8.3f} s  {what}  {target}")


if __name__ == "__main__":
    main()
