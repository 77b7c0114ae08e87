"""Benchmark of the management report (issues 5 and 14): `nssf-journey report` on all bundled journeys, with
simulation, and with the PDF printed by headless Chromium (when installed).

Run: .venv/bin/python benchmarks/bench_report.py   (writes its section of benchmarks/RESULTS.md)

Target: under 30 s on the project's 2-core machine, interpreter start-up included, and a main page under
600 KB. The report is written into benchmarks/out/report/ (git-ignored); each run replaces the files of the one
before. The machine is shared: the load average before the runs is written with the results.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from results_file import machine_line, write_section  # noqa: E402

RUNS = 3
TARGET = 30.0
PAGE_TARGET = 600_000


def run(args: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - t, done.stderr


def main() -> None:
    exe = str(Path(sys.executable).with_name("nssf-journey"))
    out = HERE / "out" / "report"
    cases = 20_000
    import os
    import shutil

    load = os.getloadavg()
    without = [run([exe, "report", "journeys", "--out", str(out), "--no-simulate"]) for _ in range(RUNS)]
    with_sim, loads = [], []
    for _ in range(RUNS):
        loads.append(os.getloadavg()[0])
        with_sim.append(run([exe, "report", "journeys", "--out", str(out), "--cases", str(cases)]))
    by_time = sorted(with_sim, key=lambda r: r[0])
    times = [t for t, _ in by_time]
    stderr = by_time[len(by_time) // 2][1]  # stage times of the median run
    journeys = len(re.findall(r"^report: \[\d+/\d+\] \S+: drawing", stderr, re.M))
    stage = {m.group(1): float(m.group(2)) for m in re.finditer(r"^report: (.*?) \(([0-9.]+) s\)$", stderr, re.M)}
    sim_end = max((v for k, v in stage.items() if "simulating" in k), default=0.0)
    draw_end = stage.get("summary and tables", 0.0)
    queues_start = min((v for k, v in stage.items() if k.startswith("simulating queues")), default=sim_end)
    capacity_end = max((v for k, v in stage.items() if k.startswith("planned ")), default=queues_start)
    size = (out / "index.html").stat().st_size
    files = sum(1 for p in out.rglob("*") if p.is_file())
    with_pdf = ([run([exe, "report", "journeys", "--out", str(out), "--cases", str(cases), "--pdf"])[0]
                 for _ in range(RUNS)] if shutil.which("chromium") else [])
    lines = [
        f"`nssf-journey report journeys/` on the {journeys} bundled journeys, {cases:,} simulated cases each, "
        "interpreter start-up included; best, median and worst of "
        f"{RUNS} runs. Target: under {TARGET:.0f} s. The machine is shared: 1-minute load average before the runs "
        f"{', '.join(f'{x:.1f}' for x in loads)}.",
        "",
        machine_line(),
        f"Load average before the runs (1, 5, 15 min): {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} "
        "(the 2 cores are shared with other developers).",
        "",
        "| what | seconds | target |",
        "|---|---:|---|",
        f"| report with simulation (best / median / worst) | {times[0]:.1f} / {times[len(times) // 2]:.1f} / "
        f"{times[-1]:.1f} | < {TARGET:.0f} s |",
        f"| report without simulation (`--no-simulate`, best) | {min(t for t, _ in without):.1f} |  |",
        f"| of which simulation, all journeys (median run) | {sim_end:.1f} |  |",
        f"| of which queues at counters and capacity planning (median run) | {capacity_end - queues_start:.1f} |  |",
        f"| of which junctures, diagrams, journey maps and charts (median run) | {max(draw_end - sim_end - (capacity_end - queues_start), 0):.1f} |"
        "  |",
    ]
    if with_pdf:
        with_pdf.sort()
        lines.append(f"| report with simulation and `--pdf` (best / median / worst) | {with_pdf[0]:.1f} / "
                     f"{with_pdf[len(with_pdf) // 2]:.1f} / {with_pdf[-1]:.1f} | < {TARGET:.0f} s |")
    lines += [
        "",
        f"Output: `index.html` of {size / 1e3:,.0f} KB (target under {PAGE_TARGET / 1e3:.0f} KB; self-contained, "
        f"inline SVG), `appendix.html` of {(out / 'appendix.html').stat().st_size / 1e3:,.0f} KB and {files - 2} "
        "other files.",
    ]
    write_section("Report (issues 5 and 14)", "\n".join(lines))
    print("\n".join(lines))
    if max(times[-1], *with_pdf) > TARGET if with_pdf else times[-1] > TARGET:
        sys.exit(f"slowest report took {max(times[-1], *with_pdf):.1f} s, over the {TARGET:.0f} s target")
    if size > PAGE_TARGET:
        sys.exit(f"index.html is {size:,} bytes, over the {PAGE_TARGET:,} target")


if __name__ == "__main__":
    main()
