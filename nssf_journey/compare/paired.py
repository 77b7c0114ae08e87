"""Paired simulation of two journeys with common random numbers.

To tell whether a redesign saves time, simulate both journeys with *the same* random numbers where they share
a step: case ``i`` waits as long at step ``pay`` on its first visit in the as-is journey as in the redesign,
unless the redesign changed that wait. The differences between the two runs are then due to the redesign, not
to chance, so their confidence intervals are narrow; comparing a journey with itself gives exactly zero.

Every random number is a function of ``(seed, chunk, step id, purpose, visit number)`` and of the case's
position in its chunk: a counter-keyed stream, independent of which other cases are where. Durations and waits
are drawn through each distribution's quantile function, branches by comparing a uniform number with the
cumulative branch probabilities in file order.

Cases are independent (no queues): queueing effects of a capacity change need the queueing simulation. When the
journeys' waits go together within a case (``case_speed``), each case's speed comes from its own keyed stream and
each wait's keyed uniform number moves it (:mod:`~nssf_journey.simulation.case_speed`), in both runs alike.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from ..distributions import Distribution
from ..model import Journey
from ..simulation.case_speed import CaseSpeeds, is_active

#: Purposes of random numbers; each gets its own stream.
_WAIT, _DURATION, _BRANCH, _BRANCH_WAIT = 0, 1, 2, 16  # a branch j's own wait: _BRANCH_WAIT + j
#: The stream of the cases' own speeds (case_speed), keyed by chunk only.
_SPEED = 0x5BEED
CHUNK = 50_000
#: A case that has not ended after this many steps is stopped (its journey loops with probability ~1).
MAX_STEPS = 10_000


def _key(step_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(step_id.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class CaseRecords:
    """Per-case totals of one journey's run: minutes, US dollars, counts, and the outcome of each case."""

    lead_time: np.ndarray
    active_time: np.ndarray
    wait_time: np.ndarray
    in_person_visits: np.ndarray
    handoffs: np.ndarray
    cost: np.ndarray
    outcome: np.ndarray  # outcome ids, as an array of str
    success: np.ndarray  # bool


def simulate_cases(journey: Journey, cases: int, *, seed: int) -> CaseRecords:
    """Simulate ``cases`` independent cases of ``journey`` with counter-keyed random streams.

    Examples
    --------
    >>> from nssf_journey.examples import one_step
    >>> j = one_step(duration="{dist: exponential, mean: 10}")
    >>> r1, r2 = simulate_cases(j, 1000, seed=7), simulate_cases(j, 1000, seed=7)
    >>> bool((r1.lead_time == r2.lead_time).all())
    True
    """
    if cases < 1:
        raise ValueError(f"cases must be at least 1, got {cases}")
    parts = [_chunk(journey, seed, c, min(CHUNK, cases - c * CHUNK)) for c in range((cases + CHUNK - 1) // CHUNK)]
    return CaseRecords(*(np.concatenate([getattr(p, f) for p in parts]) for f in CaseRecords.__dataclass_fields__))


def _chunk(journey: Journey, seed: int, chunk: int, n: int) -> CaseRecords:
    steps = journey.steps
    index = {s.id: i for i, s in enumerate(steps)}
    keys = [_key(s.id) for s in steps]
    cum = [np.cumsum([b.p for b in s.next]) for s in steps]
    targets = [np.array([index[b.to] for b in s.next], dtype=np.int64) for s in steps]
    actor_index = {a: i for i, a in enumerate(sorted({s.actor for s in steps}))}
    actor = np.array([actor_index[s.actor] for s in steps], dtype=np.int64)
    streams: dict[tuple[int, int, int], np.ndarray] = {}

    def uniforms(step: int, purpose: int, visit: int) -> np.ndarray:
        k = (step, purpose, visit)
        u = streams.get(k)
        if u is None:
            rng = np.random.default_rng([seed & 0xFFFFFFFF, chunk, keys[step] & 0xFFFFFFFF, keys[step] >> 32, purpose, visit])
            u = streams[k] = rng.random(n)
        return u

    speeds = None
    if is_active(journey.case_speed):
        speeds = CaseSpeeds(journey.case_speed, np.random.default_rng([seed & 0xFFFFFFFF, chunk, _SPEED]), n)

    def wait_of(dist: Distribution, u: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """A wait from its keyed uniform numbers, through the cases' speeds when waits go together."""
        if speeds is None:
            return dist.ppf(u)
        from scipy.special import ndtri

        return dist.ppf(speeds.uniforms(ids, ndtri(np.clip(u, 1e-12, 1 - 1e-12))))

    active = np.zeros(n)
    wait = np.zeros(n)
    in_person = np.zeros(n)
    handoffs = np.zeros(n)
    cost = np.zeros(n)
    outcome = np.full(n, -1, dtype=np.int64)
    visits = np.zeros((n, len(steps)), dtype=np.int32)
    pos = np.full(n, index[journey.start], dtype=np.int64)
    live = np.arange(n)
    for _ in range(MAX_STEPS):
        if live.size == 0:
            break
        order = np.argsort(pos[live], kind="stable")
        live = live[order]
        here = pos[live]
        bounds = np.flatnonzero(np.diff(here)) + 1
        next_live = []
        for group in np.split(live, bounds):
            s = int(pos[group[0]])
            step = steps[s]
            k = visits[group, s]
            visits[group, s] += 1
            w = np.zeros(group.size)
            d = np.zeros(group.size)
            for visit in np.unique(k):
                sel = k == visit
                ids = group[sel]
                if step.wait.mean > 0:
                    w[sel] = wait_of(step.wait, uniforms(s, _WAIT, int(visit))[ids], ids)
                if step.duration.mean > 0 or step.duration.variance > 0:
                    d[sel] = step.duration.ppf(uniforms(s, _DURATION, int(visit))[ids])
            wait[group] += w
            active[group] += d
            cost[group] += step.cost
            if step.in_person:
                in_person[group] += 1
            if step.outcome is not None:
                outcome[group] = s
                continue
            if len(step.next) == 1:
                choice = np.zeros(group.size, dtype=np.intp)
            else:
                u = np.empty(group.size)
                for visit in np.unique(k):
                    sel = k == visit
                    u[sel] = uniforms(s, _BRANCH, int(visit))[group[sel]]
                choice = np.minimum(np.searchsorted(cum[s], u, side="right"), len(step.next) - 1)
            nxt = targets[s][choice]
            for j, b in enumerate(step.next):  # a branch's own wait, drawn from the stream of that branch
                if b.has_wait:
                    for visit in np.unique(k):
                        sel = (k == visit) & (choice == j)
                        if sel.any():
                            u = uniforms(s, _BRANCH_WAIT + j, int(visit))[group[sel]]
                            wait[group[sel]] += wait_of(b.wait, u, group[sel])
            handoffs[group] += actor[nxt] != actor[s]
            pos[group] = nxt
            next_live.append(group)
        live = np.concatenate(next_live) if next_live else np.array([], dtype=np.int64)
    else:
        raise RuntimeError(f"journey '{journey.id}': cases still running after {MAX_STEPS} steps")
    lead = wait + active
    names = np.array([s.outcome or "" for s in steps], dtype=object)
    outcome_ids = names[outcome]
    success = np.array([journey.outcome(o).is_success for o in outcome_ids], dtype=bool) if n else np.zeros(0, bool)
    return CaseRecords(lead, active, wait, in_person, handoffs, cost, outcome_ids, success)


@dataclass(frozen=True)
class PairedDelta:
    """Mean of (redesign - as-is) over paired cases, with a 95 % confidence interval."""

    metric: str
    before: float
    after: float
    delta: float
    ci95: tuple[float, float]

    def to_dict(self, scale: float = 1.0) -> dict:
        return {"metric": self.metric, "before": self.before / scale, "after": self.after / scale,
                "delta": self.delta / scale, "ci95": [self.ci95[0] / scale, self.ci95[1] / scale]}


def paired_deltas(base: CaseRecords, redesign: CaseRecords) -> dict[str, PairedDelta]:
    """Mean differences per case with 95 % confidence intervals (normal approximation over paired cases).

    Identical inputs give deltas and intervals of exactly zero.
    """
    n = base.lead_time.size
    out = {}
    for name in ("lead_time", "active_time", "wait_time", "in_person_visits", "handoffs", "cost", "success"):
        a = getattr(base, name).astype(float)
        b = getattr(redesign, name).astype(float)
        d = b - a
        mean = float(d.mean())
        half = 1.959963984540054 * float(d.std(ddof=1)) / np.sqrt(n) if n > 1 else 0.0
        out[name] = PairedDelta(name, float(a.mean()), float(b.mean()), mean, (float(mean - half), float(mean + half)))
    return out
