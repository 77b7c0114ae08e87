"""Sensitivity of queues: which assumed numbers decide how long customers queue and how many give up.

:mod:`nssf_journey.analysis.sensitivity` varies durations, waits and branch probabilities in the exact analysis, which has
no queues. A journey with ``arrivals`` and ``resources`` has three more kinds of uncertain numbers, and they decide
its queues: the servers of each resource, how often cases arrive (the mean of ``arrivals.every``) and each step's
``patience``. Each is varied over the range its evidence allows (:data:`~nssf_journey.analysis.sensitivity.RANGES`; a
number of servers is rounded, and moved by at least one server), all others held, and the journey simulated with
queues at both ends with the same seed and number of arrivals, so that the differences come from the parameter
rather than from chance. The effects are on the share of cases that give up in a queue and on the mean queue
wait per case. Times are minutes.

:func:`sensitivity_with_queues` gives both: the exact sensitivity and, for a journey with queues, these effects
(what ``nssf-journey sensitivity`` prints). This module lives with the simulation because it simulates; the
exact analysis below it knows nothing of queues.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from ..analysis.sensitivity import RANGES, UNSOURCED, Sensitivity, sensitivity
from ..model import Journey, ParameterSource


@dataclass(frozen=True)
class QueueParameter:
    """One number that shapes a journey's queues."""

    kind: str  # "servers", "arrivals" or "patience"
    target: str  # resource id, "every", or step id
    value: float  # servers, or minutes
    evidence: str
    source: str

    @property
    def label(self) -> str:
        return {"servers": f"{self.target} servers", "arrivals": "time between arrivals (mean)",
                "patience": f"{self.target} patience (mean)"}[self.kind]


@dataclass(frozen=True)
class QueueOutcome:
    """What one queueing run gives: the share of cases that give up, the mean queue wait per case (minutes), the
    share that succeed."""

    gave_up: float
    queue_wait: float
    success: float


@dataclass(frozen=True)
class QueueEffect:
    """A parameter at the low and the high end of its range, and the queueing outcome at each."""

    parameter: QueueParameter
    low: float
    high: float
    at_low: QueueOutcome
    at_high: QueueOutcome

    @property
    def gave_up_swing(self) -> float:
        return abs(self.at_high.gave_up - self.at_low.gave_up)

    @property
    def queue_wait_swing(self) -> float:
        return abs(self.at_high.queue_wait - self.at_low.queue_wait)

    def to_dict(self, unit_minutes: float = 1.0) -> dict[str, object]:
        p = self.parameter
        scale = 1.0 if p.kind == "servers" else unit_minutes
        return {
            "parameter": p.label, "kind": p.kind, "target": p.target, "evidence": p.evidence, "source": p.source,
            "value": p.value / scale, "range": [self.low / scale, self.high / scale],
            "gave_up": {"low": self.at_low.gave_up, "high": self.at_high.gave_up, "swing": self.gave_up_swing},
            "queue_wait": {"low": self.at_low.queue_wait / unit_minutes, "high": self.at_high.queue_wait / unit_minutes,
                           "swing": self.queue_wait_swing / unit_minutes},
        }


@dataclass(frozen=True)
class QueueSensitivity:
    """All queue effects of one journey, with the outcome at today's values."""

    journey: Journey
    cases: int
    seed: int
    base: QueueOutcome
    effects: tuple[QueueEffect, ...]

    def ranked(self) -> list[QueueEffect]:
        """Effects by swing of the give-up share, then of the queue wait, largest first."""
        return sorted(self.effects, key=lambda e: (-round(e.gave_up_swing, 12), -round(e.queue_wait_swing, 9)))

    def to_dict(self, unit_minutes: float = 1.0) -> dict[str, object]:
        """The runs, today's outcome and the ranked effects, times divided by ``unit_minutes``."""
        b = self.base
        return {
            "cases": self.cases, "seed": self.seed,
            "base": {"gave_up": b.gave_up, "queue_wait": b.queue_wait / unit_minutes, "success_probability": b.success},
            "by_gave_up": [e.to_dict(unit_minutes) for e in self.ranked()],
        }


def _evidence(source: ParameterSource | None) -> tuple[str, str]:
    return (source.evidence, source.text) if source else (UNSOURCED, "no source")


def queue_parameters(journey: Journey) -> list[QueueParameter]:
    """The numbers that shape the queues of ``journey``: servers of each resource used by a step, the mean time
    between arrivals, and each patience (empty when the journey has no arrivals)."""
    if journey.arrivals is None:
        return []
    used = {s.resource for s in journey.steps if s.resource}
    out = [QueueParameter("servers", r.id, float(r.capacity), *_evidence(r.source))
           for r in journey.resources if r.id in used]
    out.append(QueueParameter("arrivals", "every", journey.arrivals.every.mean, *_evidence(journey.arrivals.source)))
    for step in journey.steps:
        if step.patience is not None and step.resource:
            src = next((s for s in step.sources if s.field == "patience"), None)
            out.append(QueueParameter("patience", step.id, step.patience.mean, *_evidence(src)))
    return out


def _servers(capacity: int, factor: float) -> int:
    """``capacity`` times ``factor``, rounded, at least 1, and at least one server away from ``capacity``."""
    n = max(1, round(capacity * factor))
    if n == capacity:
        n = capacity + 1 if factor > 1 else max(1, capacity - 1)
    return n


def queue_varied(journey: Journey, parameter: QueueParameter, factor: float) -> tuple[Journey, float]:
    """The journey with one queue parameter multiplied by ``factor``, and the parameter's new value.

    >>> from nssf_journey import load_journey
    >>> j = load_journey("journeys/contribution_payment.yaml")
    >>> p = queue_parameters(j)[0]
    >>> p.label, p.value, queue_varied(j, p, 0.5)[1], queue_varied(j, p, 1.5)[1]
    ('payslip_counter servers', 4.0, 2.0, 6.0)
    """
    if parameter.kind == "servers":
        n = _servers(int(parameter.value), factor)
        resources = tuple(replace(r, capacity=n) if r.id == parameter.target else r for r in journey.resources)
        return replace(journey, resources=resources), float(n)
    if parameter.kind == "arrivals":
        arrivals = journey.arrivals
        assert arrivals is not None
        return replace(journey, arrivals=replace(arrivals, every=arrivals.every.scaled(factor))), parameter.value * factor
    step = journey.step(parameter.target)
    assert step.patience is not None
    new = replace(step, patience=step.patience.scaled(factor))
    return replace(journey, steps=tuple(new if s.id == step.id else s for s in journey.steps)), parameter.value * factor


def queue_outcome(journey: Journey, cases: int, seed: int) -> QueueOutcome:
    """Simulate ``cases`` arrivals of ``journey`` with queues and reduce the run to a :class:`QueueOutcome`."""
    from .compiled import ABANDONED
    from .queueing import queueing

    r = queueing(journey, cases, seed=seed)
    success = sum(share for o, share in r.outcomes.items() if journey.outcome(o).is_success)
    return QueueOutcome(r.outcomes.get(ABANDONED, 0.0), r.queue_wait.mean, success)


def queue_sensitivity(journey: Journey, *, cases: int = 20_000, seed: int = 1,
                      ranges: dict[str, tuple[float, float]] | None = None,
                      only: Iterable[str] | None = None) -> QueueSensitivity:
    """Vary each queue parameter of ``journey`` over its range (see the module docstring).

    ``only`` limits the evidence levels varied (e.g. ``["assumed"]``), as in
    :func:`~nssf_journey.analysis.sensitivity.sensitivity`.

    Raises ``ValueError`` when the journey has no arrivals or no step that uses a resource.
    """
    if not journey.has_queues:
        raise ValueError(f"journey '{journey.id}' has no queues: it needs 'arrivals' and a step with a 'resource'")
    ranges = {**RANGES, **(ranges or {})}
    effects = []
    for p in queue_parameters(journey):
        if only is not None and p.evidence not in set(only):
            continue
        lo_f, hi_f = ranges.get(p.evidence, RANGES[UNSOURCED])
        lo_j, lo_v = queue_varied(journey, p, lo_f)
        hi_j, hi_v = queue_varied(journey, p, hi_f)
        effects.append(QueueEffect(p, lo_v, hi_v, queue_outcome(lo_j, cases, seed), queue_outcome(hi_j, cases, seed)))
    return QueueSensitivity(journey, cases, seed, queue_outcome(journey, cases, seed), tuple(effects))


def sensitivity_with_queues(journey: Journey, *, ranges: dict[str, tuple[float, float]] | None = None,
                            only: Iterable[str] | None = None, cases: int = 20_000, seed: int = 1) -> Sensitivity:
    """The exact :func:`~nssf_journey.analysis.sensitivity.sensitivity` of ``journey`` and, when the journey has
    arrivals and a step that queues for a counter, the effects on its queues (:func:`queue_sensitivity`, ``cases``
    arrivals a run, ``seed``) in :attr:`~nssf_journey.analysis.sensitivity.Sensitivity.queues` (``None`` otherwise).

    >>> from nssf_journey.examples import counter, one_step
    >>> s = sensitivity_with_queues(counter(servers=1, every=10, service=8), cases=2_000, seed=1)
    >>> [e.parameter.label for e in s.queues.ranked()], sensitivity_with_queues(one_step()).queues is None
    (['time between arrivals (mean)', 'counter servers'], True)
    """
    levels = None if only is None else list(only)
    exact = sensitivity(journey, ranges=ranges, only=levels)
    if not journey.has_counter_queues:
        return exact
    return replace(exact, queues=queue_sensitivity(journey, cases=cases, seed=seed, ranges=ranges, only=levels))


__all__ = ["QueueEffect", "QueueOutcome", "QueueParameter", "QueueSensitivity", "queue_outcome", "queue_parameters",
           "queue_sensitivity", "queue_varied", "sensitivity_with_queues"]
