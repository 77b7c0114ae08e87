"""Benchmark of issue 4: the ``nssf-journey simulate`` command against SimPy and Ciw on the same workloads.

Run from the repository root with the ``bench`` extra installed::

    .venv/bin/python benchmarks/bench_simulate.py            # full run, rewrites its section of RESULTS.md
    .venv/bin/python benchmarks/bench_simulate.py --quick    # smaller workloads, prints only

Every program is timed as a whole subprocess, start-up (imports, loading the journey) included:

- Monte Carlo: 1,000,000 independent cases of ``journeys/contribution_payment.yaml`` with ``--mode montecarlo``
  (the queue is ignored, as in the exact analysis), against a SimPy model of the same journey: one process per
  case that yields a timeout for each wait and duration and draws its branches, with Python's ``random``. The
  journey is handed to the SimPy program as plain JSON (minutes, distribution parameters, branches) so that it
  does not import this package.
- Queueing: M/M/3 at utilisation 0.83 (``benchmarks/mm3.yaml``) with 1,000,000 customers, against SimPy
  (``simpy.Resource(capacity=3)``) and Ciw (``ciw.Simulation``). The accuracy check averages the mean queue wait of
  ``nssf-journey simulate`` over several seeds and compares it with Erlang C.

By default every program runs the full workload. Options ``--simpy-mc-cases`` and ``--ciw-cases`` run a peer on
fewer cases, its throughput then extrapolated linearly (cases per second); the results table shows the cases
each program ran.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
HEADING = "## Simulation (issue 4)"
CONTRIBUTION = ROOT / "journeys" / "contribution_payment.yaml"
MM3 = ROOT / "benchmarks" / "mm3.yaml"
LAMBDA, MEAN_SERVICE, SERVERS = 1.0, 2.49, 3


# ------------------------------------------------------------------------------------------------ peers


def _sampler(spec: dict, rnd):  # type: ignore[no-untyped-def]
    kind = spec["kind"]
    if kind == "fixed":
        v = spec["value"]
        return lambda: v
    if kind == "uniform":
        a, b = spec["low"], spec["high"]
        return lambda: rnd.uniform(a, b)
    if kind == "triangular":
        a, c, b = spec["low"], spec["mode"], spec["high"]
        return lambda: rnd.triangular(a, b, c)
    if kind == "exponential":
        rate = 1.0 / spec["mean"]
        return lambda: rnd.expovariate(rate)
    if kind == "lognormal":
        mu, sigma = spec["mu"], spec["sigma"]
        return lambda: rnd.lognormvariate(mu, sigma)
    if kind == "normal":
        loc, scale = spec["loc"], spec["scale"]

        def truncated() -> float:
            while True:
                x = rnd.gauss(loc, scale)
                if x >= 0:
                    return x

        return truncated
    if kind == "empirical":
        values, weights = spec["values"], spec["weights"]
        return lambda: rnd.choices(values, weights)[0]
    raise ValueError(kind)


def peer_simpy_montecarlo(spec_file: str, cases: int, seed: int) -> dict:
    """Independent cases of a journey (given as JSON) in SimPy, computing what ``simulate --json`` reports.

    One process per case (a case starts each minute, so a few hundred run at once); each yields a timeout for
    every wait and duration, draws its branches, and records lead, active and waiting time, money, in-person
    visits, outcome and step visits. The summary has the same means, 95% confidence intervals, percentiles and
    shares.
    """
    import bisect
    import itertools
    import random
    import statistics

    import simpy

    spec = json.loads(Path(spec_file).read_text())
    rnd = random.Random(seed)
    steps = {}
    for s in spec["steps"]:
        cum = list(itertools.accumulate(b["p"] for b in s["next"]))
        steps[s["id"]] = (_sampler(s["wait"], rnd), _sampler(s["duration"], rnd), s["outcome"],
                          [b["to"] for b in s["next"]], cum, s["cost"], s["in_person"])
    lead: list[float] = []
    active_l: list[float] = []
    wait_l: list[float] = []
    cost_l: list[float] = []
    visits_l: list[int] = []
    outcomes: dict[str, int] = {}
    step_visits = {s: 0 for s in steps}

    def case(env: simpy.Environment):  # type: ignore[no-untyped-def]
        t0 = env.now
        sid = spec["start"]
        active = waited = cost = 0.0
        visits = 0
        while True:
            wait, duration, outcome, to, cum, step_cost, in_person = steps[sid]
            step_visits[sid] += 1
            w = wait()
            if w > 0:
                yield env.timeout(w)
            d = duration()
            if d > 0:
                yield env.timeout(d)
            active += d
            waited += w
            cost += step_cost
            visits += in_person
            if outcome is not None:
                lead.append(env.now - t0)
                active_l.append(active)
                wait_l.append(waited)
                cost_l.append(cost)
                visits_l.append(visits)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
                return
            sid = to[0] if len(to) == 1 else to[min(bisect.bisect_right(cum, rnd.random()), len(to) - 1)]

    def source(env: simpy.Environment):  # type: ignore[no-untyped-def]
        for _ in range(cases):
            env.process(case(env))
            yield env.timeout(1.0)

    env = simpy.Environment()
    env.process(source(env))
    env.run()

    def summary(values: list) -> dict:  # type: ignore[type-arg]
        mean = statistics.fmean(values)
        sd = statistics.stdev(values)
        half = 1.96 * sd / math.sqrt(len(values))
        q = statistics.quantiles(values, n=20, method="inclusive")
        return {"mean": mean, "ci95": [mean - half, mean + half], "p50": q[9], "p90": q[17], "p95": q[18]}

    n = len(lead)
    return {"cases": n, "lead_time": summary(lead), "active_time": summary(active_l), "wait_time": summary(wait_l),
            "cost": summary(cost_l), "in_person_visits": summary(visits_l),
            "outcomes": {k: v / n for k, v in outcomes.items()},
            "steps": {k: {"visits": v / n} for k, v in step_visits.items()}}


def peer_simpy_mmc(cases: int, seed: int) -> dict:
    """M/M/3 in SimPy: a source process and one process per customer requesting a Resource."""
    import random

    import simpy

    rnd = random.Random(seed)
    waits: list[float] = []
    mu = 1.0 / MEAN_SERVICE

    def customer(env: simpy.Environment, server: simpy.Resource):  # type: ignore[no-untyped-def]
        arrive = env.now
        with server.request() as req:
            yield req
            waits.append(env.now - arrive)
            yield env.timeout(rnd.expovariate(mu))

    def source(env: simpy.Environment, server: simpy.Resource):  # type: ignore[no-untyped-def]
        for _ in range(cases):
            yield env.timeout(rnd.expovariate(LAMBDA))
            env.process(customer(env, server))

    env = simpy.Environment()
    server = simpy.Resource(env, capacity=SERVERS)
    env.process(source(env, server))
    env.run()
    return {"cases": len(waits), "queue_wait_mean": sum(waits) / len(waits)}


def peer_ciw_mmc(cases: int, seed: int) -> dict:
    """M/M/3 in Ciw, until ``cases`` customers have finished."""
    import ciw

    ciw.seed(seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=LAMBDA)],
        service_distributions=[ciw.dists.Exponential(rate=1.0 / MEAN_SERVICE)],
        number_of_servers=[SERVERS],
    )
    sim = ciw.Simulation(network)
    sim.simulate_until_max_customers(cases, method="Finish")
    waits = [r.waiting_time for r in sim.get_all_records()]
    return {"cases": len(waits), "queue_wait_mean": sum(waits) / len(waits)}


# ------------------------------------------------------------------------------------------------ driver


def erlang_c_wait(lam: float, mean_service: float, c: int) -> float:
    a = lam * mean_service
    head = sum(a**k / math.factorial(k) for k in range(c))
    tail = a**c / math.factorial(c) / (1 - a / c)
    return tail / (head + tail) / (c / mean_service - lam)


def journey_spec(path: Path) -> dict:
    """A journey as plain JSON for the SimPy peer: distributions by kind and parameters, in minutes."""
    sys.path.insert(0, str(ROOT))
    from nssf_journey import load_journey
    from nssf_journey.distributions import Lognormal, Normal

    def dist(d: object) -> dict:
        kind = d.kind  # type: ignore[attr-defined]
        if kind == "fixed":
            return {"kind": kind, "value": d.value}  # type: ignore[attr-defined]
        if kind == "uniform":
            return {"kind": kind, "low": d.low, "high": d.high}  # type: ignore[attr-defined]
        if kind == "triangular":
            return {"kind": kind, "low": d.low, "mode": d.mode, "high": d.high}  # type: ignore[attr-defined]
        if kind == "exponential":
            return {"kind": kind, "mean": d.mean}  # type: ignore[attr-defined]
        if isinstance(d, Lognormal):
            return {"kind": kind, "mu": d.log_mu, "sigma": d.log_sigma}
        if isinstance(d, Normal):
            return {"kind": kind, "loc": d.loc, "scale": d.scale}
        weights = d.weights or [1.0] * len(d.values)  # type: ignore[attr-defined]
        return {"kind": "empirical", "values": list(d.values), "weights": list(weights)}  # type: ignore[attr-defined]

    j = load_journey(path)
    return {"start": j.start, "steps": [
        {"id": s.id, "wait": dist(s.wait), "duration": dist(s.duration), "outcome": s.outcome,
         "cost": s.cost, "in_person": int(s.in_person),
         "next": [{"to": b.to, "p": b.p} for b in s.next]} for s in j.steps]}


CPU_TIMES: dict[str, float] = {}


def timed(cmd: list[str]) -> tuple[float, str]:
    """Wall time and standard output of a subprocess; its CPU time (user + system) goes to ``CPU_TIMES``."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_TIMES["last"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr}")
    return elapsed, done.stdout


def cli() -> list[str]:
    exe = Path(sys.executable).with_name("nssf-journey")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "nssf_journey"]


def _typer_version() -> str:
    from importlib.metadata import version

    return version("typer")


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import ciw
    import numpy
    import simpy

    return (f"{platform.machine()}, {cpu}, {os.cpu_count()} CPUs; Python {platform.python_version()}, "
            f"NumPy {numpy.__version__}, SimPy {simpy.__version__}, Ciw {ciw.__version__}")


def best_of(cmd: list[str], repeat: int) -> tuple[float, str]:
    """The shortest wall time of ``repeat`` runs of ``cmd`` and the output of the last one."""
    best, out = math.inf, ""
    for _ in range(repeat):
        t, out = timed(cmd)
        best = min(best, t)
    return best, out


#: The 1-minute load average before each round of the run.
LOADS: list[float] = []


def run(args: argparse.Namespace) -> str:
    me = [sys.executable, str(Path(__file__).resolve())]
    r = args.repeat
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    outs: dict[str, dict] = {}
    spec = ROOT / "benchmarks" / ".contribution_spec.json"
    spec.write_text(json.dumps(journey_spec(CONTRIBUTION)))
    programs = {
        "startup": cli() + ["simulate", str(CONTRIBUTION), "--mode", "montecarlo", "--cases", "1", "--seed", "1",
                            "--json", "--no-progress"],
        "mc": cli() + ["simulate", str(CONTRIBUTION), "--mode", "montecarlo", "--cases", str(args.cases),
                       "--seed", "1", "--json", "--no-progress"],
        "simpy_mc": me + ["peer-simpy-mc", str(spec), str(args.simpy_mc_cases), "1"],
        "queue": cli() + ["simulate", str(MM3), "--cases", str(args.queue_cases), "--seed", "1", "--json",
                          "--no-progress"],
        "simpy_queue": me + ["peer-simpy-mmc", str(args.simpy_queue_cases), "1"],
        "ciw_queue": me + ["peer-ciw-mmc", str(args.ciw_cases), "1"],
    }
    try:
        # Interleaved: every round runs every program once, so that a busy moment of a shared machine hits all.
        for _ in range(r):
            LOADS.append(os.getloadavg()[0])
            for name, cmd in programs.items():
                t, out = timed(cmd)
                times[name] = min(times.get(name, math.inf), t)
                cpu[name] = min(cpu.get(name, math.inf), CPU_TIMES["last"])
                outs[name] = json.loads(out)
    finally:
        spec.unlink()
    waits = [outs["queue"]["resources"]["counter"]["queue_wait"]["mean"]]
    q = args.queue_cases
    for seed in range(2, args.seeds + 1):
        _, out = timed(cli() + ["simulate", str(MM3), "--cases", str(q), "--seed", str(seed), "--json",
                                "--no-progress"])
        waits.append(json.loads(out)["resources"]["counter"]["queue_wait"]["mean"])
    avg = sum(waits) / len(waits)
    theory = erlang_c_wait(LAMBDA, MEAN_SERVICE, SERVERS)
    mc, sq, cq = outs["mc"], outs["simpy_queue"], outs["ciw_queue"]
    rows = [
        ("Monte Carlo, contribution_payment", args.cases, times["mc"], "SimPy", args.simpy_mc_cases,
         times["simpy_mc"], f"mean lead time {mc['lead_time']['mean']:.1f} min vs SimPy "
                            f"{outs['simpy_mc']['lead_time']['mean']:.1f} min"),
        ("Queueing, M/M/3 at 0.83", q, times["queue"], "SimPy", args.simpy_queue_cases, times["simpy_queue"],
         f"mean queue wait {outs['queue']['resources']['counter']['queue_wait']['mean']:.3f} min vs SimPy "
         f"{sq['queue_wait_mean']:.3f} min"),
        ("Queueing, M/M/3 at 0.83", q, times["queue"], "Ciw", args.ciw_cases, times["ciw_queue"],
         f"Ciw {cq['queue_wait_mean']:.3f} min"),
    ]
    startup = times["startup"]
    lines = [HEADING, "",
             f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC with `python benchmarks/bench_simulate.py`"
             f" on {machine()}.", "",
             f"Each program is timed as a whole subprocess, start-up included; each time is the best of {r} runs,"
             " interleaved (every round runs every program once) because the machine is shared. Throughput is"
             " cases per second of wall time; the ratio is ours over the peer's (the CPU-time ratio, user + system of"
             " all threads, is given too: it is steadier on a busy machine, and counts our two Monte Carlo threads"
             " against us). When a peer runs fewer cases than"
             " we do (options `--simpy-mc-cases`, `--ciw-cases`) its throughput is extrapolated linearly."
             f" The machine has {os.cpu_count()} cores, shared with other developers' work during the run: load"
             " average (1 min) before each round " + ", ".join(f"{x:.1f}" for x in LOADS) + ".",
             "",
             "| workload | nssf-journey cases | time (s) | cases/s | peer | peer cases | peer time (s) | peer cases/s"
             " | ratio | ratio of CPU time | note |",
             "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|"]
    keys = [("mc", "simpy_mc"), ("queue", "simpy_queue"), ("queue", "ciw_queue")]
    for (name, n_o, t_o, peer, n_p, t_p, note), (ko, kp) in zip(rows, keys):
        r_o, r_p = n_o / t_o, n_p / t_p
        cpu_ratio = (n_o / cpu[ko]) / (n_p / cpu[kp])
        lines.append(f"| {name} | {n_o:,} | {t_o:.2f} | {r_o:,.0f} | {peer} | {n_p:,} | {t_p:.2f} | {r_p:,.0f} | "
                     f"**{r_o / r_p:.0f}x** | {cpu_ratio:.0f}x | {note} |")
    mc_rate = args.cases / times["mc"]
    lines += [
        "",
        f"Start-up: `nssf-journey simulate` of a single case takes {startup:.2f} s (Python, NumPy, the package,"
        f" Typer {_typer_version()}, loading and validating the journey). With it the Monte Carlo ratio cannot"
        " exceed"
        f" {(args.cases / startup) / (args.simpy_mc_cases / times['simpy_mc']):.0f}x on this machine however fast"
        f" the simulation; the simulation itself (run time less start-up) took {max(times['mc'] - startup, 0):.2f} s."
        f" Our Monte Carlo throughput: {mc_rate:,.0f} cases/s.",
        "",
        f"Targets: Monte Carlo at least 50x SimPy; queueing at least 3x SimPy. M/M/3 accuracy: Erlang C gives a mean"
        f" queue wait of {theory:.4f} min; `nssf-journey simulate` averaged {avg:.4f} min over seeds 1-{args.seeds}"
        f" of {q:,} customers ({(avg / theory - 1) * 100:+.2f}%; target within 2%): "
        + ", ".join(f"{w:.3f}" for w in waits) + ".",
        "",
        "The queueing run takes the engine's fast path (one calendar-free resource without patience: NumPy for the"
        " walk, the c-server FIFO recursion for the queue). The general event-heap engine (calendars, patience,"
        " several resources) draws its random numbers in another order and gives the same figures up to chance on"
        " this journey (both are tested against Erlang C, and with fixed times give equal numbers)"
        + (f" and runs it at about {args.general_rate:,} customers/s in-process." if args.general_rate else "."),
        "",
    ]
    return "\n".join(lines)


def general_engine_rate(cases: int) -> int:
    sys.path.insert(0, str(ROOT))
    from nssf_journey import load_journey
    from nssf_journey.simulation import queueing

    j = load_journey(MM3)
    t0 = time.perf_counter()
    queueing(j, cases, seed=1, fast=False)
    return int(cases / (time.perf_counter() - t0))


def write_section(text: str) -> None:
    old = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if HEADING in old:
        start = old.index(HEADING)
        rest = old[start + len(HEADING):]
        nxt = rest.find("\n## ")
        end = len(old) if nxt < 0 else start + len(HEADING) + nxt + 1
        new = old[:start] + text + ("\n" + old[end:] if end < len(old) else "")
    else:
        new = old.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(new.rstrip("\n") + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("peer-simpy-mc")
    p.add_argument("spec"), p.add_argument("cases", type=int), p.add_argument("seed", type=int)
    p = sub.add_parser("peer-simpy-mmc")
    p.add_argument("cases", type=int), p.add_argument("seed", type=int)
    p = sub.add_parser("peer-ciw-mmc")
    p.add_argument("cases", type=int), p.add_argument("seed", type=int)
    parser.add_argument("--quick", action="store_true", help="small workloads; print, do not write RESULTS.md")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--queue-cases", type=int, default=1_000_000)
    parser.add_argument("--simpy-mc-cases", type=int, default=1_000_000)
    parser.add_argument("--simpy-queue-cases", type=int, default=1_000_000)
    parser.add_argument("--ciw-cases", type=int, default=1_000_000)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each program; the best time counts")
    args = parser.parse_args()
    if args.command == "peer-simpy-mc":
        print(json.dumps(peer_simpy_montecarlo(args.spec, args.cases, args.seed)))
        return
    if args.command == "peer-simpy-mmc":
        print(json.dumps(peer_simpy_mmc(args.cases, args.seed)))
        return
    if args.command == "peer-ciw-mmc":
        print(json.dumps(peer_ciw_mmc(args.cases, args.seed)))
        return
    if args.quick:
        args.cases, args.queue_cases, args.simpy_mc_cases = 100_000, 100_000, 20_000
        args.simpy_queue_cases, args.ciw_cases, args.seeds, args.repeat = 100_000, 10_000, 2, 1
    args.general_rate = general_engine_rate(args.queue_cases)
    text = run(args)
    print(text)
    if not args.quick:
        write_section(text)
        print(f"wrote the section '{HEADING}' of {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
