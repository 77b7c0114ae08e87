"""The files of the data folder, described like journeys: one tree of field kinds per file.

``data/`` holds the bibliography (``sources.yaml``), the personas, survey and coverage figures, the inputs of the
awareness funnel and of national savings, the facts of the Digital Info Pack and its plain-language rules. Each
file is checked against its description here with the same kinds as a journey (:mod:`.fields`), so a problem in
a data file is reported like one in a journey, every problem in one pass::

    data/survey.yaml:12:12: error: awareness.sickness.value: expected a number, got 'ten'

and each description is published as a JSON Schema (``nssf-journey schema --data NAME``) for editors. The
readers that turn checked values into the dataclasses others use live beside their users
(:mod:`.data`, :mod:`nssf_journey.analysis.funnel`, :mod:`nssf_journey.compare.scale`,
:mod:`nssf_journey.infopack.benefits`, :mod:`nssf_journey.infopack.check`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import LANGUAGES, TRANSLATION_STATUSES
from ..model import EVIDENCE_LEVELS
from .fields import (
    Anything,
    Choice,
    Field,
    Integer,
    Kind,
    ListOf,
    LocalizedText,
    MapOf,
    Nullable,
    Number,
    Record,
    Slug,
    Text,
)
from .format import BENEFITS, EVIDENCE_DEFAULT, SOURCE

#: What a fact of ``benefits.yaml`` is about.
FACT_KINDS: tuple[str, ...] = ("benefit", "eligibility", "deadline", "fine", "cost", "contact", "note")
#: Whose pages of the Digital Info Pack show a fact.
FACT_AUDIENCES: tuple[str, ...] = ("worker", "employer", "staff")

SOURCE_TEXT = Text('a source id (see sources.yaml) or "assumption: <reason>"')
_SOURCE_DOC = 'A source id from `sources.yaml`, optionally with `": note"`, or `"assumption: <reason>"`.'
_EVIDENCE_DOC = "`measured`, `reported` or `assumed`."

FIGURE = Record(
    {
        "value": Field(Number(), required=True, doc="The figure; shares are fractions from 0 to 1."),
        "unit": Field(Text(), doc="What the value counts, such as `share_of_workers` or `workers`."),
        "year": Field(Nullable(Integer(1900, 2100)), doc="The reference year of the figure, or `null` when assumed."),
        "source": Field(SOURCE_TEXT, required=True, doc=_SOURCE_DOC),
        "evidence": Field(Choice(EVIDENCE_LEVELS), doc=_EVIDENCE_DOC, default=EVIDENCE_DEFAULT),
        "notes": Field(Text(allow_empty=True), doc="How the figure was read or derived."),
    },
    description="a figure {value, unit, year, source, evidence}",
)

SECTION = MapOf(FIGURE, key=Slug(), description="a mapping from a figure's name to the figure")

SURVEY = MapOf(SECTION, key=Slug(),
               description="sections of figures, e.g. awareness: {sickness: {value: 0.34, ...}}")

FUNNEL = Record(
    {
        "take_up": Field(
            Record({"claim_if_aware": Field(FIGURE, required=True,
                                            doc="The share of aware members in need who start a claim.")},
                   description="take_up {claim_if_aware}"),
            required=True, doc="How many aware members in need start a claim.",
        ),
        "need_per_member_year": Field(
            MapOf(FIGURE, key=Choice(BENEFITS), description="a mapping from a benefit to a figure"),
            required=True, doc="Per benefit, how often a registered member needs it in a year.",
        ),
    },
    description="the funnel's inputs {take_up, need_per_member_year}",
)

SCALE_ENTRY = Record(
    {
        "cases_per_year": Field(FIGURE, required=True, doc="How many cases of the journey happen in a year."),
        "per_customer_per_year": Field(FIGURE, required=True,
                                       doc="How many cases one employer or worker makes in a year."),
    },
    description="a journey's scale {cases_per_year, per_customer_per_year}",
)

SCALE = MapOf(SCALE_ENTRY, key=Slug(), description="a mapping from an as-is journey's id to its scale")

INFORMATION_SOURCE = Record(
    {
        "source": Field(Slug(), required=True, doc="Where the persona learned about NSSF."),
        "note": Field(Text(), doc="What the brief says about it."),
        "survey_share": Field(Number(minimum=0, maximum=1), doc="The survey's share of all workers for this source."),
    },
    description="an information source {source, note, survey_share}",
)

PERSONA = Record(
    {
        "id": Field(Slug(), required=True, doc="The id that a journey's `persona` names."),
        "name": Field(Text(), required=True, doc="The persona's name."),
        "role": Field(Choice(("worker", "employer")), required=True, doc="`worker` or `employer`."),
        "age": Field(Nullable(Integer(0, 150)), doc="Age in years, or `null`."),
        "occupation": Field(Nullable(Text()), doc="What the persona does for a living."),
        "employer_size": Field(Nullable(Integer(0, 10_000_000)), doc="Workers of the employer."),
        "income_usd_month": Field(Nullable(Number(minimum=0)), doc="Income, US dollars a month."),
        "languages": Field(ListOf(Slug()), doc="Languages the persona speaks: `khmer`, `english`, ..."),
        "literacy": Field(Nullable(Text()), doc="What the persona reads and writes."),
        "education": Field(Nullable(Text()), doc="The highest schooling."),
        "family": Field(Nullable(Text()), doc="Household and children."),
        "channels": Field(ListOf(Slug()), doc="The channels the persona uses: `in_person`, `bank`, `employer`, ..."),
        "information_sources": Field(ListOf(INFORMATION_SOURCE), doc="Where the persona learned about NSSF."),
        "survey_context": Field(MapOf(Anything()), doc="Survey figures to read the persona beside."),
        "needs": Field(ListOf(Text()), doc="What the persona needs from NSSF, one text each."),
        "behaviours": Field(ListOf(Text()), doc="How the persona acts, one text each."),
        "story": Field(Text(), doc="The persona's story, as the source tells it."),
        "quote": Field(Nullable(Text()), doc="The persona's words, or `null` when the source gives none."),
        "source": Field(SOURCE_TEXT, doc=_SOURCE_DOC),
        "notes": Field(MapOf(Text()), doc="Per key, what the source does not say."),
        "assumptions": Field(MapOf(Text()), doc='Per key, `"assumption: <reason>"` for a value the source does not give.'),
    },
    description="a persona {id, name, role}",
    extra=Anything(),
)

HOTLINE = Record(
    {
        "number": Field(Text(), required=True, doc='The phone number, in quotes: `"1286"`.'),
        "source": Field(SOURCE_TEXT, required=True, doc=_SOURCE_DOC),
        "evidence": Field(Choice(EVIDENCE_LEVELS), doc=_EVIDENCE_DOC, default=EVIDENCE_DEFAULT),
    },
    description='a hotline {number: "1286", source, evidence}',
)

FACT = Record(
    {
        "id": Field(Slug(), required=True, doc="A slug, unique in the file."),
        "kind": Field(Choice(FACT_KINDS), required=True, doc="`" + "`, `".join(FACT_KINDS) + "`."),
        "journeys": Field(ListOf(Slug()), required=True, doc="The journeys whose pages show the fact."),
        "audience": Field(ListOf(Choice(FACT_AUDIENCES)), doc="Whose pages show it.", default=list(FACT_AUDIENCES)),
        "text": Field(LocalizedText(), required=True,
                      doc="The fact in plain language, second person; every number of `values` appears in `en`."),
        "values": Field(MapOf(Number()), doc="The numbers the text states, for checks: `{name: number}`."),
        "source": Field(SOURCE_TEXT, required=True, doc=_SOURCE_DOC),
        "evidence": Field(Choice(EVIDENCE_LEVELS), doc="`reported` (a source says so) or `assumed` (not confirmed; "
                                                       "the pack marks it).", default=EVIDENCE_DEFAULT),
    },
    description="a fact {id, kind, journeys, text, source}",
)

BENEFIT_FACTS = Record(
    {
        "translations": Field(MapOf(Choice(TRANSLATION_STATUSES), key=Choice(LANGUAGES[1:])),
                              doc="The review status of each translation, as in a journey."),
        "hotline": Field(HOTLINE, required=True, doc="The NSSF hotline."),
        "facts": Field(ListOf(FACT, label="a list of facts", unique=("id", "fact")), required=True, doc="The facts, in the order pages show them."),
    },
    description="a mapping with 'hotline' and 'facts'",
)

PLAIN_LANGUAGE = Record(
    {
        "max_sentence_words": Field(Integer(1, 1000), required=True, doc="No sentence longer than this."),
        "max_average_words": Field(Number(exclusive_minimum=0), required=True,
                                   doc="Words per sentence, averaged over one text."),
        "min_reading_ease": Field(Number(), required=True,
                                  doc="Flesch reading ease of a file's guide text taken together."),
        "long_word_letters": Field(Integer(1, 100), required=True,
                                   doc="Words this long are flagged unless allowed."),
        "allowed_terms": Field(ListOf(Text()), doc="Words the pack may use although they are technical."),
        "jargon": Field(MapOf(Text()), doc="Jargon and what to say instead."),
    },
    description="plain-language rules {max_sentence_words, max_average_words, min_reading_ease, long_word_letters}",
)


SERVICE_STANDARD = Record(
    {
        "target": Field(Text(), required=True,
                        doc='The standard in the syntax of `nssf-journey capacity --target`, such as '
                            '`"decision p90 <= 2 working days"` or `"wait p90 <= 30 min"` (waits in working time).'),
        "source": Field(SOURCE_TEXT, required=True, doc=_SOURCE_DOC),
        "evidence": Field(Choice(EVIDENCE_LEVELS), doc=_EVIDENCE_DOC, default=EVIDENCE_DEFAULT),
    },
    description="a service standard {target, source, evidence}",
)

STAFF_COST = Record(
    {
        "role": Field(Text(), required=True, doc="Who one server is: a counter clerk, a claims officer."),
        "monthly_cost": Field(Number(exclusive_minimum=0), required=True,
                              doc="US dollars a month for one server: salary, allowances, a share of the workplace."),
        "source": Field(SOURCE_TEXT, required=True, doc=_SOURCE_DOC),
        "evidence": Field(Choice(EVIDENCE_LEVELS), doc=_EVIDENCE_DOC, default=EVIDENCE_DEFAULT),
        "standards": Field(ListOf(SERVICE_STANDARD, label="a list of service standards {target, source}"),
                           doc="The service standards capacity planning keeps when no target is given, each with "
                               "its source."),
    },
    description="a staff cost {role, monthly_cost, source, evidence, standards}",
)
STAFFING = MapOf(STAFF_COST, key=Slug(), description="a mapping from resource id to its staff cost")


@dataclass(frozen=True)
class DataFile:
    """One file of the data folder: its name, its description and what it is for."""

    name: str
    file: str
    kind: Kind
    title: str


DATA_FILES: dict[str, DataFile] = {
    f.name: f
    for f in (
        DataFile("sources", "sources.yaml", ListOf(SOURCE, label="a list of sources {id, title, publisher, year, url}",
                                                   unique=("id", "source")),
                 "The bibliography: every source that a number cites."),
        DataFile("personas", "personas.yaml", ListOf(PERSONA, label="a list of personas {id, name, role}",
                                                     unique=("id", "persona")),
                 "The people whose journeys are modelled."),
        DataFile("survey", "survey.yaml", SURVEY, "Survey, coverage and service figures, in sections."),
        DataFile("funnel", "funnel.yaml", FUNNEL, "Inputs of the awareness funnel beyond the survey."),
        DataFile("scale", "scale.yaml", SCALE, "How often each as-is journey happens, for national savings."),
        DataFile("benefits", "benefits.yaml", BENEFIT_FACTS, "The facts the Digital Info Pack shows beside a journey."),
        DataFile("plain_language", "plain_language.yaml", PLAIN_LANGUAGE, "Plain-language rules of the Info Pack."),
        DataFile("staffing", "staffing.yaml", STAFFING, "What one more server of each resource costs a month, and its "
                 "service standards, for capacity planning."),
    )
}


def data_json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the data file ``name`` (a key of :data:`DATA_FILES`), for editors.

    >>> data_json_schema("sources")["items"]["required"]
    ['id', 'title']
    """
    spec = DATA_FILES[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://github.com/nssf-journey/nssf-journey/docs/{name}.schema.json",
        "title": f"nssf-journey data/{spec.file}",
        "description": spec.title,
        **spec.kind.schema(),
    }
