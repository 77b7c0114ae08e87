"""Exact journey metrics from the absorbing Markov chain of a journey (no sampling).

Each step is a transient state; after a step with an ``outcome`` the chain is absorbed. With ``Q`` the
step-to-step transition matrix and ``N = (I - Q)^-1`` its fundamental matrix, the row of ``N`` for ``start`` is
the expected number of visits of each step, so loops are exact: a step repeated with probability ``r`` is
visited ``1 / (1 - r)`` times. Everything else follows from sparse linear solves with one LU factorisation of
``I - Q``:

- expected visits ``v`` solve ``(I - Q)^T v = e_start``;
- absorption probabilities ``B`` solve ``(I - Q) B = R``, ``R`` marking which step ends in which outcome;
- the expected remaining time ``m`` solves ``(I - Q) m = t`` and its second moment ``s`` solves
  ``(I - Q) s = E[X^2] + 2 t * (Q m)``, giving the exact variance of the lead time;
- a quantity ``x`` accrued at step ``i`` contributes ``sum_i v_i x_i B_ik`` to outcome ``k``, which gives
  per-outcome (conditional) means.

All times are minutes. Queues are ignored here: every step starts as soon as its wait is over.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .graph import loop_edges
from ..model import Journey, Step
from ..units import CURRENCY, from_minutes


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
        """Steps by their share of the expected lead time, largest first (steps that take no time left out)."""
        order = {s.id: i for i, s in enumerate(self.journey.steps)}
        ranked = [s for s in self.per_step if s.expected_time > 0]
        return sorted(ranked, key=lambda s: (-s.expected_time, order[s.step]))

    @property
    def avoidable_time_mean(self) -> float:
        """Mean lead time less the waits that life sets (pregnancy, recovery): what redesign can work on."""
        return self.lead_time_mean - self.life_wait_time_mean

    @property
    def avoidable_bottlenecks(self) -> list[StepMetrics]:
        """Steps by the time a better service or better information could save (life waits left out)."""
        order = {s.id: i for i, s in enumerate(self.journey.steps)}
        ranked = [s for s in self.per_step if s.avoidable_time > 0]
        return sorted(ranked, key=lambda s: (-s.avoidable_time, order[s.step]))

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


def analyze(journey: Journey) -> JourneyAnalysis:
    """Compute the exact metrics of a journey.

    Examples
    --------
    A step that is redone with probability 0.25 is visited 1 / (1 - 0.25) times on average:

    >>> from nssf_journey.loading.loader import parse_journey
    >>> j = parse_journey('''
    ... journey: redo
    ... title: Redo
    ... actors: [{id: e, name: Employer, lane: customer}]
    ... start: fill
    ... steps:
    ...   - {id: fill, name: Fill form, actor: e, duration: 30, source: "assumption: x",
    ...      next: [{to: fill, p: 0.25}, {to: done, p: 0.75}]}
    ...   - {id: done, name: Done, actor: e, outcome: success}
    ... ''')
    >>> a = analyze(j)
    >>> round(a.step("fill").expected_visits, 12), round(a.lead_time_mean, 9)
    (1.333333333333, 40.0)
    """
    steps = journey.steps
    n = len(steps)
    index = {s.id: i for i, s in enumerate(steps)}
    start = index[journey.start]

    # The chain's transition matrix among steps: the edges of journey_graph(journey), read straight from the steps.
    chain = _chain(journey, index)
    edges = chain.edges
    lu = chain

    dur = np.array([s.duration.mean for s in steps])
    own_wait = np.array([s.wait.mean for s in steps])
    t = own_wait + dur
    var_x = np.array([s.wait.variance + s.duration.variance for s in steps])

    visits = _visits(chain, start)
    arcs = _ArcWaits(journey, index, visits)
    # Waits per visit include those of the branches into the step (an arc's wait counts at the step it leads to).
    wait = own_wait + arcs.into

    outcome_ids = list(journey.outcome_ids)
    k_index = {o: k for k, o in enumerate(outcome_ids)}
    r = np.zeros((n, len(outcome_ids)))
    for i, s in enumerate(steps):
        if s.outcome is not None:
            r[i, k_index[s.outcome]] = 1.0
    absorb = lu.solve(r) if n else r
    absorb = np.clip(absorb.reshape(n, len(outcome_ids)), 0.0, 1.0)

    # From entering a step to entering the next: the step's own time, then the wait of the branch taken.
    t_out = t + arcs.out_mean
    remaining = lu.solve(t_out)
    # E[T_a^2] = E[X_a^2] + 2 E[X_a] sum_b p_ab (E W_ab + m_b) + sum_b p_ab (E W_ab^2 + 2 E W_ab m_b)
    second = lu.solve(var_x + t * t + 2 * t * (arcs.out_mean + chain.q_times(remaining)) + arcs.out_second
                      + 2 * arcs.weighted(remaining))
    lead = float(visits @ t_out)
    variance = max(float(second[start]) - float(remaining[start]) ** 2, 0.0)
    active = float(visits @ dur)
    waiting = float(visits @ wait)
    life = np.array([wait[i] if s.wait_reason == "life" else 0.0 for i, s in enumerate(steps)])

    actor_of = [s.actor for s in steps]
    handoffs = 0.0
    for u, w, p in edges:
        if actor_of[u] != actor_of[w]:
            handoffs += visits[u] * p

    in_person = np.array([s.in_person for s in steps], dtype=float)
    touch = np.array([s.touchpoint for s in steps], dtype=float)
    cost = np.array([s.cost for s in steps])

    success_cols = [k_index[o] for o in outcome_ids if journey.outcome(o).is_success]
    success_from = absorb[:, success_cols].sum(axis=1) if success_cols else np.zeros(n)

    outcomes = []
    for o in outcome_ids:
        k = k_index[o]
        prob = float(visits @ r[:, k])
        col = absorb[:, k]
        if prob > 0:
            a_k = float(np.sum(visits * dur * col)) / prob
            w_k = (float(np.sum(visits * own_wait * col)) + arcs.toward(col)) / prob
        else:
            a_k = w_k = 0.0
        outcomes.append(OutcomeMetrics(o, journey.outcome(o).kind, prob, a_k + w_k, a_k, w_k))

    reach = _reach_probabilities(journey, visits, index)
    loops = loop_edges(journey)
    per_step = []
    for i, s in enumerate(steps):
        actor = journey.actor_by_id.get(s.actor)
        per_step.append(
            StepMetrics(
                step=s.id,
                name=s.name,
                actor=s.actor,
                lane=actor.lane if actor else "",
                expected_visits=float(visits[i]),
                reach_probability=float(reach[i]),
                mean_wait=float(wait[i]),
                mean_duration=float(dur[i]),
                expected_time=float(visits[i] * (wait[i] + dur[i])),
                wait_reason=s.wait_reason,
                share_of_lead_time=float(visits[i] * (wait[i] + dur[i]) / lead) if lead > 0 else 0.0,
                share_of_wait_time=float(visits[i] * wait[i] / waiting) if waiting > 0 else 0.0,
                success_probability=float(success_from[i]),
                in_person=s.in_person,
                touchpoint=s.touchpoint,
                cost=s.cost,
                emotion=s.emotion,
            )
        )

    likely, likely_p = most_likely_path(journey)
    critical, critical_t = critical_path(journey, loops=loops)
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
        handoffs=float(handoffs),
        touchpoints=float(visits @ touch),
        in_person_visits=float(visits @ in_person),
        customer_cost=float(visits @ cost),
        outcomes=tuple(outcomes),
        most_likely_path=tuple(likely),
        most_likely_path_probability=likely_p,
        critical_path=tuple(critical),
        critical_path_time=critical_t,
        loops=tuple(loops),
        per_step=tuple(per_step),
        success_probability=float(success_from[start]),
    )


class _ArcWaits:
    """The mean waits of branches (``next: [{to, p, wait}]``) as per-step vectors.

    ``out_mean[a]`` and ``out_second[a]`` are ``sum_b p_ab E[W_ab]`` and ``sum_b p_ab E[W_ab^2]``: what leaving
    step ``a`` adds. ``into[b]`` is the mean arc wait per visit of ``b``: ``sum_a v_a p_ab E[W_ab] / v_b``.
    """

    def __init__(self, journey: Journey, index: dict[str, int], visits: np.ndarray):
        n = len(journey.steps)
        self.arcs = [(index[s.id], index[b.to], b.p * b.wait.mean) for s in journey.steps for b in s.next
                     if b.has_wait]
        self.out_mean = np.zeros(n)
        self.out_second = np.zeros(n)
        flow_in = np.zeros(n)
        for s in journey.steps:
            for b in s.next:
                if b.has_wait:
                    a = index[s.id]
                    self.out_mean[a] += b.p * b.wait.mean
                    self.out_second[a] += b.p * b.wait.second_moment
                    flow_in[index[b.to]] += visits[a] * b.p * b.wait.mean
        self.visits = visits
        self.into = np.divide(flow_in, visits, out=np.zeros(n), where=visits > 0)

    def weighted(self, x: np.ndarray) -> np.ndarray:
        """``sum_b p_ab E[W_ab] x_b`` for every step ``a``."""
        out = np.zeros(x.shape[0])
        for a, b, pw in self.arcs:
            out[a] += pw * x[b]
        return out

    def toward(self, col: np.ndarray) -> float:
        """Expected arc wait of the cases that end in an outcome: ``sum v_a p_ab E[W_ab] B_bk``."""
        return float(sum(self.visits[a] * pw * col[b] for a, b, pw in self.arcs))


def _chain(journey: Journey, index: dict[str, int]) -> "_Chain":
    """The factorised ``I - Q`` of a journey; its edges are those of :func:`~nssf_journey.analysis.graph.journey_graph`."""
    return _Chain(len(journey.steps), [(index[s.id], index[b.to], b.p) for s in journey.steps for b in s.next])


def _visits(chain: "_Chain", start: int) -> np.ndarray:
    e = np.zeros(chain.n)
    e[start] = 1.0
    return np.maximum(chain.solve(e, trans="T"), 0.0)


def expected_visits(journey: Journey) -> dict[str, float]:
    """Expected visits of each step per case, without the rest of the analysis.

    Small journeys are solved with dense NumPy, so this does not import SciPy (the simulation command uses it
    for its overload warning).

    >>> from nssf_journey import parse_journey
    >>> j = parse_journey('''
    ... journey: redo
    ... title: Redo
    ... actors: [{id: e, name: Employer, lane: customer}]
    ... start: fill
    ... steps:
    ...   - {id: fill, name: Fill form, actor: e, duration: 30, source: "assumption: x",
    ...      next: [{to: fill, p: 0.25}, {to: done, p: 0.75}]}
    ...   - {id: done, name: Done, actor: e, outcome: success}
    ... ''')
    >>> {k: round(v, 12) for k, v in expected_visits(j).items()}
    {'fill': 1.333333333333, 'done': 1.0}
    """
    index = {s.id: i for i, s in enumerate(journey.steps)}
    visits = _visits(_chain(journey, index), index[journey.start])
    return {s.id: float(visits[i]) for i, s in enumerate(journey.steps)}


def _reach_probabilities(journey: Journey, visits: np.ndarray, index: dict[str, int]) -> np.ndarray:
    """P(step reached at least once) = visits_i / N_ii, with N_ii from the step's strongly connected component.

    A return to a step can only pass through its own strongly connected component, so ``N_ii`` of the whole chain
    equals that of the chain restricted to the component. A step on no cycle has ``N_ii = 1``.
    """
    n = len(journey.steps)
    diag = np.ones(n)
    succ = [[index[b.to] for b in s.next] for s in journey.steps]
    members_of = {k: c for k, c in enumerate(strongly_connected(succ))
                  if len(c) > 1 or c[0] in succ[c[0]]}
    steps = journey.steps
    for members in members_of.values():
        local = {m: k for k, m in enumerate(members)}
        a = np.eye(len(members))
        for m in members:  # I - Q restricted to the component, from the branches themselves
            for b in steps[m].next:
                k = local.get(index[b.to])
                if k is not None:
                    a[local[m], k] -= b.p
        if len(members) <= 400:
            inv_diag = np.diag(np.linalg.inv(a))
        else:
            from scipy.sparse import csc_matrix
            from scipy.sparse.linalg import splu

            lu = splu(csc_matrix(a))
            inv_diag = np.empty(len(members))
            unit = np.zeros(len(members))
            for j in range(len(members)):
                unit[j] = 1.0
                inv_diag[j] = lu.solve(unit)[j]
                unit[j] = 0.0
        diag[members] = inv_diag
    return np.clip(visits / diag, 0.0, 1.0)


def strongly_connected(succ: list[list[int]]) -> list[list[int]]:
    """Strongly connected components of a graph given as successor lists (iterative Tarjan, linear time).

    >>> sorted(map(sorted, strongly_connected([[1], [0, 2], []])))
    [[0, 1], [2]]
    """
    n = len(succ)
    order = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in range(n):
        if order[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                order[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            descended = False
            while i < len(succ[v]):
                w = succ[v][i]
                i += 1
                if order[w] < 0:
                    work.append((v, i))
                    work.append((w, 0))
                    descended = True
                    break
                if on_stack[w]:
                    low[v] = min(low[v], order[w])
            if descended:
                continue
            if low[v] == order[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


#: Journeys up to this many steps are solved with dense NumPy (no SciPy import: faster start-up, and faster).
DENSE_LIMIT = 400


class _Chain:
    """``I - Q`` of a journey's chain, factorised once: dense NumPy for small journeys, sparse LU for large ones."""

    def __init__(self, n: int, edges: list[tuple[int, int, float]]):
        self.n = n
        self.edges = edges
        rows = np.array([e[0] for e in edges], dtype=np.intp)
        cols = np.array([e[1] for e in edges], dtype=np.intp)
        probs = np.array([e[2] for e in edges], dtype=float)
        if n <= DENSE_LIMIT:
            q = np.zeros((n, n))
            np.add.at(q, (rows, cols), probs)
            self.q = q
            a = np.eye(n) - q
            self._inv = np.linalg.inv(a) if n else a  # small: one inverse serves every right-hand side
            self._lu = None
        else:
            from scipy.sparse import csc_matrix, identity
            from scipy.sparse.linalg import splu

            self.q = csc_matrix((probs, (rows, cols)), shape=(n, n))
            self._lu = splu((identity(n, format="csc") - self.q).tocsc())

    def solve(self, b: np.ndarray, trans: str = "N") -> np.ndarray:
        """x with (I - Q) x = b, or (I - Q)^T x = b with ``trans="T"``."""
        if self._lu is not None:
            return self._lu.solve(b, trans=trans)
        return (self._inv.T if trans == "T" else self._inv) @ b

    def q_times(self, x: np.ndarray) -> np.ndarray:
        return self.q @ x


def most_likely_path(journey: Journey, *, success_only: bool = False) -> tuple[list[str], float]:
    """The single path from ``start`` to an outcome with the highest probability, and that probability.

    Loops only lower a path's probability, so the most likely path never repeats a step. Ties go to the
    outcome step listed first in the file. With ``success_only``, only paths that end in a success count
    (``([], 0.0)`` when the journey cannot succeed).
    """
    by_id = journey.step_by_id
    order = {s.id: i for i, s in enumerate(journey.steps)}
    best: dict[str, float] = {journey.start: 0.0}  # -log probability
    parent: dict[str, str | None] = {journey.start: None}
    heap = [(0.0, order[journey.start], journey.start)]
    done: set[str] = set()
    while heap:
        cost, _, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        for b in by_id[node].next:
            c = cost - math.log(b.p)
            if c < best.get(b.to, math.inf) - 1e-15:
                best[b.to] = c
                parent[b.to] = node
                heapq.heappush(heap, (c, order[b.to], b.to))
    ends = [s.id for s in journey.steps if s.is_terminal and s.id in best
            and (not success_only or journey.outcome(s.outcome).is_success)]
    if not ends:
        return [], 0.0
    end = min(ends, key=lambda sid: (best[sid], order[sid]))
    path = []
    node: str | None = end
    while node is not None:
        path.append(node)
        node = parent[node]
    return path[::-1], math.exp(-best[end])


def critical_path(journey: Journey, *, loops: list[tuple[str, str]] | None = None) -> tuple[list[str], float]:
    """The path from ``start`` to an outcome with the longest expected duration, loops left out.

    Loop edges (:func:`~nssf_journey.analysis.graph.loop_edges`) are removed; on the acyclic rest each step weighs its
    mean wait plus mean duration, and each branch its own mean wait. Returns the path and its expected minutes.
    """
    by_id = journey.step_by_id
    arc_wait = {(s.id, b.to): b.wait.mean for s in journey.steps for b in s.next if b.has_wait}
    back = set(loop_edges(journey) if loops is None else loops)
    succ: dict[str, list[str]] = {
        s.id: [b.to for b in s.next if (s.id, b.to) not in back] for s in journey.steps
    }
    # Reverse topological order by an iterative DFS post-order from start.
    post: list[str] = []
    seen = {journey.start}
    stack: list[tuple[str, int]] = [(journey.start, 0)]
    while stack:
        node, i = stack[-1]
        if i < len(succ[node]):
            stack[-1] = (node, i + 1)
            nxt = succ[node][i]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, 0))
        else:
            post.append(node)
            stack.pop()
    longest: dict[str, float] = {}
    choice: dict[str, str | None] = {}
    for node in post:  # successors come before their predecessors
        step: Step = by_id[node]
        if step.is_terminal:
            longest[node], choice[node] = step.mean_time, None
            continue
        options = [(longest[w] + arc_wait.get((node, w), 0.0), w) for w in succ[node] if w in longest]
        if options:
            best_len = max(o[0] for o in options)
            best_next = next(w for length, w in options if length == best_len)
            longest[node], choice[node] = step.mean_time + best_len, best_next
    if journey.start not in longest:
        return [], 0.0
    path = [journey.start]
    while choice[path[-1]] is not None:
        path.append(choice[path[-1]])  # type: ignore[arg-type]
    return path, longest[journey.start]
