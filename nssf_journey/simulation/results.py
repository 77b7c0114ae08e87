"""What a simulation returns: flat, immutable figures, per-case records and an event log, as data.

A :class:`SimulationResult` holds summaries in minutes and US dollars. :meth:`SimulationResult.summary` turns it
into the JSON object of ``nssf-journey simulate --json`` in a chosen unit; :meth:`SimulationResult.cases` and
:meth:`SimulationResult.events` give pandas DataFrames for plots and process-mining tools. The engines
(:mod:`~nssf_journey.simulation.montecarlo`, :mod:`~nssf_journey.simulation.queueing`) build it; nothing here
draws or prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from ..model import Journey
from ..units import CURRENCY, MINUTES_PER
from .stats import Summary

#: Column names of the event log, as PM4Py, Disco and Celonis expect them.
CASE_COLUMN = "case:concept:name"
ACTIVITY_COLUMN = "concept:name"
END_COLUMN = "time:timestamp"
START_COLUMN = "start_timestamp"
RESOURCE_COLUMN = "org:resource"
LIFECYCLE_COLUMN = "lifecycle:transition"
#: The outcome id on the row of a step that ends the case (empty on other rows): what tells an outcome step from
#: an activity when the log is read back (``discover``).
OUTCOME_COLUMN = "outcome"


def activity_names(journey: Journey) -> list[str]:
    """The activity each step is written as in an event log: its (English) name, with its id in brackets when
    another step has the same name.

    >>> from nssf_journey.examples import rework
    >>> activity_names(rework())
    ['Fill the form', 'Accepted']
    """
    names = [str(s.name) for s in journey.steps]
    shared = {n for n in names if names.count(n) > 1}
    return [f"{n} [{s.id}]" if n in shared else n for n, s in zip(names, journey.steps)]


@dataclass(frozen=True)
class StepStats:
    """Per step: mean visits per case, and the mean queue wait per visit (minutes; 0 without a resource)."""

    step: str
    visits: float
    queue_wait_mean: float


@dataclass(frozen=True)
class QueueLog:
    """Everyone who left one resource's queue, in the order they left it (minutes): when they joined, how long they
    waited, how long their service took (0 for those who gave up) and whether they gave up."""

    join: np.ndarray
    wait: np.ndarray
    service: np.ndarray
    abandoned: np.ndarray
    #: 1 when everyone is here; k when only every k-th leaver is (runs of more than
    #: :data:`~nssf_journey.simulation.limits.KEEP_CASES` customers, see :mod:`~nssf_journey.simulation.accumulate`).
    every: int = 1

    def __len__(self) -> int:
        return int(self.join.size)


@dataclass(frozen=True)
class ResourceStats:
    """Per resource, over the whole run. Times in minutes.

    ``utilization`` is busy server time divided by ``capacity`` times the open time of the resource's calendar
    between the first arrival and the last event (all time when it has no calendar). ``mean_queue`` is the
    time-average number of cases waiting over the same span.
    """

    resource: str
    capacity: int
    utilization: float
    served: int
    abandoned: int
    queue_wait: Summary
    max_queue: int
    mean_queue: float
    span: float
    #: Per case at this resource, for analyses that need more than the summary (capacity planning).
    log: QueueLog | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class EventLog:
    """Simulated step executions as parallel arrays: case number, step index, start and end minutes.

    ``aborted`` marks a case that left the queue of the step (patience ran out): its event starts when it joined
    the queue and ends when it left.
    """

    case: np.ndarray
    step: np.ndarray
    start: np.ndarray
    end: np.ndarray
    aborted: np.ndarray

    def __len__(self) -> int:
        return int(self.case.size)


#: An event sink: receives the event log a block at a time (each block a complete :class:`EventLog` of some rows).
EventSink = Callable[[EventLog], None]


class EventCollector:
    """The rows of an event log as an engine records them: joined into one :class:`EventLog` at the end, or, with a
    ``sink``, handed to it in blocks of at least ``block`` rows (default
    :data:`~nssf_journey.simulation.limits.EVENT_ROWS`) so that the log is never held whole.

    >>> got = []
    >>> c = EventCollector(got.append, block=2)
    >>> c.add([(np.array([0, 1]), np.array([3, 3]), np.zeros(2), np.ones(2), np.zeros(2, dtype=bool))], np.array([7, 8]))
    >>> c.log(), c.rows, got[0].case.tolist()
    (None, 2, [7, 8])
    """

    def __init__(self, sink: EventSink | None = None, block: int | None = None) -> None:
        from . import limits

        self.sink = sink
        self.block = limits.EVENT_ROWS if block is None else block
        self.rows = 0
        self._parts: list[tuple[np.ndarray, ...]] = []
        self._held = 0

    def add(self, parts: list[tuple[np.ndarray, ...]], ids: np.ndarray | None = None) -> None:
        """Add rows ``(case, step, start, end, aborted)``; ``ids`` maps the given case numbers to the run's."""
        for p in parts:
            case = p[0] if ids is None else ids[p[0]]
            self._parts.append((np.asarray(case, dtype=np.int64), *p[1:]))
            self._held += int(case.size)
            self.rows += int(case.size)
        if self.sink is not None and self._held >= self.block:
            self._flush()

    def add_rows(self, rows: list[tuple[int, int, float, float, bool]]) -> None:
        """Add rows given as tuples (the event-by-event engine)."""
        if rows:
            cols = list(zip(*rows))
            self.add([(np.asarray(cols[0], dtype=np.int64), np.asarray(cols[1], dtype=np.int32),
                       np.asarray(cols[2], dtype=float), np.asarray(cols[3], dtype=float),
                       np.asarray(cols[4], dtype=bool))])

    def _joined(self) -> EventLog:
        parts, self._parts, self._held = self._parts, [], 0
        if not parts:
            empty = np.empty(0)
            return EventLog(empty.astype(np.int64), empty.astype(np.int32), empty, empty, empty.astype(bool))
        return EventLog(*(np.concatenate([np.broadcast_to(p[i], p[0].shape) for p in parts]) for i in range(5)))

    def _flush(self) -> None:
        if self._parts:
            self.sink(self._joined())  # type: ignore[misc]

    def log(self) -> EventLog | None:
        """The whole log; ``None`` with a sink (the rest is handed to it)."""
        if self.sink is not None:
            self._flush()
            return None
        return self._joined()


@dataclass(frozen=True)
class SimulationResult:
    """The result of simulating a journey. Times in minutes, money in US dollars.

    ``case_records`` holds per-case arrays (``lead_time``, ``active_time``, ``wait_time``, ``queue_wait``,
    ``cost``, ``visits``, ``outcome``): every case, or, above a memory cap, an evenly spaced subsample of them
    (``percentile_cases`` says how many) from which percentiles are computed.
    """

    journey: Journey
    mode: str
    cases: int
    seed: int | None
    origin: dt.datetime
    lead_time: Summary
    active_time: Summary
    wait_time: Summary
    queue_wait: Summary
    visits: Summary
    cost: Summary
    outcomes: Mapping[str, float]
    steps: Mapping[str, StepStats]
    resources: Mapping[str, ResourceStats] = field(default_factory=dict)
    deadline: float | None = None
    deadline_breach: float | None = None
    warnings: tuple[str, ...] = ()
    #: Cases stopped after the simulator's cap on steps (:data:`~nssf_journey.simulation.limits.MAX_STEPS`); they
    #: count as not finished: outcome -1 in ``case_records``, in no share of ``outcomes``.
    stopped: int = 0
    percentile_cases: int = 0
    case_records: Mapping[str, np.ndarray] = field(default_factory=dict, repr=False)
    event_log: EventLog | None = field(default=None, repr=False)

    def to_dict(self, unit: str | None = None) -> dict[str, Any]:
        """The same as :meth:`summary`: the result as plain data, as every result of the toolkit gives it."""
        return self.summary(unit)

    def summary(self, unit: str | None = None) -> dict[str, Any]:
        """The JSON-ready summary (the output of ``simulate --json``), times in ``unit``.

        ``unit`` defaults to the journey's ``time_unit``. Outcome shares and ``deadline_breach`` are fractions
        of all cases; ``steps[...].visits`` is the mean number of visits per case.

        Examples
        --------
        >>> from nssf_journey.examples import one_step
        >>> from nssf_journey.simulation import simulate
        >>> s = simulate(one_step(duration="2 h"), 1_000, seed=1).summary("hours")
        >>> s["lead_time"]["mean"], s["lead_time"]["ci95"], s["outcomes"]
        (2.0, [2.0, 2.0], {'success': 1.0})
        """
        unit = unit or self.journey.time_unit
        scale = MINUTES_PER[unit]
        out: dict[str, Any] = {
            "journey": self.journey.id,
            "mode": self.mode,
            "cases": self.cases,
            "seed": self.seed,
            "unit": unit,
            "currency": CURRENCY,
            "lead_time": self.lead_time.to_dict(scale),
            "active_time": self.active_time.to_dict(scale),
            "wait_time": self.wait_time.to_dict(scale),
            "queue_wait": self.queue_wait.to_dict(scale),
            "in_person_visits": self.visits.to_dict(),
            "cost": self.cost.to_dict(),
            "outcomes": dict(self.outcomes),
            "percentile_cases": self.percentile_cases,
            "stopped": self.stopped,
        }
        if self.deadline is not None:
            out["deadline"] = self.deadline / scale
            out["deadline_breach"] = self.deadline_breach
        out["steps"] = {
            s.step: {"visits": s.visits, "queue_wait": {"mean": s.queue_wait_mean / scale}}
            for s in self.steps.values()
        }
        out["resources"] = {}  # no queues in Monte Carlo
        if self.mode == "queueing":
            out["resources"] = {
                r.resource: {
                    "capacity": r.capacity,
                    "utilization": r.utilization,
                    "served": r.served,
                    "abandoned": r.abandoned,
                    "queue_wait": {"mean": r.queue_wait.mean / scale, "p90": r.queue_wait.p90 / scale,
                                   "p95": r.queue_wait.p95 / scale},
                    "max_queue": r.max_queue,
                    "mean_queue": r.mean_queue,
                }
                for r in self.resources.values()
            }
        out["warnings"] = list(self.warnings)
        return _finite(out)

    def cases_frame(self) -> Any:
        """Per-case records as a pandas DataFrame (minutes, US dollars); ``outcome`` is categorical."""
        import pandas as pd

        rec = dict(self.case_records)
        if not rec:
            return pd.DataFrame()
        outcome_ids = _outcome_ids(self)
        codes = rec.pop("outcome").astype(np.int64)
        frame = pd.DataFrame({k: np.asarray(v) for k, v in rec.items()})
        frame.insert(1, "outcome", pd.Categorical.from_codes(codes, categories=list(outcome_ids)))
        return frame

    def steps_frame(self, unit: str | None = None) -> Any:
        """One row per step: mean visits per case and mean queue wait per visit (in ``unit``)."""
        import pandas as pd

        scale = MINUTES_PER[unit or self.journey.time_unit]
        return pd.DataFrame([{"step": s.step, "visits": s.visits, "queue_wait_mean": s.queue_wait_mean / scale}
                             for s in self.steps.values()])

    def resources_frame(self, unit: str | None = None) -> Any:
        """One row per resource: capacity, utilization, served, abandoned, queue waits (in ``unit``), queues."""
        import pandas as pd

        scale = MINUTES_PER[unit or self.journey.time_unit]
        return pd.DataFrame([{"resource": r.resource, "capacity": r.capacity, "utilization": r.utilization,
                              "served": r.served, "abandoned": r.abandoned,
                              "queue_wait_mean": r.queue_wait.mean / scale, "queue_wait_p90": r.queue_wait.p90 / scale,
                              "max_queue": r.max_queue, "mean_queue": r.mean_queue}
                             for r in self.resources.values()])

    def events(self) -> Any:
        """The simulated event log as a pandas DataFrame with process-mining column names.

        Activities are the steps' names (:func:`activity_names`); the row of a step that ends its case carries
        the outcome id in ``outcome`` (``abandoned`` on the row of a case that left a queue), so that
        ``discover`` can tell outcome steps from activities.

        Raises ``ValueError`` when the simulation was run without ``events=True``.
        """
        log = self.event_log
        if log is None:
            raise ValueError("the simulation kept no event log; run it with events=True")
        return event_frame(self.journey, self.origin, log)


def event_frame(journey: Journey, origin: dt.datetime, log: EventLog) -> Any:
    """The rows of ``log`` as a pandas DataFrame with process-mining column names, ordered by case and start
    (see :meth:`SimulationResult.events`); times are ``origin`` plus the log's minutes."""
    import pandas as pd

    from .compiled import ABANDONED

    j = journey
    order = np.lexsort((log.start, log.case))
    step_idx = log.step[order]
    names = np.array(activity_names(j), dtype=object)
    outcomes = np.array([s.outcome for s in j.steps], dtype=object)  # None (empty) on activities
    who = np.array([s.resource or s.actor for s in j.steps], dtype=object)
    origin = np.datetime64(origin, "ns")
    start = origin + np.round(log.start[order] * 60e9).astype("timedelta64[ns]")
    end = origin + np.round(log.end[order] * 60e9).astype("timedelta64[ns]")
    return pd.DataFrame({
        CASE_COLUMN: log.case[order].astype(np.int64),
        ACTIVITY_COLUMN: names[step_idx],
        START_COLUMN: start,
        END_COLUMN: end,
        RESOURCE_COLUMN: who[step_idx],
        LIFECYCLE_COLUMN: np.where(log.aborted[order], "ate_abort", "complete"),
        OUTCOME_COLUMN: np.where(log.aborted[order], ABANDONED, outcomes[step_idx]),
    })


def _outcome_ids(result: SimulationResult) -> tuple[str, ...]:
    from .compiled import ABANDONED

    ids = list(result.journey.outcome_ids)
    if ABANDONED not in ids:
        ids.append(ABANDONED)
    return tuple(ids)


def _finite(data: Any) -> Any:
    """Replace NaN and infinities (no cases of a kind) by ``None`` so the JSON stays standard."""
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_finite(v) for v in data]
    if isinstance(data, float) and not np.isfinite(data):
        return None
    return data
