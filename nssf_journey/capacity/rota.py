"""A rota: the servers a counter needs in each period of the month, against one number for the whole month.

Employers crowd the payslip counter before the 15th and in the first hours after it opens; one number of
servers for the whole month is either too few at the peak or too many the rest of the time. For each period of
the resource's month (:class:`~nssf_journey.capacity.workload.Period`: a day-of-month band and an hour of the
day), the rota gives the fewest servers that meet the targets *in that period*, by queueing theory at that
period's arrival rate (Erlang A or C, :mod:`.erlang`): the pointwise stationary approximation, good when
services are short against a period, as they are at a counter (minutes against an hour). It is then compared
with theory's flat answer (one number for the month, meeting the targets over the month) in staff-hours a month.
The rota is theory's: the simulation engine keeps a resource's servers constant, so a rota is not simulated;
where the simulated flat answer is higher than theory's, the rota's numbers are likely short by as much.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .erlang import queue_theory
from .search import fewest
from ..targets import Target
from .theory import MixedWait, TheoryFigures, meets
from .workload import Period, ResourceLoad


@dataclass(frozen=True)
class Rota:
    """Servers per period at one demand level, and the staff-hours a month it takes against a flat rota."""

    demand: float
    shifts: tuple[tuple[Period, int], ...]
    flat_servers: int  # theory's flat answer
    simulated_servers: int | None = None  # the simulated flat answer, for comparison

    @property
    def staff_hours(self) -> float:
        """Staff-hours in an average month with the rota."""
        return sum(n * p.open_per_month for p, n in self.shifts) / 60.0

    @property
    def flat_staff_hours(self) -> float:
        """Staff-hours in an average month with ``flat_servers`` all the time the resource is open."""
        return self.flat_servers * sum(p.open_per_month for p, _ in self.shifts) / 60.0

    @property
    def peak(self) -> int:
        return max((n for _, n in self.shifts), default=0)

    def to_dict(self) -> dict[str, object]:
        return {"demand": self.demand, "flat_servers": self.flat_servers, "simulated_servers": self.simulated_servers,
                "staff_hours_per_month": round(self.staff_hours, 1),
                "flat_staff_hours_per_month": round(self.flat_staff_hours, 1),
                "periods": [{"days": list(p.days), "hour": p.hour, "servers": n,
                             "arrivals_per_hour": round(60 * p.rate * self.demand, 3)} for p, n in self.shifts]}


def rota(load: ResourceLoad, targets: list[Target], demand: float, flat_servers: int,
         simulated_servers: int | None = None) -> Rota:
    """The per-period servers that meet ``targets`` at ``demand`` times today's arrivals (see the module)."""
    shifts = []
    for p in load.periods:
        rate = p.rate * demand

        def enough(n: int, rate: float = rate) -> bool:
            q = queue_theory(rate, load.service_mean, n, load.patience_mean)
            return meets(TheoryFigures(n, demand, MixedWait(((1.0, q),)), None, q.give_up, q.utilization), targets)

        guess = max(1, math.ceil(rate * load.service_mean))
        n = fewest(enough, guess, low=1, cap=max(4 * guess + 20, 2 * flat_servers))
        shifts.append((p, n if n is not None else max(4 * guess + 20, 2 * flat_servers)))
    return Rota(demand, tuple(shifts), flat_servers, simulated_servers)


__all__ = ["Rota", "rota"]
