"""Offered load: is a resource given more work than it can do, before anything is simulated?

The offered load of a resource, in erlangs, is the work that reaches it per minute: the mean arrival rate
(``1 / mean(arrivals.every)`` times the profile's average multiplier over a year) times the expected service
minutes per case (``expected visits x mean duration`` summed over the steps that use it; expected visits as in the
exact analysis, :func:`nssf_journey.analysis.metrics.analyze`). A resource can only serve while its calendar is open, so the
load is divided by the calendar's open fraction over a year: it is the load during opening hours. When it
reaches the capacity the queue grows without bound (abandonment aside) and the simulation says nothing steady.

This is an average: a profile that crowds arrivals into a few days can overload a resource for those days even
when the yearly average is below capacity.
"""

from __future__ import annotations

from ..analysis.metrics import expected_visits
from ..model import Journey
from .arrivals import mean_multiplier
from .calendar import CalendarClock


def offered_loads(journey: Journey) -> dict[str, float]:
    """Offered load (erlangs during opening hours) of each resource some step uses; empty without arrivals.

    Examples
    --------
    >>> from nssf_journey.examples import counter
    >>> j = counter(servers=1, every=10, service=8)
    >>> round(offered_loads(j)["counter"], 6)
    0.8
    """
    if not journey.has_queues:
        return {}
    visits = expected_visits(journey)
    rate = mean_multiplier(journey.arrivals.profile, journey.arrivals.start) / journey.arrivals.every.mean
    out: dict[str, float] = {}
    for res in journey.resources:
        if not any(s.resource == res.id for s in journey.steps):
            continue
        work = sum(visits[s.id] * s.duration.mean for s in journey.steps if s.resource == res.id)
        calendar = journey.calendar_by_id.get(res.calendar) if res.calendar else None
        fraction = CalendarClock(calendar, journey.arrivals.start).open_fraction()
        out[res.id] = rate * work / fraction
    return out


def overload_warnings(journey: Journey) -> list[str]:
    """One line per resource whose offered load is at least its capacity."""
    out = []
    for rid, load in offered_loads(journey).items():
        res = journey.resource_by_id[rid]
        if load >= res.capacity:
            hours = " during opening hours" if res.calendar else ""
            out.append(f"resource '{rid}' is overloaded: offered load {load:.2f} >= capacity {res.capacity} "
                       f"(erlangs{hours}); its queue grows without bound")
    return out
