"""Compare a redesigned journey with today's: structure, exact deltas, paired simulation, national savings.

>>> from nssf_journey.examples import one_step
>>> c = compare_journeys(one_step(duration=10), one_step(duration=4), cases=100, seed=1)
>>> c.exact["lead_time"].delta, c.simulated["lead_time"].delta
(-6.0, -6.0)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..loading.data import DataSet
from ..analysis.metrics import JourneyAnalysis, analyze
from ..model import Journey
from .deltas import ExactDelta, exact_deltas
from .paired import CaseRecords, PairedDelta, paired_deltas, simulate_cases
from .queued import QueueComparison, compare_queues, queues_apply
from .scale import NationalSavings, load_scale, national_savings
from .structure import StructuralDiff, structural_diff

__all__ = ["Comparison", "compare_journeys", "ExactDelta", "PairedDelta", "StructuralDiff", "NationalSavings",
           "QueueComparison"]


PARTIES: tuple[str, ...] = ("customer", "nssf_staff", "partner")


def time_by_party(analysis: JourneyAnalysis) -> dict[str, float]:
    """Expected active minutes per case that each party spends: whose time a journey takes.

    The customer spends the active time of their own steps and of every step they attend in person (at the bank,
    at the counter); NSSF staff the active time of frontstage and backstage steps; partners that of theirs. A
    counter visit therefore counts for both the customer and NSSF staff. Waits are not in these figures.
    """
    out = dict.fromkeys(PARTIES, 0.0)
    for s in analysis.per_step:
        active = s.expected_visits * s.mean_duration
        if s.lane == "customer" or s.in_person:
            out["customer"] += active
        if s.lane in ("frontstage", "backstage"):
            out["nssf_staff"] += active
        elif s.lane == "partner":
            out["partner"] += active
    return out


@dataclass(frozen=True)
class Comparison:
    """Everything known about a redesign against the as-is journey. Times in minutes, money in US dollars."""

    base: Journey
    redesign: Journey
    before: JourneyAnalysis
    after: JourneyAnalysis
    structure: StructuralDiff
    exact: dict[str, ExactDelta]
    time_before: dict[str, float]
    time_after: dict[str, float]
    cases: int
    seed: int
    simulated: dict[str, PairedDelta] | None
    records: tuple[CaseRecords, CaseRecords] | None
    national: NationalSavings | None
    #: Paired queueing runs, when both journeys have arrivals and resources (capacity and queue effects).
    queues: QueueComparison | None = None

    def to_dict(self, unit: str | None = None) -> dict:
        """Everything as plain data, times in ``unit`` (default: the as-is journey's); what
        ``nssf-journey compare --json`` prints."""
        from ..units import MINUTES_PER

        unit = unit or self.base.time_unit
        u = MINUTES_PER[unit]
        out = {
            "base": self.base.id,
            "redesign": self.redesign.id,
            "unit": unit,
            "currency": "USD",
            "structure": self.structure.to_dict(unit),
            "exact": {k: d.to_dict(u) for k, d in self.exact.items()},
            "active_time_by_party": {p: {"before": self.time_before[p] / u, "after": self.time_after[p] / u,
                                         "delta": (self.time_after[p] - self.time_before[p]) / u}
                                     for p in PARTIES},
            "simulated": None,
            "national": self.national.to_dict() if self.national else None,
            "queueing": self.queues.to_dict(u) if self.queues else None,
        }
        if self.simulated is not None:
            time_metrics = {"lead_time", "active_time", "wait_time"}
            out["simulated"] = {
                "cases": self.cases,
                "seed": self.seed,
                "method": "paired Monte Carlo with common random numbers (independent cases, no queues)",
                "deltas": {k: d.to_dict(u if k in time_metrics else 1.0) for k, d in self.simulated.items()},
            }
        return out


def compare_journeys(base: Journey, redesign: Journey, *, cases: int = 20_000, seed: int = 1,
                     data: DataSet | None = None, simulate: bool = True) -> Comparison:
    """Compare ``redesign`` with ``base``: exact figures, paired simulation (``cases`` > 0) and national savings.

    When both journeys have arrivals and either has a resource, ``cases`` arrivals of each are also simulated with queues
    (:mod:`~nssf_journey.compare.queued`): the only way a change of capacity, or of how many customers reach a
    counter, shows.
    """
    before, after = analyze(base), analyze(redesign)
    records = simulated = queues = None
    if simulate and cases > 0:
        records = (simulate_cases(base, cases, seed=seed), simulate_cases(redesign, cases, seed=seed))
        simulated = paired_deltas(*records)
        if queues_apply(base, redesign):
            queues = compare_queues(base, redesign, cases=cases, seed=seed)
    tb, ta = time_by_party(before), time_by_party(after)
    national = None
    if data is not None:
        scale = load_scale(data)
        per_case = {
            "lead time (hours)": ("hours", (before.lead_time_mean - after.lead_time_mean) / 60),
            "customer's own time (hours)": ("hours", (tb["customer"] - ta["customer"]) / 60),
            "NSSF staff time (hours)": ("hours", (tb["nssf_staff"] - ta["nssf_staff"]) / 60),
            "in-person visits": ("visits", before.in_person_visits - after.in_person_visits),
            "money (USD)": ("USD", before.customer_cost - after.customer_cost),
        }
        national = national_savings(redesign.redesign_of or base.id, per_case, scale)
    return Comparison(base, redesign, before, after, structural_diff(base, redesign), exact_deltas(before, after),
                      tb, ta, cases if simulated else 0, seed, simulated, records, national, queues)
