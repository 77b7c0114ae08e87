"""Service targets that staffing must meet, and how they are written.

A target bounds one measure of a resource's queue from above:

- ``wait mean <= 10 min``, ``wait p90 <= 30 min``: the time customers queue at a counter **while it is open** (the
  mean, or the time that nine in ten do not exceed; any percentile ``p1``..``p99``);
- ``decision p90 <= 2 working days``, ``decision mean <= 4 h``: for a back office, the **working time** a file waits
  in the backlog before an officer takes it up;
- ``give up <= 5 %``: the share of customers who leave a counter's queue unserved after it could have served
  them (those who arrive while it is closed and leave before it opens are counted apart: opening hours, not
  staff, decide them);
- ``utilization <= 85 %``: the share of their open hours that servers are busy.

Waits are in working time of the resource's calendar (:mod:`nssf_journey.capacity.working_time`): that is what
staff can shorten. A wait in minutes or hours is open minutes or hours; a wait in days must say ``working days`` (a working day is
the calendar's open hours of one day, 7 h at NSSF). ``elapsed wait ...`` and ``elapsed decision ...`` bound the
clock time instead, closed hours included (``elapsed decision p90 <= 7 d``); opening hours put a floor under
those that no staffing can lower, and capacity planning refuses a target below it.

A target applies to every resource it makes sense for (``wait`` and ``give up`` to counters, ``decision`` to back
offices, ``utilization`` to both), or to one resource when prefixed with its id: ``payslip_counter: wait p90 <= 20
min``. Shares take a ``%`` or a fraction. Where no target is given for a resource, its service standard
(``data/staffing.yaml``) applies, and without one today's level (:func:`todays_level`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from .units import MINUTES_PER, UNIT_ALIASES, time_out_of_bounds

#: Measures a target can bound, and the resource kinds they apply to when no resource is named.
MEASURES: dict[str, tuple[str, ...]] = {
    "wait": ("counter",),
    "decision": ("back_office",),
    "give_up": ("counter",),
    "utilization": ("counter", "back_office"),
}
TIME_MEASURES = ("wait", "decision")
#: Where a target comes from: written by the user, a service standard of the data folder, or today's level.
SOURCES = ("given", "standard", "today")
SYNTAX = ('"wait mean <= 10 min", "wait p90 <= 30 min", "give up <= 5 %", "utilization <= 85 %", '
          '"decision p90 <= 2 working days" or "elapsed decision p90 <= 7 d", optionally after "resource_id:"')
WORKING_DAYS = ("working days", "working day", "working_days", "wd")

_TARGET = re.compile(
    r"^\s*(?:(?P<resource>[a-z][a-z0-9_]*)\s*:\s*)?"
    r"(?:(?P<elapsed>elapsed)\s+)?"
    r"(?P<measure>wait|decision|give[ _]?up|utili[sz]ation)"
    r"(?:\s+(?P<stat>mean|p\d{1,2}))?"
    r"\s*(?:<=|=<|≤)\s*"
    r"(?P<value>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>%|[A-Za-z]+(?:[ _][A-Za-z]+)?)?\s*$", re.IGNORECASE)


class TargetError(ValueError):
    """A target that cannot be understood; the message says what was expected."""


@dataclass(frozen=True)
class Target:
    """``measure`` (``wait``, ``decision``, ``give_up``, ``utilization``) at ``statistic`` (``mean`` or ``pNN``;
    ``share`` for shares) must stay at or below ``limit``, for ``resource`` or, when it is None, for every resource
    the measure applies to.

    ``limit`` is minutes for times (of working time, or of clock time when ``elapsed``) and a fraction for
    shares. A limit written in working days keeps them in ``working_days``; its minutes depend on the resource's
    calendar and are set by :meth:`bound` (``limit`` is NaN until then). ``source`` says where the limit comes
    from (:data:`SOURCES`); a service standard names its own source in ``cites`` and ``evidence``.
    """

    measure: str
    statistic: str
    limit: float
    resource: str | None = None
    text: str = ""
    source: str = "given"
    elapsed: bool = False
    working_days: float | None = None
    cites: str = ""
    evidence: str = ""

    @property
    def is_time(self) -> bool:
        return self.measure in TIME_MEASURES

    @property
    def quantile(self) -> float | None:
        """0.9 for ``p90``; None for a mean or a share."""
        return int(self.statistic[1:]) / 100 if self.statistic.startswith("p") else None

    @property
    def clock(self) -> str | None:
        """``"working"`` or ``"elapsed"`` for a time, None for a share."""
        return ("elapsed" if self.elapsed else "working") if self.is_time else None

    def applies_to(self, resource_id: str, kind: str) -> bool:
        if self.resource is not None:
            return self.resource == resource_id
        return kind in MEASURES[self.measure]

    def bound(self, working_day: float) -> "Target":
        """The target for a resource whose working day has ``working_day`` open minutes (limits in working days
        become minutes).

        >>> parse_target("decision p90 <= 2 working days").bound(420.0).limit
        840.0
        """
        if self.working_days is None:
            return self
        return replace(self, limit=self.working_days * working_day)

    def met_by(self, value: float) -> bool:
        if math.isnan(self.limit):
            raise ValueError(f"target '{self.describe()}' is in working days: bind it to a resource's calendar first")
        return value <= self.limit * (1 + 1e-12)

    def describe(self, unit: str | None = None, tagged: bool = True) -> str:
        """The target in its own syntax: ``wait p90 <= 30 min`` (times in ``unit``, else the readable one;
        working days as such), with ``tagged``, ``(today's level)`` or ``(service standard)`` after it."""
        name = self.measure.replace("_", " ")
        if self.is_time:
            if self.working_days is not None:
                limit = f"{self.working_days:g} working day{'s' if self.working_days != 1 else ''}"
            else:
                limit = _time_text(self.limit, unit) if unit else readable_time(self.limit)
            text = f"{'elapsed ' if self.elapsed else ''}{name} {self.statistic} <= {limit}"
        else:
            text = f"{name} <= {100 * self.limit:g} %"
        if not tagged:
            return text
        return text + {"today": " (today's level)", "standard": " (service standard)"}.get(self.source, "")

    def in_words(self, working_day: float | None = None) -> str:
        """The target as a director reads it: ``nine in ten customers queue at most 30 min while the counter is
        open``.

        >>> parse_target("decision p90 <= 2 working days").in_words()
        'nine in ten files are taken up within 2 working days'
        >>> parse_target("give up <= 5 %").in_words()
        'at most 5 % of customers give up in the queue while the counter is open'
        """
        if not self.is_time:
            if self.measure == "give_up":
                return f"at most {100 * self.limit:g} % of customers give up in the queue while the counter is open"
            return f"staff are busy at most {100 * self.limit:g} % of their open hours"
        if self.working_days is not None:
            limit = f"{self.working_days:g} working day{'s' if self.working_days != 1 else ''}"
        else:
            limit = shown_time(self.limit, None if self.elapsed else working_day)
        who = "files" if self.measure == "decision" else "customers"
        share = _share_words(self.quantile)
        clock = (" counting the hours it is closed" if self.elapsed else
                 "" if self.measure == "decision" else " while the counter is open")
        if self.measure == "decision":
            if share is None:
                return f"files are taken up within {limit}{clock} on average"
            return f"{share} files are taken up within {limit}{clock}"
        if share is None:
            return f"customers queue {limit} on average{clock}"
        return f"{share} {who} queue at most {limit}{clock}"

    def to_dict(self, unit: str = "minutes", working_day: float | None = None) -> dict[str, object]:
        """The target as data: ``limit`` in ``unit`` (a working-time limit in working days of ``working_day`` open
        minutes when ``unit`` is days), ``clock`` (``working``, ``elapsed`` or None for a share)."""
        limit: float | None = self.limit
        shown_unit = unit if self.is_time else "share"
        if self.is_time:
            if unit == "days" and not self.elapsed:
                shown_unit = "working days"
                limit = self.working_days if working_day is None else self.limit / working_day
            else:
                limit = self.limit / MINUTES_PER[unit]
            if limit is not None and math.isnan(limit):
                limit = None  # in working days, not yet bound to a calendar
        out: dict[str, object] = {
            "resource": self.resource, "measure": self.measure, "statistic": self.statistic, "clock": self.clock,
            "limit": limit, "unit": shown_unit, "working_days": self.working_days,
            "text": self.text or self.describe(unit), "source": self.source,
        }
        if self.source == "standard":
            out.update({"cites": self.cites, "evidence": self.evidence})
        return out


def _share_words(q: float | None) -> str | None:
    if q is None:
        return None
    words = {0.5: "half of the", 0.75: "three in four", 0.8: "four in five", 0.9: "nine in ten", 0.95: "19 in 20",
             0.99: "99 in 100"}
    return words.get(q, f"{100 * q:g} % of")


def _time_text(minutes: float, unit: str) -> str:
    short = {"minutes": "min", "hours": "h", "days": "d"}.get(unit, unit)
    return f"{minutes / MINUTES_PER[unit]:.3g} {short}"


def readable_time(minutes: float) -> str:
    """``95`` -> ``'95 min'``, ``300`` -> ``'5 h'``, ``4320`` -> ``'3 d'`` (the unit in which it reads best)."""
    unit = "days" if minutes >= 2 * 1440 else "hours" if minutes >= 120 else "minutes"
    return _time_text(minutes, unit)


def shown_time(minutes: float, working_day: float | None = None) -> str:
    """A wait as it reads best: in working days (of ``working_day`` open minutes) from one working day on when it
    is working time, else as :func:`readable_time`.

    >>> shown_time(45), shown_time(300, 420.0), shown_time(840, 420.0), shown_time(4320)
    ('45 min', '5 h', '2 working days', '3 d')
    """
    if not math.isfinite(minutes):
        return "endless"
    if working_day is not None and minutes >= working_day:
        days = minutes / working_day
        return f"{days:.3g} working day{'s' if f'{days:.3g}' != '1' else ''}"
    return readable_time(minutes)


def parse_target(text: str) -> Target:
    """Read a target such as ``"wait p90 <= 30 min"``; raise :class:`TargetError` with what was expected.

    Examples
    --------
    >>> t = parse_target("wait p90 <= 30 min")
    >>> t.measure, t.statistic, t.limit, t.clock
    ('wait', 'p90', 30.0, 'working')
    >>> parse_target("give up <= 5 %").limit
    0.05
    >>> parse_target("sickness_claims_office: decision p90 <= 2 working days").working_days
    2.0
    >>> parse_target("elapsed decision p90 <= 7 d").limit
    10080.0
    >>> parse_target("decision p90 <= 3 d")
    Traceback (most recent call last):
    ...
    nssf_journey.targets.TargetError: 'decision p90 <= 3 d': a decision is counted in working time (the hours the resource is open): write '3 working days', or 'elapsed decision p90 <= 3 d' for calendar days
    """
    m = _TARGET.match(text)
    if not m:
        raise TargetError(f"'{text}': expected a target such as {SYNTAX}")
    measure = m.group("measure").lower().replace(" ", "_").replace("giveup", "give_up").replace(
        "utilisation", "utilization")
    stat, unit, value = m.group("stat"), m.group("unit"), float(m.group("value"))
    stat = stat.lower() if stat else None
    elapsed = m.group("elapsed") is not None
    working_days = None
    if measure in TIME_MEASURES:
        if stat is None:
            raise TargetError(f"'{text}': a {measure} needs a statistic, mean or a percentile such as p90")
        if stat.startswith("p") and not 1 <= int(stat[1:]) <= 99:
            raise TargetError(f"'{text}': a percentile must be from p1 to p99, got {stat}")
        if unit is not None and unit.lower().replace("_", " ") in WORKING_DAYS:
            if elapsed:
                raise TargetError(f"'{text}': working days count open hours only, and 'elapsed' counts the clock: "
                                  f"write calendar days ('{value:g} d') or drop 'elapsed'")
            working_days, limit = value, math.nan
        elif unit is None or unit == "%" or unit.lower() not in UNIT_ALIASES:
            raise TargetError(f"'{text}': a time needs a unit such as min, h or working days, got {unit or 'none'}")
        else:
            named = UNIT_ALIASES[unit.lower()]
            if named in ("days", "weeks") and not elapsed:
                rest = text.strip()
                rest = rest[rest.index(m.group("measure")):]
                raise TargetError(f"'{text}': a {measure} is counted in working time (the hours the resource is "
                                  f"open): write '{value * MINUTES_PER[named] / 1440:g} working days', or 'elapsed "
                                  f"{rest}' for calendar days")
            limit = value * MINUTES_PER[named]
    else:
        if elapsed:
            raise TargetError(f"'{text}': 'elapsed' applies to a wait or a decision, not to a share")
        if stat is not None:
            raise TargetError(f"'{text}': a {measure.replace('_', ' ')} is a share: write it without '{stat}'")
        if unit not in (None, "%"):
            raise TargetError(f"'{text}': a share is written as a percentage (5 %) or a fraction (0.05), got '{unit}'")
        limit = value / 100 if unit == "%" else value
        if limit > 1:
            raise TargetError(f"'{text}': a share must be at most 100 %, got {value:g}{unit or ''}")
        stat = "share"
    if stat != "share":  # the bounds of every time in the toolkit's inputs; a working day is bounded like a day
        why = time_out_of_bounds(limit, "minutes") if working_days is None else time_out_of_bounds(working_days, "days")
        if why is not None:
            raise TargetError(f"'{text}': {why}")
    return Target(measure, stat, limit, m.group("resource"), text.strip(), elapsed=elapsed, working_days=working_days)


def service_standard(text: str, resource: str, cites: str, evidence: str) -> Target:
    """A resource's service standard from the data folder: ``text`` in target syntax (without a resource prefix,
    or with ``resource``'s own), with the source it cites. Raises :class:`TargetError`.

    >>> t = service_standard("decision p90 <= 2 working days", "sickness_claims_office", "assumption: x", "assumed")
    >>> t.describe(), t.resource
    ('decision p90 <= 2 working days (service standard)', 'sickness_claims_office')
    """
    t = parse_target(text)
    if t.resource not in (None, resource):
        raise TargetError(f"'{text}': a standard of '{resource}' cannot name another resource ('{t.resource}')")
    return replace(t, resource=resource, source="standard", cites=cites, evidence=evidence)


def todays_level(measure: str, statistic: str, value: float, resource: str) -> Target:
    """The target 'no worse than today' for one resource (``value`` in minutes of working time for a wait)."""
    return Target(measure, statistic, value, resource, "", "today")


__all__ = ["MEASURES", "SOURCES", "SYNTAX", "Target", "TargetError", "parse_target", "readable_time",
           "service_standard", "shown_time", "todays_level"]
