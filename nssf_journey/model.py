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
from .units import DEFAULT_TIME_UNIT

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
#: What a resource is: a ``counter`` where customers queue in person (waits of minutes), or a ``back_office`` where
#: files wait in a backlog for staff who decide them (waits of days). Capacity planning models them differently.
RESOURCE_KINDS: tuple[str, ...] = ("counter", "back_office")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Where a simulated calendar starts when a journey does not say: a Monday.
DEFAULT_CALENDAR_START = dt.datetime(2026, 1, 5)


#: Whose guide shows the steps of an actor on a staff or partner lane (customers: the journey's audience).
_LANE_ROLES: dict[str, str] = {"frontstage": "nssf", "backstage": "nssf", "partner": "partner"}


def default_role(lane: str, audience: str | None) -> str | None:
    """The role of an actor that declares none: NSSF for the staff lanes, partner for partners, and the journey's
    audience for customers.

    >>> default_role("backstage", "worker"), default_role("customer", "employer")
    ('nssf', 'employer')
    """
    return _LANE_ROLES.get(lane, audience)


def default_in_person(channel: str | None) -> bool:
    """Whether a step on ``channel`` needs the customer to be present, when the step does not say.

    >>> default_in_person("bank"), default_in_person("online"), default_in_person(None)
    (True, False, False)
    """
    return channel in IN_PERSON_CHANNELS


def default_touchpoint(lane: str, channel: str | None) -> bool:
    """Whether a step is a contact between the customer and the service, when the step does not say: every step of
    a frontstage or partner actor; a customer's own step on any channel but paper, internal or none; never a
    backstage step.

    >>> default_touchpoint("partner", None), default_touchpoint("customer", "paper"), default_touchpoint("customer", "sms")
    (True, False, True)
    """
    if lane in ("frontstage", "partner"):
        return True
    if lane == "customer":
        return channel is not None and channel not in NON_CONTACT_CHANNELS
    return False


@dataclass(frozen=True)
class Actor:
    """Somebody who does steps: a customer, NSSF front or back office, or a partner."""

    id: str
    name: str
    lane: Lane
    description: str = ""
    role: str | None = None


@dataclass(frozen=True)
class Source:
    """One entry of a bibliography: ``data/sources.yaml``, or a journey's own ``bibliography``."""

    id: str
    title: str
    publisher: str = ""
    year: int | None = None
    url: str = ""
    notes: str = ""


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

    @classmethod
    def of(cls, field: str, text: str, evidence: str | None = None) -> "ParameterSource":
        """The source of ``field``; without ``evidence``, ``assumed`` for an assumption and ``reported`` otherwise.

        >>> ParameterSource.of("wait", "assumption: not measured").evidence
        'assumed'
        >>> ParameterSource.of("wait", "ilo-brief-2019").evidence
        'reported'
        """
        if evidence is None:
            evidence = "assumed" if cls(field, text, "assumed").is_assumption else "reported"
        return cls(field, text, evidence)  # type: ignore[arg-type]

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
    #: The activities of an event log this step stands for (empty: matched by its name, see ``log_activities``).
    log_activity: tuple[str, ...] = ()
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
    """A server with ``capacity`` identical units that steps queue for (FIFO); ``kind`` is one of
    :data:`RESOURCE_KINDS`."""

    id: str
    capacity: int
    name: str = ""
    calendar: str | None = None
    source: ParameterSource | None = None
    kind: str = "counter"


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
class CaseSpeed:
    """How the waits of one case go together: fast cases are fast at every step.

    Each wait of a case is drawn at the quantile ``Phi(z)`` of its own distribution, where the normal score ``z``
    of the k-th wait is ``sqrt(shared) * Z + sqrt(1 - shared) * A_k``: ``Z`` is the case's own speed, drawn once,
    and ``A_k = carried * A_(k-1) + sqrt(1 - carried**2) * e_k`` carries part of one wait's speed to the next.
    Waits k apart then correlate (in normal scores) by ``shared + (1 - shared) * carried ** k``. Every wait keeps
    its distribution, so every mean stays as it is; only how waits combine in a case changes.
    """

    shared: float = 0.0
    carried: float = 0.0
    source: ParameterSource | None = None

    @property
    def is_independent(self) -> bool:
        return self.shared == 0 and self.carried == 0

    def correlation(self, lag: int) -> float:
        """The correlation (of normal scores) of two waits of a case ``lag`` waits apart.

        >>> CaseSpeed(0.1, 0.5).correlation(1), CaseSpeed(0.1, 0.5).correlation(2)
        (0.55, 0.325)
        """
        return self.shared + (1 - self.shared) * self.carried ** lag


@dataclass(frozen=True)
class LogReference:
    """The event log a journey describes: a file (relative to the journey file) and its column names."""

    file: str
    case: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    start_timestamp: str | None = None
    timestamp_format: str | None = None

    def path(self, journey_file: str | None) -> str:
        """The log's path, resolved against the folder of ``journey_file``."""
        import os

        if journey_file is None or os.path.isabs(self.file):
            return self.file
        return os.path.normpath(os.path.join(os.path.dirname(journey_file), self.file))

    def read_options(self) -> dict[str, str]:
        """The column names given, as keywords of :func:`~nssf_journey.eventlog.read_log`."""
        names = ("case", "activity", "timestamp", "start_timestamp", "timestamp_format")
        return {k: getattr(self, k) for k in names if getattr(self, k)}


@dataclass(frozen=True)
class Journey:
    """A validated journey. Build one with :func:`nssf_journey.load_journey` or :func:`parse_journey`."""

    id: str
    title: str
    actors: tuple[Actor, ...]
    start: str
    steps: tuple[Step, ...]
    time_unit: str = DEFAULT_TIME_UNIT
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
    bibliography: tuple[Source, ...] = ()
    case_speed: CaseSpeed | None = None
    event_log: LogReference | None = None
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

    @property
    def has_counter_queues(self) -> bool:
        """Whether customers stand in a queue: the journey has ``arrivals`` and a step that uses a ``counter``.

        A back office's backlog is not a queue the customer stands in, and a claim reaches it months after it
        starts: capacity planning models it (:mod:`nssf_journey.capacity`); the report's queue figures, the
        paired queueing comparison, the Info Pack's queue times and the default simulation mode are about counters.
        """
        return self.arrivals is not None and any(
            s.resource and self.resource_by_id[s.resource].kind == "counter" for s in self.steps)

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
        if self.case_speed and self.case_speed.source:
            out.append(("case_speed", self.case_speed.source))
        return out

    def log_activities(self, step: Step) -> tuple[str, ...]:
        """The activities of an event log that ``step`` stands for: its ``log_activity``, else its (English) name."""
        return step.log_activity or (str(step.name),)
