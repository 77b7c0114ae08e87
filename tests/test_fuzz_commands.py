"""Values at the edges of every numeric field, through every command: no traceback, no hang, bounded memory.

The mutations come from :mod:`hostile`, which walks the format's declarative description, so every number,
integer, duration (of every distribution kind), date and probability of a journey and of the data files is
fuzzed, a new field included. A sample drawn with a fixed seed is validated first; the values that
``validate`` accepts then go through ``analyze``, ``simulate`` (Monte Carlo, queueing, an event log),
``render`` (diagram and map), ``sensitivity``, ``junctures``, ``funnel``, ``report``, ``infopack``, ``compare``
(with a redesign overlay) and ``capacity``. Every run is in a worker process under an address-space limit and
a time limit; a run fails on any exit code other than 0 and 2, any traceback, a hang or memory over the limit.

Values within the bounds agreed in issue 17 must run cleanly today; values beyond them must be refused by
``validate`` (times, dates, loops) or run cleanly. ``NSSF_FUZZ_SCALE=10`` samples ten times as many.

The files of ``tests/data/hostile/`` that reproduce each value of issue 17 that passed validation and crashed
later are checked, message by message, in ``test_bounds.py``.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
from collections import Counter

import pytest

import hostile

SCALE = float(os.environ.get("NSSF_FUZZ_SCALE", "1"))
SEED = 17
#: How many mutations of each group are validated.
SAMPLE = {"journey": 200, "distribution": 110, "data": 80}
#: How many accepted mutations go through each command (``None``: all of them).
PER_COMMAND = {"analyze": None, "simulate": 40, "queueing": 40, "events": 10, "render": 25, "map": 6,
               "sensitivity": 30, "junctures": 25, "funnel": 10, "report": 6, "report_simulated": 2, "infopack": 3,
               "compare": 30, "capacity": 6}
#: Per-run limits: seconds, and megabytes of address space beyond what the worker holds after its imports.
SECONDS, MEMORY_MB = 15.0, 1500
LOCATED = re.compile(r"^.+:\d+:\d+: error: .+$", re.M)


def _sample() -> list[hostile.Mutation]:
    rng = random.Random(SEED)
    groups: dict[str, list[hostile.Mutation]] = {k: [] for k in SAMPLE}
    for m in hostile.mutations():
        group = "data" if not m.is_journey else "distribution" if "=" in m.label else "journey"
        groups[group].append(m)
    out = []
    for group, items in groups.items():
        size = min(len(items), int(SAMPLE[group] * SCALE))
        out += rng.sample(items, size)
    return out


@pytest.fixture(scope="module")
def validated() -> list[tuple[hostile.Mutation, hostile.Outcome]]:
    """The sample of mutations, each with what ``validate`` said of it."""
    sample = _sample()
    outcomes = hostile.run_all([hostile.run_for(m, "validate") for m in sample], SECONDS, MEMORY_MB)
    return list(zip(sample, outcomes))


def _through_commands(accepted: list[hostile.Mutation], seed: int) -> list[hostile.Outcome]:
    """Run accepted mutations through every command that reads what they change, a sample per command."""
    rng = random.Random(seed)
    runs = []
    for command, count in PER_COMMAND.items():
        readers = [m for m in accepted
                   if m.is_journey or command in hostile.DATA_READERS.get(m.file.rsplit("/", 1)[-1], ())]
        chosen = readers if count is None else rng.sample(readers, min(len(readers), max(1, int(count * SCALE))))
        runs += [hostile.run_for(m, command) for m in chosen]
    return hostile.run_all(runs, SECONDS, MEMORY_MB)


def _failures(outcomes: list[hostile.Outcome]) -> str:
    failed = [o for o in outcomes if o.failed]
    return f"{len(failed)} of {len(outcomes)} runs failed:\n" + "\n".join(str(o) for o in failed[:40])


def test_the_fuzz_reaches_every_kind_of_numeric_field():
    """The fields come from the format's description: durations of every distribution kind, probabilities,
    costs, counts, arrivals, dates and the numbers of the data files."""
    names = {m.name.split("=")[0] for m in hostile.mutations()}
    for field in ("steps.0.duration", "steps.0.wait", "steps.1.next.0.p", "steps.1.next.0.wait", "steps.0.cost",
                  "steps.1.patience", "arrivals.every", "arrivals.start", "arrivals.profile.hours.07-11",
                  "resources.0.capacity", "calendars.0.holidays.0", "deadline", "case_speed.shared"):
        assert f"{hostile.JOURNEY_FILE}:{field}" in names
    for data in ("survey", "funnel", "scale", "staffing", "personas", "plain_language", "institution"):
        assert any(n.startswith(f"data/{data}.yaml:") for n in names), data
    labels = {m.label.split(" ")[0] for m in hostile.mutations()}
    assert set(hostile.DISTRIBUTIONS) <= labels


def test_values_within_the_agreed_bounds_run_through_every_command(validated):
    within = [(m, o) for m, o in validated if m.within_bounds]
    assert _failures([o for _, o in within]).startswith("0 of"), _failures([o for _, o in within])
    accepted = [m for m, o in within if o.exit_code == 0]
    assert len(accepted) > 50  # the sample holds enough valid values to exercise the commands
    outcomes = _through_commands(accepted, SEED)
    assert Counter(o.name.split(" ")[0] for o in outcomes).keys() >= set(PER_COMMAND)
    not_computed = []  # an accepted value is really computed: analyze --json says only finite numbers
    for outcome in outcomes:
        if outcome.name.startswith("analyze ") and not outcome.failed and outcome.exit_code == 0:
            numbers = list(_numbers(json.loads(outcome.stdout)))
            if not numbers or not all(math.isfinite(x) for x in numbers):
                not_computed.append(outcome.name)
    assert not any(o.failed for o in outcomes) and not not_computed, (
        _failures(outcomes) + f"\n{len(not_computed)} analyses with numbers that are not finite: {not_computed[:20]}")


def _numbers(data):
    if isinstance(data, bool):
        return
    if isinstance(data, (int, float)):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from _numbers(v)
    elif isinstance(data, list):
        for v in data:
            yield from _numbers(v)


def test_values_beyond_the_agreed_bounds_are_refused_or_run_cleanly(validated):
    beyond = [(m, o) for m, o in validated if not m.within_bounds]
    assert not any(o.failed for _, o in beyond), _failures([o for _, o in beyond])
    bounded = [(m, o) for m, o in beyond if _bounded_by_loading(m)]
    accepted = [m.name for m, o in bounded if o.exit_code != 2 or not LOCATED.search(o.detail)]
    assert not accepted, f"{len(accepted)} values beyond the bounds accepted: {accepted[:20]}"
    others = [m for m, o in beyond if o.exit_code == 0 and not _bounded_by_loading(m)]
    outcomes = _through_commands(others, SEED + 1)
    assert not any(o.failed for o in outcomes), _failures(outcomes)


def _bounded_by_loading(m: hostile.Mutation) -> bool:
    """Whether the agreed bounds refuse the mutation (times, dates, integers of more than 15 digits, loops)
    rather than leaving it to the commands (a cost of 1e300 dollars)."""
    return not ("cost" in m.path or m.file.startswith("data/")) or "digits" in m.label
