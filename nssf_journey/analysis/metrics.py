"""Exact journey metrics from the absorbing Markov chain of a journey (no sampling).

Each step is a transient state; after a step with an ``outcome`` the chain is absorbed. With ``Q`` the
step-to-step transition matrix and ``N = (I - Q)^-1`` its fundamental matrix, the row of ``N`` for ``start`` is
the expected number of visits of each step, so loops are exact: a step repeated with probability ``r`` is
visited ``1 / (1 - r)`` times. Everything else follows from a few linear solves with one factorisation of
``I - Q`` (:mod:`.chain`), never a dense ``N`` for a large journey:

- expected visits ``v`` solve ``(I - Q)^T v = e_start``;
- with ``R`` marking which step ends in which outcome, ``B = N R`` holds where a case at each step ends; the
  chance of success from each step solves ``(I - Q) x = R 1_success``;
- the expected remaining time ``m`` solves ``(I - Q) m = t`` and its second moment ``s`` solves
  ``(I - Q) s = E[X^2] + 2 t * (Q m)``, giving the exact variance of the lead time;
- a quantity ``x`` accrued at step ``i`` contributes ``sum_i v_i x_i B_ik`` to outcome ``k``: ``y`` solving
  ``(I - Q)^T y = v * x`` summed over the outcome steps of ``k`` (one solve for all outcomes), which gives
  per-outcome (conditional) means;
- the chance to reach a step at least once is ``v_i / N_ii``, the diagonal of ``N`` read off the LU factors by
  selected inversion (:mod:`.selected_inversion`).

The path figures (loops, most likely path, critical path) come from :mod:`.graph`.

All times are minutes. Queues are ignored here: every step starts as soon as its wait is over.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .chain import DENSE_LIMIT, Chain
from .graph import (StepGraph, _critical_path, _most_likely_path, _search_from_start, critical_path,
                    most_likely_path, step_graph, strongly_connected)
from ..model import Journey
from ..units import CURRENCY, from_minutes

__all__ = ["DENSE_LIMIT", "JourneyAnalysis", "OutcomeMetrics", "StepMetrics", "analyze", "critical_path",
           "expected_visits", "most_likely_path", "strongly_connected"]


@dataclass(frozen=True)
class StepMetrics:
    """Exact figures for one step. Times in minutes."""

    step: str
    name: str
    actor: str
    lane: str
    expected_visits: float
    reach_probability: float
    mean_wait: float
    mean_duration: float
    expected_time: float
    wait_reason: str
    share_of_lead_time: float
    share_of_wait_time: float
    success_probability: float
    in_person: bool
    touchpoint: bool
    cost: float
    emotion: int | None

    @property
    def avoidable_time(self) -> float:
        """Expected minutes at this step that a better service or information could save: all but life waits."""
        if self.wait_reason == "life":
            return self.expected_visits * self.mean_duration
        return self.expected_time

    @property
    def failure_probability(self) -> float:
        """Probability that the journey ends in a failure outcome once this step is reached."""
        return 1.0 - self.success_probability


@dataclass(frozen=True)
class OutcomeMetrics:
    """Probability of an outcome, and mean times of the journeys that end in it. Times in minutes."""

    outcome: str
    kind: str
    probability: float
    lead_time_mean: float
    active_time_mean: float
    wait_time_mean: float


@dataclass(frozen=True)
class JourneyAnalysis:
    """The exact analysis of one journey. Times are in minutes, money in US dollars."""

    journey: Journey
    expected_steps: float
    distinct_steps: int
    expected_distinct_steps: float
    lead_time_mean: float
    lead_time_sd: float
    active_time_mean: float
    wait_time_mean: float
    life_wait_time_mean: float
    handoffs: float
    touchpoints: float
    in_person_visits: float
    customer_cost: float
    outcomes: tuple[OutcomeMetrics, ...]
    most_likely_path: tuple[str, ...]
    most_likely_path_probability: float
    critical_path: tuple[str, ...]
    critical_path_time: float
    loops: tuple[tuple[str, str], ...]
    per_step: tuple[StepMetrics, ...]
    success_probability: float = field(default=0.0)

    @property
    def flow_efficiency(self) -> float:
        """Share of the lead time spent on active work (1 when nothing is waited for)."""
        return self.active_time_mean / self.lead_time_mean if self.lead_time_mean > 0 else 1.0

    @property
    def bottlenecks(self) -> list[StepMetrics]:
        """Steps by their share of the expected lead time, largest first (steps that take no time left out).

        Equal times (to 12 significant digits: what rounding in the solves leaves of an exact tie) go in file order.
        """
        return _ranked([s for s in self.per_step if s.expected_time > 0], lambda s: s.expected_time)

    @property
    def avoidable_time_mean(self) -> float:
        """Mean lead time less the waits that life sets (pregnancy, recovery): what redesign can work on."""
        return self.lead_time_mean - self.life_wait_time_mean

    @property
    def avoidable_bottlenecks(self) -> list[StepMetrics]:
        """Steps by the time a better service or better information could save (life waits left out)."""
        return _ranked([s for s in self.per_step if s.avoidable_time > 0], lambda s: s.avoidable_time)

    def step(self, step_id: str) -> StepMetrics:
        for s in self.per_step:
            if s.step == step_id:
                return s
        raise KeyError(step_id)

    def outcome_probabilities(self) -> dict[str, float]:
        return {o.outcome: o.probability for o in self.outcomes}

    def to_dict(self, unit: str = "minutes") -> dict[str, Any]:
        """A JSON-ready summary with times in ``unit`` (the ``analyze --json`` output)."""

        def t(x: float) -> float:
            return from_minutes(x, unit)

        j = self.journey
        return {
            "journey": j.id,
            "title": j.title,
            "file": j.file,
            "unit": unit,
            "currency": CURRENCY,
            "steps": self.distinct_steps,
            "expected_steps": self.expected_steps,
            "expected_distinct_steps": self.expected_distinct_steps,
            "lead_time": {"mean": t(self.lead_time_mean), "sd": t(self.lead_time_sd)},
            "active_time": {"mean": t(self.active_time_mean)},
            "wait_time": {"mean": t(self.wait_time_mean)},
            "life_wait_time": {"mean": t(self.life_wait_time_mean)},
            "flow_efficiency": self.flow_efficiency,
            "handoffs": self.handoffs,
            "touchpoints": self.touchpoints,
            "in_person_visits": self.in_person_visits,
            "customer_cost": self.customer_cost,
            "success_probability": self.success_probability,
            "outcomes": {o.outcome: o.probability for o in self.outcomes},
            "per_outcome": {
                o.outcome: {
                    "kind": o.kind,
                    "probability": o.probability,
                    "lead_time": {"mean": t(o.lead_time_mean)},
                    "active_time": {"mean": t(o.active_time_mean)},
                    "wait_time": {"mean": t(o.wait_time_mean)},
                }
                for o in self.outcomes
            },
            "most_likely_path": list(self.most_likely_path),
            "most_likely_path_probability": self.most_likely_path_probability,
            "critical_path": list(self.critical_path),
            "critical_path_time": t(self.critical_path_time),
            "loops": [list(e) for e in self.loops],
            "bottlenecks": [
                {"step": s.step, "share_of_lead_time": s.share_of_lead_time, "expected_visits": s.expected_visits,
                 "expected_time": t(s.expected_time)}
                for s in self.bottlenecks
            ],
            "per_step": {
                s.step: {
                    "name": s.name,
                    "actor": s.actor,
                    "lane": s.lane,
                    "expected_visits": s.expected_visits,
                    "reach_probability": s.reach_probability,
                    "mean_wait": t(s.mean_wait),
                    "mean_duration": t(s.mean_duration),
                    "expected_time": t(s.expected_time),
                    "wait_reason": s.wait_reason,
                    "avoidable_time": t(s.avoidable_time),
                    "share_of_lead_time": s.share_of_lead_time,
                    "share_of_wait_time": s.share_of_wait_time,
                    "success_probability": s.success_probability,
                    "in_person": s.in_person,
                    "touchpoint": s.touchpoint,
                    "cost": s.cost,
                    "emotion": s.emotion,
                }
                for s in self.per_step
            },
        }


def _ranked(steps: list[StepMetrics], minutes: Callable[[StepMetrics], float]) -> list[StepMetrics]:
    """``steps`` (in file order) by ``minutes``, largest first; equal to 12 significant digits: file order."""
    return sorted(steps, key=lambda s: -float(f"{minutes(s):.12g}"))  # sorted() is stable


def analyze(journey: Journey) -> JourneyAnalysis:
    """Compute the exact metrics of a journey.

    Examples
    --------
    A step that is redone with probability 0.25 is visited 1 / (1 - 0.25) times on average:

    >>> from nssf_journey.examples import rework
    >>> j = rework(p=0.25, duration=30)
    >>> a = analyze(j)
    >>> round(a.step("fill").expected_visits, 12), round(a.lead_time_mean, 9)
    (1.333333333333, 40.0)
    """
    steps = journey.steps
    n = len(steps)
    graph = step_graph(journey)
    start = graph.start
    chain = Chain(graph)

    own_wait = np.array([s.wait.mean for s in steps])
    dur = np.array([s.duration.mean for s in steps])
    t = own_wait + dur
    var_x = np.array([s.wait.variance + s.duration.variance for s in steps])

    visits = chain.visits()
    arcs = _ArcWaits(journey, graph, visits)
    # Waits per visit include those of the branches into the step (a branch's wait counts at the step it leads to).
    wait = own_wait + arcs.into
    # From entering a step to entering the next: the step's own time, then the wait of the branch taken.
    t_out = t + arcs.out_mean
    remaining = chain.solve(t_out)
    # E[T_a^2] = E[X_a^2] + 2 E[X_a] sum_b p_ab (E W_ab + m_b) + sum_b p_ab (E W_ab^2 + 2 E W_ab m_b)
    second = chain.solve(var_x + t * t + 2 * t * (arcs.out_mean + chain.q_times(remaining)) + arcs.out_second
                         + 2 * arcs.weighted(remaining))
    lead = float(visits @ t_out)
    variance = max(float(second[start]) - float(remaining[start]) ** 2, 0.0)
    active = float(visits @ dur)
    waiting = float(visits @ wait)
    life = np.where([s.wait_reason == "life" for s in steps], wait, 0.0)

    actor_of = np.array([s.actor for s in steps], dtype=object)
    handoff = actor_of[graph.source] != actor_of[graph.target]
    handoffs = float(np.sum(visits[graph.source[handoff]] * graph.p[handoff]))

    in_person = np.array([s.in_person for s in steps], dtype=float)
    touch = np.array([s.touchpoint for s in steps], dtype=float)
    cost = np.array([s.cost for s in steps])

    # Outcome k of step i (-1 for steps that go on). B = N R gives where a case at each step ends; only sums of it
    # are needed, so each comes from one solve instead of one per outcome.
    outcome_ids = list(journey.outcome_ids)
    k_index = {o: k for k, o in enumerate(outcome_ids)}
    ends_in = np.array([k_index[s.outcome] if s.outcome is not None else -1 for s in steps], dtype=np.int64)
    ends = ends_in >= 0
    k_of_end = ends_in[ends]
    succeeds = np.array([journey.outcome(o).is_success for o in outcome_ids], dtype=bool)
    success_end = np.zeros(n)
    if len(outcome_ids):
        success_end[ends] = succeeds[k_of_end]
    success_from = np.clip(chain.solve(success_end), 0.0, 1.0) if n else success_end
    prob = np.bincount(k_of_end, weights=visits[ends], minlength=len(outcome_ids))
    # sum_i v_i x_i B_ik = ((N^T (v x))_i summed over the outcome steps i of k); with x = wait, the waits of the
    # branches into a step are counted too, since v_b into_b = sum_a v_a p_ab E[W_ab].
    dur_to = np.bincount(k_of_end, weights=chain.solve(visits * dur, trans="T")[ends], minlength=len(outcome_ids))
    wait_to = np.bincount(k_of_end, weights=chain.solve(visits * wait, trans="T")[ends], minlength=len(outcome_ids))
    outcomes = []
    for k, o in enumerate(outcome_ids):
        p_k = float(prob[k])
        a_k = float(dur_to[k]) / p_k if p_k > 0 else 0.0
        w_k = float(wait_to[k]) / p_k if p_k > 0 else 0.0
        outcomes.append(OutcomeMetrics(o, journey.outcome(o).kind, p_k, a_k + w_k, a_k, w_k))

    reach = chain.reach(visits)
    back, post = _search_from_start(graph)
    loops = [(graph.ids[u], graph.ids[w]) for u, w in back]
    per_step = []
    # Python floats once for all steps (indexing NumPy arrays one number at a time is slow)
    visits_, reach_, wait_, dur_, t_, success_ = (x.tolist() for x in (visits, reach, wait, dur, wait + dur,
                                                                       success_from))
    for i, s in enumerate(steps):
        actor = journey.actor_by_id.get(s.actor)
        v, time_i = visits_[i], t_[i]
        per_step.append(
            StepMetrics(
                step=s.id,
                name=s.name,
                actor=s.actor,
                lane=actor.lane if actor else "",
                expected_visits=v,
                reach_probability=reach_[i],
                mean_wait=wait_[i],
                mean_duration=dur_[i],
                expected_time=v * time_i,
                wait_reason=s.wait_reason,
                share_of_lead_time=v * time_i / lead if lead > 0 else 0.0,
                share_of_wait_time=v * wait_[i] / waiting if waiting > 0 else 0.0,
                success_probability=success_[i],
                in_person=s.in_person,
                touchpoint=s.touchpoint,
                cost=s.cost,
                emotion=s.emotion,
            )
        )

    likely, likely_cost = _most_likely_path(graph, graph.terminal)
    critical, critical_t = _critical_path(graph, set(back), post, t.tolist())
    return JourneyAnalysis(
        journey=journey,
        expected_steps=float(visits.sum()),
        distinct_steps=n,
        expected_distinct_steps=float(reach.sum()),
        lead_time_mean=lead,
        lead_time_sd=math.sqrt(variance),
        active_time_mean=active,
        wait_time_mean=waiting,
        life_wait_time_mean=float(visits @ life),
        handoffs=handoffs,
        touchpoints=float(visits @ touch),
        in_person_visits=float(visits @ in_person),
        customer_cost=float(visits @ cost),
        outcomes=tuple(outcomes),
        most_likely_path=tuple(graph.ids[i] for i in likely),
        most_likely_path_probability=math.exp(-likely_cost) if likely else 0.0,
        critical_path=tuple(graph.ids[i] for i in critical),
        critical_path_time=critical_t,
        loops=tuple(loops),
        per_step=tuple(per_step),
        success_probability=float(success_from[start]),
    )


class _ArcWaits:
    """The waits of branches (``next: [{to, p, wait}]``) as per-step vectors, from the branch arrays of a
    :class:`~nssf_journey.analysis.graph.StepGraph`.

    ``out_mean[a]`` and ``out_second[a]`` are ``sum_b p_ab E[W_ab]`` and ``sum_b p_ab E[W_ab^2]``: what leaving
    step ``a`` adds. ``into[b]`` is the mean branch wait per visit of ``b``: ``sum_a v_a p_ab E[W_ab] / v_b``.
    """

    def __init__(self, journey: Journey, graph: StepGraph, visits: np.ndarray):
        n = graph.n
        self.graph = graph
        self.pw = graph.p * graph.wait
        second = (np.array([b.wait.second_moment for s in journey.steps for b in s.next], dtype=float)
                  if graph.wait.any() else np.zeros(len(graph.p)))
        self.out_mean = np.bincount(graph.source, weights=self.pw, minlength=n)
        self.out_second = np.bincount(graph.source, weights=graph.p * second, minlength=n)
        flow_in = np.bincount(graph.target, weights=visits[graph.source] * self.pw, minlength=n)
        self.into = np.divide(flow_in, visits, out=np.zeros(n), where=visits > 0)

    def weighted(self, x: np.ndarray) -> np.ndarray:
        """``sum_b p_ab E[W_ab] x_b`` for every step ``a``."""
        return np.bincount(self.graph.source, weights=self.pw * x[self.graph.target], minlength=self.graph.n)


def expected_visits(journey: Journey) -> dict[str, float]:
    """Expected visits of each step per case, without the rest of the analysis.

    Small journeys are solved with dense NumPy, so this does not import SciPy (the simulation command uses it
    for its overload warning).

    >>> from nssf_journey.examples import rework
    >>> j = rework(p=0.25, duration=30)
    >>> {k: round(v, 12) for k, v in expected_visits(j).items()}
    {'fill': 1.333333333333, 'done': 1.0}
    """
    graph = step_graph(journey)
    visits = Chain(graph).visits()
    return {sid: float(visits[i]) for i, sid in enumerate(graph.ids)}
