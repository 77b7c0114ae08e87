"""Critical junctures for communication and service delivery.

The ILO and NSSF charted members' journeys "to pinpoint critical junctures for communication and service
delivery". A juncture is a step where better information or better service would change the most. Each step of
each journey gets six factors, each a number from 0 to 1 per journey started, computed from the exact analysis
(:mod:`nssf_journey.analysis.metrics`) and the survey data (:mod:`nssf_journey.loading.data`):

``lost``
    The share of journeys that take a turn for the worse at this step: over the step's branches,
    ``sum_j p_j * max(0, f_j - min_k f_k)``, where ``f_j`` is the probability of ending in a failure outcome
    from branch ``j``, times the expected visits of the step. A branch to "give up" after a step counts fully;
    a rework loop that ends as well as the other branch counts nothing here (it costs time instead).
``waiting``
    The step's share of the journey's expected waiting time.
``emotion``
    ``max(0, -emotion) / 2`` times the probability of reaching the step: -2 (very bad) counts 1.
``pain_points``
    ``min(number of pain points, 3) / 3`` times the probability of reaching the step.
``knowledge_gap``
    For steps the customer takes part in: ``1 - awareness`` of the journey's benefit from the survey (for
    employers' journeys, the share of employers familiar with all benefits), times the reach probability.
``unreliable_information``
    For steps the customer takes part in: the mean of ``1 - reliability`` of the step's information sources
    (``informed_by``; ``information_reliability`` in the survey data), times the reach probability.

The score is the weighted sum ``sum_k weight_k * factor_k``; :data:`DEFAULT_WEIGHTS` gives failing and waiting
the most weight because they are what citizens lose; every weight can be changed. Each juncture also lists the
channels that could reach its persona, by the rules in :func:`channels_for`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..loading.data import DataSet
from .metrics import JourneyAnalysis, analyze
from ..model import Journey, Step

#: Default weight of each factor in the score.
DEFAULT_WEIGHTS: dict[str, float] = {
    "lost": 3.0,
    "waiting": 2.0,
    "emotion": 1.0,
    "pain_points": 1.0,
    "knowledge_gap": 1.5,
    "unreliable_information": 1.5,
}
FACTORS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)

#: Benefits whose journeys are an employer's obligations rather than a worker's claim.
EMPLOYER_BENEFITS = frozenset({"registration", "contribution"})


@dataclass(frozen=True)
class Factor:
    """One reason a step is a juncture: its value (0..1 per journey started), weight and the numbers behind it."""

    name: str
    value: float
    weight: float
    detail: str
    evidence: str = "model"

    @property
    def contribution(self) -> float:
        return self.value * self.weight

    def to_dict(self) -> dict:
        return {"value": self.value, "weight": self.weight, "contribution": self.contribution, "detail": self.detail,
                "evidence": self.evidence}


@dataclass(frozen=True)
class Channel:
    """A channel that could reach the persona at a juncture, and why."""

    channel: str
    reason: str
    persona_uses: bool = False

    def to_dict(self) -> dict:
        return {"channel": self.channel, "reason": self.reason, "persona_uses": self.persona_uses}


@dataclass(frozen=True)
class Juncture:
    """A step ranked by how much better information or service there would change."""

    journey: str
    journey_title: str
    step: str
    step_name: str
    actor: str
    lane: str
    persona: str | None
    score: float
    factors: tuple[Factor, ...]
    channels: tuple[Channel, ...] = field(default=())

    def factor(self, name: str) -> Factor:
        """The factor called ``name`` (one of :data:`FACTORS`)."""
        return next(f for f in self.factors if f.name == name)

    @property
    def main_factors(self) -> list[Factor]:
        """Factors that contribute, largest first."""
        return sorted((f for f in self.factors if f.contribution > 0), key=lambda f: -f.contribution)

    def to_dict(self) -> dict:
        return {
            "journey": self.journey,
            "journey_title": self.journey_title,
            "step": self.step,
            "step_name": self.step_name,
            "actor": self.actor,
            "lane": self.lane,
            "persona": self.persona,
            "score": self.score,
            "factors": {f.name: f.to_dict() for f in self.factors},
            "channels": [c.to_dict() for c in self.channels],
        }


@dataclass(frozen=True)
class JunctureRanking:
    """The critical junctures of a set of journeys: the weights used, the as-is journeys scored, the redesigns left
    out (junctures are about today's service), and every scored step, highest score first.

    ``top`` is how many junctures are shown (``None``: all); :attr:`shown` is those.
    """

    weights: dict[str, float]
    journeys: tuple[str, ...]
    redesigns: tuple[str, ...]
    junctures: tuple[Juncture, ...]
    top: int | None = None

    @property
    def shown(self) -> tuple[Juncture, ...]:
        return self.junctures[: self.top] if self.top else self.junctures

    @property
    def formula(self) -> str:
        """The score as a formula of the weights: ``3 x lost + 2 x waiting + ...``."""
        return " + ".join(f"{self.weights[k]:g} x {k}" for k in DEFAULT_WEIGHTS)

    def to_dict(self) -> dict:
        """The weights, the journeys scored and the junctures shown (what ``nssf-journey junctures --json`` prints)."""
        return {"weights": self.weights, "journeys": list(self.journeys), "junctures": [j.to_dict() for j in self.shown]}


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Default weights updated with ``weights``; unknown factor names and negative weights are errors."""
    out = dict(DEFAULT_WEIGHTS)
    for name, value in (weights or {}).items():
        if name not in DEFAULT_WEIGHTS:
            raise ValueError(f"unknown factor '{name}'; expected one of {', '.join(FACTORS)}")
        if not value >= 0:
            raise ValueError(f"the weight of '{name}' must be a number >= 0, got {value}")
        out[name] = float(value)
    return out


def _customer_facing(journey: Journey, step: Step) -> bool:
    actor = journey.actor_by_id.get(step.actor)
    return step.touchpoint or (actor is not None and actor.lane == "customer")


def awareness_for(journey: Journey, data: DataSet | None) -> tuple[float, str, str] | None:
    """Share of the journey's customers who know the benefit, with a description and its evidence level."""
    if data is None or journey.benefit is None:
        return None
    aware = data.section("awareness")
    if journey.benefit in aware:
        f = aware[journey.benefit]
        return f.value, f"{100 * f.value:.0f} % of workers know the {journey.benefit.replace('_', ' ')} benefit", f.evidence
    employers = data.section("employers")
    if journey.benefit in EMPLOYER_BENEFITS and "familiar_with_all_benefits" in employers:
        f = employers["familiar_with_all_benefits"]
        return f.value, f"{100 * f.value:.0f} % of employers know all the benefits they pay for", f.evidence
    return None


def _reliability(source: str, data: DataSet | None) -> tuple[float, str] | None:
    if data is None:
        return None
    f = data.section("information_reliability").get(source)
    return (f.value, f.evidence) if f else None


def _evidence(step: Step, *fields: str) -> str:
    """The weakest evidence among the sources of ``fields`` on a step (``model`` when none is sourced)."""
    levels = [src.evidence for src in step.sources if src.field in fields]
    for level in ("assumed", "reported", "measured"):
        if level in levels:
            return level
    return "model"


def _waiting_factor(step: Step, wait: float, total: float, weight: float) -> Factor:
    """The step's share of the journey's avoidable waiting (waits set by life, like pregnancy, left out)."""
    if step.wait_reason == "life":
        return Factor("waiting", 0.0, weight, "its wait is set by life (pregnancy, recovery), not by the service")
    share = wait / total if total > 0 else 0.0
    who = " (the customer's own delay: not knowing, preparing)" if step.wait_reason == "customer" else ""
    return Factor("waiting", share, weight, f"{100 * share:.1f} % of the journey's avoidable waiting time{who}",
                  _evidence(step, "wait"))


def _lost_at(step: Step, success_from: Mapping[str, float]) -> tuple[float, str]:
    """Probability of a turn for the worse at one visit of ``step``, and the worst branch."""
    if not step.next:
        return 0.0, ""
    fail = {b.to: 1.0 - success_from[b.to] for b in step.next}
    best = min(fail.values())
    risk = sum(b.p * max(0.0, fail[b.to] - best) for b in step.next)
    worst = max(step.next, key=lambda b: b.p * (fail[b.to] - best))
    return risk, worst.to


def step_factors(journey: Journey, analysis: JourneyAnalysis, data: DataSet | None,
                 weights: Mapping[str, float]) -> dict[str, tuple[Factor, ...]]:
    """The six factors of every step of one journey, by step id."""
    per = {s.step: s for s in analysis.per_step}
    success_from = {sid: m.success_probability for sid, m in per.items()}
    awareness = awareness_for(journey, data)
    avoidable_wait = {sid: m.expected_visits * m.mean_wait for sid, m in per.items() if m.wait_reason != "life"}
    total_wait = sum(avoidable_wait.values())
    out = {}
    for step in journey.steps:
        m = per[step.id]
        reach = m.reach_probability
        risk, worst = _lost_at(step, success_from)
        lost = min(1.0, m.expected_visits * risk)
        if lost < 1e-12:  # rounding noise of the linear solve, not a risk
            lost = 0.0
        factors = [
            Factor("lost", lost, weights["lost"],
                   f"{100 * lost:.1f} % of journeys take a turn for the worse here"
                   + (f" (towards '{worst}', which fails {100 * (1 - success_from[worst]):.0f} % of the time)" if lost > 0 else ""),
                   _evidence(step, "next")),
            _waiting_factor(step, avoidable_wait.get(step.id, 0.0), total_wait, weights["waiting"]),
        ]
        neg = max(0, -(step.emotion or 0)) / 2
        factors.append(Factor("emotion", reach * neg, weights["emotion"],
                              f"emotion {step.emotion:+d} at a step {100 * reach:.0f} % of customers reach"
                              if step.emotion is not None else "no emotion recorded", _evidence(step, "emotion")))
        n_pain = len(step.pain_points)
        factors.append(Factor("pain_points", reach * min(n_pain, 3) / 3, weights["pain_points"],
                              f"{n_pain} pain point{'s' if n_pain != 1 else ''}"
                              + (": " + "; ".join(step.pain_points[:2]) if n_pain else "")))
        facing = _customer_facing(journey, step)
        if facing and awareness is not None:
            value, text, ev = awareness
            factors.append(Factor("knowledge_gap", reach * (1 - value), weights["knowledge_gap"], f"only {text}", ev))
        else:
            why = "not a step the customer takes part in" if not facing else "no survey figure for this benefit"
            factors.append(Factor("knowledge_gap", 0.0, weights["knowledge_gap"], why))
        rel = [(s, _reliability(s, data)) for s in step.informed_by] if facing else []
        known = [(s, r) for s, r in rel if r is not None]
        if known:
            gap = sum(1 - r[0] for _, r in known) / len(known)
            detail = "informed by " + ", ".join(f"{s} (reliability {r[0]:.2f}, {r[1]})" for s, r in known)
            ev = "assumed" if any(r[1] == "assumed" for _, r in known) else "reported"
            factors.append(Factor("unreliable_information", reach * gap, weights["unreliable_information"], detail, ev))
        else:
            why = ("no information source recorded (informed_by)" if facing
                   else "not a step the customer takes part in")
            factors.append(Factor("unreliable_information", 0.0, weights["unreliable_information"], why))
        out[step.id] = tuple(factors)
    return out


def channels_for(journey: Journey, step: Step, factors: Mapping[str, Factor], data: DataSet | None) -> tuple[Channel, ...]:
    """Channels that could reach the persona at this step.

    Rules: the Digital Info Pack for any customer step with a knowledge gap, unreliable information or a risk of
    failing; radio and social media where few know the benefit; the employer for workers' journeys in which the
    employer acts or informs; the front office where the customer is in person with NSSF staff; the hotline
    (1286) where journeys fail or wait; the inspector for employers' obligations.
    """
    persona = data.personas.get(journey.persona) if data and journey.persona else None
    uses = set(persona.channels) if persona else set()
    actor = journey.actor_by_id.get(step.actor)
    lane = actor.lane if actor else ""
    facing = _customer_facing(journey, step)
    knowledge = factors["knowledge_gap"].value > 0
    unreliable = factors["unreliable_information"].value > 0
    lost = factors["lost"].value > 0
    waiting = factors["waiting"].value > 0
    out: list[Channel] = []
    if facing and (knowledge or unreliable or lost):
        out.append(Channel("digital_info_pack", "one official, plain-language source on the phone, at any time",
                           bool(uses & {"phone", "online", "facebook", "social_media", "mobile_app"})))
    if knowledge:
        out.append(Channel("radio_social_media", factors["knowledge_gap"].detail.replace("only ", "") + "; campaigns raise awareness",
                           bool(uses & {"radio", "facebook", "social_media"})))
    is_worker = persona is not None and persona.role == "worker"
    employer_acts = any(a.id == "employer" or "employer" in a.name.lower() for a in journey.actors)
    if is_worker and (employer_acts or "employer" in step.informed_by):
        share = ""
        if data and "employer" in data.section("information_sources"):
            share = f" ({100 * data.section('information_sources')['employer'].value:.0f} % of workers learn of the scheme from employers)"
        out.append(Channel("employer", "workers depend on the employer here; give employers a tailored guide" + share,
                           "employer" in uses))
    if lane == "frontstage" or (step.in_person and facing and any(a.lane == "frontstage" for a in journey.actors)):
        out.append(Channel("front_office", "the customer meets front-office staff: triage, document checks, clear next steps",
                           bool(uses & {"in_person"})))
    if facing and (lost or waiting):
        out.append(Channel("hotline", "a hotline answers questions when a step goes wrong or takes long",
                           bool(uses & {"phone", "hotline"})))
    if persona is not None and persona.role == "employer" and journey.benefit in EMPLOYER_BENEFITS:
        out.append(Channel("inspector", "inspectors meet employers at their premises (as Kosal registered)",
                           "inspector" in uses))
    return tuple(out)


def rank_junctures(
    journeys: Iterable[Journey],
    data: DataSet | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    analyses: Mapping[str, JourneyAnalysis] | None = None,
) -> list[Juncture]:
    """Every step of every journey as a :class:`Juncture`, highest score first.

    ``analyses`` (by journey id) avoids analysing a journey twice when the caller already has it. Steps that
    score 0 are left out; ties keep the journeys' and steps' order.
    """
    w = check_weights(weights)
    out: list[tuple[float, int, Juncture]] = []
    order = 0
    for journey in journeys:
        analysis = (analyses or {}).get(journey.id) or analyze(journey)
        per_step = step_factors(journey, analysis, data, w)
        for step in journey.steps:
            factors = per_step[step.id]
            score = sum(f.contribution for f in factors)
            order += 1
            if score <= 0:
                continue
            actor = journey.actor_by_id.get(step.actor)
            by_name = {f.name: f for f in factors}
            out.append((score, order, Juncture(
                journey=journey.id,
                journey_title=journey.title,
                step=step.id,
                step_name=step.name,
                actor=actor.name if actor else step.actor,
                lane=actor.lane if actor else "",
                persona=journey.persona,
                score=score,
                factors=factors,
                channels=channels_for(journey, step, by_name, data),
            )))
    out.sort(key=lambda t: (-t[0], t[1]))
    return [j for _, _, j in out]


def critical_junctures(
    journeys: Iterable[Journey],
    data: DataSet | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    top: int | None = None,
    analyses: Mapping[str, JourneyAnalysis] | None = None,
) -> JunctureRanking:
    """The critical junctures of the as-is journeys among ``journeys``, as a :class:`JunctureRanking`.

    Redesigns (``redesign_of``) are left out and named: junctures are about today's service. ``weights`` change
    the default weights (:func:`check_weights` says which names and values are allowed); ``top`` limits how many
    are shown (``None`` or 0: all).

    >>> from nssf_journey.examples import fork
    >>> r = critical_junctures([fork(rejected=0.3)], top=1)
    >>> r.shown[0].step, round(r.shown[0].factor("lost").value, 3), r.to_dict()["journeys"]
    ('apply', 0.3, ['fork'])
    """
    w = check_weights(weights)
    journeys = list(journeys)
    as_is = [j for j in journeys if j.redesign_of is None]
    ranked = rank_junctures(as_is, data, weights=w, analyses=analyses)
    return JunctureRanking(w, tuple(j.id for j in as_is), tuple(j.id for j in journeys if j.redesign_of is not None),
                           tuple(ranked), top or None)
