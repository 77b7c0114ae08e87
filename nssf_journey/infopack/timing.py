"""How long a step and a whole journey usually take (p50) and can take (p90), from the journey model.

- For one step, the time from the moment it is reached is its wait plus its active time. Its p50 and p90 are
  computed from the step's own distributions by drawing :data:`STEP_SAMPLES` values with a local generator
  seeded with ``seed`` (the same seed always gives the same numbers; a fixed duration gives itself exactly).
- For the whole journey, p50 and p90 of the lead time come from the Monte Carlo simulation of
  :mod:`nssf_journey.simulation` with a fixed seed, when that module is available; otherwise there is no
  percentile and the pack shows only the exact mean of :func:`nssf_journey.analysis.metrics.analyze`.

- For a step that queues for a counter (a journey with ``arrivals`` and ``resources``), the wait in the queue that
  one customer in ten exceeds comes from the queueing simulation of :mod:`nssf_journey.simulation.queueing`, with
  the same seed and number of cases as the management report's section on queues, so both say the same.

- The service promise of a guide (how long the service usually takes, and the longest it should take) is the
  p50 and p90 of the lead time of the cases that succeed, with the waits that no service can shorten left out:
  life events (``wait_reason: life``: an illness, a pregnancy, a recovery) and the customer's own delays
  (``wait_reason: customer``). It comes from the same simulation with the same seed: the queueing simulation
  for a journey with queues at counters (so a queue at busy times counts, as in the management report's
  section on queues), the Monte Carlo simulation otherwise.

All times are minutes. Nothing here rounds: :mod:`nssf_journey.words` turns minutes into words.
"""

from __future__ import annotations

import dataclasses
import zlib
from dataclasses import dataclass

import numpy as np

from ..distributions import ZERO
from ..model import Journey, Step

#: Values drawn per step for its percentiles.
STEP_SAMPLES = 20_000
#: Simulated cases per journey for the percentiles of the whole journey.
JOURNEY_CASES = 20_000
#: The seed of every draw, so that the pack is the same on every run.
DEFAULT_SEED = 1


@dataclass(frozen=True)
class Percentiles:
    """p50 and p90 in minutes, and how they were obtained."""

    p50: float
    p90: float
    method: str

    def to_dict(self) -> dict[str, object]:
        return {"p50": self.p50, "p90": self.p90, "method": self.method}


def step_percentiles(step: Step, *, seed: int = DEFAULT_SEED, samples: int = STEP_SAMPLES) -> Percentiles:
    """p50 and p90 of a step's wait plus duration, in minutes.

    Each step gets its own generator, seeded from ``seed`` and the step id, so adding a step to a journey does
    not change the numbers of the others.

    Examples
    --------
    >>> from nssf_journey.model import Step
    >>> from nssf_journey.distributions import Fixed
    >>> step_percentiles(Step("s", "S", "a", duration=Fixed(30))).p90
    30.0
    """
    if step.wait.variance == 0 and step.duration.variance == 0:
        total = step.wait.mean + step.duration.mean
        return Percentiles(total, total, "exact")
    rng = np.random.default_rng([seed, zlib.crc32(step.id.encode("utf-8"))])
    x = step.wait.sample(rng, samples) + step.duration.sample(rng, samples)
    p50, p90 = (float(v) for v in np.percentile(x, [50, 90]))
    return Percentiles(p50, p90, f"sampled: {samples} draws, seed {seed}")


def journey_percentiles(journey: Journey, *, seed: int = DEFAULT_SEED,
                        cases: int = JOURNEY_CASES) -> tuple[Percentiles, float | None]:
    """p50 and p90 of the whole journey's lead time, and the probability of missing its ``deadline`` (``None``
    when the journey has none)."""
    from ..simulation import monte_carlo

    result = monte_carlo(journey, cases, seed=seed)
    pct = Percentiles(float(result.lead_time.p50), float(result.lead_time.p90),
                      f"Monte Carlo simulation: {cases} cases, seed {seed}")
    return pct, (float(result.deadline_breach) if result.deadline_breach is not None else None)


#: Waits that a service promise does not count: life events and the customer's own delays.
UNCOUNTED_WAITS = ("life", "customer")


def service_journey(journey: Journey) -> Journey:
    """The journey without the waits a service promise does not count (:data:`UNCOUNTED_WAITS`)."""
    if not any(s.wait_reason in UNCOUNTED_WAITS and s.wait.mean > 0 for s in journey.steps):
        return journey
    steps = tuple(dataclasses.replace(s, wait=ZERO) if s.wait_reason in UNCOUNTED_WAITS else s
                  for s in journey.steps)
    return dataclasses.replace(journey, steps=steps)


def service_times(journey: Journey, *, seed: int = DEFAULT_SEED,
                  cases: int = JOURNEY_CASES) -> tuple[Percentiles | None, dict[str, Percentiles]]:
    """The service promise and the case clock, in minutes, from the cases that succeed.

    The promise is the p50 and p90 of how long the service takes; the clock gives, for each step those cases
    pass, the p50 and p90 of the time from the start of the case to the end of the step (its last visit).
    Life events and the customer's own delays are left out (:func:`service_journey`); a journey with queues at
    counters is simulated with its queues. ``(None, {})`` when no simulated case succeeds.

    Examples
    --------
    One step of exponential duration (mean 10 min) ends well half of the time; a pregnancy-like wait of 100
    minutes before it is not counted. p50 = 10 ln 2, p90 = 10 ln 10:

    >>> import math
    >>> from nssf_journey import parse_journey
    >>> j = parse_journey('''
    ... journey: t
    ... title: T
    ... actors: [{id: w, name: Worker, lane: customer}]
    ... start: life
    ... steps:
    ...   - {id: life, name: L, actor: w, wait: 100, wait_reason: life, next: serve, source: "assumption: x"}
    ...   - {id: serve, name: S, actor: w, duration: {dist: exponential, mean: 10}, source: "assumption: x",
    ...      next: [{to: ok, p: 0.5}, {to: refused, p: 0.5}]}
    ...   - {id: ok, name: OK, actor: w, outcome: success}
    ...   - {id: refused, name: Refused, actor: w, outcome: rejected}
    ... ''')
    >>> total, clock = service_times(j, cases=40_000)
    >>> abs(total.p50 - 10 * math.log(2)) < 0.25, abs(total.p90 - 10 * math.log(10)) < 0.7  # 3 standard errors
    (True, True)
    >>> clock["life"].p90, clock["serve"] == Percentiles(total.p50, total.p90, clock["serve"].method)
    (0.0, True)
    """
    from ..simulation import monte_carlo
    from ..simulation.compiled import ABANDONED

    served = service_journey(journey)
    if journey.has_queues:
        from ..simulation.queueing import queueing

        result = queueing(served, cases, seed=seed, events=True)
        how = f"queueing simulation: {cases} arrivals, seed {seed}"
    else:
        result = monte_carlo(served, cases, seed=seed, events=True)
        how = f"Monte Carlo simulation: {cases} cases, seed {seed}"
    how += "; cases that succeed" + (" without life events and the customer's own delays"
                                     if served is not journey else "")
    ids = list(journey.outcome_ids) + ([ABANDONED] if ABANDONED not in journey.outcome_ids else [])
    good = [i for i, o in enumerate(ids) if o != ABANDONED and journey.outcome(o).is_success]
    codes = np.asarray(result.case_records["outcome"]).astype(np.int64)
    lead = np.asarray(result.case_records["lead_time"], dtype=float)[np.isin(codes, good)]
    if lead.size == 0:
        return None, {}
    p50, p90 = (float(v) for v in np.percentile(lead, [50, 90]))
    return Percentiles(p50, p90, how), _clock(journey, result, how)


def _clock(journey: Journey, result, how: str) -> dict[str, Percentiles]:
    """Per step: p50 and p90 of the time from a succeeding case's start to the end of its last visit of the step."""
    log = result.event_log
    n_cases = int(log.case.max()) + 1 if len(log) else 0
    start = np.full(n_cases, np.inf)
    np.minimum.at(start, log.case, log.start)
    ok_case = np.zeros(n_cases, dtype=bool)
    # Outcomes of every case: case_records may be a subsample above a memory cap, so use the terminal events.
    terminal = np.array([s.is_terminal and journey.outcome(s.outcome).is_success for s in journey.steps])
    ends = terminal[log.step] & ~log.aborted
    ok_case[log.case[ends]] = True
    keep = ok_case[log.case]
    case, step, elapsed = log.case[keep], log.step[keep], (log.end - start[log.case])[keep]
    out = {}
    for k, s in enumerate(journey.steps):
        mask = step == k
        if not mask.any():
            continue
        last = np.full(n_cases, -np.inf)
        np.maximum.at(last, case[mask], elapsed[mask])
        values = last[np.isfinite(last)]
        p50, p90 = (float(v) for v in np.percentile(values, [50, 90]))
        out[s.id] = Percentiles(p50, p90, f"{how}; time from the start of the case to the end of this step")
    return out


def queue_waits(journey: Journey, *, seed: int = DEFAULT_SEED, cases: int = JOURNEY_CASES) -> dict[str, float]:
    """For each step that queues for a counter, the 90th percentile of the wait in that counter's queue.

    Empty for a journey without ``arrivals`` or without a step that queues for a counter (a back office's backlog
    is not a queue the customer stands in).
    """
    if not journey.has_counter_queues:
        return {}
    from ..simulation.queueing import queueing

    result = queueing(journey, cases, seed=seed)
    counters = {r.id for r in journey.resources if r.kind == "counter"}
    out = {}
    for step in journey.steps:
        stats = result.resources.get(step.resource) if step.resource in counters else None
        if stats is not None and stats.queue_wait.n:
            out[step.id] = float(stats.queue_wait.p90)
    return out
