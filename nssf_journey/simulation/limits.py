"""Limits that make every simulation end and keep its memory bounded, in one place.

A journey whose loop rarely ends (a step that sends a case back to itself with probability 0.999999) is valid,
and its exact analysis is fine, but simulating it case by case could run for hours: a case may take millions of
steps. Every simulator therefore stops a case after :data:`MAX_STEPS` steps (a step executed; a step visited
twice counts twice). A stopped case counts as not finished: it has no outcome (its outcome share goes to none of
the journey's outcomes), its times are those it had reached, and the result carries a warning
(:func:`stopped_warning`) saying how many cases were stopped and which step they were looping through.

Validation refuses a journey whose expected visits to a step exceed 1,000 per case, so with an accepted journey
the chance that a case reaches the cap is tiny (at most ``(1 - 1/1000) ** 100000``, about 4e-44, for a single
self-loop).

Memory: the simulators keep per-case records (for percentiles, the per-case table and pairing runs case by case)
for at most :data:`KEEP_CASES` cases, and each resource's queue log for at most :data:`KEEP_CASES` customers;
above that they keep every k-th, evenly spaced (see :mod:`~nssf_journey.simulation.accumulate`). Cases are
simulated :data:`CHUNK` at a time.
"""

from __future__ import annotations

from typing import Mapping

#: Steps a case may take before the simulator stops it (it then counts as not finished).
MAX_STEPS = 100_000
#: Most per-case records (and queue-log entries per resource) kept; beyond that, every k-th.
KEEP_CASES = 2_000_000
#: Cases simulated together; bounds the working memory.
CHUNK = 100_000


#: Rows of an event log handed to an event sink at a time (at least; a chunk of cases is not split).
EVENT_ROWS = 200_000


def max_steps_of(max_steps: int | None) -> int:
    """The cap on steps per case: ``max_steps``, or :data:`MAX_STEPS` for ``None`` (read when called, so that it
    can be changed in one place); ``ValueError`` unless a whole number >= 1.

    >>> max_steps_of(None), max_steps_of(5)
    (100000, 5)
    """
    if max_steps is None:
        return MAX_STEPS
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 1:
        raise ValueError(f"max_steps must be a whole number >= 1, got {max_steps!r}")
    return max_steps


def stopped_warning(stopped: int, cases: int, max_steps: int, step_visits: Mapping[str, float]) -> str | None:
    """The warning of a run in which ``stopped`` of ``cases`` cases hit the cap, naming the most visited step
    (``step_visits``: mean visits per case by step id); ``None`` when no case was stopped.

    >>> stopped_warning(3, 1000, 100_000, {"fill": 812.5, "done": 0.997})
    "3 of 1,000 cases were stopped after 100,000 steps (a loop that rarely ends: see step 'fill', 812.5 visits per case); they count as not finished"
    >>> stopped_warning(0, 1000, 100_000, {}) is None
    True
    """
    if stopped <= 0:
        return None
    where = ""
    if step_visits:
        busiest = max(step_visits, key=lambda s: step_visits[s])
        where = f": see step '{busiest}', {step_visits[busiest]:,.4g} visits per case"
    return (f"{stopped:,} of {cases:,} cases were stopped after {max_steps:,} steps (a loop that rarely ends{where}); "
            "they count as not finished")
