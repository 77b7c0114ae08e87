"""What capacity planning answers, as frozen data with ``to_dict``: per resource and demand level, the fewest
servers that meet the targets, the queue they give (simulated, with 95 % intervals), what today's servers would
give, the cost against the citizens' time saved, a rota; per resource, the demand at which today's servers break
the targets. Times are minutes inside, converted to ``unit`` by ``to_dict``; money is US dollars.

Each wait is given twice: ``wait`` in working time of the resource's calendar (what targets bound, and what staff
can shorten) and ``elapsed_wait`` in clock time (what customers live through, closed hours included). With
``unit="days"`` a working-time wait is in working days of the resource's calendar (7 open hours at NSSF), an
elapsed one in calendar days; each wait says its unit."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..units import CURRENCY, MINUTES_PER
from .confirm import Simulated, WaitFigures
from .rota import Rota
from .staff_costs import StaffCost
from ..targets import Target
from .workload import ResourceLoad


def _time(x: float | None, scale: float) -> float | None:
    return None if x is None or not math.isfinite(x) else x / scale


def _ci(ci: tuple[float, float] | None, scale: float = 1.0) -> list[float] | None:
    return None if ci is None else [ci[0] / scale, ci[1] / scale]


def _wait_dict(w: WaitFigures, scale: float, unit: str, clock: str) -> dict[str, object]:
    p90, p90_ci = w.quantiles[0.9]
    return {"clock": clock, "unit": unit, "mean": w.mean / scale, "p90": p90 / scale,
            "mean_ci95": _ci(w.mean_ci, scale), "p90_ci95": _ci(p90_ci, scale),
            "percentiles": {f"p{round(100 * q)}": v / scale for q, (v, _) in w.quantiles.items()}}


def figures_dict(s: Simulated, unit: str) -> dict[str, object]:
    """``wait`` (working time) and ``elapsed_wait`` {mean, p90, intervals, percentiles}, ``give_up`` (in the
    queue), ``give_up_closed`` (leaving a closed counter), ``utilization`` (with intervals) of a simulated queue,
    times in ``unit`` (see the module for days)."""
    if unit == "days":
        working_scale, working_unit = s.working_day, "working days"
    else:
        working_scale, working_unit = MINUTES_PER[unit], unit
    return {
        "wait": _wait_dict(s.working, working_scale, working_unit, "working"),
        "elapsed_wait": _wait_dict(s.elapsed, MINUTES_PER[unit], unit, "elapsed"),
        "give_up": s.give_up,
        "give_up_ci95": _ci(s.give_up_ci),
        "give_up_closed": s.closed_give_up,
        "utilization": s.utilization,
        "utilization_ci95": _ci(s.utilization_ci),
    }


@dataclass(frozen=True)
class LevelAnswer:
    """One demand level at one resource."""

    demand: float
    scenarios: tuple[str, ...]
    servers: int
    today: int
    theory_servers: int | None
    offered_load: float
    figures: Simulated
    today_figures: Simulated | None  # None when today's servers cannot keep up (endless queue)
    today_meets: bool
    customers_per_month: float
    staff_cost: StaffCost | None
    rota: Rota | None = None

    @property
    def today_overloaded(self) -> bool:
        """Offered load at or above today's servers: without give-ups the queue grows without end."""
        return self.offered_load >= self.today

    @property
    def extra_servers(self) -> int:
        return self.servers - self.today

    @property
    def extra_cost_per_month(self) -> float | None:
        return None if self.staff_cost is None else self.extra_servers * self.staff_cost.monthly_cost

    @property
    def hours_saved_per_month(self) -> float | None:
        """Citizen hours of waiting a month (elapsed: what people live through) that the planned servers save
        against today's (None: unbounded)."""
        if self.today_figures is None:
            return None
        return self.customers_per_month * (self.today_figures.elapsed.mean - self.figures.elapsed.mean) / 60.0

    def to_dict(self, unit: str = "minutes") -> dict[str, object]:
        out: dict[str, object] = {"demand": round(self.demand, 6), "scenarios": list(self.scenarios),
                                  "servers": self.servers, "today": self.today}
        out.update(figures_dict(self.figures, unit))
        saved = self.hours_saved_per_month
        out.update({
            "theory_servers": self.theory_servers,
            "offered_load": round(self.offered_load, 4),
            "today_overloaded": self.today_overloaded,
            "today_meets_targets": self.today_meets,
            "with_today": None if self.today_figures is None else figures_dict(self.today_figures, unit),
            "customers_per_month": round(self.customers_per_month, 1),
            "cost": {
                "currency": CURRENCY,
                "extra_servers": self.extra_servers,
                "extra_cost_per_month": self.extra_cost_per_month,
                "citizen_hours_saved_per_month": None if saved is None else round(saved, 1),
                "saving_unbounded": saved is None,
            },
            "simulation": {"cases": self.figures.cases, "seed": self.figures.seed,
                           "customers": self.figures.customers},
            "rota": None if self.rota is None else self.rota.to_dict(),
        })
        return out


@dataclass(frozen=True)
class ResourcePlan:
    """Capacity planning for one resource of one journey."""

    key: str
    load: ResourceLoad
    targets: tuple[Target, ...]
    levels: tuple[LevelAnswer, ...]
    breaks_at: float | None
    breaks_at_theory: float | None
    staff_cost: StaffCost | None
    notes: tuple[str, ...] = ()

    @property
    def resource(self):
        return self.load.resource

    @property
    def journey(self):
        return self.load.journey

    @property
    def today(self) -> int:
        return self.load.resource.capacity

    @property
    def target_source(self) -> str:
        """``given``, ``standard`` or ``today``: where the resource's targets come from."""
        return self.targets[0].source if self.targets else "given"

    @property
    def breaks_note(self) -> str | None:
        """Why there is no breaking point, when there is none."""
        if self.target_source == "today":
            return ("the target is today's level: today's staff meet it at today's demand and no more, by "
                    "definition, so the breaking point is not a finding")
        if self.breaks_at is None:
            return "today's staff meet the targets at every demand up to x64"
        return None

    def summary_dict(self, unit: str = "minutes") -> dict[str, object]:
        r, j = self.load.resource, self.load.journey
        return {
            "journey": j.id, "resource": r.id, "name": r.name or r.id, "kind": r.kind, "today": r.capacity,
            "servers_evidence": r.source.evidence if r.source else "assumed",
            "arrivals_evidence": j.arrivals.source.evidence if j.arrivals and j.arrivals.source else "assumed",
            "service_mean": self.load.service_mean / MINUTES_PER[unit],
            "patience_mean": _time(self.load.patience_mean, MINUTES_PER[unit]),
            "arrivals_per_month": round(self.load.per_month, 1),
            "offered_load": round(self.load.offered_load, 4),
            "working_day_minutes": self.load.working_day,
            "calendar": r.calendar,
            "reach": round(self.load.reach, 4),
            "targets": [t.to_dict(unit, self.load.working_day) for t in self.targets],
            "target_source": self.target_source,
            "breaks_at": self.breaks_at, "breaks_at_theory": self.breaks_at_theory,
            "breaks_at_note": self.breaks_note,
            "staff_cost": None if self.staff_cost is None else self.staff_cost.to_dict(),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class CapacityPlan:
    """Capacity planning for every resource of the journeys given."""

    plans: tuple[ResourcePlan, ...]
    targets: tuple[Target, ...]
    cases: int
    seed: int

    def to_dict(self, unit: str = "minutes") -> dict[str, object]:
        return {
            "unit": unit,
            "currency": CURRENCY,
            "cases": self.cases,
            "seed": self.seed,
            "targets": _unique([t.to_dict(unit, p.load.working_day) for p in self.plans for t in p.targets]),
            "resources": {p.key: [lv.to_dict(unit) for lv in p.levels] for p in self.plans},
            "summary": {p.key: p.summary_dict(unit) for p in self.plans},
        }


def _unique(items: list[dict]) -> list[dict]:
    out: list[dict] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


__all__ = ["CapacityPlan", "LevelAnswer", "ResourcePlan", "figures_dict"]
