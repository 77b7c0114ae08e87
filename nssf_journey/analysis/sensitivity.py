"""Sensitivity: which uncertain numbers move the answer most, and so where to measure before deciding.

Each uncertain parameter of a journey is varied over a range that depends on how good its evidence is, while
all others stay at their values, and the exact analysis (:mod:`nssf_journey.analysis.metrics`) is run at both ends:

============  ===========================
evidence      range (factor on the value)
============  ===========================
assumed       0.5 to 1.5
reported      0.8 to 1.2
measured      0.9 to 1.1
============  ===========================

Parameters are the mean of each step's ``duration`` and ``wait`` (the whole distribution is scaled) and the
probability of each branch of a branching step other than its most likely one (the other branches are rescaled
so that they still sum to 1; the varied probability is capped at 1). Their effects on the mean lead time and on
the probability of success are the "swings" a tornado chart shows. Results are exact, so rankings have no
sampling noise.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable

from ..model import Journey, ParameterSource, Step
from ..units import MINUTES_PER
from .metrics import analyze

if TYPE_CHECKING:  # pragma: no cover - a type only: the simulation fills it, the analysis never imports it
    from ..simulation.queue_sensitivity import QueueSensitivity

#: Low and high factors by evidence level.
RANGES: dict[str, tuple[float, float]] = {
    "assumed": (0.5, 1.5),
    "reported": (0.8, 1.2),
    "measured": (0.9, 1.1),
}
#: Evidence of a number that names no source: treated as an assumption.
UNSOURCED = "assumed"


@dataclass(frozen=True)
class Parameter:
    """One uncertain number of a journey."""

    step: str
    field: str  # "duration", "wait" or "p:<branch target>"
    value: float  # minutes for times, a probability for branches
    evidence: str
    source: str

    @property
    def label(self) -> str:
        if self.field.startswith("p:"):
            return f"{self.step} -> {self.field[2:]} (probability)"
        return f"{self.step} {self.field}"


@dataclass(frozen=True)
class Effect:
    """The effect of varying one parameter from its low to its high end."""

    parameter: Parameter
    low: float
    high: float
    lead_time_low: float
    lead_time_high: float
    success_low: float
    success_high: float

    @property
    def lead_time_swing(self) -> float:
        return abs(self.lead_time_high - self.lead_time_low)

    @property
    def success_swing(self) -> float:
        return abs(self.success_high - self.success_low)

    def to_dict(self, unit_minutes: float = 1.0) -> dict:
        p = self.parameter
        is_time = not p.field.startswith("p:")
        scale = unit_minutes if is_time else 1.0
        return {
            "parameter": p.label,
            "step": p.step,
            "field": p.field,
            "evidence": p.evidence,
            "source": p.source,
            "value": p.value / scale,
            "range": [self.low / scale, self.high / scale],
            "lead_time": {"low": self.lead_time_low / unit_minutes, "high": self.lead_time_high / unit_minutes,
                          "swing": self.lead_time_swing / unit_minutes},
            "success_probability": {"low": self.success_low, "high": self.success_high, "swing": self.success_swing},
        }


@dataclass(frozen=True)
class Sensitivity:
    """All effects for one journey, with the base values (minutes) and the ranges used.

    ``queues`` holds the effects on queues when they were simulated
    (:func:`~nssf_journey.simulation.queue_sensitivity.sensitivity_with_queues`), else ``None``.
    """

    journey: Journey
    lead_time: float
    success_probability: float
    effects: tuple[Effect, ...]
    ranges: dict[str, tuple[float, float]] = field(default_factory=lambda: dict(RANGES))
    queues: "QueueSensitivity | None" = None

    def by_lead_time(self) -> list[Effect]:
        """Effects by lead-time swing, largest first (assumed parameters first among equals)."""
        return sorted(self.effects, key=lambda e: (-round(e.lead_time_swing, 9), e.parameter.evidence != "assumed"))

    def by_success(self) -> list[Effect]:
        """Effects by swing of the success probability, largest first."""
        return sorted(self.effects, key=lambda e: (-round(e.success_swing, 12), e.parameter.evidence != "assumed"))

    def measure_first(self, top: int = 5) -> list[Effect]:
        """Assumed parameters with the largest effect on lead time or success: where measuring pays most."""
        assumed = [e for e in self.effects if e.parameter.evidence == "assumed"]
        base_lead = self.lead_time or 1.0
        return sorted(assumed, key=lambda e: -(e.lead_time_swing / base_lead + e.success_swing))[:top]

    def to_dict(self, unit: str | None = None, top: int | None = None) -> dict:
        """Effects ranked by lead time and by success (the first ``top`` of each; all when ``None`` or 0), times in
        ``unit`` (default: the journey's), with the queue effects when there are any: what
        ``nssf-journey sensitivity --json`` prints."""
        unit = unit or self.journey.time_unit
        u = MINUTES_PER[unit]
        n = top or None
        return {
            "journey": self.journey.id, "unit": unit, "ranges": self.ranges,
            "lead_time": self.lead_time / u, "success_probability": self.success_probability,
            "by_lead_time": [e.to_dict(u) for e in self.by_lead_time()[:n]],
            "by_success": [e.to_dict(u) for e in self.by_success()[:n]],
            "measure_first": [e.parameter.label for e in self.measure_first()],
            "queues": None if self.queues is None else self.queues.to_dict(u),
        }


def _source_of(step: Step, field: str) -> tuple[str, str]:
    for s in step.sources:
        if s.field == field:
            return s.evidence, s.text
    return UNSOURCED, "no source"


def parameters(journey: Journey) -> list[Parameter]:
    """The uncertain parameters of a journey, in file order."""
    out = []
    for step in journey.steps:
        for name in ("duration", "wait"):
            dist = getattr(step, name)
            if dist.mean > 0:
                ev, src = _source_of(step, name)
                out.append(Parameter(step.id, name, dist.mean, ev, src))
        if len(step.next) > 1:
            ev, src = _source_of(step, "next")
            main = max(step.next, key=lambda b: b.p)
            for b in step.next:
                if b is not main:
                    out.append(Parameter(step.id, f"p:{b.to}", b.p, ev, src))
    return out


def _with_branch(step: Step, target: str, p_new: float) -> Step:
    old = next(b.p for b in step.next if b.to == target)
    rest = 1.0 - old
    scale = (1.0 - p_new) / rest if rest > 0 else 0.0
    branches = tuple(replace(b, p=p_new if b.to == target else b.p * scale) for b in step.next)
    return replace(step, next=branches)


def varied(journey: Journey, parameter: Parameter, factor: float) -> tuple[Journey, float]:
    """The journey with one parameter multiplied by ``factor``, and the parameter's new value."""
    step = journey.step(parameter.step)
    if parameter.field.startswith("p:"):
        value = min(parameter.value * factor, 1.0)
        new_step = _with_branch(step, parameter.field[2:], value)
    else:
        new_step = replace(step, **{parameter.field: getattr(step, parameter.field).scaled(factor)})
        value = parameter.value * factor
    steps = tuple(new_step if s.id == step.id else s for s in journey.steps)
    return replace(journey, steps=steps), value


def sensitivity(journey: Journey, *, ranges: dict[str, tuple[float, float]] | None = None,
                only: Iterable[str] | None = None) -> Sensitivity:
    """Vary every uncertain parameter over its range and record the exact lead time and success probability.

    ``ranges`` overrides :data:`RANGES`; ``only`` limits the evidence levels varied (e.g. ``["assumed"]``). The
    effects on queues need simulation:
    :func:`~nssf_journey.simulation.queue_sensitivity.sensitivity_with_queues` adds them.
    """
    ranges = {**RANGES, **(ranges or {})}
    levels = set(only) if only is not None else set(ranges)
    base = analyze(journey)
    effects = []
    for param in parameters(journey):
        if param.evidence not in levels:
            continue
        lo_f, hi_f = ranges[param.evidence]
        lo_j, lo_v = varied(journey, param, lo_f)
        hi_j, hi_v = varied(journey, param, hi_f)
        a_lo, a_hi = analyze(lo_j), analyze(hi_j)
        effects.append(Effect(param, lo_v, hi_v, a_lo.lead_time_mean, a_hi.lead_time_mean,
                              a_lo.success_probability, a_hi.success_probability))
    return Sensitivity(journey, base.lead_time_mean, base.success_probability, tuple(effects), ranges)


__all__ = ["Effect", "Parameter", "ParameterSource", "RANGES", "Sensitivity", "parameters", "sensitivity", "varied"]
