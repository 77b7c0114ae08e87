"""Service targets that staffing must meet, and how they are written.

A target bounds one measure of a resource's queue from above:

- ``wait mean <= 10 min``, ``wait p90 <= 30 min``: the time customers spend queueing at a counter (the mean, or the
  time that nine in ten do not exceed; any percentile ``p1``..``p99``);
- ``give up <= 5 %``: the share of customers who leave a counter's queue before they are served;
- ``utilization <= 85 %``: the share of their open hours that servers are busy;
- ``decision p90 <= 10 d``, ``decision mean <= 5 d``: for a back office, how long a file waits in the backlog
  before an officer decides it.

A target applies to every resource it makes sense for (``wait`` and ``give up`` to counters, ``decision`` to back
offices, ``utilization`` to both), or to one resource when prefixed with its id: ``payslip_counter: wait p90 <= 20
min``. Times take the units of journey durations (``min``, ``h``, ``d``, ...); shares a ``%`` or a fraction.
Without any target, capacity planning keeps each resource's queue at today's level (:func:`todays_level`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..units import MINUTES_PER, UNIT_ALIASES

#: Measures a target can bound, and the resource kinds they apply to when no resource is named.
MEASURES: dict[str, tuple[str, ...]] = {
    "wait": ("counter",),
    "decision": ("back_office",),
    "give_up": ("counter",),
    "utilization": ("counter", "back_office"),
}
TIME_MEASURES = ("wait", "decision")
SYNTAX = ('"wait mean <= 10 min", "wait p90 <= 30 min", "give up <= 5 %", "utilization <= 85 %" or '
          '"decision p90 <= 10 d", optionally after "resource_id:"')

_TARGET = re.compile(
    r"^\s*(?:(?P<resource>[a-z][a-z0-9_]*)\s*:\s*)?"
    r"(?P<measure>wait|decision|give[ _]?up|utili[sz]ation)"
    r"(?:\s+(?P<stat>mean|p\d{1,2}))?"
    r"\s*(?:<=|=<|≤)\s*"
    r"(?P<value>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>%|[A-Za-z]+)?\s*$")


class TargetError(ValueError):
    """A target that cannot be understood; the message says what was expected."""


@dataclass(frozen=True)
class Target:
    """``measure`` (``wait``, ``decision``, ``give_up``, ``utilization``) at ``statistic`` (``mean`` or ``pNN``;
    ``share`` for shares) must stay at or below ``limit`` (minutes for times, a fraction for shares), for
    ``resource`` or, when it is None, for every resource the measure applies to.

    ``source`` says where the limit comes from: ``"given"`` (written by the user) or ``"today"`` (today's level).
    """

    measure: str
    statistic: str
    limit: float
    resource: str | None = None
    text: str = ""
    source: str = "given"

    @property
    def is_time(self) -> bool:
        return self.measure in TIME_MEASURES

    @property
    def quantile(self) -> float | None:
        """0.9 for ``p90``; None for a mean or a share."""
        return int(self.statistic[1:]) / 100 if self.statistic.startswith("p") else None

    def applies_to(self, resource_id: str, kind: str) -> bool:
        if self.resource is not None:
            return self.resource == resource_id
        return kind in MEASURES[self.measure]

    def met_by(self, value: float) -> bool:
        return value <= self.limit * (1 + 1e-12)

    def describe(self, unit: str | None = None) -> str:
        """How the target reads in a report: ``wait p90 <= 30 min`` (times in ``unit``, else the readable one)."""
        name = self.measure.replace("_", " ")
        if self.is_time:
            limit = _time_text(self.limit, unit) if unit else readable_time(self.limit)
            return f"{name} {self.statistic} <= {limit}" + (" (today's level)" if self.source == "today" else "")
        return f"{name} <= {100 * self.limit:g} %"

    def to_dict(self, unit: str = "minutes") -> dict[str, object]:
        return {"resource": self.resource, "measure": self.measure, "statistic": self.statistic,
                "limit": self.limit / MINUTES_PER[unit] if self.is_time else self.limit,
                "unit": unit if self.is_time else "share", "text": self.text or self.describe(unit),
                "source": self.source}


def _time_text(minutes: float, unit: str) -> str:
    short = {"minutes": "min", "hours": "h", "days": "d"}.get(unit, unit)
    return f"{minutes / MINUTES_PER[unit]:.4g} {short}"


def readable_time(minutes: float) -> str:
    """``95`` -> ``'95 min'``, ``300`` -> ``'5 h'``, ``4320`` -> ``'3 d'`` (the unit in which it reads best)."""
    unit = "days" if minutes >= 2 * 1440 else "hours" if minutes >= 120 else "minutes"
    return _time_text(minutes, unit)


def parse_target(text: str) -> Target:
    """Read a target such as ``"wait p90 <= 30 min"``; raise :class:`TargetError` with what was expected.

    Examples
    --------
    >>> parse_target("wait p90 <= 30 min")
    Target(measure='wait', statistic='p90', limit=30.0, resource=None, text='wait p90 <= 30 min', source='given')
    >>> parse_target("give up <= 5 %").limit
    0.05
    >>> parse_target("sickness_back_office: decision p90 <= 2 d").limit
    2880.0
    >>> parse_target("wait <= 2 hours")
    Traceback (most recent call last):
    ...
    nssf_journey.capacity.targets.TargetError: 'wait <= 2 hours': a wait needs a statistic, mean or a percentile such as p90
    """
    m = _TARGET.match(text)
    if not m:
        raise TargetError(f"'{text}': expected a target such as {SYNTAX}")
    measure = m.group("measure").replace(" ", "_").replace("giveup", "give_up").replace("utilisation", "utilization")
    stat, unit, value = m.group("stat"), m.group("unit"), float(m.group("value"))
    if measure in TIME_MEASURES:
        if stat is None:
            raise TargetError(f"'{text}': a {measure} needs a statistic, mean or a percentile such as p90")
        if stat.startswith("p") and not 1 <= int(stat[1:]) <= 99:
            raise TargetError(f"'{text}': a percentile must be from p1 to p99, got {stat}")
        if unit is None or unit == "%" or unit.lower() not in UNIT_ALIASES:
            raise TargetError(f"'{text}': a time needs a unit such as min, h or d, got {unit or 'none'}")
        limit = value * MINUTES_PER[UNIT_ALIASES[unit.lower()]]
    else:
        if stat is not None:
            raise TargetError(f"'{text}': a {measure.replace('_', ' ')} is a share: write it without '{stat}'")
        if unit not in (None, "%"):
            raise TargetError(f"'{text}': a share is written as a percentage (5 %) or a fraction (0.05), got '{unit}'")
        limit = value / 100 if unit == "%" else value
        if limit > 1:
            raise TargetError(f"'{text}': a share must be at most 100 %, got {value:g}{unit or ''}")
        stat = "share"
    return Target(measure, stat, limit, m.group("resource"), text.strip())


def todays_level(measure: str, statistic: str, value: float, resource: str) -> Target:
    """The target 'no worse than today' for one resource."""
    return Target(measure, statistic, value, resource, "", "today")


__all__ = ["MEASURES", "SYNTAX", "Target", "TargetError", "parse_target", "readable_time", "todays_level"]
