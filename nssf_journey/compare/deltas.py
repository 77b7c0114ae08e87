"""Exact differences between two journeys' expected figures (no sampling)."""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.metrics import JourneyAnalysis

#: Figures compared: (name, attribute of JourneyAnalysis, kind) where kind is "time" (minutes) or "count".
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("lead_time", "lead_time_mean", "time"),
    ("active_time", "active_time_mean", "time"),
    ("wait_time", "wait_time_mean", "time"),
    ("avoidable_time", "avoidable_time_mean", "time"),
    ("expected_steps", "expected_steps", "count"),
    ("handoffs", "handoffs", "count"),
    ("touchpoints", "touchpoints", "count"),
    ("in_person_visits", "in_person_visits", "count"),
    ("cost", "customer_cost", "money"),
    ("success_probability", "success_probability", "probability"),
)


@dataclass(frozen=True)
class ExactDelta:
    """One expected figure before and after."""

    metric: str
    kind: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def relative(self) -> float | None:
        return self.delta / self.before if self.before else None

    def to_dict(self, unit_minutes: float = 1.0) -> dict:
        scale = unit_minutes if self.kind == "time" else 1.0
        return {"metric": self.metric, "before": self.before / scale, "after": self.after / scale,
                "delta": self.delta / scale, "relative": self.relative}


def exact_deltas(before: JourneyAnalysis, after: JourneyAnalysis) -> dict[str, ExactDelta]:
    """Expected figures of both analyses and their differences, plus each outcome's probability."""
    out = {name: ExactDelta(name, kind, getattr(before, attr), getattr(after, attr)) for name, attr, kind in FIGURES}
    pb, pa = before.outcome_probabilities(), after.outcome_probabilities()
    for o in dict.fromkeys([*pb, *pa]):
        out[f"outcome:{o}"] = ExactDelta(f"outcome:{o}", "probability", pb.get(o, 0.0), pa.get(o, 0.0))
    return out
