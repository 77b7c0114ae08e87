"""The journey model: actors, steps, branches and outcomes, as immutable values.

A :class:`Journey` is what a journey file means once it has been validated: every duration is a
:class:`~nssf_journey.distributions.Distribution` in minutes, every reference resolves, every branching sums
to 1, and an outcome can be reached from every step. Analysis and simulation take a ``Journey`` and never
modify it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Mapping

from .distributions import ZERO, Distribution, Fixed

Lane = Literal["customer", "frontstage", "backstage", "partner"]
LANES: tuple[str, ...] = ("customer", "frontstage", "backstage", "partner")
Evidence = Literal["measured", "reported", "assumed"]
EVIDENCE_LEVELS: tuple[str, ...] = ("measured", "reported", "assumed")
OutcomeKind = Literal["success", "failure"]

#: Step fields that hold numbers, each of which should name its source.
SOURCED_STEP_FIELDS: tuple[str, ...] = ("duration", "wait", "cost", "emotion", "next", "patience")
#: Channels at which the customer is physically present unless a step says otherwise.
IN_PERSON_CHANNELS: frozenset[str] = frozenset({"in_person", "bank"})
#: Channels on which a customer's own step is not a contact with the service.
NON_CONTACT_CHANNELS: frozenset[str] = frozenset({"paper", "internal"})
#: Why a step's wait happens: the service (NSSF, a partner, an employer), the customer (not knowing, preparing),
#: or life (pregnancy, recovery, age), which no redesign can shorten.
WAIT_REASONS: tuple[str, ...] = ("service", "customer", "life")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Where a simulated calendar starts when a journey does not say: a Monday.
DEFAULT_CALENDAR_START = dt.datetime(2026, 1, 5)


@dataclass(frozen=True)
class Actor:
    """Somebody who does steps: a customer, NSSF front or back office, or a partner."""

    id: str
    name: str
    lane: Lane
    description: str = ""
    role: str | None = None


@dataclass(frozen=True)
class Branch:
    """One possible next step, taken with probability ``p``.

    ``wait`` is the passive time between the two steps when the case goes this way (minutes): the wait before a
    step can depend on where the case comes from. It adds to the next step's own ``wait``.
    """

    to: str
    p: float
    wait: Distribution = ZERO

    @property
    def has_wait(self) -> bool:
        return not (type(self.wait) is Fixed and self.wait.value == 0)


@dataclass(frozen=True)
class ParameterSource:
    """Where one number of a journey comes from."""

    field: str
    text: str
    evidence: Evidence

    @property
    def is_assumption(self) -> bool:
        return self.text.strip().lower().startswith("assumption")

    @property
    def source_id(self) -> str | None:
        """The source id before any ``: note``; ``None`` for an assumption."""
        if self.is_assumption:
            return None
        return self.text.split(":", 1)[0].strip()


@dataclass(frozen=True)
class Step:
    """One step of a journey. Durations are in minutes, money in US dollars."""

    id: str
    name: str
    actor: str
    stage: str | None = None
    channel: str | None = None
    duration: Distribution = ZERO
    wait: Distribution = ZERO
    wait_reason: str = "service"
    cost: float = 0.0
    emotion: int | None = None
    pain_points: tuple[str, ...] = ()
    in_person: bool = False
    touchpoint: bool = False
    next: tuple[Branch, ...] = ()
    outcome: str | None = None
    resource: str | None = None
    patience: Distribution | None = None
    description: str = ""
    sources: tuple[ParameterSource, ...] = ()
    informed_by: tuple[str, ...] = ()
    guide: str = ""
    where: str = ""
    documents: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    line: int = 0

    @property
    def is_terminal(self) -> bool:
        return self.outcome is not None

    @property
    def mean_time(self) -> float:
        """Mean minutes the step takes from the moment it is reached: wait plus active time."""
        return self.wait.mean + self.duration.mean


@dataclass(frozen=True)
class Outcome:
    """How a journey can end."""

    id: str
    kind: OutcomeKind
    name: str = ""
    description: str = ""
    guide: str = ""

    @property
    def is_success(self) -> bool:
        return self.kind == "success"


def default_outcome_kind(outcome_id: str) -> OutcomeKind:
    """The kind of an undeclared outcome: success for ``success`` and ``success_*``.

    >>> default_outcome_kind("success_online"), default_outcome_kind("rejected")
    ('success', 'failure')
    """
    return "success" if outcome_id == "success" or outcome_id.startswith("success_") else "failure"


@dataclass(frozen=True)
class Calendar:
    """When a resource serves: opening periods (minutes after midnight), open weekdays (0 = Monday), holidays."""

    id: str
    open: tuple[tuple[float, float], ...] = ((0.0, 1440.0),)
    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    holidays: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Resource:
    """A server with ``capacity`` identical units that steps queue for (FIFO)."""

    id: str
    capacity: int
    name: str = ""
    calendar: str | None = None
    source: ParameterSource | None = None


@dataclass(frozen=True)
class ArrivalProfile:
    """Multipliers of the arrival rate by hour of day (24), weekday (7, Monday first) and day of month (31)."""

    hours: tuple[float, ...] = (1.0,) * 24
    weekdays: tuple[float, ...] = (1.0,) * 7
    days_of_month: tuple[float, ...] = (1.0,) * 31

    @property
    def is_flat(self) -> bool:
        return all(v == 1.0 for v in self.hours + self.weekdays + self.days_of_month)


@dataclass(frozen=True)
class Arrivals:
    """How often new cases start: inter-arrival times, a calendar start and a rate profile."""

    every: Distribution
    start: dt.datetime = DEFAULT_CALENDAR_START
    profile: ArrivalProfile = field(default_factory=ArrivalProfile)
    source: ParameterSource | None = None


@dataclass(frozen=True)
class Journey:
    """A validated journey. Build one with :func:`nssf_journey.load_journey` or :func:`parse_journey`."""

    id: str
    title: str
    actors: tuple[Actor, ...]
    start: str
    steps: tuple[Step, ...]
    time_unit: str = "minutes"
    stages: tuple[str, ...] = ()
    outcomes: Mapping[str, Outcome] = field(default_factory=dict)
    description: str = ""
    persona: str | None = None
    benefit: str | None = None
    deadline: float | None = None
    resources: tuple[Resource, ...] = ()
    calendars: tuple[Calendar, ...] = ()
    arrivals: Arrivals | None = None
    sources: tuple[ParameterSource, ...] = ()
    informed_by: tuple[str, ...] = ()
    audience: str | None = None
    redesign_of: str | None = None
    summary: str = ""
    eligibility: str = ""
    translations: Mapping[str, str] = field(default_factory=dict)
    file: str | None = None

    @cached_property
    def step_by_id(self) -> dict[str, Step]:
        return {s.id: s for s in self.steps}

    @cached_property
    def actor_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    @cached_property
    def resource_by_id(self) -> dict[str, Resource]:
        return {r.id: r for r in self.resources}

    @cached_property
    def calendar_by_id(self) -> dict[str, Calendar]:
        return {c.id: c for c in self.calendars}

    def step(self, step_id: str) -> Step:
        return self.step_by_id[step_id]

    def actor_of(self, step: Step) -> Actor:
        return self.actor_by_id[step.actor]

    def outcome(self, outcome_id: str) -> Outcome:
        return self.outcomes.get(outcome_id) or Outcome(outcome_id, default_outcome_kind(outcome_id))

    @property
    def has_branch_waits(self) -> bool:
        """Whether any branch carries its own wait."""
        return any(b.has_wait for s in self.steps for b in s.next)

    @property
    def has_queues(self) -> bool:
        """Whether cases compete for capacity: the journey has ``arrivals`` and a step that uses a resource."""
        return self.arrivals is not None and any(s.resource for s in self.steps)

    @cached_property
    def outcome_ids(self) -> tuple[str, ...]:
        """Outcomes in the order their steps appear in the file."""
        seen: dict[str, None] = {}
        for s in self.steps:
            if s.outcome is not None:
                seen.setdefault(s.outcome, None)
        return tuple(seen)

    def parameter_sources(self) -> list[tuple[str, ParameterSource]]:
        """Every sourced number of the journey as ``(where, source)``, ``where`` like ``steps.pay.duration``."""
        out: list[tuple[str, ParameterSource]] = [(f"journey.{s.field}", s) for s in self.sources]
        for step in self.steps:
            out.extend((f"steps.{step.id}.{s.field}", s) for s in step.sources)
        for res in self.resources:
            if res.source:
                out.append((f"resources.{res.id}.capacity", res.source))
        if self.arrivals and self.arrivals.source:
            out.append(("arrivals.every", self.arrivals.source))
        return out
