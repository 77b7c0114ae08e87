"""History in the state: one step per activity *and what came before it*, for journeys that remember.

A journey is a Markov chain: what a case does next depends only on the step it is at. Real cases remember: in
receipt.csv a case at "T10 Determine necessity to stop indication" ends there when it has already been checked
(T02, T04, T05) and goes on to the check when it has not, so a journey with one step per activity sends cases
round loops no real case took and only 55 % of its simulated cases follow a variant of the log. Splitting each
activity by its history makes the chain remember (a transition system, in process-mining terms):

- ``previous``: by the activity just before it (a second-order chain): "T02 Check ... (after T10 ...)";
- ``done``: by the set of activities the case has done before it (the "set" abstraction of van der Aalst's
  transition systems): the same activity reached with other work done is another step.

Every step keeps the activity it stands for as its ``log_activity``, so conformance, calibration and fidelity
match it to the log as before. The chain still reproduces its log exactly in the mean (each state's numbers are
measured on its own events); it has more steps, so its diagrams are larger, and each step's numbers rest on
fewer events. docs/calibration.md measures what each gives on the shared logs.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .summary import case_bounds
from .table import EventLog

HISTORIES: tuple[str, ...] = ("none", "previous", "done")


def with_history(log: EventLog, history: str) -> tuple[EventLog, list[int], list[str]]:
    """The log with each event's activity replaced by its state (activity and history), the activity code of each
    state, and a description of each state's history.

    >>> day = 86_400 * 10**9
    >>> log = EventLog(case_codes=np.array([0, 0, 0, 1, 1]), case_names=["1", "2"],
    ...                activity_codes=np.array([0, 1, 0, 0, 0]), activities=["ask", "check"],
    ...                end_ns=np.arange(5) * day, source="x.csv", naive=True)
    >>> states, base, about = with_history(log, "previous")
    >>> states.activities, base
    (['ask (first)', 'check (after ask)', 'ask (after check)', 'ask (after ask)'], [0, 1, 0, 0])
    """
    if history not in HISTORIES:
        raise ValueError(f"history must be one of {', '.join(HISTORIES)}, got {history!r}")
    if history == "none":
        return log, list(range(len(log.activities))), [""] * len(log.activities)
    a = log.activity_codes.astype(np.int64)
    names = log.activities
    first, _ = case_bounds(log.case_codes)
    is_first = np.zeros(a.size, bool)
    is_first[first] = True
    if history == "previous":
        prev = np.where(is_first, -1, np.r_[-1, a[:-1]])
        keys = list(zip(prev.tolist(), a.tolist()))
    else:
        keys = []
        done: frozenset[int] = frozenset()
        for i, (x, start) in enumerate(zip(a.tolist(), is_first.tolist())):
            if start:
                done = frozenset()
            keys.append((done, x))
            done = done | {x}
    index: dict[object, int] = {}
    codes = np.empty(a.size, dtype=np.int32)
    for i, key in enumerate(keys):
        codes[i] = index.setdefault(key, len(index))
    states = list(index)
    base = [x for _, x in states]
    if history == "previous":
        labels = [f"{names[x]} (first)" if p < 0 else f"{names[x]} (after {names[p]})" for p, x in states]
        about = ["At the start of a case." if p < 0 else f"After {names[p]}." for p, _ in states]
    else:
        counts = np.bincount(codes, minlength=len(states))
        labels, about = [], []
        by_activity: dict[int, list[int]] = {}
        for s, (_, x) in enumerate(states):
            by_activity.setdefault(x, []).append(s)
        rank = {}
        for x, members in by_activity.items():
            for j, s in enumerate(sorted(members, key=lambda s: (-counts[s], s)), start=1):
                rank[s] = (j, len(members))
        for s, (done_before, x) in enumerate(states):
            j, n = rank[s]
            labels.append(names[x] if n == 1 else f"{names[x]} ({j})")
            about.append("At the start of a case." if not done_before else
                         "After " + ", ".join(sorted(names[d] for d in done_before)) + ".")
    return replace(log, activity_codes=codes, activities=labels), base, about
