"""Paired queueing simulation of two journeys: what a redesign does to queues.

The paired Monte Carlo of :mod:`~nssf_journey.compare.paired` treats cases as independent, so a redesign that adds
counters, or that sends half the customers online and so shortens the queue for the other half, shows no change
there. When both journeys have ``arrivals`` and a step that queues for a ``resource``, the comparison also runs
the queueing simulation of each (:func:`~nssf_journey.simulation.queueing.queueing`) with the same seed and the
same number of arriving cases.

With the same seed and the same ``arrivals``, case ``i`` arrives at the same moment in both runs: the runs are
paired case by case. A difference of means is the mean of the per-case differences, and its 95 % confidence
interval comes from batch means of those differences in arrival order (successive cases of a queue are
correlated, so the independent-cases interval would be too narrow). Times are minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import Journey
from ..simulation.compiled import ABANDONED, compile_journey
from ..simulation.stats import batch_means_half_width

#: Per-case measures compared, with their kind.
MEASURES: tuple[tuple[str, str], ...] = (("lead_time", "time"), ("wait_time", "time"), ("queue_wait", "time"),
                                         ("abandoned", "probability"), ("success", "probability"))


@dataclass(frozen=True)
class QueueDelta:
    """Mean of one per-case measure before and after, and the paired difference with its 95 % interval."""

    name: str
    kind: str  # "time" (minutes) or "probability"
    before: float
    after: float
    delta: float
    ci95: tuple[float, float] | None  # None when too few cases for batch means

    def to_dict(self, scale: float = 1.0) -> dict[str, object]:
        return {"before": self.before / scale, "after": self.after / scale, "delta": self.delta / scale,
                "ci95": [self.ci95[0] / scale, self.ci95[1] / scale] if self.ci95 else None}


@dataclass(frozen=True)
class ResourceChange:
    """One resource before and after: servers, utilisation, queue waits (minutes) and abandonment."""

    resource: str
    capacity: tuple[int | None, int | None]
    utilization: tuple[float | None, float | None]
    mean_wait: tuple[float | None, float | None]
    p90_wait: tuple[float | None, float | None]
    abandoned: tuple[int | None, int | None]

    def to_dict(self, scale: float = 1.0) -> dict[str, object]:
        def pair(p: tuple[float | None, float | None], s: float = 1.0) -> dict[str, float | None]:
            return {"before": None if p[0] is None else p[0] / s, "after": None if p[1] is None else p[1] / s}

        return {"capacity": pair(self.capacity), "utilization": pair(self.utilization),
                "mean_wait": pair(self.mean_wait, scale), "p90_wait": pair(self.p90_wait, scale),
                "abandoned": pair(self.abandoned)}


@dataclass(frozen=True)
class QueueComparison:
    """The paired queueing runs of a base journey and its redesign."""

    cases: int
    seed: int
    deltas: dict[str, QueueDelta]
    resources: tuple[ResourceChange, ...]
    warnings: tuple[str, ...]

    def to_dict(self, scale: float = 1.0) -> dict[str, object]:
        return {
            "cases": self.cases,
            "seed": self.seed,
            "method": "paired queueing simulation (same seed and arrivals; intervals by batch means of the per-case"
                      " differences)",
            "deltas": {k: d.to_dict(scale if d.kind == "time" else 1.0) for k, d in self.deltas.items()},
            "resources": {r.resource: r.to_dict(scale) for r in self.resources},
            "warnings": list(self.warnings),
        }


def queues_apply(base: Journey, redesign: Journey) -> bool:
    """Whether the two journeys are compared with queues: both have arrivals, and either has a step that queues for
    a counter (a redesign may remove the queue altogether, which is then what it changes). A back office's backlog
    is reached months into a claim journey, after the simulated arrivals have stopped, so a whole-journey run
    would compare its filling and emptying; capacity planning (:mod:`nssf_journey.capacity`) models it."""
    return (base.arrivals is not None and redesign.arrivals is not None
            and (base.has_counter_queues or redesign.has_counter_queues))



def compare_queues(base: Journey, redesign: Journey, *, cases: int, seed: int) -> QueueComparison:
    """Simulate ``cases`` arrivals of both journeys with queues and the same ``seed``; pair them case by case.

    Raises ``ValueError`` unless :func:`queues_apply`.

    Examples
    --------
    >>> from nssf_journey.examples import counter
    >>> same = compare_queues(counter(every=10, service=8), counter(every=10, service=8), cases=3_000, seed=1)
    >>> same.deltas["queue_wait"].delta, same.deltas["queue_wait"].ci95
    (0.0, (0.0, 0.0))
    """
    from ..simulation.queueing import queueing

    if not queues_apply(base, redesign):
        raise ValueError(f"'{base.id}' and '{redesign.id}' cannot be compared with queues: both need 'arrivals' and"
                         " one a step with a 'resource'")
    runs = (queueing(base, cases, seed=seed), queueing(redesign, cases, seed=seed))
    per_case = [_per_case(j, r.case_records) for j, r in zip((base, redesign), runs)]
    deltas = {}
    for name, kind in MEASURES:
        b, a = per_case[0][name], per_case[1][name]
        d = a - b
        half = batch_means_half_width(d)
        mean = float(d.mean())
        deltas[name] = QueueDelta(name, kind, float(b.mean()), float(a.mean()), mean,
                                  None if half is None else (mean - half, mean + half))
    ids = list(dict.fromkeys([r.id for r in base.resources] + [r.id for r in redesign.resources]))
    resources = []
    for rid in ids:
        s = [r.resources.get(rid) for r in runs]
        resources.append(ResourceChange(
            rid,
            tuple(x.capacity if x else None for x in s),  # type: ignore[arg-type]
            tuple(x.utilization if x else None for x in s),  # type: ignore[arg-type]
            tuple(x.queue_wait.mean if x and x.queue_wait.n else None for x in s),  # type: ignore[arg-type]
            tuple(x.queue_wait.p90 if x and x.queue_wait.n else None for x in s),  # type: ignore[arg-type]
            tuple(x.abandoned if x else None for x in s),  # type: ignore[arg-type]
        ))
    warnings = tuple(dict.fromkeys(runs[0].warnings + runs[1].warnings))
    if base.arrivals != redesign.arrivals:
        warnings += ("the journeys have different arrivals, so cases are paired by arrival order only: the intervals"
                     " still hold, they are just wider",)
    return QueueComparison(cases, seed, deltas, tuple(resources), warnings)


def _per_case(journey: Journey, records: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The compared per-case measures of one run, as float64 arrays in arrival order."""
    outcome_ids = compile_journey(journey).outcome_ids
    # abandoned: a failure unless declared; the last entry is for cases stopped at the step cap (outcome -1)
    kinds = np.array([journey.outcome(o).is_success for o in outcome_ids] + [False])
    outcome = records["outcome"].astype(np.int64)
    return {
        "lead_time": records["lead_time"].astype(np.float64),
        "wait_time": records["wait_time"].astype(np.float64),
        "queue_wait": records["queue_wait"].astype(np.float64),
        "abandoned": (outcome == outcome_ids.index(ABANDONED)).astype(np.float64),
        "success": kinds[outcome].astype(np.float64),
    }

