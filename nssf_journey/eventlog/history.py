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

**Too rare to measure.** A history seen a few times says little, and splitting on it makes a journey larger
without making it more faithful: with ``min_events``, an event whose history (with its activity) has fewer events
falls back to a shorter one, the set of activities done to the previous activity, the previous activity to none
(a back-off, as variable-order Markov models do it). On receipt.csv ``done`` has 306 histories, of which 36 have
10 events or more; with ``min_events=10`` the journey keeps those and pools the rest.

**Classes** (:mod:`~nssf_journey.eventlog.case_classes`) go into the state too: each class of cases gets its own
copy of the states, and a history falls back within its class, never across classes.

**The mean stays exact.** A discovered journey is the chain of its log's events, however they are labelled: each
state's branches are the shares of the events that follow its events, each arc's waits are the waits measured on
it, so the expected visits of each state are its events per case and the mean lead time is the log's mean case
duration, whatever the labels. History, back-off and classes only choose the labels.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np

from .case_classes import CaseClasses
from .summary import case_bounds
from .table import EventLog

HISTORIES: tuple[str, ...] = ("none", "previous", "done")
#: By default a history needs this many events to be a step of its own (``discover --min-events``).
MIN_EVENTS = 10
#: The shorter histories a history falls back to when it is too rare (``min_events``).
_BACK_OFF = {"done": ("done", "previous", "none"), "previous": ("previous", "none"), "none": ("none",)}


def with_history(log: EventLog, history: str, *, classes: CaseClasses | None = None,
                 min_events: int = 1) -> tuple[EventLog, list[int], list[str]]:
    """The log with each event's activity replaced by its state (class, history and activity), the activity code
    of each state, and a description of each state.

    ``min_events``: a history with fewer events (of its activity and class) falls back to a shorter one (see the
    module docstring); 1 keeps every history.

    >>> day = 86_400 * 10**9
    >>> log = EventLog(case_codes=np.array([0, 0, 0, 1, 1]), case_names=["1", "2"],
    ...                activity_codes=np.array([0, 1, 0, 0, 0]), activities=["ask", "check"],
    ...                end_ns=np.arange(5) * day, source="x.csv", naive=True)
    >>> states, base, about = with_history(log, "previous")
    >>> states.activities, base
    (['ask (first)', 'check (after ask)', 'ask (after check)', 'ask (after ask)'], [0, 1, 0, 0])
    >>> with_history(log, "previous", min_events=2)[0].activities   # only "ask (first)" has two events
    ['ask (first)', 'check', 'ask']
    """
    if history not in HISTORIES:
        raise ValueError(f"history must be one of {', '.join(HISTORIES)}, got {history!r}")
    if min_events < 1:
        raise ValueError(f"min_events must be at least 1, got {min_events}")
    if history == "none" and (classes is None or len(classes.names) < 2):
        return log, list(range(len(log.activities))), [""] * len(log.activities)
    a = log.activity_codes.astype(np.int64)
    names = log.activities
    first, _ = case_bounds(log.case_codes)
    is_first = np.zeros(a.size, bool)
    is_first[first] = True
    if classes is not None:
        group = list(zip(classes.of_case[log.case_codes].tolist(), classes.long_seen.tolist()))
    else:
        group = [(0, False)] * a.size
    pasts = {"none": [None] * a.size, "previous": np.where(is_first, -1, np.r_[-1, a[:-1]]).tolist()}
    if history == "done":
        done_before: list[frozenset[int]] = []
        done: frozenset[int] = frozenset()
        for x, start in zip(a.tolist(), is_first.tolist()):
            if start:
                done = frozenset()
            done_before.append(done)
            done = done | {x}
        pasts["done"] = done_before
    acts = a.tolist()
    chosen: list[tuple] = [()] * a.size
    open_ = np.ones(a.size, bool)
    levels = _BACK_OFF[history]
    for level in levels:
        keys = [(group[i], level, pasts[level][i], acts[i]) for i in range(a.size)]
        counts = Counter(k for k, o in zip(keys, open_.tolist()) if o)
        for i in np.flatnonzero(open_).tolist():
            if level == levels[-1] or counts[keys[i]] >= min_events:
                chosen[i] = keys[i]
                open_[i] = False
    index: dict[tuple, int] = {}
    codes = np.empty(a.size, dtype=np.int32)
    for i, key in enumerate(chosen):
        codes[i] = index.setdefault(key, len(index))
    states = list(index)
    base = [x for *_, x in states]
    labels, about = _describe(states, np.bincount(codes, minlength=len(states)), names, classes, history)
    return replace(log, activity_codes=codes, activities=labels), base, about


def _describe(states: list[tuple], counts: np.ndarray, names: list[str], classes: CaseClasses | None,
              history: str) -> tuple[list[str], list[str]]:
    """Each state's step name (its activity, numbered when the activity has several states, busiest first; with
    ``previous`` alone, the previous activity in brackets) and its description."""
    plain_previous = history == "previous" and (classes is None or len(classes.names) < 2)
    by_activity: dict[int, list[int]] = {}
    for s, (*_, x) in enumerate(states):
        by_activity.setdefault(x, []).append(s)
    rank = {}
    for x, members in by_activity.items():
        for j, s in enumerate(sorted(members, key=lambda s: (-counts[s], s)), start=1):
            rank[s] = (j, len(members))
    labels, about = [], []
    for s, ((cls, seen), level, past, x) in enumerate(states):
        j, n = rank[s]
        if plain_previous:
            labels.append(names[x] if level == "none" else
                          f"{names[x]} (first)" if past < 0 else f"{names[x]} (after {names[past]})")
        else:
            labels.append(names[x] if n == 1 else f"{names[x]} ({j})")
        text = []
        if classes is not None and len(classes.names) > 1:
            text.append(f"Class of cases: {classes.names[cls]}.")
            if seen:
                text.append("After the case's long wait.")
        if level == "previous":
            text.append("At the start of a case." if past < 0 else f"After {names[past]}.")
        elif level == "done":
            text.append("At the start of a case." if not past else
                        "After " + ", ".join(sorted(names[d] for d in past)) + ".")
        elif history != "none":
            text.append("Any other history (too rare to measure apart).")
        about.append(" ".join(text))
    return labels, about
