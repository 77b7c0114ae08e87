"""The decision page: what to change first, what it saves, who acts, how sure we are, and what to measure.

Each :class:`ActionCard` is one change: a redesign compared with today (:mod:`nssf_journey.compare`), or a fix
at one step of today's journey. A fix is a stated target, not a measured effect: *halve the wait* at a step
where the service (a front or back office, or a partner) makes the customer wait, or where the customer waits
because they do not know what to do. Its saving per case is half of the step's expected waiting per case
(passes times the mean wait, so rework counts), exactly.

Waits that life sets (pregnancy, recovery: ``wait_reason: life``) are never ranked: no service can shorten them,
and the page lists them apart (:func:`life_waits`).

Ranking. A card's *gain* is what it saves the institution's customers in a year: time, trips in person and
money, each the saving per case times the cases a year of its journey (``data/scale.yaml``), each divided by the
largest such saving among the cards, and the three averaged (so the change that saves most of everything
scores 1). A card whose journey has no yearly count ranks after those that have one. Its *confidence* is the weakest evidence among the numbers the saving rests on (the
times of the steps that carry it, and the yearly count): measured 1, reported 0.7, assumed 0.4. Cards rank by
gain times confidence, so a large saving on guesses can rank below a smaller one on records.

The cheapest measurement that would change the decision is the assumed number that carries the largest part
of the saving, with the simplest way to measure it for where it happens (case files for a back office, a
stopwatch at a counter, a phone call to customers, a count of cases for a branch probability).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from ..model import EVIDENCE_LEVELS, Journey, Step

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis.metrics import JourneyAnalysis
    from ..compare import Comparison
    from ..loading.data import Figure as DataFigure

#: Weight of the evidence of a card's numbers in its rank.
CONFIDENCE_WEIGHT: dict[str, float] = {"measured": 1.0, "reported": 0.7, "assumed": 0.4, "none": 0.4}
#: How sure we are, in words, by the weakest evidence.
CONFIDENCE_WORDS: dict[str, str] = {"measured": "high: measured", "reported": "medium: reported by a source",
                                    "assumed": "low: rests on assumptions", "none": "low: no source"}
#: The share of a step's wait that a fix aims to cut.
FIX_TARGET = 0.5
_RANK = {level: i for i, level in enumerate(EVIDENCE_LEVELS)}


@dataclass(frozen=True)
class ActionCard:
    """One change the institution could make, with what it saves (times in minutes, money in US dollars)."""

    kind: str  # "redesign" or "fix"
    journey: str
    journey_title: str
    change: str
    details: tuple[str, ...]
    saved_minutes: float
    saved_visits: float
    saved_money: float
    cases_per_year: float | None
    cases_evidence: str | None
    who: str
    evidence: str
    measure: str
    score: float
    #: The redesign's id (kind "redesign"), or the step's id (kind "fix").
    subject: str = ""

    @property
    def confidence(self) -> str:
        return CONFIDENCE_WORDS.get(self.evidence, self.evidence)

    def national(self, per_case: float) -> float | None:
        """``per_case`` times the cases a year, or ``None`` when the yearly count is unknown."""
        return None if self.cases_per_year is None else per_case * self.cases_per_year

    def to_dict(self) -> dict:
        out = asdict(self)
        out["confidence"] = self.confidence
        out["national_minutes_per_year"] = self.national(self.saved_minutes)
        out["national_visits_per_year"] = self.national(self.saved_visits)
        out["national_money_per_year"] = self.national(self.saved_money)
        return out


@dataclass(frozen=True)
class LifeWait:
    """A wait set by life at a step (pregnancy, recovery): shown, never ranked. Minutes per case."""

    journey_title: str
    step_name: str
    minutes_per_case: float


def weakest(levels: Iterable[str]) -> str:
    """The weakest of evidence levels (``'assumed'`` beats ``'reported'`` beats ``'measured'``).

    >>> weakest(["measured", "reported"]), weakest([])
    ('reported', 'none')
    """
    levels = [lv for lv in levels if lv in _RANK]
    return max(levels, key=_RANK.__getitem__) if levels else "none"


def _field_evidence(step: Step, fields: Sequence[str]) -> tuple[str, bool]:
    """The weakest evidence of ``fields`` of ``step`` and whether any of them is assumed (or unsourced)."""
    found = [s for s in step.sources if s.field in fields]
    if not found:
        return "none", True
    ev = weakest(s.evidence for s in found)
    return ev, ev in ("assumed", "none")


def measurement(step: Step, lane: str, what: str, persona: str = "customers") -> str:
    """The simplest way to measure ``what`` (``'wait'``, ``'duration'`` or ``'next'``) of a step, by where it
    happens.

    >>> from nssf_journey.examples import one_step
    >>> measurement(one_step().steps[0], "backstage", "wait")
    'Take 30 closed case files and note the date in and out at \u201cAsk\u201d.'
    """
    name = f"\u201c{step.name}\u201d"
    if what == "next":
        return f"Count, in 100 recent cases, how many go each way after {name}."
    if lane in ("frontstage", "backstage") and not step.in_person:
        return f"Take 30 closed case files and note the date in and out at {name}."
    if step.in_person and lane != "customer":
        return f"Time 30 customers at {name} over a week (arrival, start and end of service)."
    if lane == "partner":
        return f"Ask the partner for the dates of 30 recent cases at {name}."
    return f"Phone 30 {persona} who finished recently and ask how long {name} took them."


def _scale(scale: Mapping[str, tuple["DataFigure", "DataFigure"]], journey_id: str) -> tuple[float | None, str | None]:
    if journey_id in scale:
        cases = scale[journey_id][0]
        return cases.value, cases.evidence
    return None, None


def _score(saved_minutes: float, cases: float | None, evidence: str) -> float:
    gain = saved_minutes * (cases if cases is not None else 1.0)
    # without a yearly count a card ranks after every card that has one
    weight = CONFIDENCE_WEIGHT.get(evidence, 0.4) * (1.0 if cases is not None else 1e-9)
    return gain * weight


def fix_cards(journey: Journey, analysis: "JourneyAnalysis",
              scale: Mapping[str, tuple["DataFigure", "DataFigure"]] | None = None, *,
              institution_short: str = "the institution", persona: str = "customers") -> list[ActionCard]:
    """A card per step of ``journey`` with a wait that a service or better information could cut (life waits
    never): *halve the wait* there, largest saving first."""
    cases, cases_ev = _scale(scale or {}, journey.id)
    cards = []
    for sm in analysis.avoidable_bottlenecks:
        if sm.wait_reason == "life" or sm.mean_wait <= 0:
            continue
        step = journey.step(sm.step)
        saved = FIX_TARGET * sm.expected_visits * sm.mean_wait
        ev, assumed = _field_evidence(step, ("wait",))
        evidence = weakest([ev] + ([cases_ev] if cases_ev else []))
        actor = journey.actor_by_id[step.actor]
        customer_wait = step.wait_reason == "customer" or sm.lane == "customer"
        if customer_wait:
            change = f"Tell customers sooner what to do, to halve the time before \u201c{step.name}\u201d"
            who = f"{institution_short}: communication and front office"
            detail = (f"Today {persona} wait {_time(sm.mean_wait)} here, mostly not knowing what to do next.",)
        else:
            change = f"Halve the wait at \u201c{step.name}\u201d"
            who = actor.name
            if sm.lane == "partner":
                detail = (f"Today the case waits {_time(sm.mean_wait)} at {actor.name}: agree a service level.",)
            else:
                detail = (f"Today the case waits {_time(sm.mean_wait)} here: set a service standard and track "
                          "cases against it.",)
        if sm.expected_visits > 1.05:
            detail += (f"The step is done {sm.expected_visits:.2f} times per case: rework adds to the wait.",)
        measure = (measurement(step, "customer" if customer_wait else sm.lane, "wait", persona) if assumed else
                   "The wait is already " + ev + "; measure the yearly number of cases." if cases is None else
                   "Nothing cheap: the numbers are already " + evidence + ".")
        cards.append(ActionCard(
            kind="fix", journey=journey.id, journey_title=journey.title, change=change, details=detail,
            saved_minutes=saved, saved_visits=0.0, saved_money=0.0, cases_per_year=cases, cases_evidence=cases_ev,
            who=who, evidence=evidence, measure=measure, score=_score(saved, cases, evidence), subject=sm.step,
        ))
    return sorted(cards, key=lambda c: -c.score)


def redesign_card(comparison: "Comparison", *, persona: str = "customers") -> ActionCard:
    """The card of a redesign: its exact savings per case, scaled by its journey's cases a year."""
    from .redesigns import plain_changes, redesign_name, step_savings

    c = comparison
    saved = c.before.lead_time_mean - c.after.lead_time_mean
    cases = c.national.cases_per_year.value if c.national else None
    cases_ev = c.national.cases_per_year.evidence if c.national else None
    steps = {**c.base.step_by_id, **c.redesign.step_by_id}
    names = {str(s.name): s for s in steps.values()}
    # the numbers the saving rests on: the times of the steps that carry it
    carriers = [(names[n], v) for n, v in step_savings(c) if n in names and v > 0]
    levels = []
    measure_step = None
    for step, _ in carriers:
        ev, assumed = _field_evidence(step, ("wait", "duration"))
        levels.append(ev)
        if assumed and measure_step is None:
            measure_step = step
    if cases_ev:
        levels.append(cases_ev)
    evidence = weakest(levels)
    if measure_step is not None:
        lane = (c.base.actor_by_id.get(measure_step.actor) or c.redesign.actor_by_id[measure_step.actor]).lane
        what = "wait" if measure_step.wait.mean >= measure_step.duration.mean else "duration"
        gross = sum(v for _, v in carriers)
        share = dict((s.id, v) for s, v in carriers)[measure_step.id] / gross if gross > 0 else 0.0
        measure = (f"{measurement(measure_step, lane, what, persona)} ({100 * share:.0f} % of the time saved "
                   "rests on this assumed number.)")
    elif cases is None:
        measure = "Count how many cases of this journey happen a year (the register of cases)."
    else:
        measure = "Nothing cheap: the numbers it rests on are already " + evidence + "."
    acting = []
    for sid in (*c.structure.added, *c.structure.changed_steps, *c.structure.removed):
        step = steps[sid]
        actor = c.redesign.actor_by_id.get(step.actor) or c.base.actor_by_id[step.actor]
        if actor.lane in ("frontstage", "backstage", "partner"):
            acting.append(actor.name)
    who = ", ".join(dict.fromkeys(acting)) or "the institution"
    return ActionCard(
        kind="redesign", journey=c.base.id, journey_title=c.base.title, change=redesign_name(c.redesign),
        details=plain_changes(c, limit=4), saved_minutes=saved,
        saved_visits=c.before.in_person_visits - c.after.in_person_visits,
        saved_money=c.before.customer_cost - c.after.customer_cost, cases_per_year=cases, cases_evidence=cases_ev,
        who=who, evidence=evidence, measure=measure, score=_score(saved, cases, evidence), subject=c.redesign.id,
    )


def rank_cards(journeys: Sequence[Journey], analyses: Mapping[str, "JourneyAnalysis"],
               comparisons: Sequence["Comparison"] = (),
               scale: Mapping[str, tuple["DataFigure", "DataFigure"]] | None = None, *,
               institution_short: str = "the institution", personas: Mapping[str, str] | None = None,
               fixes_per_journey: int = 1) -> list[ActionCard]:
    """Every redesign's card and the best ``fixes_per_journey`` fix cards of each journey, by gain times
    confidence (see the module docstring). A journey's fix is left out when a redesign of it saves more."""
    personas = personas or {}
    cards = [redesign_card(c, persona="customers") for c in comparisons]
    redesigned = {}
    for card in cards:
        redesigned[card.journey] = max(redesigned.get(card.journey, 0.0), card.saved_minutes)
    for j in journeys:
        fixes = fix_cards(j, analyses[j.id], scale, institution_short=institution_short,
                          persona="customers")[:fixes_per_journey]
        cards += [f for f in fixes if f.saved_minutes > redesigned.get(j.id, 0.0) or j.id not in redesigned]
    return sorted(_with_gain(cards), key=lambda c: (-c.score, c.journey, c.change))


def _with_gain(cards: list[ActionCard]) -> list[ActionCard]:
    """The cards with their score: the averaged shares of the largest yearly saving of time, trips and money,
    times the confidence weight (module docstring); without a yearly count, per case and below every card that
    has one."""
    from dataclasses import replace

    def yearly(c: ActionCard) -> tuple[float, float, float]:
        n = c.cases_per_year if c.cases_per_year is not None else 1.0
        return (max(c.saved_minutes, 0.0) * n, max(c.saved_visits, 0.0) * n, max(c.saved_money, 0.0) * n)

    gains = [yearly(c) for c in cards]
    tops = [max((g[i] for g in gains), default=0.0) for i in range(3)]
    out = []
    for c, g in zip(cards, gains):
        gain = sum(g[i] / tops[i] for i in range(3) if tops[i] > 0) / 3
        weight = CONFIDENCE_WEIGHT.get(c.evidence, 0.4) * (1.0 if c.cases_per_year is not None else 1e-6)
        out.append(replace(c, score=gain * weight))
    return out


def life_waits(journeys: Sequence[Journey], analyses: Mapping[str, "JourneyAnalysis"]) -> list[LifeWait]:
    """Every wait set by life, largest first: shown on the decision page, never ranked."""
    out = []
    for j in journeys:
        for sm in analyses[j.id].per_step:
            if sm.wait_reason == "life" and sm.mean_wait > 0:
                out.append(LifeWait(j.title, j.step(sm.step).name, sm.expected_visits * sm.mean_wait))
    return sorted(out, key=lambda w: -w.minutes_per_case)


def _time(minutes: float) -> str:
    from ..render.style import human_time

    return human_time(minutes)


__all__ = ["ActionCard", "CONFIDENCE_WEIGHT", "FIX_TARGET", "LifeWait", "fix_cards", "life_waits", "measurement",
           "rank_cards", "redesign_card", "weakest"]
