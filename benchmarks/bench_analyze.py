"""Benchmark of exact analysis: large journeys of every loop structure, against the previous implementation.

Run: .venv/bin/python benchmarks/bench_analyze.py   (writes its section of benchmarks/RESULTS.md)

The peer is the previous implementation of the analysis (``--previous``, a git revision: by default the commit
before selected inversion, which found the chance to reach each step by one sparse solve per step), checked out
with ``git archive`` into ``benchmarks/out/previous/`` and run in the same way, in the same run.

Measures, best of several runs (the machine is shared: runs are interleaved, and the load is written down):
- the whole ``nssf-journey analyze --json`` command on 10,000 steps of each loop structure of
  :mod:`generate` (local, spanning, nested, random, many outcomes), past interpreter start-up: target < 4 s;
  its peak memory (resident set of the process): target < 500 MB;
- the same on 100,000 steps (ours only: the previous implementation needs 100,000 solves and a dense matrix of
  80 GB for a loop that spans the journey): target < 60 s;
- where the time goes, in-process: loading, ``analyze()``, the JSON output;
- the whole command on a 20-step journey and on the bundled journeys, start-up included: well under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import LOOP_STRUCTURES, large_journey_yaml  # noqa: E402
from results_file import machine_line, write_section  # noqa: E402

#: The last commit whose analysis found reach probabilities by one solve per step.
PREVIOUS = "4800967"

PHASES = """
import json, sys, time
t0 = time.perf_counter()
from nssf_journey import analyze, load_journey
t1 = time.perf_counter()
j = load_journey(sys.argv[1])
t2 = time.perf_counter()
a = analyze(j)
t3 = time.perf_counter()
text = json.dumps(a.to_dict(), indent=2, ensure_ascii=False, allow_nan=False, default=str)
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "analyze": t3 - t2, "json": t4 - t3,
                  "loops": len(a.loops), "expected_steps": a.expected_steps}))
"""


GRAPH = """
import json, sys, time
from nssf_journey import critical_path, load_journey, loop_edges, most_likely_path
from nssf_journey.analysis.metrics import strongly_connected
j = load_journey(sys.argv[1])
index = {s.id: i for i, s in enumerate(j.steps)}
succ = [[index[b.to] for b in s.next] for s in j.steps]
def best(f, runs=3):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        out.append(time.perf_counter() - t)
    return min(out)
core = {}
try:  # ours: the algorithms on the integer step graph that analyze() builds once
    from nssf_journey.analysis.graph import _critical_path, _most_likely_path, _search_from_start, step_graph
    g = step_graph(j)
    back, post = _search_from_start(g)
    times = [s.mean_time for s in j.steps]
    core = {"graph": best(lambda: step_graph(j)), "loops": best(lambda: _search_from_start(g)),
            "likely": best(lambda: _most_likely_path(g, g.terminal)),
            "critical": best(lambda: _critical_path(g, set(back), post, times))}
except ImportError:  # the previous implementation has no such thing
    pass
print(json.dumps({"core": core, "loops": best(lambda: loop_edges(j)), "scc": best(lambda: strongly_connected(succ)),
                  "likely": best(lambda: most_likely_path(j)), "critical": best(lambda: critical_path(j)),
                  "same": [[x[0], float(f"{x[1]:.12g}")] for x in (most_likely_path(j), critical_path(j))]
                          + [loop_edges(j), sorted(map(sorted, strongly_connected(succ)))]}))
"""

DENSE = """
import json, sys
from nssf_journey import analyze, load_journey
from nssf_journey.analysis import chain, graph
chain.DENSE_LIMIT = graph.SMALL = 10**9
print(json.dumps(analyze(load_journey(sys.argv[1])).to_dict(), ensure_ascii=False, allow_nan=False, default=str))
"""


def timed(args: list[str], package_root: Path) -> tuple[float, float, str]:
    """Wall seconds, peak resident MB (of this process alone: ``wait4``) and standard output of one command.

    ``package_root`` holds the ``nssf_journey`` package to run: it is the working folder (first on the path
    of ``python -m`` and ``python -c``) and the ``PYTHONPATH``.
    """
    env = dict(os.environ, PYTHONPATH=str(package_root))
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=package_root)
    chunks = []
    while True:
        chunk = proc.stdout.read(1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(args)} exited with {proc.returncode}")
    return wall, usage.ru_maxrss / 1024, b"".join(chunks).decode()


def previous_package(rev: str) -> Path:
    """The package at ``rev``, unpacked under benchmarks/out/previous/ (importable with PYTHONPATH)."""
    target = HERE / "out" / "previous"
    stamp = target / ".rev"
    if stamp.exists() and stamp.read_text() == rev:
        return target
    import shutil

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev, "nssf_journey"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    stamp.write_text(rev)
    return target


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--previous", default=PREVIOUS, help="git revision of the peer (default %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each 10,000-step command (best is kept)")
    parser.add_argument("--no-large", action="store_true", help="skip the 100,000-step journeys")
    parser.add_argument("--no-previous", action="store_true", help="skip the previous implementation")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    opts = parser.parse_args()

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    exe = [sys.executable, "-m", "nssf_journey"]
    loads = [load_average()]
    startup = min(timed([sys.executable, "-c", "pass"], ROOT)[0] for _ in range(5))
    previous = None if opts.no_previous else previous_package(opts.previous)

    files = {}
    for structure in LOOP_STRUCTURES:
        path = out / f"analyze_10000_{structure}.yaml"
        path.write_text(large_journey_yaml(10_000, loops=structure), encoding="utf-8")
        files[structure] = path

    # The 10,000-step commands, ours and the previous implementation's, interleaved round by round.
    ours: dict[str, list[tuple[float, float]]] = {s: [] for s in LOOP_STRUCTURES}
    theirs: dict[str, list[tuple[float, float]]] = {s: [] for s in LOOP_STRUCTURES}
    same: dict[str, list[str]] = {}
    for _ in range(opts.runs):
        for structure, path in files.items():
            wall, rss, text = timed(exe + ["analyze", str(path), "--json"], ROOT)
            ours[structure].append((wall - startup, rss))
            if previous is not None and len(theirs[structure]) < max(1, opts.runs - 1):
                wall_p, rss_p, text_p = timed(exe + ["analyze", str(path), "--json"], previous)
                theirs[structure].append((wall_p - startup, rss_p))
                same[structure] = _same_figures(text, text_p)
        loads.append(load_average())

    # Where ours and the previous figures differ, the judge is the dense inverse of the whole matrix (our small-
    # journey path with its size limit lifted: a 10,000 x 10,000 inverse, a minute or two).
    dense_check: dict[str, list[str]] = {}
    for structure, differ in same.items():
        if differ:
            dense = timed([sys.executable, "-c", DENSE, str(files[structure])], ROOT)[2]
            ours_text = timed(exe + ["analyze", str(files[structure]), "--json"], ROOT)[2]
            dense_check[structure] = _same_figures(ours_text, dense)

    phases = {s: json.loads(timed([sys.executable, "-c", PHASES, str(p)], ROOT)[2]) for s, p in files.items()}

    # The graph algorithms alone, ours against the previous hand-written ones, on 100,000 steps with random loops.
    graph_times = None
    if not opts.no_large and previous is not None:
        path = out / "analyze_100000_random.yaml"
        path.write_text(large_journey_yaml(100_000, loops="random"), encoding="utf-8")
        graph_times = (json.loads(timed([sys.executable, "-c", GRAPH, str(path)], ROOT)[2]),
                       json.loads(timed([sys.executable, "-c", GRAPH, str(path)], previous)[2]))

    large: dict[str, tuple[float, float, dict]] = {}
    if not opts.no_large:
        for structure in LOOP_STRUCTURES:
            path = out / f"analyze_100000_{structure}.yaml"
            path.write_text(large_journey_yaml(100_000, loops=structure), encoding="utf-8")
            wall, rss, _ = timed(exe + ["analyze", str(path), "--json"], ROOT)
            large[structure] = (wall - startup, rss, json.loads(timed([sys.executable, "-c", PHASES, str(path)],
                                                                      ROOT)[2]))
            path.unlink()
        loads.append(load_average())

    twenty = out / "analyze_20.yaml"
    twenty.write_text(large_journey_yaml(20), encoding="utf-8")
    t_20 = min(timed(exe + ["analyze", str(twenty)], ROOT)[0] for _ in range(5))
    t_bundled = min(timed(exe + ["analyze", str(ROOT / "journeys")], ROOT)[0] for _ in range(3))

    lines = [
        f"`nssf-journey analyze FILE --json` on generated journeys (`benchmarks/generate.py`), against the previous "
        f"implementation (commit `{opts.previous}`: one sparse solve per step for the chance to reach it) in the "
        f"same run. Seconds are past interpreter start-up ({startup:.3f} s), best of {opts.runs} runs for ours and "
        f"{max(1, opts.runs - 1)} for the previous one, interleaved; memory is the peak resident set of the "
        "process. Targets: under 4 s and 500 MB for 10,000 steps of any loop structure; under 60 s for 100,000.",
        "",
        machine_line() + f" Load average (1 / 5 / 15 min) during the run: {', then '.join(loads)}.",
        "",
        "| loop structure, 10,000 steps | ours (s) | ours (MB) | previous (s) | previous (MB) | ratio | same figures\\* |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for structure in LOOP_STRUCTURES:
        t_o, m_o = min(x[0] for x in ours[structure]), max(x[1] for x in ours[structure])
        if theirs[structure]:
            t_p, m_p = min(x[0] for x in theirs[structure]), max(x[1] for x in theirs[structure])
            peer = f"{t_p:.2f} | {m_p:.0f} | **{t_p / t_o:.1f}x** | {'no, see below' if same[structure] else 'yes'}"
        else:
            peer = "not run | | | "
        lines.append(f"| {structure} | {t_o:.2f} | {m_o:.0f} | {peer} |")
    lines += [
        "",
        "\\* Every figure of the JSON output to 1e-9 relative, paths and loops identical; bottlenecks compared step by "
        "step (steps whose expected times tie exactly were ranked by rounding noise before, now in file order).",
        *(f"Figures that differ on *{structure}*: " + "; ".join(f"`{d}`" for d in same[structure][:6]) + ". "
          + ("Ours agree with the dense inverse of the whole matrix (every figure to 1e-9)."
             if not dense_check[structure] else
             "Ours differ from the dense inverse too: " + "; ".join(f"`{d}`" for d in dense_check[structure][:6]))
          for structure in LOOP_STRUCTURES if same.get(structure)),
        "",
        "Where our time goes (one in-process run each, seconds): loading and validating the YAML, `analyze()`, "
        "and the JSON output (`to_dict` and `json.dumps` with indentation, as the command does).",
        "",
        "| journey | steps | loops | load | analyze() | JSON | command past start-up (s) | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for structure in LOOP_STRUCTURES:
        p = phases[structure]
        t_o, m_o = min(x[0] for x in ours[structure]), max(x[1] for x in ours[structure])
        lines.append(f"| {structure} | 10,000 | {p['loops']:,} | {p['load']:.2f} | {p['analyze']:.2f} | "
                     f"{p['json']:.2f} | {t_o:.2f} | {m_o:.0f} |")
    for structure, (t_o, m_o, p) in large.items():
        lines.append(f"| {structure} | 100,000 | {p['loops']:,} | {p['load']:.2f} | {p['analyze']:.2f} | "
                     f"{p['json']:.2f} | {t_o:.2f} | {m_o:.0f} |")
    if graph_times:
        mine, prev = graph_times
        lines += [
            "",
            "The graph algorithms alone on 100,000 steps with random loops, in-process, best of 3 (seconds); the "
            f"results are {'the same' if mine['same'] == prev['same'] else 'NOT the same'}. The public functions take "
            "a journey and first build its integer step graph "
            f"({_seconds(mine['core'].get('graph'))} s); `analyze()` builds it once and runs the algorithms "
            "on it (the column *on the step graph*):",
            "",
            "| algorithm | ours | on the step graph | how | previous | ratio |",
            "|---|---:|---:|---|---:|---:|",
            *(f"| {what} | {mine[key]:.3f} | {_seconds(mine['core'].get(key))} | {how} | {prev[key]:.3f} | "
              f"{prev[key] / mine[key]:.1f}x |"
              for what, key, how in (
                  ("loops (back edges of a search in file order)", "loops", "Python, on branch ranges"),
                  ("strongly connected components", "scc", "`csgraph.connected_components` (was hand Tarjan)"),
                  ("most likely path", "likely", "`csgraph.dijkstra` (was hand Dijkstra, `heapq`)"),
                  ("critical path", "critical", "Python, one search shared with the loops"))),
        ]
    lines += [
        "",
        f"Small journeys: `nssf-journey analyze` of a 20-step journey takes {t_20:.3f} s and of all bundled journeys "
        f"{t_bundled:.3f} s, start-up included (target: well under 1 s); they are solved with dense NumPy and do not "
        "import SciPy.",
    ]
    if not opts.no_write:
        write_section("Exact analysis (issue 2)", "\n".join(lines))
    print("\n".join(lines))


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _same_figures(ours: str, theirs: str) -> list[str]:
    """Both JSON outputs agree: the same keys, texts and paths, numbers to 1e-9 relative.

    Bottlenecks are compared step by step: steps whose expected times tie exactly (as in generated journeys)
    were ordered by rounding noise before; now such ties go in file order.
    """

    differ: list[str] = []

    def compare(a, b, where: str) -> None:
        if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
            for k in a:
                compare(a[k], b[k], f"{where}/{k}")
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b)):
                compare(x, y, f"{where}[{i}]")
        elif isinstance(a, float) or isinstance(b, float):
            if not abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)):
                differ.append(f"{where}: {a:.6g} (previous {b:.6g})")
        elif a != b:
            differ.append(f"{where}: {a!r} (previous {b!r})")

    a, b = json.loads(ours), json.loads(theirs)
    for d in (a, b):
        d["bottlenecks"] = {row["step"]: row for row in d["bottlenecks"]}
    compare(a, b, "")
    return differ


if __name__ == "__main__":
    main()
