"""A customer guide as data: one page per journey, audience and language, before any HTML.

A guide is built by pure functions from a :class:`~nssf_journey.model.Journey`, its exact
:class:`~nssf_journey.analysis.metrics.JourneyAnalysis`, its simulated times
(:mod:`~nssf_journey.infopack.timing`), the facts of ``data/benefits.yaml`` and the words of
``data/infopack.yaml``. It speaks to the reader and never names the model: no file names, step ids, "cases" or
"model". Every number is kept exactly in :attr:`Page.numbers`, which the pack writes as JSON beside the page.

Audiences:

- ``worker``: a worker's journeys. The worker's own steps (and those the worker takes part in: a doctor's visit,
  a counter) say what to do; the steps the employer does for the worker and NSSF's back office say what others
  do for you ("Your employer hands in your claim").
- ``employer``: the employer's own journeys, and in a worker's journey only the employer's duties.

Staff guides are built by :mod:`~nssf_journey.infopack.staff_page`.

The usual way through a journey is the most likely path to a success plus its alternatives (see
:func:`usual_and_trouble_steps`), shown as steps and choices (:mod:`~nssf_journey.infopack.flow`); rework and
detours to a failure are "what often goes wrong", each with how often it happens, counted from the step where it
can start. Costs stand under the person who pays them: a step's cost is paid by whoever does it, or, at a partner
or an NSSF counter, by the journey's customer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Union

from ..analysis.metrics import JourneyAnalysis, analyze
from ..loading.data_format import AUDIENCES
from ..model import Journey, Step
from .. import words as w
from .benefits import Benefits, Fact
from .flow import Block, Choice, block_numbers, flatten, step_blocks
from .pack_data import CHANCE_PLACEHOLDER, JourneyWords, PackTexts
from .reader import (USUAL_SUCCESS_RATIO, Translator, first_sentence, has_page, journey_audience,
                     likely_success_path, payer_of, reader_cost, role_of, seen_as, usual_and_trouble_steps)
from .timing import Percentiles

__all__ = ["AUDIENCES", "PAGE_LANGUAGES", "USUAL_SUCCESS_RATIO", "ChoiceView", "Item", "JourneyFigures", "Page",
           "StepView", "anchored_chance", "build_page", "first_sentence", "has_page", "journey_audience",
           "likely_success_path", "payer_of", "reader_cost", "role_of", "seen_as", "short_file",
           "usual_and_trouble_steps", "Translator"]

PAGE_LANGUAGES: tuple[str, ...] = ("en", "km")
#: Title suffixes the pack leaves out (the models' "as-is" marker), per language.
AS_IS_SUFFIXES = {"en": " (as-is)", "km": " (ស្ថានភាពបច្ចុប្បន្ន)"}


@dataclass(frozen=True)
class JourneyFigures:
    """Everything the pack computes about one journey (minutes, US dollars, shares)."""

    journey: Journey
    analysis: JourneyAnalysis
    lead_time: Percentiles | None
    deadline_breach: float | None
    steps: dict[str, Percentiles]
    #: For steps that queue for a counter: the queue wait one customer in ten exceeds (minutes).
    queue_p90: dict[str, float] = field(default_factory=dict)
    #: The service promise: p50 and p90 of the cases that succeed, without life events and own delays.
    service: Percentiles | None = None
    #: The case clock: per step, p50 and p90 of the time from the start of a succeeding case to the step's end.
    clock: dict[str, Percentiles] = field(default_factory=dict)
    _from: dict[str, JourneyAnalysis] = field(default_factory=dict, compare=False, repr=False)

    def from_step(self, start: str) -> JourneyAnalysis:
        """The exact analysis of the journey started at step ``start`` (cached)."""
        if start not in self._from:
            self._from[start] = analyze(dataclasses.replace(self.journey, start=start))
        return self._from[start]


@dataclass(frozen=True)
class StepView:
    """One step as a guide shows it."""

    heading: str
    kind: str  # you | with | employer | worker | backstage: who does it, seen from the reader
    text: str = ""
    badge: str = ""
    where: str = ""
    documents: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    time: str = ""
    busy: str = ""
    cost: str = ""
    note: str = ""
    number: str = ""

    @property
    def compact(self) -> bool:
        return self.kind == "backstage"


@dataclass(frozen=True)
class ChoiceView:
    """Alternatives: ``label`` ("Choose one way:") and the options, each a sequence of steps and choices."""

    label: str
    options: tuple[tuple[Union[StepView, "ChoiceView"], ...], ...]
    number: str = ""


@dataclass(frozen=True)
class Item:
    """A titled paragraph with optional tips: a fact, a thing that goes wrong."""

    title: str
    text: str = ""
    tips: tuple[str, ...] = ()
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Page:
    """One customer guide, in one language, for one audience."""

    journey: str
    audience: str
    lang: str
    title: str
    summary: str
    eligibility: tuple[Item, ...]
    benefits: tuple[Item, ...]
    deadlines: tuple[Item, ...]
    promise: tuple[str, ...]
    chance: str
    steps: tuple[StepView | ChoiceView, ...]
    cost_lines: tuple[str, ...]
    goes_wrong: tuple[Item, ...]
    sources: tuple[str, ...]
    hotline: str
    draft: bool
    fallbacks: int
    institution: str = ""
    address: str = ""
    date: dt.date | None = None
    numbers: dict[str, Any] = field(default_factory=dict, compare=False)
    #: What each step the reader pays for costs ("Go back to the facility: US$2").
    cost_steps: tuple[str, ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.journey}.html"


def anchored_chance(figures: JourneyFigures, target: str, numbers: dict[str, int],
                    outcome: bool = False) -> tuple[str, float] | None:
    """``(step, probability)``: how often ``target`` (a step, or with ``outcome`` an outcome id) happens,
    counted from the earliest numbered step from which it can be reached without passing another numbered step.
    """
    journey = figures.journey
    usual = set(numbers)
    hits: list[tuple[int, str]] = []
    for sid, k in numbers.items():
        seen, stack, found = set(), [b.to for b in journey.step(sid).next], False
        while stack and not found:
            n = stack.pop()
            if n in seen or n in usual:
                continue
            seen.add(n)
            step = journey.step(n)
            found = (step.outcome == target) if outcome else (n == target)
            stack += [b.to for b in step.next]
        if found:
            hits.append((k, sid))
    if not hits:
        return None
    _, start = min(hits)
    a = figures.from_step(start)
    p = a.outcome_probabilities().get(target, 0.0) if outcome else a.step(target).reach_probability
    return start, p


def build_page(figures: JourneyFigures, benefits: Benefits, audience: str, lang: str, *,
               texts: PackTexts | None = None, source_titles: dict[str, str] | None = None,
               date: dt.date | None = None) -> Page:
    """The customer guide of one journey for ``audience`` (``worker`` or ``employer``) in ``lang``."""
    if audience == "staff":
        raise ValueError("staff guides are built by nssf_journey.infopack.staff_page.build_staff_page")
    j, a = figures.journey, figures.analysis
    t = Translator(lang)
    duties = audience == "employer" and journey_audience(j) == "worker"
    words = texts.words(j.id) if texts else JourneyWords()
    usual, trouble = usual_and_trouble_steps(j, a)
    blocks: tuple[Block, ...] = step_blocks(j, [s.id for s in usual])
    if duties:
        blocks = tuple(sid for sid in flatten(blocks) if role_of(j, j.step(sid)) == "employer")
    numbers = block_numbers(blocks)

    def view(block: Block, number: str) -> StepView | ChoiceView:
        if isinstance(block, Choice):
            first = {seen_as(j, j.step(next(flatten(o))), audience) for o in block.options}
            label = ("sometimes" if block.optional else "choose_one" if first <= {"you", "with"} else "one_of")
            return ChoiceView(w.label(label, lang), tuple(tuple(view(b, "") for b in o) for o in block.options),
                              number)
        return _step_view(j, j.step(block), figures, audience, words, t, number)

    steps = tuple(view(b, w.digits(str(i), lang)) for i, b in enumerate(blocks, start=1))

    facts = benefits.for_journey(j.id, audience)
    titles = source_titles or {}
    eligibility = ([Item(t(j.eligibility))] if j.eligibility and not duties else []) + [
        _fact_item(f, t, lang, titles) for f in facts if f.kind == "eligibility"]
    benefit_items = tuple(_fact_item(f, t, lang, titles) for f in facts if f.kind in ("benefit", "note"))
    deadline_items = [_fact_item(f, t, lang, titles) for f in facts if f.kind in ("deadline", "fine")]
    if j.deadline is not None and figures.deadline_breach is not None and audience != "worker":
        deadline_items.append(Item(w.label("deadline_missed", lang).format(
            n=w.chance(figures.deadline_breach, lang).lower() if lang == "en" else w.chance(figures.deadline_breach, lang),
            limit=w.exact_days(j.deadline, lang))))

    hotline = w.digits(benefits.hotline, lang) if benefits.hotline else ""
    promise: list[str] = []
    if figures.service is not None and not duties:
        promise.append(w.label("promise_usual", lang).format(time=w.duration(figures.service.p50, lang)))
        longest = w.label("promise_longest", lang).format(time=w.duration(figures.service.p90, lang, up=True))
        if hotline:
            longest += " " + w.label("promise_call", lang).format(number=hotline)
        promise.append(longest)
        if "without" in figures.service.method:
            promise.append(w.label("promise_left_out", lang))
    elif not duties:
        promise.append(w.label("no_promise", lang))

    chance_text, chance_p = "", None
    if words.chance is not None and not duties and words.chance.start in j.step_by_id:
        chance_p = figures.from_step(words.chance.start).success_probability
        chance_text = t(words.chance.text).replace(CHANCE_PLACEHOLDER, w.chance(chance_p, lang))

    payer = "employer" if duties else audience
    cost_lines = [w.label("no_cost", lang)]
    cost_steps = []
    for s in usual + trouble:
        if s.cost > 0 and payer_of(j, s) == payer:
            kind = seen_as(j, s, payer)
            text = t(s.guide) if kind in ("you", "with") else t(words.steps.get(s.id)) or t(s.name)
            head = first_sentence(text)[0].rstrip(".!?។៕ ")
            cost_steps.append(w.label("cost_at", lang).format(what=head, value=w.money(s.cost, lang)))
    spent = reader_cost(j, a, payer)
    if spent > 0:
        cost_lines.append(w.label("expected_cost", lang).format(value=w.money(spent, lang)))
    cost_lines += [t(f.text) + _unconfirmed(f, lang) for f in facts if f.kind == "cost"]

    goes_wrong: list[Item] = []
    chances: dict[str, Any] = {}
    preds: dict[str, set[str]] = {}
    for x in j.steps:
        for b in x.next:
            preds.setdefault(b.to, set()).add(x.id)
    item_of: dict[str, int] = {}
    for s in trouble:
        kind = seen_as(j, s, payer)
        if duties and kind != "you":
            continue
        text = t(s.guide) if kind in ("you", "with") else t(words.steps.get(s.id))
        if not text:
            continue
        tips = tuple(t(x) for x in s.tips) if kind in ("you", "with") else ()
        earlier = [item_of[x] for x in preds.get(s.id, ()) if x in item_of]
        if earlier and not preds.get(s.id, set()) & set(numbers):
            # What to do next after another thing that went wrong: part of that item, not a new one.
            k = earlier[0]
            prev = goes_wrong[k]
            goes_wrong[k] = dataclasses.replace(prev, tips=prev.tips + (text,) + tips)
            item_of[s.id] = k
            continue
        head, rest = first_sentence(text)
        anchor = anchored_chance(figures, s.id, numbers)
        note = ""
        if anchor is not None:
            note = w.label("at_step", lang).format(k=w.digits(str(numbers[anchor[0]]), lang), n=w.times(anchor[1], lang))
            chances[s.id] = {"from": anchor[0], "probability": anchor[1]}
        item_of[s.id] = len(goes_wrong)
        goes_wrong.append(Item(head, rest, tips, note))
    if not duties:
        for o in a.outcomes:
            oc = j.outcome(o.outcome)
            if oc.is_success or o.probability <= 0 or not oc.guide:
                continue
            anchor = anchored_chance(figures, o.outcome, numbers, outcome=True)
            note = ""
            if anchor is not None:
                note = w.label("at_step", lang).format(k=w.digits(str(numbers[anchor[0]]), lang),
                                                      n=w.times(anchor[1], lang))
                chances[o.outcome] = {"from": anchor[0], "probability": anchor[1]}
            goes_wrong.append(Item(t(oc.name) if oc.name else "", t(oc.guide), note=note))

    used = [f.source for f in facts] + ([benefits.hotline_source] if benefits.hotline else [])
    sources = tuple(sorted({titles.get(s.source_id or "", s.text) for s in used}))
    title = _title(t(j.title), lang)
    if duties:
        title = f"{title}: {w.label('employer_duties_title', lang)}"
    page_numbers = _numbers(figures, audience, lang, numbers, trouble, facts, chance_p, words, chances,
                            reader_cost(j, a, payer))
    return Page(
        journey=j.id, audience=audience, lang=lang, title=title,
        summary=w.label("duties_summary", lang) if duties else t(j.summary),
        eligibility=tuple(eligibility), benefits=benefit_items, deadlines=tuple(deadline_items),
        promise=tuple(promise), chance=chance_text, steps=steps, cost_lines=tuple(cost_lines),
        cost_steps=tuple(cost_steps),
        goes_wrong=tuple(goes_wrong), sources=sources, hotline=hotline,
        draft=lang != "en" and j.translations.get(lang, "draft") != "reviewed", fallbacks=t.fallbacks,
        institution=t(texts.site.institution) if texts else "",
        address=texts.site.guide_address(lang, audience, j.id) if texts else "",
        date=date, numbers=page_numbers,
    )


def _step_view(j: Journey, s: Step, figures: JourneyFigures, audience: str, words: JourneyWords, t: Translator,
               number: str) -> StepView:
    lang = t.lang
    kind = seen_as(j, s, audience)
    own = kind in ("you", "with")
    told = t(words.steps.get(s.id)) if s.id in words.steps else ""
    if own:
        text = t(s.guide) or t(s.name)
    elif told:
        text = told
    elif kind == "backstage":
        text = w.label("nssf_step", lang)
    else:
        text = t(s.name)
    heading, rest = first_sentence(text)
    badge = {"employer": "badge_employer", "worker": "badge_worker", "backstage": "badge_nssf"}.get(kind, "")
    pct = figures.steps[s.id]
    note = w.label("employer_duty", lang) if audience == "employer" and journey_audience(j) == "worker" else ""
    return StepView(
        heading=heading, kind=kind, text=rest, badge=w.label(badge, lang) if badge else "",
        where=t(s.where) if own else "",
        documents=tuple(t(d) for d in s.documents) if own else (),
        tips=tuple(t(x) for x in s.tips) if own else (),
        time=w.duration_span(pct.p50, pct.p90, lang) if pct.p90 > 0 else "",
        busy=(w.label("busy_queue", lang).format(time=w.duration(figures.queue_p90[s.id], lang))
              if s.id in figures.queue_p90 else ""),
        cost=w.money(s.cost, lang) if s.cost > 0 and payer_of(j, s) == (
            "employer" if note else audience) else "",
        note=note, number=number,
    )


def _unconfirmed(f: Fact, lang: str) -> str:
    return "" if f.confirmed else " " + w.label("not_confirmed", lang)


def _fact_item(f: Fact, t: Translator, lang: str, titles: dict[str, str]) -> Item:
    return Item(t(f.text) + _unconfirmed(f, lang), source=titles.get(f.source.source_id or "", f.source.text))


def _title(title: str, lang: str) -> str:
    suffix = AS_IS_SUFFIXES.get(lang, "")
    return title[: -len(suffix)] if suffix and title.endswith(suffix) else title


def short_file(file: str | None) -> str:
    """The journey file as ``journeys/x.yaml`` (for staff pages and JSON; never on a customer page)."""
    if not file:
        return "journeys"
    parts = file.replace("\\", "/").split("/")
    return "/".join(parts[-2:]) if len(parts) >= 2 else file


def _numbers(figures: JourneyFigures, audience: str, lang: str, numbers: dict[str, int], trouble: list[Step],
             facts: list[Fact], chance_p: float | None, words: JourneyWords, chances: dict[str, Any],
             cost: float) -> dict[str, Any]:
    """The exact figures behind a page (minutes, US dollars, shares), for its JSON file."""
    j, a = figures.journey, figures.analysis
    shown = list(numbers) + [s.id for s in trouble]
    return {
        "journey": j.id,
        "audience": audience,
        "lang": lang,
        "file": short_file(j.file),
        "unit": "minutes",
        "currency": "USD",
        "lead_time": {
            "mean": a.lead_time_mean,
            **({"p50": figures.lead_time.p50, "p90": figures.lead_time.p90, "method": figures.lead_time.method}
               if figures.lead_time else {}),
        },
        "service": figures.service.to_dict() if figures.service else None,
        "success_probability": a.success_probability,
        "chance": ({"from": words.chance.start, "success_probability": chance_p}
                   if chance_p is not None and words.chance else None),
        "goes_wrong": chances,
        "outcomes": {o.outcome: o.probability for o in a.outcomes},
        "customer_cost": a.customer_cost,
        "reader_cost": cost,
        "deadline": j.deadline,
        "deadline_breach": figures.deadline_breach,
        "step_numbers": numbers,
        "steps": {
            sid: {**figures.steps[sid].to_dict(), "mean": j.step(sid).mean_time,
                  "queue_wait_p90": figures.queue_p90.get(sid),
                  "reach_probability": a.step(sid).reach_probability,
                  "expected_visits": a.step(sid).expected_visits, "cost": j.step(sid).cost}
            for sid in shown
        },
        "facts": {f.id: {"values": f.values, "source": f.source.text, "evidence": f.source.evidence}
                  for f in facts},
    }
