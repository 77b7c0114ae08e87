"""The times of an aligned log: for every case, when each recorded step started and ended, and the gaps between.

Each event's time is split as :mod:`~nssf_journey.eventlog.discovery` splits it, so that a case's times add up
to its duration: a *wait* from the previous completion to the event's start (none when the two overlap), then
*active* time up to its completion. A recorded visit (a step that consumed events, :mod:`.alignment`) then has

- an **arrival gap**: the time from the previous recorded visit's completion to its own start, including the
  time of any event in between that the journey could not place; the first recorded visit of a case has none
  (the log starts with it);
- an **active time**: from the start of its first event to the completion of its last (a step that stands for
  several activities covers the time between them too).

Without start times in the log, every active time is zero and the arrival gap runs from completion to completion.
Events the journey could not place before the first or after the last recorded visit are outside every gap.

The work is done per variant on arrays of its cases, not per case in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..eventlog.summary import NS_PER_MINUTE
from .alignment import Alignment, LogAlignment


@dataclass(frozen=True)
class VariantTimes:
    """The recorded visits of the cases of one variant, as arrays (minutes).

    ``positions`` are the places of the recorded visits on the variant's aligned path; ``arrival[:, 0]`` is NaN
    (the first recorded visit has no gap before it). ``start`` and ``end`` count from the case's start.
    """

    variant: int
    alignment: Alignment
    cases: np.ndarray
    positions: tuple[int, ...]
    arrival: np.ndarray
    active: np.ndarray
    start: np.ndarray
    end: np.ndarray


def event_times(log) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``log``: the wait before the event and its active time (minutes), adding up per case to the
    case's duration (see the module docstring)."""
    from ..eventlog.summary import case_bounds

    c = log.case_codes
    e, s = log.end_ns, log.start_ns
    first, _ = case_bounds(c)
    is_first = np.zeros(c.size, bool)
    is_first[first] = True
    prev_end = np.r_[np.int64(0), e[:-1]]
    wait = np.where(is_first, 0, np.maximum(0, s - prev_end)) / NS_PER_MINUTE
    active = np.where(is_first, e - s, e - np.maximum(s, prev_end)) / NS_PER_MINUTE
    return wait, active


def replay(aligned: LogAlignment) -> list[VariantTimes]:
    """The times of the recorded visits of every case, variant by variant."""
    wait, active = event_times(aligned.log)
    first, _ = aligned.bounds
    order = np.argsort(aligned.case_variant, kind="stable")
    split = np.flatnonzero(np.diff(aligned.case_variant[order])) + 1
    out = []
    for cases in np.split(order, split):
        if cases.size == 0:
            continue
        v = int(aligned.case_variant[cases[0]])
        alignment = aligned.alignments[v]
        length = len(aligned.variants[v])
        rows = first[cases][:, None] + np.arange(length)[None, :]
        w, a = wait[rows], active[rows]
        total = w + a
        cum = np.concatenate([np.zeros((cases.size, 1)), np.cumsum(total, axis=1)], axis=1)
        positions = tuple(k for k, visit in enumerate(alignment.visits) if visit.recorded)
        k = len(positions)
        arrival = np.full((cases.size, k), np.nan)
        act = np.empty((cases.size, k))
        start = np.empty((cases.size, k))
        end = np.empty((cases.size, k))
        previous_last = -1
        for col, pos in enumerate(positions):
            visit = alignment.visits[pos]
            f, last = visit.first, visit.last
            # time from the case's start to this visit's start, and to its end
            start[:, col] = cum[:, f] + w[:, f]
            end[:, col] = cum[:, last + 1]
            act[:, col] = end[:, col] - start[:, col]
            if previous_last >= 0:
                arrival[:, col] = start[:, col] - cum[:, previous_last + 1]
            previous_last = last
        out.append(VariantTimes(v, alignment, cases, positions, arrival, act, start, end))
    return out
