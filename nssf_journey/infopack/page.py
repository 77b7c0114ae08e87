"""The Digital Info Pack as data: one page per journey, audience and language, before any HTML.

A page is built by pure functions from a :class:`~nssf_journey.model.Journey`, its exact
:class:`~nssf_journey.analysis.metrics.JourneyAnalysis`, the journey's time percentiles
(:mod:`~nssf_journey.infopack.timing`) and the facts of ``data/benefits.yaml``. Every text on a page is already
in the page's language (English when a translation is missing, and the page counts those); every number is
kept exactly in :attr:`Page.numbers`, which the pack writes as JSON beside the page so that tests and readers
can compare it with the analysis.

Audiences:

- ``worker``: a worker's journeys, step by step, with what the employer must do for the worker; NSSF's back
  office appears only as a wait;
- ``employer``: the employer's own journeys, and in the workers' journeys the employer's duties, deadlines and
  fines;
- ``staff``: every journey and every step, back office included, with common questions drawn from the pain
  points, the rework loops and the failure outcomes of the model.

Steps are split into the usual way through the journey and "what often goes wrong": a step is on the usual way
when it lies on the most likely path, or when it does not sit on a rework loop and at least half the journeys
that reach it end well nearly as often as all journeys do (at least :data:`USUAL_SUCCESS_RATIO` of the journey's
success probability); the others (rework, rejections, detours) are what goes wrong.

Journey titles end in "(as-is)" in the models (they describe the service as it is today, as opposed to a
redesign); the pack, which is about today's service anyway, leaves that suffix out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import has_language, in_language
from ..analysis.metrics import JourneyAnalysis, most_likely_path
from ..model import Journey, Step
from . import words as w
from .benefits import Benefits, Fact
from .timing import Percentiles

AUDIENCES: tuple[str, ...] = ("worker", "employer", "staff")
PAGE_LANGUAGES: tuple[str, ...] = ("en", "km")
#: A step off the most likely path is on the usual way only if journeys that reach it succeed at least this
#: share as often as journeys in general.
USUAL_SUCCESS_RATIO = 0.75
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


@dataclass(frozen=True)
class StepView:
    """One step as a page shows it."""

    step: str
    who: str
    kind: str  # you | employer | worker | nssf | backstage | partner
    name: str
    guide: str = ""
    where: str = ""
    documents: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    time: str = ""
    busy: str = ""  # the queue at busy times, for a step that queues for a counter
    cost: str = ""
    note: str = ""
    compact: bool = False


@dataclass(frozen=True)
class Item:
    """A titled paragraph with optional tips: a fact, a thing that goes wrong, a question."""

    title: str
    text: str = ""
    tips: tuple[str, ...] = ()
    note: str = ""
    failure: bool = False


@dataclass(frozen=True)
class Page:
    """One page of the pack, in one language, for one audience."""

    journey: str
    audience: str
    lang: str
    title: str
    summary: str
    eligibility: tuple[Item, ...]
    benefits: tuple[Item, ...]
    deadlines: tuple[Item, ...]
    time_lines: tuple[str, ...]
    steps: tuple[StepView, ...]
    cost_lines: tuple[str, ...]
    goes_wrong: tuple[Item, ...]
    outcomes: tuple[Item, ...]
    questions: tuple[Item, ...]
    sources: tuple[str, ...]
    hotline: str
    draft: bool
    fallbacks: int
    model_note: str
    numbers: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def file_name(self) -> str:
        return f"{self.journey}.html"


def journey_audience(journey: Journey) -> str:
    """Whom the journey serves: its ``audience``, else the role of its customer actors, else ``worker``."""
    if journey.audience:
        return journey.audience
    roles = {a.role for a in journey.actors if a.lane == "customer" and a.role}
    return "employer" if roles == {"employer"} else "worker"


def has_page(journey: Journey, audience: str) -> bool:
    """Does ``audience`` get a page for ``journey``?"""
    own = journey_audience(journey)
    if audience == "staff" or audience == own:
        return True
    if audience == "employer":  # a worker's journey: the employer's duties in it
        return any(_role(journey, s) == "employer" for s in journey.steps)
    return False


def likely_success_path(journey: Journey) -> list[str]:
    """The most likely path from ``start`` to a success outcome; ``[]`` if none."""
    return most_likely_path(journey, success_only=True)[0]


def usual_and_trouble_steps(journey: Journey, analysis: JourneyAnalysis) -> tuple[list[Step], list[Step]]:
    """Non-terminal steps split into the usual way through the journey and what goes wrong.

    The usual way is the most likely path to a success, plus the alternatives to it: a step off that path is an
    alternative when, without going back to the path at or before the point where it left it, it leads on to a
    later step of the path or to a success, and journeys that reach it succeed at least
    :data:`USUAL_SUCCESS_RATIO` times as often as journeys in general. Everything else (rework that goes back,
    detours to a failure) is what goes wrong. The usual steps are in stage order, then file order; the others
    in file order.
    """
    path = likely_success_path(journey) or list(analysis.most_likely_path)
    pos = {sid: i for i, sid in enumerate(path)}
    succ = {s.id: [b.to for b in s.next] for s in journey.steps}
    success_ends = {s.id for s in journey.steps if s.is_terminal and journey.outcome(s.outcome).is_success}
    entry: dict[str, int] = {}
    for sid in path:  # in path order, so each off-path step gets the earliest point it can be left from
        stack = [w for w in succ[sid] if w not in pos]
        while stack:
            n = stack.pop()
            if n not in entry:
                entry[n] = pos[sid]
                stack += [w for w in succ[n] if w not in pos]

    def moves_on(start: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            for w in succ[n]:
                if w in pos:
                    if pos[w] > entry.get(start, len(path)):
                        return True
                elif w in success_ends:
                    return True
                else:
                    stack.append(w)
        return False

    usual, trouble = [], []
    for s in journey.steps:
        if s.is_terminal:
            continue
        ok = analysis.step(s.id).success_probability >= USUAL_SUCCESS_RATIO * analysis.success_probability
        (usual if s.id in pos or (ok and moves_on(s.id)) else trouble).append(s)
    order = {st: i for i, st in enumerate(journey.stages)}
    usual.sort(key=lambda s: order.get(s.stage or "", len(order)))  # stable: file order within a stage
    return usual, trouble


def build_page(figures: JourneyFigures, benefits: Benefits, audience: str, lang: str, *,
               source_titles: dict[str, str] | None = None) -> Page:
    """The page of one journey for ``audience`` in ``lang``.

    ``source_titles`` maps source ids (``data/sources.yaml``) to titles, which the page shows instead of ids.
    """
    j, a = figures.journey, figures.analysis
    t = _Translator(lang)
    own = journey_audience(j)
    duties = audience == "employer" and own == "worker"
    perspective = None if audience == "staff" else audience
    usual, trouble = usual_and_trouble_steps(j, a)

    def shown(s: Step) -> bool:
        return not duties or _role(j, s) == "employer"

    steps = tuple(_step_view(j, s, figures, perspective, audience, t) for s in usual if shown(s))
    facts = benefits.for_journey(j.id, audience)
    eligibility = [Item(t(j.eligibility))] if j.eligibility else []
    titles = source_titles or {}
    eligibility += [_fact_item(f, t, lang, titles) for f in facts if f.kind == "eligibility"]
    benefit_items = tuple(_fact_item(f, t, lang, titles) for f in facts if f.kind in ("benefit", "note"))
    deadline_items = [_fact_item(f, t, lang, titles) for f in facts if f.kind in ("deadline", "fine")]
    if j.deadline is not None and figures.deadline_breach is not None and audience != "worker":
        deadline_items.append(Item(w.label("deadline_missed", lang).format(
            n=w.in_100(figures.deadline_breach, lang), limit=w.exact_days(j.deadline, lang))))

    time_lines = []
    if figures.lead_time is not None:
        time_lines.append(w.label("total_time", lang).format(
            range=w.duration_range(figures.lead_time.p50, figures.lead_time.p90, lang)))
    else:
        time_lines.append(w.label("mean_time", lang).format(value=w.duration(a.lead_time_mean, lang)))
        time_lines.append(w.label("no_simulation", lang))
    time_lines.append(w.label("success_chance", lang).format(n=w.in_100(a.success_probability, lang)))

    cost_lines = [w.label("no_cost", lang)]
    cost_steps = [s for s in usual + trouble if s.cost > 0 and shown(s)]
    if a.customer_cost > 0 and not duties:
        cost_lines.append(w.label("expected_cost", lang).format(value=w.money(a.customer_cost, lang)))
    for s in cost_steps:
        cost_lines.append(w.label("cost_at_step", lang).format(step=t(s.name), value=w.money(s.cost, lang)))
    cost_lines += [t(f.text) + _unconfirmed(f, lang) for f in facts if f.kind == "cost"]

    goes_wrong = []
    for s in trouble:
        if not shown(s):
            continue
        m = a.step(s.id)
        who = _who(j, s, perspective, lang, t)
        role = _role(j, s)
        hidden = perspective is not None and role != perspective and role in ("worker", "employer")
        text = t(s.guide) if s.guide and not hidden else ""
        if audience == "staff" and s.description:
            text = (text + " " if text else "") + t(s.description)
        goes_wrong.append(Item(f"{t(s.name)} ({who})", text, () if hidden else tuple(t(x) for x in s.tips),
                               w.label("step_reach", lang).format(n=w.in_100(m.reach_probability, lang))))
    outcomes = []
    for o in a.outcomes:
        oc = j.outcome(o.outcome)
        name = t(oc.name) if oc.name else o.outcome.replace("_", " ")
        text = t(oc.guide) if oc.guide else (t(oc.description) if oc.description and audience == "staff" else "")
        outcomes.append(Item(name, text if oc.is_success else "", note=w.in_100(o.probability, lang),
                             failure=not oc.is_success))
        if not oc.is_success and o.probability > 0 and not duties:
            goes_wrong.append(Item(w.label("failure", lang).format(n=w.in_100(o.probability, lang), outcome=name),
                                   text))

    questions: list[Item] = []
    if audience == "staff":
        for s in trouble:
            answer = t(s.guide) or t(s.description)
            if answer or s.tips:
                questions.append(Item(w.label("question_loop", lang).format(step=t(s.name)), answer,
                                      tuple(t(x) for x in s.tips)))
        for o in a.outcomes:
            oc = j.outcome(o.outcome)
            if not oc.is_success and o.probability > 0:
                questions.append(Item(w.label("question_failure", lang).format(
                    outcome=t(oc.name) if oc.name else o.outcome), t(oc.guide) or t(oc.description)))
        for s in j.steps:
            for p in s.pain_points:
                questions.append(Item(w.label("question_pain", lang).format(text=t(p)), note=t(s.name)))

    used = [f.source for f in facts] + ([benefits.hotline_source] if benefits.hotline else [])
    sources = sorted({titles.get(s.source_id or "", s.text) for s in used})
    draft = lang != "en" and j.translations.get(lang, "draft") != "reviewed"
    numbers = _numbers(figures, audience, lang, steps, trouble, facts)
    return Page(
        journey=j.id, audience=audience, lang=lang,
        title=_title(t(j.title), lang) if not duties else
        f"{_title(t(j.title), lang)}: {w.label('employer_duties_title', lang)}",
        summary=w.label("duties_summary", lang) if duties else (t(j.summary) if j.summary else ""),
        eligibility=tuple(eligibility), benefits=benefit_items, deadlines=tuple(deadline_items),
        time_lines=tuple(time_lines), steps=steps, cost_lines=tuple(cost_lines), goes_wrong=tuple(goes_wrong),
        outcomes=tuple(outcomes), questions=tuple(questions), sources=tuple(sources),
        hotline=w.label("hotline", lang).format(number=w.digits(benefits.hotline, lang)) if benefits.hotline else "",
        draft=draft, fallbacks=t.fallbacks,
        model_note=w.label("model_note", lang).format(file=_short_file(j.file)),
        numbers=numbers,
    )


class _Translator:
    """Texts in the page's language; counts the texts shown in English for want of a translation."""

    def __init__(self, lang: str):
        self.lang = lang
        self.fallbacks = 0

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        if not has_language(text, self.lang):
            self.fallbacks += 1
        return in_language(text, self.lang)


def _role(journey: Journey, step: Step) -> str:
    actor = journey.actor_by_id.get(step.actor)
    return (actor.role if actor else None) or "nssf"


def _who(journey: Journey, step: Step, perspective: str | None, lang: str, t: _Translator) -> str:
    role = _role(journey, step)
    actor = journey.actor_by_id.get(step.actor)
    if perspective is not None:
        if role == perspective:
            return w.label("role_you", lang)
        if role == "employer":
            return w.label("role_your_employer", lang)
        if role == "worker":
            return w.label("role_your_worker", lang)
        if role == "nssf":
            return w.label("role_nssf", lang)
    if role in ("worker", "employer") and perspective is None:
        return w.label(f"role_{role}", lang)
    return t(actor.name) if actor else step.actor


def _step_view(j: Journey, s: Step, figures: JourneyFigures, perspective: str | None, audience: str,
               t: _Translator) -> StepView:
    lang = t.lang
    role = _role(j, s)
    actor = j.actor_by_id.get(s.actor)
    backstage = actor is not None and actor.lane == "backstage"
    pct = figures.steps[s.id]
    time = w.duration_range(pct.p50, pct.p90, lang) if pct.p90 > 0 else ""
    kind = "backstage" if backstage else ("you" if role == perspective else role)
    note = ""
    if perspective == "worker" and role == "employer":
        note = w.label("employer_step", lang)
    elif perspective == "employer" and role == "employer" and journey_audience(j) == "worker":
        note = w.label("employer_duty", lang)
    elif audience == "staff" and backstage:
        note = w.label("backstage", lang)
    compact = backstage and audience != "staff"
    if compact:
        note = w.label("nssf_step", lang)
    # A guide speaks to whoever does the step; a worker reading the employer's step sees what, not how.
    hidden = compact or (perspective is not None and role != perspective and role in ("worker", "employer"))
    return StepView(
        step=s.id, who=_who(j, s, perspective, lang, t), kind=kind, name=t(s.name),
        guide="" if hidden else t(s.guide), where="" if compact else t(s.where),
        documents=() if hidden else tuple(t(d) for d in s.documents),
        tips=() if hidden else tuple(t(x) for x in s.tips),
        time=time, cost=w.money(s.cost, lang) if s.cost > 0 else "", note=note, compact=compact,
        busy=(w.label("busy_queue", lang).format(time=w.duration(figures.queue_p90[s.id], lang))
              if s.id in figures.queue_p90 and not compact else ""),
    )


def _unconfirmed(f: Fact, lang: str) -> str:
    return "" if f.confirmed else " " + w.label("not_confirmed", lang)


def _fact_item(f: Fact, t: _Translator, lang: str, titles: dict[str, str]) -> Item:
    source = titles.get(f.source.source_id or "", f.source.text)
    return Item(t(f.text) + _unconfirmed(f, lang), note=w.label("source", lang).format(source=source))


def _title(title: str, lang: str) -> str:
    suffix = AS_IS_SUFFIXES.get(lang, "")
    return title[: -len(suffix)] if suffix and title.endswith(suffix) else title


def _short_file(file: str | None) -> str:
    if not file:
        return "journeys"
    parts = file.replace("\\", "/").split("/")
    return "/".join(parts[-2:]) if len(parts) >= 2 else file


def _numbers(figures: JourneyFigures, audience: str, lang: str, steps: tuple[StepView, ...], trouble: list[Step],
             facts: list[Fact]) -> dict[str, Any]:
    """The exact figures behind a page (minutes, US dollars, shares), for its JSON file."""
    j, a = figures.journey, figures.analysis
    shown = [v.step for v in steps] + [s.id for s in trouble]
    return {
        "journey": j.id,
        "audience": audience,
        "lang": lang,
        "file": _short_file(j.file),
        "unit": "minutes",
        "currency": "USD",
        "lead_time": {
            "mean": a.lead_time_mean,
            **({"p50": figures.lead_time.p50, "p90": figures.lead_time.p90, "method": figures.lead_time.method}
               if figures.lead_time else {}),
        },
        "success_probability": a.success_probability,
        "outcomes": {o.outcome: o.probability for o in a.outcomes},
        "customer_cost": a.customer_cost,
        "deadline": j.deadline,
        "deadline_breach": figures.deadline_breach,
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
