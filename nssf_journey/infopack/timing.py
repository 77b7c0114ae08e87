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

All times are minutes. Nothing here rounds: :mod:`~nssf_journey.infopack.words` turns minutes into words.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

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
