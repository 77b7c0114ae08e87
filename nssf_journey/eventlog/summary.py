"""What is in an event log: cases, events, activities, variants, case durations, the directly-follows graph.

The figures are those PM4Py computes on the same events (``discover_dfg``, ``discover_performance_dfg``,
``get_variants``, ``get_all_case_durations``, start and end activities), computed with NumPy on the log's
integer codes. Following PM4Py exactly:

- a case's events are in order of completion (``time:timestamp``, then file order); its variant, start and end
  activity follow that order, and its duration runs from the start of its first event (its completion time when
  the log has no start times) to the completion of its last;
- the directly-follows graph orders a case's events by start time, then completion time, when the log has start
  times; the time of an arc ``a -> b`` is from the completion of ``a`` to the start of ``b`` (to the completion
  of ``b`` without start times), and is negative when the two overlap.

Times are minutes inside; :meth:`LogSummary.to_dict` converts them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..units import MINUTES_PER
from .table import EventLog

NS_PER_MINUTE = 60_000_000_000


@dataclass(frozen=True)
class Arc:
    """One arc of the directly-follows graph: how often ``b`` directly follows ``a``, and the times between."""

    source: str
    target: str
    count: int
    mean: float
    median: float


@dataclass(frozen=True)
class Variant:
    """A sequence of activities and the number of cases that follow it exactly."""

    activities: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class LogSummary:
    """The figures of an event log. Times in minutes."""

    source: str
    cases: int
    events: int
    activities: dict[str, int]
    start_activities: dict[str, int]
    end_activities: dict[str, int]
    variant_count: int
    variants: tuple[Variant, ...]
    case_durations: np.ndarray
    arcs: tuple[Arc, ...]
    first: dt.datetime
    last: dt.datetime
    naive: bool
    has_start: bool
    notes: tuple[str, ...] = ()

    @property
    def mean_case_duration(self) -> float:
        return float(self.case_durations.mean())

    def case_duration(self) -> dict[str, float]:
        d = self.case_durations
        return {"mean": float(d.mean()), "median": float(np.median(d)), "p90": float(np.percentile(d, 90)),
                "max": float(d.max())}

    def to_dict(self, unit: str = "days", top: int = 10) -> dict[str, Any]:
        """The JSON object of ``nssf-journey log --json``, times in ``unit``."""
        scale = MINUTES_PER[unit]
        return {
            "file": self.source,
            "unit": unit,
            "cases": self.cases,
            "events": self.events,
            "period": {"first": self.first.isoformat(), "last": self.last.isoformat()},
            "timestamps": timestamp_note(self),
            "variants": self.variant_count,
            "top_variants": [{"activities": list(v.activities), "count": v.count, "share": v.count / self.cases}
                             for v in self.variants[:top]],
            "activities": self.activities,
            "start_activities": self.start_activities,
            "end_activities": self.end_activities,
            "case_duration": {k: v / scale for k, v in self.case_duration().items()},
            "dfg": [{"from": a.source, "to": a.target, "count": a.count, "mean": a.mean / scale,
                     "median": a.median / scale} for a in self.arcs],
            "notes": list(self.notes),
        }


def timestamp_note(s: LogSummary) -> str:
    if s.naive:
        return "no time zone in the log: taken as local time"
    return "with time zones: durations on one time line (UTC)"


def auto_unit(minutes: float) -> str:
    """The unit in which a typical duration reads best: days from a day, hours from an hour, else minutes.

    >>> auto_unit(3 * 1440), auto_unit(90), auto_unit(5)
    ('days', 'hours', 'minutes')
    """
    for unit in ("days", "hours"):
        if minutes >= MINUTES_PER[unit]:
            return unit
    return "minutes"


def case_bounds(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last row of each case in rows sorted by case.

    >>> case_bounds(np.array([0, 0, 1, 2, 2, 2]))
    (array([0, 2, 3]), array([1, 2, 5]))
    """
    first = np.r_[0, np.flatnonzero(np.diff(codes)) + 1]
    last = np.r_[first[1:] - 1, codes.size - 1]
    return first, last


def _counts(codes: np.ndarray, names: list[str]) -> dict[str, int]:
    counts = np.bincount(codes, minlength=len(names))
    order = sorted(np.flatnonzero(counts), key=lambda i: (-counts[i], names[i]))
    return {names[i]: int(counts[i]) for i in order}


def variants_of(activity: np.ndarray, first: np.ndarray, last: np.ndarray) -> tuple[dict[bytes, int], dict[bytes, int]]:
    """Count each case's sequence of activity codes; also the first case of each (to name it)."""
    data = activity.astype(np.int32).tobytes()
    counts: dict[bytes, int] = {}
    example: dict[bytes, int] = {}
    for k, (a, b) in enumerate(zip((first * 4).tolist(), ((last + 1) * 4).tolist())):
        key = data[a:b]
        c = counts.get(key)
        if c is None:
            counts[key] = 1
            example[key] = k
        else:
            counts[key] = c + 1
    return counts, example


def dfg_arcs(log: EventLog) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(from code, to code, minutes between) of every directly-follows pair, in PM4Py's order (see above)."""
    c, a = log.case_codes, log.activity_codes
    end, start = log.end_ns, log.start_ns
    if log.has_start:
        order = np.lexsort((np.arange(c.size), end, start, c))
        c, a, end, start = c[order], a[order], end[order], start[order]
    same = c[1:] == c[:-1]
    gap = (start[1:][same] - end[:-1][same]) / NS_PER_MINUTE
    return a[:-1][same], a[1:][same], gap


def summarize(log: EventLog) -> LogSummary:
    """The figures of an event log (see the module docstring for how each is defined).

    Examples
    --------
    >>> from nssf_journey.eventlog.table import EventLog
    >>> day = 86_400 * 10**9
    >>> log = EventLog(case_codes=np.array([0, 0, 1]), case_names=["1", "2"], activity_codes=np.array([0, 1, 0]),
    ...                activities=["a", "b"], end_ns=np.array([0, 2 * day, day]), source="x.csv", naive=True)
    >>> s = summarize(log)
    >>> s.cases, s.variant_count, s.case_duration()["max"] / 1440, [(x.source, x.target, x.count) for x in s.arcs]
    (2, 2, 2.0, [('a', 'b', 1)])
    """
    names = log.activities
    codes, act = log.case_codes, log.activity_codes
    first, last = case_bounds(codes)
    durations = (log.end_ns[last] - log.start_ns[first]) / NS_PER_MINUTE
    counts, example = variants_of(act, first, last)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], example[kv[0]]))
    variants = tuple(Variant(tuple(names[i] for i in np.frombuffer(key, dtype=np.int32)), n)
                     for key, n in ranked)
    src, dst, gap = dfg_arcs(log)
    k = len(names)
    key = src.astype(np.int64) * k + dst
    order = np.lexsort((gap, key))
    key, gap = key[order], gap[order]
    arcs = []
    if key.size:
        starts = np.r_[0, np.flatnonzero(np.diff(key)) + 1]
        sizes = np.diff(np.r_[starts, key.size])
        sums = np.add.reduceat(gap, starts)
        lo = starts + (sizes - 1) // 2
        hi = starts + sizes // 2
        medians = (gap[lo] + gap[hi]) / 2
        for s, n, total, med in zip(starts.tolist(), sizes.tolist(), sums.tolist(), medians.tolist()):
            arcs.append(Arc(names[key[s] // k], names[key[s] % k], int(n), total / n, med))
        arcs.sort(key=lambda x: (-x.count, x.source, x.target))
    first_time, last_time = log.period()
    return LogSummary(
        source=log.source, cases=int(first.size), events=int(codes.size), activities=_counts(act, names),
        start_activities=_counts(act[first], names), end_activities=_counts(act[last], names),
        variant_count=len(counts), variants=variants, case_durations=durations, arcs=tuple(arcs),
        first=first_time, last=last_time, naive=log.naive, has_start=log.has_start, notes=log.notes)


def summary_table(s: LogSummary, unit: str, top: int = 10) -> str:
    """The summary as text for a terminal, times in ``unit``."""

    def t(x: float) -> str:
        return f"{x / MINUTES_PER[unit]:,.2f} {unit}"

    d = s.case_duration()
    lines = [
        f"{s.source}: {s.cases:,} cases, {s.events:,} events, {len(s.activities)} activities, {s.variant_count:,} variants",
        f"period: {s.first:%Y-%m-%d %H:%M} to {s.last:%Y-%m-%d %H:%M} ({timestamp_note(s)})",
        f"case duration: mean {t(d['mean'])}, median {t(d['median'])}, p90 {t(d['p90'])}, max {t(d['max'])}",
    ]
    lines += [f"note: {n}" for n in s.notes]
    lines += ["", "activities (events):"]
    w = max(len(a) for a in s.activities)
    lines += [f"  {a:<{w}}  {n:>9,}" for a, n in s.activities.items()]
    lines += ["", "start activities: " + ", ".join(f"{a} ({n:,})" for a, n in s.start_activities.items()),
              "end activities: " + ", ".join(f"{a} ({n:,})" for a, n in s.end_activities.items()), "",
              f"most frequent variants (of {s.variant_count:,}):"]
    for v in s.variants[:top]:
        lines.append(f"  {v.count:>7,}  {100 * v.count / s.cases:5.1f} %  " + " > ".join(v.activities))
    lines += ["", f"directly-follows graph (time from one activity to the next, {unit}):"]
    for a in s.arcs:
        lines.append(f"  {a.count:>7,}  mean {a.mean / MINUTES_PER[unit]:>10,.3f}  median "
                     f"{a.median / MINUTES_PER[unit]:>10,.3f}  {a.source} > {a.target}")
    return "\n".join(lines)

