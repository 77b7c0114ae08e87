"""The journey format, version 1, as one tree of field kinds.

This module is the single description of what a journey file may contain. The loader checks files against it
and :func:`json_schema` publishes it for YAML editors; ``docs/format.md`` explains it in prose.
"""

from __future__ import annotations

from typing import Any

from .fields import (
    Boolean,
    Choice,
    ClockRange,
    DateTime,
    Date,
    Duration,
    Field,
    Integer,
    IntRange,
    LocalizedText,
    ListOf,
    MapOf,
    Number,
    OneOf,
    Record,
    Slug,
    Text,
)
from ..model import EVIDENCE_LEVELS, LANES, SOURCED_STEP_FIELDS, WAIT_REASONS, WEEKDAYS
from ..i18n import LANGUAGES, TRANSLATION_STATUSES
from ..units import TIME_UNITS

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

_is_text = lambda v: isinstance(v, str)  # noqa: E731
_is_list = lambda v: isinstance(v, list)  # noqa: E731
_is_map = lambda v: isinstance(v, dict)  # noqa: E731


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
        Field(source, doc='Where the numbers come from: a source id from data/sources.yaml or "assumption: <reason>".'),
        Field(evidence, doc="How good the numbers are: measured, reported or assumed."),
    )


STEP_SOURCE, STEP_EVIDENCE = _sourced(SOURCED_STEP_FIELDS)
JOURNEY_SOURCE, JOURNEY_EVIDENCE = _sourced(("deadline",))
SINGLE_SOURCE = Field(Text(), doc='A source id or "assumption: <reason>".')
SINGLE_EVIDENCE = Field(Choice(EVIDENCE_LEVELS))

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

ACTOR = Record(
    {
        "id": Field(Slug(), required=True),
        "name": Field(LocalizedText(), required=True),
        "lane": Field(Choice(LANES), required=True, doc="customer, frontstage, backstage or partner."),
        "role": Field(Choice(ROLES), doc="worker, employer, nssf or partner: whose guide shows this actor's steps."),
        "description": Field(LocalizedText()),
    },
    description="an actor {id, name, lane}",
)

STEP = Record(
    {
        "id": Field(Slug(), required=True, doc="Unique in the journey."),
        "name": Field(LocalizedText(), required=True),
        "actor": Field(Slug(), required=True, doc="The id of the actor who does the step."),
        "description": Field(LocalizedText()),
        "stage": Field(Text()),
        "channel": Field(Slug(), doc="in_person, bank, online, phone, paper, post, sms, mobile_app, internal, ..."),
        "duration": Field(Duration(), doc="Active (touch) time."),
        "wait": Field(Duration(), doc="Passive wait before the step starts."),
        "wait_reason": Field(Choice(WAIT_REASONS), doc="service (default), customer, or life: a wait no redesign can shorten."),
        "cost": Field(Number(minimum=0), doc="Money paid by the citizen or employer at this step, USD."),
        "emotion": Field(Integer(-2, 2), doc="How the customer feels, -2..+2."),
        "pain_points": Field(ListOf(LocalizedText())),
        "in_person": Field(Boolean(), doc="The customer must be physically present (default: channel in_person or bank)."),
        "touchpoint": Field(Boolean(), doc="A contact between the customer and the service."),
        "source": STEP_SOURCE,
        "evidence": STEP_EVIDENCE,
        "next": Field(NEXT),
        "outcome": Field(Slug(), doc="Ends the journey with this outcome."),
        "resource": Field(Slug(), doc="A resource the step queues for in queueing simulation."),
        "patience": Field(Duration(), doc="How long a case waits in the queue before it gives up."),
        "informed_by": Field(INFORMATION_SOURCE, doc="Where the customer gets information at this step (employer, friends, ...)."),
        "guide": Field(LocalizedText(), doc="Plain-language instruction for the Digital Info Pack: what to do, in the second person."),
        "where": Field(LocalizedText(), doc="Where the step happens (an office, a bank, online)."),
        "documents": Field(ListOf(LocalizedText()), doc="Documents to bring or attach."),
        "tips": Field(ListOf(LocalizedText()), doc="How to avoid what commonly goes wrong."),
    },
    description="a step mapping",
)

OUTCOME = Record(
    {
        "kind": Field(Choice(("success", "failure")), required=True),
        "name": Field(LocalizedText()),
        "description": Field(LocalizedText()),
        "guide": Field(LocalizedText(), doc="What this outcome means for the customer and what to do next."),
    },
    description="an outcome {kind, name}",
)

CALENDAR = Record(
    {
        "id": Field(Slug(), required=True),
        "name": Field(Text()),
        "open": Field(
            OneOf([(_is_text, ClockRange()), (_is_list, ListOf(ClockRange(), min_items=1))],
                  description='opening hours such as "07:30-11:30" or a list of them'),
            doc="Opening hours on open days.",
        ),
        "days": Field(ListOf(Choice(WEEKDAYS), min_items=1), doc="Open weekdays (default mon-fri)."),
        "holidays": Field(ListOf(Date()), doc="Closed dates."),
    },
    description="a calendar {id, open, days, holidays}",
)

RESOURCE = Record(
    {
        "id": Field(Slug(), required=True),
        "name": Field(Text()),
        "capacity": Field(Integer(1, 1_000_000), required=True, doc="Identical servers working in parallel."),
        "calendar": Field(Slug(), doc="The id of the calendar the resource works by."),
        "source": SINGLE_SOURCE,
        "evidence": SINGLE_EVIDENCE,
    },
    description="a resource {id, capacity}",
)

PROFILE = Record(
    {
        "hours": Field(
            MapOf(Number(minimum=0), key=IntRange(0, 24, inclusive=False, description='an hour range such as "07-11" (from 0 to 24)'))
        ),
        "weekdays": Field(MapOf(Number(minimum=0), key=Choice(WEEKDAYS))),
        "days_of_month": Field(
            MapOf(Number(minimum=0), key=IntRange(1, 31, inclusive=True, description='a day range such as "1-15" (from 1 to 31)'))
        ),
    },
    description="a profile {hours, weekdays, days_of_month}",
)

ARRIVALS = Record(
    {
        "every": Field(Duration(), required=True, doc="Time between arrivals of new cases."),
        "start": Field(DateTime(), doc="When the simulated calendar starts."),
        "profile": Field(PROFILE, doc="Multipliers of the arrival rate."),
        "source": SINGLE_SOURCE,
        "evidence": SINGLE_EVIDENCE,
    },
    description="arrivals {every, start, profile}",
)

JOURNEY = Record(
    {
        "format": Field(Integer(FORMAT_VERSION, FORMAT_VERSION), doc="The format version (1)."),
        "journey": Field(Slug(), required=True, doc="The journey's id, unique in a folder."),
        "title": Field(LocalizedText(), required=True),
        "description": Field(LocalizedText()),
        "audience": Field(Choice(("worker", "employer")), doc="Whom the journey serves: a worker or an employer."),
        "redesign_of": Field(Slug(), doc="The id of the as-is journey this one redesigns (set by extends)."),
        "summary": Field(LocalizedText(), doc="One plain-language sentence for the Digital Info Pack."),
        "eligibility": Field(LocalizedText(), doc="Who can use it, in plain language (qualifying months, age, ...)."),
        "translations": Field(MapOf(Choice(TRANSLATION_STATUSES), key=Choice(LANGUAGES[1:])),
                              doc="Review status of each translation: draft (not reviewed by a native speaker) or reviewed."),
        "persona": Field(Slug(), doc="The persona (data/personas.yaml) whose journey this is."),
        "benefit": Field(Choice(BENEFITS), doc="The benefit or scheme the journey serves."),
        "time_unit": Field(Choice(TIME_UNITS), doc="Unit of bare numbers (default minutes)."),
        "actors": Field(ListOf(ACTOR, min_items=1), required=True),
        "stages": Field(ListOf(LocalizedText()), doc="Display order of stages (steps name them in English)."),
        "start": Field(Slug(), required=True, doc="The id of the first step."),
        "steps": Field(ListOf(STEP, min_items=1), required=True),
        "outcomes": Field(MapOf(OUTCOME, key=Slug())),
        "deadline": Field(Duration(), doc="The journey should end within this time."),
        "resources": Field(ListOf(RESOURCE)),
        "calendars": Field(ListOf(CALENDAR)),
        "arrivals": Field(ARRIVALS),
        "informed_by": Field(INFORMATION_SOURCE, doc="Where the customer usually gets information (default for steps)."),
        "source": JOURNEY_SOURCE,
        "evidence": JOURNEY_EVIDENCE,
    },
    description="a journey mapping",
)


def json_schema() -> dict[str, Any]:
    """The journey format as a JSON Schema (draft 2020-12), for YAML editors.

    >>> json_schema()["else"]["required"]
    ['journey', 'title', 'actors', 'start', 'steps']
    """
    schema = JOURNEY.schema()
    required = schema.pop("required")
    step = STEP.schema()
    schema["properties"].update({
        "extends": {"type": "string", "description": "A redesign: the path of the journey file it changes."},
        "remove": {"type": "array", "items": {"type": "string"}, "description": "Steps to remove; the flow is rewired."},
        "add": {"type": "array", "items": step, "description": "Steps to add."},
        "change": {"type": "object", "additionalProperties": {"type": "object"},
                   "description": "Per step id, the keys to replace (null deletes a key)."},
        "change_resources": {"type": "object", "additionalProperties": {"type": "object"},
                             "description": "Per resource id, the keys to replace."},
        "add_actors": {"type": "array", "items": ACTOR.schema(), "description": "Actors to add."},
    })
    schema["if"] = {"required": ["extends"]}
    schema["then"] = {"required": ["journey", "extends"]}
    schema["else"] = {"required": required}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/nssf-journey/nssf-journey/docs/journey.schema.json",
        "title": "nssf-journey journey, format 1",
        "description": "A journey through a social security institution: steps, actors, durations, branches and outcomes.",
        **schema,
    }
