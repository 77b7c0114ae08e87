"""The journey format, version 1, as one tree of field kinds.

This module is the single description of what a journey file may contain: its keys, their kinds, what they
mean and their defaults, and the keys of a redesign overlay. The loader checks files against it,
:func:`json_schema` publishes it for YAML editors, and the tables of ``docs/format.md`` are generated from it
(:mod:`.format_docs`); the prose around them explains the rest.
"""

from __future__ import annotations

from typing import Any

from .fields import (
    Boolean,
    Choice,
    Deferred,
    Derived,
    Field,
    Integer,
    LocalizedText,
    ListOf,
    MapOf,
    Nullable,
    Number,
    OneOf,
    Patch,
    Record,
    Slug,
    Text,
)
from .time_fields import ClockRange, Date, DateTime, Duration, IntRange
from ..model import EVIDENCE_LEVELS, LANES, RESOURCE_KINDS, SOURCED_STEP_FIELDS, WAIT_REASONS, WEEKDAYS
from ..i18n import LANGUAGES, TRANSLATION_STATUSES
from ..units import DEFAULT_TIME_UNIT, TIME_UNITS

FORMAT_VERSION = 1
#: Whose guide an actor's steps belong to.
ROLES: tuple[str, ...] = ("worker", "employer", "nssf", "partner")
BENEFITS: tuple[str, ...] = (
    "medical",
    "sickness",
    "maternity",
    "employment_injury",
    "invalidity",
    "survivorship",
    "pension",
    "registration",
    "contribution",
)

#: The most a step may cost, in US dollars.
MAX_COST_USD = 1e9
#: A multiplier of the arrival rate (by hour, weekday, day of the month) is at most this: beyond it cases would
#: arrive in bursts no queue is built for, and the simulated calendar would crawl.
MAX_MULTIPLIER = 1000.0
MULTIPLIER = Number(minimum=0, maximum=MAX_MULTIPLIER)

_is_text = lambda v: isinstance(v, str)  # noqa: E731
_is_list = lambda v: isinstance(v, list)  # noqa: E731
_is_map = lambda v: isinstance(v, dict)  # noqa: E731

#: How evidence defaults, shared by every sourced object (the rule itself: ``ParameterSource.of``).
EVIDENCE_DEFAULT = Derived("from `source`")


def _sourced(fields: tuple[str, ...]) -> tuple[Field, Field]:
    """``source`` and ``evidence`` for an object whose numbers are ``fields``."""
    source = OneOf(
        [
            (_is_text, Text()),
            (_is_map, Record({f: Field(Text()) for f in fields}, description="a mapping from field to source")),
        ],
        description='a source id (see data/sources.yaml) or "assumption: <reason>", or a mapping from field to source',
    )
    evidence = OneOf(
        [
            (_is_text, Choice(EVIDENCE_LEVELS)),
            (_is_map, Record({f: Field(Choice(EVIDENCE_LEVELS)) for f in fields}, description="a mapping from field to evidence")),
        ],
        description="one of " + ", ".join(EVIDENCE_LEVELS) + ", or a mapping from field to one of them",
    )
    return (
        Field(source, doc='Where the numbers come from: a source id from `data/sources.yaml` or the journey\'s '
                          '`bibliography`, or `"assumption: <reason>"`; one text, or a mapping from field to source '
                          '(see Sources).'),
        Field(evidence, doc="How good the numbers are: `measured`, `reported` or `assumed`; one word, or a mapping of "
                            "the same shape as `source`.", default=EVIDENCE_DEFAULT),
    )


STEP_SOURCE, STEP_EVIDENCE = _sourced(SOURCED_STEP_FIELDS)
JOURNEY_SOURCE, JOURNEY_EVIDENCE = _sourced(("deadline",))
SINGLE_SOURCE = Field(Text(), doc='A source id or `"assumption: <reason>"`.')
SINGLE_EVIDENCE = Field(Choice(EVIDENCE_LEVELS), doc="`measured`, `reported` or `assumed`.", default=EVIDENCE_DEFAULT)

INFORMATION_SOURCE = OneOf(
    [(_is_text, Slug()), (_is_list, ListOf(Slug(), min_items=1))],
    description="an information source id (see information_reliability in data/survey.yaml) or a list of them",
)

BRANCH = Record(
    {
        "to": Field(Slug(), required=True, doc="The id of the next step."),
        "p": Field(Number(exclusive_minimum=0, maximum=1), required=True, doc="The probability of this branch."),
        "wait": Field(Duration(), doc="Passive wait between this step and the next when the case goes this way;"
                                      " it adds to the next step's own wait."),
    },
    description="a branch {to: <step id>, p: <probability>, wait: <duration>}",
)

NEXT = OneOf(
    [(_is_text, Slug()), (_is_list, ListOf(BRANCH, min_items=1))],
    description="a step id or a list of {to: <step id>, p: <probability>}",
)

#: What a source id may look like: anything without spaces or a colon (the colon starts a source's note).
SOURCE_ID = Text("a source id (no spaces or colons)", pattern=r"^[^\s:]+$")

#: One entry of a bibliography: of ``data/sources.yaml``, and of a journey's own ``bibliography``.
SOURCE = Record(
    {
        "id": Field(SOURCE_ID, required=True, doc="The id that `source` texts cite, such as `ilo-brief-2019`."),
        "title": Field(Text(), required=True, doc="The title of the document, data set or event log."),
        "publisher": Field(Text(allow_empty=True), doc="Who published it."),
        "year": Field(Nullable(Integer(1000, 9999)), doc="The year of publication, or `null` when unknown."),
        "url": Field(Text(allow_empty=True), doc="Where to find it."),
        "notes": Field(Text(allow_empty=True), doc="What it is used for, and how far to trust it."),
    },
    description="a source {id, title, publisher, year, url, notes}",
)

ACTOR = Record(
    {
        "id": Field(Slug(), required=True, doc="A slug, unique in the journey."),
        "name": Field(LocalizedText(), required=True, doc="Who the actor is, for diagrams and guides."),
        "lane": Field(Choice(LANES), required=True,
                      doc="`customer` (the worker or employer), `frontstage` (NSSF staff the customer meets or talks "
                          "to), `backstage` (NSSF work the customer does not see) or `partner` (banks, health "
                          "facilities, the Ministry of Commerce, employers acting for a worker)."),
        "role": Field(Choice(ROLES), doc="`worker`, `employer`, `nssf` or `partner`: whose guide in the Digital Info "
                                         "Pack shows the actor's steps: `nssf` for the staff lanes, `partner` for "
                                         "partners, the journey's `audience` for customers.",
                      default=Derived("from `lane` and the journey's `audience`")),
        "description": Field(LocalizedText(), doc="A longer explanation."),
    },
    description="an actor {id, name, lane}",
)

STEP = Record(
    {
        "id": Field(Slug(), required=True, doc="A slug, unique in the journey."),
        "name": Field(LocalizedText(), required=True, doc="What happens, in a few words."),
        "actor": Field(Slug(), required=True, doc="The id of the actor who does the step."),
        "description": Field(LocalizedText(), doc="A longer explanation."),
        "stage": Field(Text(), doc="The stage the step belongs to (its English name)."),
        "channel": Field(Slug(), doc="How the step happens: `in_person`, `bank`, `online`, `phone`, `paper`, `post`, "
                                     "`sms`, `mobile_app`, `internal` or another slug."),
        "duration": Field(Duration(), doc="The active (touch) time of the step: a duration (see Durations).", default=0),
        "wait": Field(Duration(), doc="Passive waiting before the step starts (an appointment, a processing lead "
                                      "time): a duration.", default=0),
        "wait_reason": Field(Choice(WAIT_REASONS),
                             doc="Why the wait happens: `service` (waiting for NSSF, a partner or an employer), "
                                 "`customer` (the customer's own delay: not knowing, preparing) or `life` (pregnancy, "
                                 "recovery, age: no redesign can shorten it). Life waits count in the lead time but "
                                 "not among the bottlenecks to fix.", default="service"),
        "cost": Field(Number(minimum=0, maximum=MAX_COST_USD),
                      doc="Money the citizen or employer pays at this step, in US dollars (a number from 0 to "
                          "1,000,000,000).", default=0),
        "emotion": Field(Integer(-2, 2), doc="How the customer feels at this step, an integer from -2 (very bad) to "
                                             "+2 (very good)."),
        "pain_points": Field(ListOf(LocalizedText()), doc="A list of short texts."),
        "in_person": Field(Boolean(), doc="`true` when the customer must be physically present somewhere (see "
                                          "Physical presence and touchpoints).",
                           default=Derived("from `channel`")),
        "touchpoint": Field(Boolean(), doc="`true` when the customer interacts with NSSF or its partner at this step "
                                           "(see Physical presence and touchpoints).",
                            default=Derived("from the actor's `lane` and `channel`")),
        "source": STEP_SOURCE,
        "evidence": STEP_EVIDENCE,
        "next": Field(NEXT, doc="The following step: a step id, or a list of branches `{to: <step id>, p: "
                                "<probability>, wait: <duration>}` whose probabilities sum to 1; a branch's optional "
                                "`wait` is the passive time between this step and the next when the case goes that way "
                                "(see Waits that depend on where the case comes from). Loops back to earlier steps (rework) are allowed. A step has either "
                                "`next` or `outcome`."),
        "outcome": Field(Slug(), doc="A slug; the journey ends after this step with this outcome."),
        "resource": Field(Slug(), doc="The id of a resource the step queues for in queueing simulation."),
        "patience": Field(Duration(), doc="How long a case waits in that resource's queue before it gives up (outcome "
                                          "`abandoned`)."),
        "informed_by": Field(INFORMATION_SOURCE, doc="Where the customer gets information at this step (overrides the "
                                                     "journey's `informed_by`)."),
        "guide": Field(LocalizedText(), doc="Plain-language instruction for the Digital Info Pack, in the second "
                                            "person: what to do."),
        "where": Field(LocalizedText(), doc="Where the step happens: an office, a bank, a website."),
        "documents": Field(ListOf(LocalizedText()), doc="A list of documents to bring or attach."),
        "tips": Field(ListOf(LocalizedText()), doc="A list of ways to avoid what commonly goes wrong."),
        "log_activity": Field(
            OneOf([(_is_text, Text()), (_is_list, ListOf(Text(), min_items=1))],
                  description="an activity name of the event log, or a list of them"),
            doc="The activities of an event log that this step stands for: one name, or a list when several "
                "activities are one step here (see Calibration and conformance).",
            default=Derived("the step's `name`")),
    },
    description="a step mapping",
)

OUTCOME = Record(
    {
        "kind": Field(Choice(("success", "failure")), required=True, doc="`success` or `failure`."),
        "name": Field(LocalizedText(), doc="How the outcome is named in reports and guides."),
        "description": Field(LocalizedText(), doc="A longer explanation."),
        "guide": Field(LocalizedText(), doc="What this outcome means for the customer and what to do next."),
    },
    description="an outcome {kind, name}",
)

CALENDAR = Record(
    {
        "id": Field(Slug(), required=True, doc="A slug, unique in the journey."),
        "name": Field(Text(), doc="A name for reports."),
        "open": Field(
            OneOf([(_is_text, ClockRange()), (_is_list, ListOf(ClockRange(), min_items=1))],
                  description='opening hours such as "07:30-11:30" or a list of them'),
            doc='Opening hours on open days: one range such as `"07:30-11:30"` or a list of them; 24-hour clock.',
            default="00:00-24:00",
        ),
        "days": Field(ListOf(Choice(WEEKDAYS), min_items=1), doc="The open weekdays.",
                      default=["mon", "tue", "wed", "thu", "fri"]),
        "holidays": Field(ListOf(Date()), doc="Closed dates, such as `2026-01-01`."),
    },
    description="a calendar {id, open, days, holidays}",
)

RESOURCE = Record(
    {
        "id": Field(Slug(), required=True, doc="A slug, unique in the journey."),
        "name": Field(Text(), doc="A name for reports."),
        "capacity": Field(Integer(1, 1_000_000), required=True, doc="Identical servers working in parallel."),
        "calendar": Field(Slug(), doc="The id of the calendar the resource works by; without one it never closes."),
        "kind": Field(Choice(RESOURCE_KINDS), default=RESOURCE_KINDS[0],
                      doc="`counter` (customers queue in person, for minutes) or `back_office` (files wait in a "
                          "backlog for staff, for days)."),
        "source": SINGLE_SOURCE,
        "evidence": SINGLE_EVIDENCE,
    },
    description="a resource {id, capacity}",
)

PROFILE = Record(
    {
        "hours": Field(
            MapOf(MULTIPLIER, key=IntRange(0, 24, inclusive=False, description='an hour range such as "07-11" (from 0 to 24)')),
            doc='Multipliers by hour of the day: `{"07-11": 1.5}` for [from, to) hours; other hours keep 1.',
        ),
        "weekdays": Field(MapOf(MULTIPLIER, key=Choice(WEEKDAYS)),
                          doc="Multipliers by weekday: `{sat: 0, sun: 0}`; other days keep 1."),
        "days_of_month": Field(
            MapOf(MULTIPLIER, key=IntRange(1, 31, inclusive=True, description='a day range such as "1-15" (from 1 to 31)')),
            doc='Multipliers by day of the month: `{"1-15": 2.0}` for inclusive day ranges; other days keep 1.',
        ),
    },
    description="a profile {hours, weekdays, days_of_month}",
)

CASE_SPEED = Record(
    {
        "shared": Field(Number(minimum=0, maximum=1), required=True,
                        doc="How much of the variation of a case's waits is the case's own speed, from 0 (none) to "
                            "1: the correlation of any two waits of one case."),
        "carried": Field(Number(minimum=0, maximum=1), doc="How much of one wait's speed carries over to the next, "
                                                           "from 0 to 1.", default=0),
        "source": SINGLE_SOURCE,
        "evidence": SINGLE_EVIDENCE,
    },
    description="a case speed {shared, carried}",
)

EVENT_LOG = OneOf(
    [
        (_is_text, Text("the path of an event log file")),
        (_is_map, Record(
            {
                "file": Field(Text("the path of an event log file"), required=True,
                              doc="The log file (.csv, .parquet, .xes), relative to the journey file."),
                "case": Field(Text(), doc="The case id column.", default=Derived("`case:concept:name`")),
                "activity": Field(Text(), doc="The activity column.", default=Derived("`concept:name`")),
                "timestamp": Field(Text(), doc="The completion time column.", default=Derived("`time:timestamp`")),
                "start_timestamp": Field(Text(), doc="The start time column.",
                                         default=Derived("`start_timestamp` when the log has it")),
                "timestamp_format": Field(Text(), doc="A strptime format for timestamps that are not ISO 8601."),
            },
            description="an event log {file, case, activity, timestamp, start_timestamp, timestamp_format}")),
    ],
    description="the path of an event log file, or {file, case, activity, timestamp}",
)

ARRIVALS = Record(
    {
        "every": Field(Duration(positive="the time between arrivals"), required=True,
                       doc="Time between arrivals of new cases: a duration whose mean is more than 0."),
        "start": Field(DateTime(), doc="When the simulated calendar starts (a Monday).", default="2026-01-05"),
        "profile": Field(PROFILE, doc="Multipliers of the arrival rate."),
        "source": SINGLE_SOURCE,
        "evidence": SINGLE_EVIDENCE,
    },
    description="arrivals {every, start, profile}",
)

JOURNEY = Record(
    {
        "format": Field(Integer(FORMAT_VERSION, FORMAT_VERSION), doc="The format version; only `1` exists.",
                        default=FORMAT_VERSION),
        "journey": Field(Slug(), required=True, doc="The journey's id: a lowercase slug (`^[a-z][a-z0-9_]*$`), unique "
                                                    "among the journeys of a folder."),
        "title": Field(LocalizedText(), required=True, doc="A human title."),
        "description": Field(LocalizedText(), doc="A paragraph for reports."),
        "persona": Field(Slug(), doc="The id of the persona (in `data/personas.yaml`) whose journey this is."),
        "benefit": Field(Choice(BENEFITS), doc="The NSSF benefit or scheme the journey serves (`"
                                               + "`, `".join(BENEFITS) + "`); used to join survey awareness figures."),
        "time_unit": Field(Choice(TIME_UNITS), doc="The unit of bare numbers: `minutes`, `hours` or `days`.",
                           default=DEFAULT_TIME_UNIT),
        "actors": Field(ListOf(ACTOR, min_items=1, unique=("id", "actor")), required=True,
                        doc="The people and organisations who do steps (see Actors)."),
        "stages": Field(ListOf(LocalizedText()), doc="The display order of stages; when given, every step's `stage` "
                                                     "must be one of them (steps name them in English)."),
        "start": Field(Slug(), required=True, doc="The id of the first step."),
        "steps": Field(ListOf(STEP, min_items=1, unique=("id", "step")), required=True, doc="The steps (see Steps), in any order."),
        "outcomes": Field(MapOf(OUTCOME, key=Slug()),
                          doc="Declared outcomes, `{id: {kind: success|failure, name: ..., description: ...}}`."),
        "deadline": Field(Duration(), doc="A duration (for example `30 d`) within which the journey should end; "
                                          "simulation reports the probability of a breach."),
        "resources": Field(ListOf(RESOURCE, unique=("id", "resource")), doc="Servers that steps queue for, for simulation (see Queueing)."),
        "calendars": Field(ListOf(CALENDAR, unique=("id", "calendar")), doc="Opening hours and holidays for resources (see Queueing)."),
        "arrivals": Field(ARRIVALS, doc="How often new cases start, for queueing simulation (see Queueing)."),
        "informed_by": Field(INFORMATION_SOURCE,
                             doc="Where the customer usually gets information about this journey: an id from "
                                 "`information_reliability` in `data/survey.yaml` (`employer`, `friends`, `inspector`, "
                                 "`front_office`, `hotline`, `nssf_digital_info_pack`, `radio_social_media`) or a list "
                                 "of them; steps inherit it."),
        "redesign_of": Field(Slug(), doc="The id of the as-is journey this one redesigns; set automatically by "
                                         "`extends` (see Redesigns)."),
        "audience": Field(Choice(("worker", "employer")),
                          doc="Whom the journey serves: `worker` or `employer` (the Digital Info Pack's guides are per "
                              "audience)."),
        "summary": Field(LocalizedText(), doc="One plain-language sentence for the Digital Info Pack."),
        "eligibility": Field(LocalizedText(), doc="Who can use it, in plain language (qualifying months, age)."),
        "translations": Field(MapOf(Choice(TRANSLATION_STATUSES), key=Choice(LANGUAGES[1:])),
                              doc="The review status of each translation: `{km: draft}` until a native speaker has "
                                  "reviewed the Khmer text, then `{km: reviewed}`."),
        "bibliography": Field(ListOf(SOURCE, label="a list of sources {id, title, publisher, year, url, notes}",
                                     unique=("id", "source")),
                              doc="Sources of this journey's own, with the fields of `data/sources.yaml` entries; their "
                                  "ids count as known sources for this journey (an event log it was discovered from, "
                                  "a time study)."),
        "case_speed": Field(CASE_SPEED, doc="How the waits of one case go together (fast cases are fast at every "
                                            "step), for simulation; measured by `calibrate` and `discover` (see "
                                            "Calibration and conformance)."),
        "event_log": Field(EVENT_LOG, doc="The event log this journey describes, relative to the journey file: "
                                          "the report compares the journey and its simulation with it."),
        "source": JOURNEY_SOURCE,
        "evidence": JOURNEY_EVIDENCE,
    },
    description="a journey mapping",
)

#: The keys of a redesign overlay: a journey file that ``extends`` another and states only the change. Only the
#: shape of the added and changed steps is checked here; their contents are checked in the merged journey.
OVERLAY = Record(
    {
        "extends": Field(Text("the path of the journey file this redesign extends"), required=True,
                         doc="The journey file this redesign changes, relative to this file; it may itself be a "
                             "redesign. It must lie inside this file's folder, a folder given on the command line "
                             "or the project's folder (the one holding `data/`)."),
        "remove": Field(ListOf(Text("a step id"), label="a list of step ids"),
                        doc="Steps to remove; every branch into one is rewired to its own branches."),
        "add": Field(ListOf(Deferred(STEP), label="a list of steps"), doc="New steps, as in any journey."),
        "change": Field(MapOf(Patch(STEP, description="a mapping of the step's keys to replace"),
                              description="a mapping from step id to the keys to replace"),
                        doc="Per step id, the keys to replace; `null` deletes a key; `source` and `evidence` mappings "
                            "merge field by field."),
        "change_resources": Field(MapOf(Patch(RESOURCE, description="a mapping of the resource's keys to replace"),
                                        description="a mapping from resource id to the keys to replace"),
                                  doc="Per resource id, the keys to replace."),
        "add_actors": Field(ListOf(Deferred(ACTOR), label="a list of actors {id, name, lane}"), doc="Actors to add."),
    },
    description="a redesign overlay",
)


def json_schema() -> dict[str, Any]:
    """The journey format as a JSON Schema (draft 2020-12), for YAML editors.

    A file with ``extends`` is a redesign overlay: it may use the overlay's keys and needs only ``journey`` and
    ``extends``; any other file needs every required key of a journey.

    >>> json_schema()["else"]["required"]
    ['journey', 'title', 'actors', 'start', 'steps']
    """
    schema = JOURNEY.schema()
    required = schema.pop("required")
    overlay = OVERLAY.schema()
    schema["properties"].update(overlay["properties"])
    schema["if"] = {"required": ["extends"]}
    schema["then"] = {"required": ["journey", *overlay["required"]]}
    schema["else"] = {"required": required}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/nssf-journey/nssf-journey/docs/journey.schema.json",
        "title": "nssf-journey journey, format 1",
        "description": "A journey through a social security institution: steps, actors, durations, branches and outcomes.",
        **schema,
    }
