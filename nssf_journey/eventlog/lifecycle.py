"""Lifecycle transitions: events that mark the start and the completion of one activity instance.

XES logs often record an activity twice, ``lifecycle:transition`` ``start`` and ``complete`` (BPIC 2012 also has
``schedule``). Paired, they become one activity instance whose active time is measured: per case and activity,
the k-th start goes with the k-th completion, in time order. A completion without a start is an instance of
no measured length; a start without a completion, and other transitions, are left out, and the log's notes say
how many. ``complete`` keeps only completion events, as PM4Py does after a lifecycle filter; ``all`` keeps
every event as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .arrow import matches, to_numpy

MODES: tuple[str, ...] = ("auto", "pair", "complete", "all")


@dataclass(frozen=True)
class Selection:
    """The rows to keep, the start time of each (``None``: no pairing), and what was done."""

    rows: np.ndarray | None
    start_ns: np.ndarray | None
    notes: tuple[str, ...]


def _codes(arr: Any) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not pa.types.is_dictionary(arr.type):
        arr = pc.dictionary_encode(arr.cast(pa.string()) if not pa.types.is_string(arr.type) else arr)
    return to_numpy(arr.indices).astype(np.int64)


def select(lifecycle: Any, case: Any, activity: Any, end_ns: np.ndarray, mode: str) -> Selection:
    """Which events to keep under ``mode`` (one of :data:`MODES`), given the lifecycle column (or ``None``)."""
    import pyarrow as pa

    if mode not in MODES:
        raise ValueError(f"lifecycle must be one of {', '.join(MODES)}, got {mode!r}")
    if lifecycle is None or mode == "all":
        return Selection(None, None, ())
    if isinstance(lifecycle, pa.ChunkedArray):
        lifecycle = lifecycle.combine_chunks()
    lc = lifecycle.cast(pa.string())
    is_complete = matches(lc, lambda v: v.strip().lower() == "complete")
    is_start = matches(lc, lambda v: v.strip().lower() == "start")
    n = len(end_ns)
    if mode == "complete" or (mode == "auto" and not is_start.any()):
        if is_complete.all():
            return Selection(None, None, ())
        rows = np.flatnonzero(is_complete)
        what = "complete" if mode == "complete" else "complete (the log has no start events to pair)"
        return Selection(rows, None, (f"kept the {rows.size:,} {what} events of {n:,}",))
    # Pair the k-th start with the k-th completion of the same activity in the same case.
    group = _codes(case) * (int(_codes(activity).max()) + 1 if n else 1) + _codes(activity)
    idx = np.arange(n)

    def ranked(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rows = idx[mask]
        order = np.lexsort((rows, end_ns[rows], group[rows]))
        rows = rows[order]
        g = group[rows]
        first = np.r_[0, np.flatnonzero(np.diff(g)) + 1] if rows.size else np.zeros(0, np.int64)
        rank = np.arange(rows.size) - np.repeat(first, np.diff(np.r_[first, rows.size]))
        return rows, rank

    starts, start_rank = ranked(is_start)
    completes, complete_rank = ranked(is_complete)
    width = int(max(start_rank.max(initial=0), complete_rank.max(initial=0))) + 1
    start_key = group[starts] * width + start_rank
    complete_key = group[completes] * width + complete_rank
    order = np.argsort(start_key, kind="stable")
    start_key, starts = start_key[order], starts[order]
    at = np.searchsorted(start_key, complete_key)
    found = (at < start_key.size) & (start_key[np.minimum(at, max(start_key.size - 1, 0))] == complete_key) \
        if start_key.size else np.zeros(completes.size, bool)
    start_ns = end_ns[completes].copy()
    start_ns[found] = np.minimum(end_ns[starts[at[found]]], start_ns[found])
    keep = np.sort(completes)
    start_ns = start_ns[np.argsort(completes, kind="stable")]
    notes = [f"paired {int(found.sum()):,} start and complete events into activity instances"]
    if (~found).sum():
        notes.append(f"{int((~found).sum()):,} complete events have no start (no active time measured)")
    unpaired = is_start.sum() - int(found.sum())
    if unpaired:
        notes.append(f"left out {unpaired:,} start events without a completion")
    other = n - int(is_start.sum()) - int(is_complete.sum())
    if other:
        notes.append(f"left out {other:,} events of other lifecycle transitions (schedule, ...)")
    return Selection(keep, start_ns, tuple(notes))
