"""The files of the data folder, described like journeys: one tree of field kinds per file.

``data/`` holds the bibliography (``sources.yaml``), the personas, survey and coverage figures, the inputs of the
awareness funnel and of national savings, the cost of staff, the institution's settings, and what the Digital Info
Pack says besides the journeys (its facts, its own words, the staff guide) and its plain-language rules. Each
file is checked against its description here with the same kinds as a journey (:mod:`.fields`), so a problem in
a data file is reported like one in a journey, every problem in one pass::

    data/survey.yaml:12:12: error: awareness.sickness.value: expected a number, got 'ten'

and each description is published as a JSON Schema (``nssf-journey schema --data NAME``) for editors. Every
``source`` of a data file is a :class:`SourceText`: a source id of ``sources.yaml`` or ``"assumption: <reason>"``;
when the bibliography is known (the checker's ``known_sources``), another id is an error at its place. The readers
that turn checked values into the dataclasses others use live beside their users (:mod:`.data`,
:mod:`.institution`, :mod:`nssf_journey.analysis.funnel`, :mod:`nssf_journey.compare.scale`,
:mod:`nssf_journey.capacity.staff_costs`, :mod:`nssf_journey.infopack.benefits`,
:mod:`nssf_journey.infopack.pack_data`, :mod:`nssf_journey.infopack.staff_data`,
:mod:`nssf_journey.infopack.check`); they all read through :func:`.data.read_data`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..i18n import LANGUAGES, TRANSLATION_STATUSES
from ..model import EVIDENCE_LEVELS, ParameterSource
from ..targets import TargetError, service_standard
from .fields import (
    INVALID,
    Anything,
    Checker,
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
    describe_value,
    did_you_mean,
)
from .format import BENEFITS, EVIDENCE_DEFAULT, SOURCE
from .problems import Path

#: The bibliography of a data folder, which the ``source`` of every other data file cites.
SOURCES_FILE = "sources.yaml"
#: What a fact of ``benefits.yaml`` is about.
FACT_KINDS: tuple[str, ...] = ("benefit", "eligibility", "deadline", "fine", "cost", "contact", "note")
#: The readers the Digital Info Pack writes for: whose pages show a fact, whose guides the pack makes.
AUDIENCES: tuple[str, ...] = ("worker", "employer", "staff")
#: The readers of the public guides (the staff read their own guide).
PUBLIC_AUDIENCES: tuple[str, ...] = AUDIENCES[:2]
#: Where the chance goes in a chance sentence of ``infopack.yaml`` ("{n} claims are paid").
CHANCE_PLACEHOLDER = "{n}"


class SourceText(Kind):
    """Where a number or a statement of a data file comes from: a source id of ``sources.yaml`` (``id`` or
    ``id: note``) or ``"assumption: <reason>"`` (with a reason).

    When the checker knows the bibliography (:attr:`~.fields.Checker.known_sources`), an id it does not list is an
    error at the source's place, with the closest id as a suggestion. The checked value is the text, stripped.

    >>> from nssf_journey.loading.yaml_source import parse_yaml
    >>> ck = Checker(parse_yaml("source: ilo-brif-2019", "x.yaml"), known_sources=frozenset({"ilo-brief-2019"}))
    >>> SourceText().check("ilo-brif-2019", ("source",), ck)
    INVALID
    >>> print(ck.problems[0])
    x.yaml:1:9: error: source: unknown source id 'ilo-brif-2019'; did you mean 'ilo-brief-2019'? (not in sources.yaml)
    """

    description = 'a source id (see sources.yaml) or "assumption: <reason>"'

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, str) or not value.strip():
            return self.expected(value, path, ck)
        text = value.strip()
        source = ParameterSource.of("source", text)
        if source.is_assumption:
            if not text.partition(":")[2].strip():
                ck.error(path, f'expected "assumption: <reason>" with a reason, got {describe_value(value)}')
                return INVALID
            return text
        known = ck.source_ids()
        if known is not None and source.source_id not in known:
            ck.error(path, f"unknown source id '{source.source_id}'{did_you_mean(source.source_id or '', sorted(known))}"
                           f" (not in {SOURCES_FILE})")
            return INVALID
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


SOURCE_TEXT = SourceText()
_SOURCE_DOC = 'A source id from `sources.yaml`, optionally with `": note"`, or `"assumption: <reason>"`.'
_EVIDENCE_DOC = "`measured`, `reported` or `assumed`."
#: The review status of each translation of a file's texts (``{km: draft}``), as in a journey.
TRANSLATIONS = MapOf(Choice(TRANSLATION_STATUSES), key=Choice(LANGUAGES[1:]),
                     description="a mapping from a language to its review status, e.g. {km: draft}")
_TRANSLATIONS_DOC = "The review status of each translation (`draft` or `reviewed`), as in a journey: `{km: draft}`."

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
        "audience": Field(ListOf(Choice(AUDIENCES)), doc="Whose pages show it.", default=list(AUDIENCES)),
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
        "translations": Field(TRANSLATIONS, doc=_TRANSLATIONS_DOC),
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


class StandardTarget(Kind):
    """A resource's service standard in the target syntax of ``nssf-journey capacity --target``
    (:mod:`nssf_journey.targets`); the resource is the key the standard is written under (the first part of its
    path), and the standard may not name another."""

    description = 'a target such as "wait p90 <= 30 min" or "decision p90 <= 2 working days"'

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, str) or not value.strip():
            return self.expected(value, path, ck)
        try:
            service_standard(value, str(path[0]), "", "assumed")
        except TargetError as exc:
            ck.error(path, str(exc))
            return INVALID
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


SERVICE_STANDARD = Record(
    {
        "target": Field(StandardTarget(), required=True,
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

_ADDRESS = re.compile(r"^https?://[^\s/]+(/[^\s]*)?/$")


class Address(Kind):
    """An http(s) address that ends in ``/`` (the Info Pack's guides are published below it)."""

    description = "an address such as https://www.nssf.gov.kh/infopack/ (ending in /)"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, str) or not _ADDRESS.match(value.strip()):
            return self.expected(value, path, ck)
        return value.strip()

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _ADDRESS.pattern}


class ChanceText(LocalizedText):
    """A localized text in which every language says :data:`CHANCE_PLACEHOLDER` (``{n}``) once."""

    description = "text with {n} where the chance goes (or {en: ..., km: ...}, each with {n})"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        text = super().check(value, path, ck)
        if text is INVALID:
            return INVALID
        for lang in LANGUAGES:
            if text.has(lang) and text.in_language(lang).count(CHANCE_PLACEHOLDER) != 1:
                where = path + (lang,) if isinstance(value, dict) else path
                ck.error(where, f"expected the text to say {CHANCE_PLACEHOLDER} once, where the chance goes")
                return INVALID
        return text


SITE = Record(
    {
        "institution": Field(LocalizedText(), required=True, doc="The institution's name, on every page and leaflet."),
        "short_name": Field(LocalizedText(), required=True, doc="Its short name (NSSF)."),
        "guides_online": Field(Address(), required=True,
                               doc="Where the guides are published; each leaflet's QR code points at its guide below "
                                   "it: `<guides_online><lang>/<audience>/<journey>.html`."),
        "source": Field(SOURCE_TEXT, required=True, doc="Where the address comes from: " + _SOURCE_DOC[:1].lower()
                        + _SOURCE_DOC[1:]),
    },
    description="the site {institution, short_name, guides_online, source}",
)

SITUATION = Record(
    {
        "audience": Field(Choice(PUBLIC_AUDIENCES), required=True, doc="Whose situation it is: `worker` or `employer`."),
        "journey": Field(Slug(), required=True, doc="The journey whose guide the situation opens."),
        "text": Field(LocalizedText(), required=True, doc="The situation in the reader's words: \"I am sick\"."),
    },
    description="a situation {audience, journey, text}",
)

CHANCE = Record(
    {
        "from": Field(Slug(), required=True, doc="The step from which the chance is counted."),
        "text": Field(ChanceText(), required=True,
                      doc="The sentence, with `{n}` where the chance goes (\"About 9 in 10\"), in every language."),
    },
    description="a chance {from: <step id>, text: ...{n}...}",
)

JOURNEY_WORDS = Record(
    {
        "chance": Field(CHANCE, doc="The sentence that says the reader's chances."),
        "steps": Field(MapOf(LocalizedText(), key=Slug()),
                       doc="What the reader is told about a step somebody else does for them, by step id."),
    },
    description="a journey's words {chance, steps}",
)

PACK_TEXTS = Record(
    {
        "translations": Field(TRANSLATIONS, doc=_TRANSLATIONS_DOC),
        "site": Field(SITE, required=True, doc="The institution and where the guides are published online."),
        "situations": Field(ListOf(SITUATION, min_items=1), required=True,
                            doc="The life events of the home page, in the order they are shown; each opens a guide."),
        "journeys": Field(MapOf(JOURNEY_WORDS, key=Slug()), doc="Per journey id, its words in the pack."),
    },
    description="the Info Pack's settings {site, situations, journeys}",
)

STAFF_LINE = Record(
    {
        "text": Field(LocalizedText(), required=True, doc="The line, in English and Khmer."),
        "source": Field(SOURCE_TEXT, required=True, doc=_SOURCE_DOC),
    },
    description="a line {text, source}",
)

RETURN_REASON = Record(
    {
        "at": Field(Slug(), required=True, doc="The step or outcome of the journey where the case comes back or ends."),
        "text": Field(LocalizedText(), required=True, doc="The reason, in English and Khmer."),
        "source": Field(SOURCE_TEXT, required=True, doc=_SOURCE_DOC),
    },
    description="a reason {at, text, source}",
)

ESCALATION = Record(
    {
        "when": Field(LocalizedText(), required=True,
                      doc="When to escalate; `{longest}` becomes the service standard's longest time."),
        "to": Field(LocalizedText(), required=True, doc="To whom."),
        "source": Field(SOURCE_TEXT, required=True, doc=_SOURCE_DOC),
    },
    description="an escalation rule {when, to, source}",
)

STAFF_JOURNEY = Record(
    {
        "counter": Field(ListOf(Slug()), doc="The steps at which the customer's file reaches an NSSF counter; the "
                                             "documents they list start the counter checklist."),
        "checklist": Field(ListOf(STAFF_LINE), doc="Further things to check at the counter, in order."),
        "returns": Field(ListOf(RETURN_REASON), doc="Reasons a case comes back or is rejected."),
        "script": Field(ListOf(STAFF_LINE), doc="What to tell the customer: a few short sentences."),
        "escalate": Field(ListOf(ESCALATION), doc="When to escalate a case and to whom."),
    },
    description="a journey's staff guide {counter, checklist, returns, script, escalate}",
)

STAFF_GUIDE = Record(
    {
        "translations": Field(TRANSLATIONS, doc=_TRANSLATIONS_DOC),
        "journeys": Field(MapOf(STAFF_JOURNEY, key=Slug()), required=True, doc="Per journey id, its staff guide."),
    },
    description="the staff guide {translations, journeys}",
)

CURRENCY = Record(
    {
        "code": Field(Text(), required=True, doc="The ISO 4217 code, e.g. `USD` or `KHR`."),
        "symbol": Field(Text(), required=True, doc="Written before amounts, e.g. `US$` or `៛`."),
        "per_usd": Field(Number(exclusive_minimum=0), required=True, doc="Units of this currency in one US dollar."),
        "source": Field(SOURCE_TEXT, required=True, doc="Where the rate comes from: " + _SOURCE_DOC[:1].lower()
                        + _SOURCE_DOC[1:]),
    },
    description="a currency {code, symbol, per_usd, source}",
)

INSTITUTION = Record(
    {
        "name": Field(LocalizedText(), required=True, doc="The institution's full name."),
        "short_name": Field(LocalizedText(), required=True, doc="What people call it, e.g. NSSF."),
        "country": Field(LocalizedText(), doc="Where it works."),
        "served": Field(LocalizedText(), doc="Who makes its journeys, e.g. `workers and employers`."),
        "currency": Field(CURRENCY, doc="How reports show money (inside the toolkit it is US dollars)."),
    },
    description="institution settings {name, short_name, country, served, currency}",
)


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
        DataFile("infopack", "infopack.yaml", PACK_TEXTS, "The Info Pack's own words: where its guides are online, "
                 "the situations of its home page, and what a reader is told about the steps others do."),
        DataFile("staff_guide", "staff_guide.yaml", STAFF_GUIDE, "The staff guide of the Info Pack: counter "
                 "checklists, reasons cases come back, what to say, when to escalate."),
        DataFile("institution", "institution.yaml", INSTITUTION, "Whose journeys these are: the institution's name, "
                 "the people it serves and the currency reports show money in."),
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
