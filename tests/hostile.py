"""Hostile values for the fuzz test of every command: which fields are numbers, which values sit at their edges,
and a worker process that runs many commands under a memory and a time limit.

The numeric fields are found by walking the declarative description of the formats (:data:`JOURNEY` and every
data file of :data:`DATA_FILES`), so a field added to the format is fuzzed without touching this module: a
pattern such as ``steps.*.next.*.p`` is resolved against a small base journey (or the data folder's files),
where ``*`` stands for every item of a list or mapping present there. Each mutation sets one value at one
place; a value is *within the agreed bounds* (issue 17) when the loading rules are meant to accept it: a time
of 0 or between one microsecond and a century (and at least one second between arrivals), a lognormal whose sd is at most 100 times its mean, a date between
1970 and 2100, an integer of at most 15 digits, a number of magnitude at most 1e15 (wrong types and
out-of-range values that the format already refuses count as within: they must be refused cleanly).

The worker (``python tests/hostile.py RUNS.json``) runs the commands in-process with Typer's runner, after
capping its own address space (``RLIMIT_AS``) once; each run has an alarm for its time limit, and the parent
kills and restarts the worker when a run hangs in C code that the alarm cannot interrupt.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import os
import select
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

#: A century in minutes, the largest time the agreed bounds accept (36,525 days).
CENTURY = 36_525 * 1440.0
#: One second in minutes.
SECOND = 1 / 60
#: One microsecond in minutes, the smallest positive time a journey may hold (one second between arrivals).
MICROSECOND = 1e-6 / 60
#: The largest lognormal coefficient of variation (sd / mean) the agreed bounds accept.
MAX_CV = 100.0
#: The largest magnitude of a number the agreed bounds accept (integers of at most 15 digits).
MAX_NUMBER = 1e15
FIRST_DATE, LAST_DATE = dt.date(1970, 1, 1), dt.date(2100, 12, 31)

BASE_JOURNEY = """\
journey: base
title: Base
time_unit: minutes
audience: worker
deadline: "3 d"
actors:
  - {id: w, name: Worker, lane: customer}
  - {id: o, name: Office, lane: frontstage}
start: a
steps:
  - id: a
    name: Fill the form
    actor: w
    duration: {dist: triangular, min: 10, mode: 20, max: 40}
    wait: {dist: lognormal, mean: 60, sd: 30}
    cost: 1.5
    emotion: -1
    source: "assumption: t"
    next: b
  - id: b
    name: Office checks
    actor: o
    channel: in_person
    duration: {dist: exponential, mean: 15}
    resource: desk
    patience: "2 h"
    source: "assumption: t"
    next:
      - {to: a, p: 0.2, wait: 30}
      - {to: c, p: 0.7}
      - {to: d, p: 0.1}
  - {id: c, name: Paid, actor: o, outcome: success}
  - {id: d, name: Refused, actor: o, outcome: refused}
resources:
  - {id: desk, capacity: 2, calendar: office, source: "assumption: t"}
calendars:
  - {id: office, open: "07:30-17:00", holidays: [2026-01-07]}
arrivals:
  every: 20
  start: 2026-01-05
  profile: {hours: {"07-11": 1.5}, weekdays: {sat: 0, sun: 0}, days_of_month: {"1-15": 1.2}}
  source: "assumption: t"
case_speed: {shared: 0.3, carried: 0.2, source: "assumption: t"}
"""

#: A redesign of the base journey, for ``compare``.
OVERLAY = """\
journey: base_online
extends: ../base.yaml
title: Base online
change:
  b:
    duration: 5
"""

JOURNEY_FILE = "journeys/base.yaml"
OVERLAY_FILE = "journeys/redesign/over.yaml"

# ------------------------------------------------------------------------------------------------ the fields


def numeric_fields(kind: Any, prefix: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path pattern, leaf kind) of a number, an integer, a duration or a date in a format description;
    ``"*"`` in a pattern is any item of a list or any value of a mapping."""
    from nssf_journey.loading import fields as f
    from nssf_journey.loading import time_fields as tf

    if isinstance(kind, (f.Number, f.Integer, tf.Duration, tf.Date, tf.DateTime)):
        yield prefix, kind
    elif isinstance(kind, f.Record):
        for key, spec in kind.fields.items():
            yield from numeric_fields(spec.kind, prefix + (key,))
    elif isinstance(kind, (f.ListOf,)):
        yield from numeric_fields(kind.item, prefix + ("*",))
    elif isinstance(kind, f.MapOf):
        yield from numeric_fields(kind.value, prefix + ("*",))
    elif isinstance(kind, f.OneOf):
        for _, choice in kind.choices:
            yield from numeric_fields(choice, prefix)
    elif isinstance(kind, f.Nullable):
        yield from numeric_fields(kind.kind, prefix)


def resolve(pattern: tuple, doc: Any) -> list[tuple]:
    """The concrete paths of ``doc`` that ``pattern`` stands for; the last key may be absent (it is then added)."""
    if not pattern:
        return [()]
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        keys = list(range(len(doc))) if isinstance(doc, list) else list(doc) if isinstance(doc, dict) else []
    else:
        keys = [head] if isinstance(doc, dict) and (head in doc or not rest) else []
    out = []
    for key in keys:
        child = doc[key] if (isinstance(doc, list) or key in doc) else None
        out += [(key,) + tail for tail in resolve(rest, child)] if rest else [(key,)]
    return out


def set_at(doc: Any, path: tuple, value: Any) -> Any:
    """A copy of ``doc`` with ``value`` at ``path``."""
    out = copy.deepcopy(doc)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def dump(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000)


# ------------------------------------------------------------------------------------------------ the values

#: Values at the edges of any number, with a label for messages.
EDGES: list[tuple[str, Any]] = [
    ("0", 0), ("-0", -0.0), ("-1", -1), ("1e-300", 1e-300), ("5e-324", 5e-324), ("1e300", 1e300),
    ("1.7e308", 1.7e308), ("inf", math.inf), ("-inf", -math.inf), ("nan", math.nan), ("400 digits", 10**400),
    ("1e15 integer", 10**15), ("1e16 integer", 10**16), ("1e16", 1e16), ("text", "x"), ("text 12", "12"),
    ("true", True), ("list", [1]), ("mapping", {"a": 1}), ("null", None),
]
#: Times at the agreed bounds, in minutes.
TIME_EDGES: list[tuple[str, Any]] = [
    ("a century", CENTURY), ("a century + eps", CENTURY * (1 + 1e-9)), ("one second", SECOND),
    ("one second - eps", SECOND * (1 - 1e-9)), ("one microsecond", MICROSECOND),
    ("one microsecond - eps", MICROSECOND * (1 - 1e-9)), ("1e-9", 1e-9), ("a million", 1e6),
]
#: Probabilities at the edges; a branch's siblings are rebalanced so that the branches still sum to 1.
PROBABILITY_EDGES: list[tuple[str, Any]] = [
    ("1e-12", 1e-12), ("0.5", 0.5), ("0.999", 0.999), ("0.999999", 0.999999), ("1 - 1e-12", 1 - 1e-12), ("1", 1),
    ("1 + 1e-6", 1 + 1e-6), ("1e-300", 1e-300),
]
DATE_EDGES: list[tuple[str, Any]] = [
    ("9999-12-31", dt.date(9999, 12, 31)), ("0001-01-01", dt.date(1, 1, 1)), ("1969-12-31", dt.date(1969, 12, 31)),
    ("1970-01-01", dt.date(1970, 1, 1)), ("2100-12-31", dt.date(2100, 12, 31)), ("2101-01-01", dt.date(2101, 1, 1)),
    ("2026-02-30", "2026-02-30"), ("20260105", 20260105), ("a date and time", dt.datetime(2026, 1, 5, 7, 30)),
    ("9999-12-31 23:59", "9999-12-31 23:59:59"),
]
COUNT_EDGES: list[tuple[str, Any]] = [("1e9", 10**9), ("1e9 + 1", 10**9 + 1), ("15 digits", 10**15 - 1)]

#: A valid example of every distribution kind (minutes), whose parameters the fuzz replaces one at a time.
DISTRIBUTIONS: dict[str, dict[str, Any]] = {
    "fixed": {"value": 30},
    "uniform": {"min": 10, "max": 40},
    "triangular": {"min": 10, "mode": 20, "max": 40},
    "exponential": {"mean": 15},
    "normal": {"mean": 30, "sd": 10},
    "lognormal": {"mean": 30, "sd": 10},
    "empirical": {"values": [10, 20, 30], "weights": [1, 1, 2]},
    "quantiles": {"p": [0.1, 0.5, 0.9], "values": [10, 20, 40], "mean": 22},
}
#: Distributions at the agreed bounds as a whole rather than one parameter at a time.
DISTRIBUTION_EDGES: list[tuple[str, dict[str, Any]]] = [
    ("lognormal sd 1e200", {"dist": "lognormal", "mean": 30, "sd": 1e200}),
    ("lognormal mean 1e-300", {"dist": "lognormal", "mean": 1e-300, "sd": 1}),
    ("lognormal cv 100", {"dist": "lognormal", "mean": 1, "sd": 100}),
    ("lognormal cv 100 + eps", {"dist": "lognormal", "mean": 1, "sd": 100 * (1 + 1e-9)}),
    ("lognormal mean a century", {"dist": "lognormal", "mean": CENTURY, "sd": CENTURY}),
    ("normal at a century", {"dist": "normal", "mean": CENTURY / 2, "sd": CENTURY / 4}),
    ("uniform to a century", {"dist": "uniform", "min": 0, "max": CENTURY}),
    ("triangular to a century", {"dist": "triangular", "min": 0, "mode": CENTURY, "max": CENTURY}),
    ("exponential a century", {"dist": "exponential", "mean": CENTURY}),
    ("exponential one second", {"dist": "exponential", "mean": SECOND}),
    ("fixed a century in days", {"dist": "fixed", "value": 36_525, "unit": "days"}),
    ("fixed a century + 1 day", {"dist": "fixed", "value": 36_526, "unit": "days"}),
    ("empirical a century", {"dist": "empirical", "values": [0, CENTURY]}),
    ("quantiles to a century", {"dist": "quantiles", "p": [0.5, 0.99], "values": [1, CENTURY]}),
    ("text 100 years", "36525 d"), ("text 1e300 d", "1e300 d"), ("text 99999999999999999999 d", "99999999999999999999 d"),
]


def _time_ok(v: Any) -> bool:
    """Whether a time value (minutes) is within the agreed bounds, or refused by today's rules anyway."""
    if not _is_number(v):
        return not (isinstance(v, int) and not isinstance(v, bool) and len(str(abs(v))) > 15)
    if isinstance(v, int) and len(str(abs(v))) > 15:
        return v < 0  # a negative one is refused today
    if math.isnan(v) or math.isinf(v) or v < 0:
        return True  # refused today
    return v == 0 or MICROSECOND <= v <= CENTURY


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _number_ok(v: Any) -> bool:
    if not _is_number(v):
        return True
    if isinstance(v, int):
        return len(str(abs(v))) <= 15
    return not math.isfinite(v) or abs(v) <= MAX_NUMBER


def distribution_ok(value: Any) -> bool:
    """Whether a duration (a bare number of minutes, a text or a distribution) is within the agreed bounds."""
    from nssf_journey.units import MINUTES_PER, parse_duration_text

    if isinstance(value, str):
        try:
            minutes = parse_duration_text(value)
        except (OverflowError, ValueError):
            return False
        return minutes is None or _time_ok(minutes)
    if not isinstance(value, dict):
        return _time_ok(value)
    unit = value.get("unit", "minutes")
    scale = MINUTES_PER[unit] if isinstance(unit, str) and unit in MINUTES_PER else 1.0
    for key, v in value.items():
        if key in ("dist", "unit"):
            continue
        for x in v if isinstance(v, list) else [v]:
            if key in ("weights", "p"):
                if not _number_ok(x):
                    return False
            elif _is_number(x) and not (isinstance(x, int) and len(str(abs(x))) > 15) and math.isfinite(x):
                if not _time_ok(x * scale):
                    return False
            elif not _time_ok(x):
                return False
    mean, sd = value.get("mean"), value.get("sd")
    if value.get("dist") == "lognormal" and _is_number(mean) and _is_number(sd) and mean > 0 and sd > MAX_CV * mean:
        return False
    return True


@dataclass(frozen=True)
class Mutation:
    """One value set at one place of the base journey or of one data file."""

    file: str  # "journeys/base.yaml" or "data/<name>.yaml"
    path: tuple
    label: str
    text: str  # the whole mutated file
    within_bounds: bool

    @property
    def name(self) -> str:
        return f"{self.file}:{'.'.join(map(str, self.path))}={self.label}"

    @property
    def is_journey(self) -> bool:
        return self.file == JOURNEY_FILE


def _category(pattern: tuple, kind: Any) -> str:
    from nssf_journey.loading import fields as f
    from nssf_journey.loading import time_fields as tf

    if isinstance(kind, tf.Duration):
        return "time"
    if isinstance(kind, (tf.Date, tf.DateTime)):
        return "date"
    if isinstance(kind, f.Integer):
        return "integer"
    if pattern[-1] == "p":
        return "probability"
    return "number"


def _values(category: str) -> list[tuple[str, Any, bool]]:
    """(label, value, within the agreed bounds) for a field of ``category``."""
    if category == "date":
        out = [(label, v, True) for label, v in EDGES if not _is_number(v) or isinstance(v, bool)]
        for label, v in DATE_EDGES:
            d = v.date() if isinstance(v, dt.datetime) else v
            out.append((label, v, not isinstance(d, dt.date) or FIRST_DATE <= d <= LAST_DATE))
        return out
    values = EDGES + (COUNT_EDGES if category == "integer" else [])
    if category == "time":
        values = values + TIME_EDGES
        return [(label, v, _time_ok(v)) for label, v in values]
    if category == "probability":
        return ([(label, v, _number_ok(v)) for label, v in EDGES]
                + [(label, v, not 0.999 < v < 1) for label, v in PROBABILITY_EDGES])
    return [(label, v, _number_ok(v)) for label, v in values]


def _rebalanced(doc: Any, path: tuple, value: Any) -> Any:
    """``doc`` with the branch probability at ``path`` set to ``value`` and its last sibling taking the rest, so
    that the branches still sum to 1 whenever they can."""
    out = set_at(doc, path, value)
    branches = out
    for key in path[:-2]:
        branches = branches[key]
    if _is_number(value) and isinstance(branches, list) and len(branches) > 1 and 0 <= value <= 1:
        others = [b for i, b in enumerate(branches) if i != path[-2]]
        last = others[-1]
        last["p"] = 1 - value - sum(b["p"] for b in others[:-1])
        if last["p"] <= 0:  # the value leaves nothing for the others: take it from the first too
            for b in others[:-1]:
                b["p"] = 0.0
            last["p"] = 1 - value
    return out


def _has(doc: Any, path: tuple) -> bool:
    for key in path:
        if isinstance(doc, dict) and key in doc or isinstance(doc, list) and isinstance(key, int) and key < len(doc):
            doc = doc[key]
        else:
            return False
    return True


def _mutations_of(file: str, text: str, kind: Any, per_pattern: int) -> list[Mutation]:
    """The mutations of one file: at most ``per_pattern`` places per field, those written in the file first."""
    doc = yaml.safe_load(text)
    out = []
    for pattern, leaf in numeric_fields(kind):
        paths = resolve(pattern, doc)
        present = [p for p in paths if _has(doc, p)]
        paths = (present + [p for p in paths if p not in present])[:per_pattern]
        category = _category(pattern, leaf)
        positive = pattern[-2:] == ("arrivals", "every")  # the time between arrivals must be > 0
        for path in paths:
            for label, value, ok in _values(category):
                ok = ok and not (positive and _is_number(value) and value == 0)
                mutated = _rebalanced(doc, path, value) if category == "probability" else set_at(doc, path, value)
                out.append(Mutation(file, path, label, dump(mutated), ok))
            if category == "time":
                for dist, params in DISTRIBUTIONS.items():
                    for param in params:
                        for label, value in EDGES[:14] + TIME_EDGES:
                            if param in ("p", "weights", "values"):
                                base = list(params[param])
                                base[-1] = value
                                value = base
                            d = {"dist": dist, **params, param: value}
                            out.append(Mutation(file, path, f"{dist} {param}={label}", dump(set_at(doc, path, d)),
                                                distribution_ok(d)))
                for label, d in DISTRIBUTION_EDGES:
                    out.append(Mutation(file, path, label, dump(set_at(doc, path, d)), distribution_ok(d)))
    return out


def mutations(per_pattern: int = 2) -> list[Mutation]:
    """Every mutation of the base journey and of the data files, at most ``per_pattern`` places per field."""
    from nssf_journey.loading.data_format import DATA_FILES
    from nssf_journey.loading.format import JOURNEY

    out = _mutations_of(JOURNEY_FILE, BASE_JOURNEY, JOURNEY, per_pattern)
    for spec in DATA_FILES.values():
        path = DATA / spec.file
        if path.exists():
            out += _mutations_of(f"data/{spec.file}", path.read_text(encoding="utf-8"), spec.kind, per_pattern)
    return out


# ------------------------------------------------------------------------------------------------ the commands

#: Every command that reads a journey, with small sizes; ``{j}`` is the journey, ``{o}`` the redesign overlay.
COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "journeys", "data"],
    "analyze": ["analyze", "{j}", "--json"],
    "simulate": ["simulate", "{j}", "--cases", "60", "--seed", "1", "--mode", "montecarlo", "--json"],
    "queueing": ["simulate", "{j}", "--cases", "60", "--seed", "1", "--mode", "queueing", "--json"],
    "events": ["simulate", "{j}", "--cases", "20", "--seed", "1", "--events", "out/events.csv"],
    "render": ["render", "{j}", "-o", "out/diagram.svg"],
    "map": ["render", "{j}", "--map", "-o", "out/map.svg"],
    "sensitivity": ["sensitivity", "{j}", "--cases", "60", "--json"],
    "junctures": ["junctures", "journeys", "--data", "data", "--json"],
    "funnel": ["funnel", "--data", "data", "--json"],
    "report": ["report", "journeys", "--no-simulate", "-o", "out/report", "--data", "data"],
    "report_simulated": ["report", "journeys", "--cases", "60", "-o", "out/report", "--data", "data"],
    "infopack": ["infopack", "journeys", "--data", "data", "-o", "out/infopack", "-l", "en", "-a", "worker"],
    "compare": ["compare", "{j}", "{o}", "--cases", "60", "--data", "data", "--json", "-o", "out/compare"],
    "capacity": ["capacity", "{j}", "--cases", "60", "--json", "--data", "data"],
}
#: The commands that read each data file (besides validate).
DATA_READERS: dict[str, tuple[str, ...]] = {
    "survey.yaml": ("junctures", "funnel", "report"),
    "funnel.yaml": ("funnel", "capacity", "report"),
    "scale.yaml": ("compare", "report"),
    "staffing.yaml": ("capacity", "report"),
    "personas.yaml": ("report",),
    "sources.yaml": ("report",),
    "institution.yaml": ("report", "infopack"),
    "benefits.yaml": ("infopack",),
    "infopack.yaml": ("infopack",),
    "staff_guide.yaml": ("infopack",),
    "plain_language.yaml": ("infopack",),
}


def run_for(mutation: Mutation, command: str) -> dict[str, Any]:
    """A run of the worker: the files of the mutation and the command's arguments."""
    args = [a.replace("{j}", JOURNEY_FILE).replace("{o}", OVERLAY_FILE) for a in COMMANDS[command]]
    if command == "validate" and mutation.is_journey:
        args.remove("data")  # the data folder is checked when a data file is mutated
    files = {JOURNEY_FILE: BASE_JOURNEY, OVERLAY_FILE: OVERLAY, mutation.file: mutation.text}
    return {"name": f"{command} {mutation.name}", "files": files, "args": args}


@dataclass(frozen=True)
class Outcome:
    name: str
    kind: str  # "ok" (exit 0 or 2), "exit" (another code), "traceback", "hang", "memory", "died"
    exit_code: int | None
    detail: str
    stdout: str = ""

    @property
    def failed(self) -> bool:
        return self.kind != "ok"

    def __str__(self) -> str:
        return f"{self.name}: {self.kind} (exit {self.exit_code}): {self.detail}"


def run_all(runs: list[dict[str, Any]], seconds: float = 10.0, memory_mb: int = 1500,
            retry: bool = True) -> list[Outcome]:
    """Run ``runs`` in a worker process (restarted after a hang, a crash or running out of memory); one outcome per
    run, in order.

    Each run may take ``seconds`` (an alarm in the worker; the worker is killed at twice that) and the worker may
    grow by ``memory_mb`` megabytes of address space beyond what it holds after importing the toolkit. The worker
    serves many runs, so what earlier runs left behind (caches, a fragmented heap) counts against a later one: with
    ``retry``, a run that ran out of memory is run again alone in a fresh worker, and that outcome is kept.
    """
    outcomes = _run_in_workers(runs, seconds, memory_mb)
    if retry:
        for i, outcome in enumerate(outcomes):
            if outcome.kind == "memory":
                outcomes[i] = _run_in_workers([runs[i]], seconds, memory_mb)[0]
    return outcomes


def _run_in_workers(runs: list[dict[str, Any]], seconds: float, memory_mb: int) -> list[Outcome]:
    outcomes: dict[int, Outcome] = {}
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "runs.json"
        spec.write_text(json.dumps(runs), encoding="utf-8")
        start = 0
        while start < len(runs):
            env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                   "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg", "COLUMNS": "120"}
            proc = subprocess.Popen([sys.executable, __file__, str(spec), str(start), str(seconds), str(memory_mb)],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=tmp, text=True)
            current = None
            buffer = ""
            try:
                while True:
                    ready, _, _ = select.select([proc.stdout], [], [], seconds * 2 + 30)
                    if not ready:
                        raise TimeoutError
                    line = proc.stdout.readline()
                    if not line:
                        break
                    buffer = line
                    message = json.loads(line)
                    if "start" in message:
                        current = message["start"]
                    else:
                        outcomes[message["index"]] = Outcome(**message["outcome"])
                        current = None
            except TimeoutError:
                proc.kill()
                if current is not None:
                    outcomes[current] = Outcome(runs[current]["name"], "hang", None, "killed: no answer in time")
            finally:
                proc.wait()
                proc.stdout.close()
            if current is not None and current not in outcomes:
                outcomes[current] = Outcome(runs[current]["name"], "died", proc.returncode,
                                            f"the worker died (last line {buffer[:200]!r})")
            if current is not None:
                start = current + 1
            else:
                nxt = next((i for i in range(start, len(runs)) if i not in outcomes), len(runs))
                if nxt == start:  # no progress: the worker cannot run this one
                    outcomes[start] = Outcome(runs[start]["name"], "died", proc.returncode, "the worker did not run it")
                    nxt = start + 1
                start = nxt
    return [outcomes[i] for i in range(len(runs))]


# ------------------------------------------------------------------------------------------------ the worker


class _Hang(BaseException):
    """Raised by the alarm: a run took longer than its time limit."""


def _worker(spec: str, start: int, seconds: float, memory_mb: int) -> None:  # pragma: no cover - subprocess
    import resource
    import shutil
    import signal
    import traceback

    from typer.testing import CliRunner

    from nssf_journey.cli import app

    import nssf_journey.report  # noqa: F401 - imported before the limit is set
    import nssf_journey.infopack  # noqa: F401

    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * resource.getpagesize()
    limit = size + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def alarm(signum: int, frame: Any) -> None:
        raise _Hang()

    signal.signal(signal.SIGALRM, alarm)
    runner = CliRunner()
    runs = json.loads(Path(spec).read_text(encoding="utf-8"))
    home = Path(spec).parent
    for index in range(start, len(runs)):
        run = runs[index]
        print(json.dumps({"start": index}), flush=True)
        folder = home / f"run{index}"
        folder.mkdir()
        if any(rel.startswith("data/") for rel in run["files"]):
            shutil.copytree(DATA, folder / "data")
        else:
            (folder / "data").symlink_to(DATA)
        for rel, text in run["files"].items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
        os.chdir(folder)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            result = runner.invoke(app, run["args"], catch_exceptions=True)
            signal.setitimer(signal.ITIMER_REAL, 0)
            exc = result.exception
            output = result.output
            if isinstance(exc, _Hang):
                kind, detail = "hang", f"over {seconds:g} s"
            elif isinstance(exc, MemoryError):
                kind, detail = "memory", f"over {memory_mb} MB"
            elif exc is not None and not isinstance(exc, SystemExit):
                kind = "traceback"
                detail = "".join(traceback.format_exception(*result.exc_info)[-3:]).strip()[-600:]
            elif "Traceback" in output:
                kind, detail = "traceback", output[-600:]
            elif result.exit_code not in (0, 2):
                kind, detail = "exit", output[-300:]
            else:
                errors = [line for line in output.splitlines() if ": error: " in line]  # whole, before warnings
                kind, detail = "ok", ("\n".join(errors[:3]) or output[-300:]) if result.exit_code else ""
            outcome = {"name": run["name"], "kind": kind, "exit_code": result.exit_code, "detail": detail,
                       "stdout": result.stdout if run["args"][-1] == "--json" and kind == "ok" else ""}
        except _Hang:
            outcome = {"name": run["name"], "kind": "hang", "exit_code": None, "detail": f"over {seconds:g} s"}
        except MemoryError:
            outcome = {"name": run["name"], "kind": "memory", "exit_code": None, "detail": f"over {memory_mb} MB"}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            os.chdir(home)
            shutil.rmtree(folder, ignore_errors=True)
        print(json.dumps({"index": index, "outcome": outcome}), flush=True)
        if outcome["kind"] == "memory":  # the heap may be left in pieces: the next run starts in a fresh worker
            return


if __name__ == "__main__":  # pragma: no cover - the worker
    _worker(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))
