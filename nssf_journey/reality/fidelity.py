"""How far a simulation of a journey is from what really happened: the model against reality.

A journey whose mean lead time matches its log can still mislead: in receipt.csv half the cases end within an
hour and a tenth take weeks, and a simulation that gets the mean right may get the typical case wrong by days.
:func:`fidelity` simulates the journey and compares its cases with the log's, as the log would have recorded them
(:mod:`.observed`):

- the **case duration**: mean, median, 90th and 95th percentiles, each with the log's own 95 % interval (the
  log is a sample too: with 400 cases its median is uncertain by more than a quarter when the cases split
  into fast and slow ones);
- the **mean duration per outcome**, with the log's own 95 % interval, and the share of each outcome;
- the share of simulated cases that follow a **real variant** (the sequence of activities a log would record of
  them is that of some real case that fits the journey), and the share of real cases whose variant the
  simulation produced;
- the **earth mover's distance** between the two distributions of case durations (the Wasserstein-1 distance,
  as simulation-model evaluation uses it: the mean time by which the simulated cases must be moved to become
  the real ones), in minutes and as a share of the log's mean.

:data:`TARGETS` are the goals the issue set for a faithful simulation; the result says which are met.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..eventlog.table import EventLog
from ..model import Journey
from ..units import MINUTES_PER
from .alignment import LogAlignment, align_log
from .matching import match_steps
from .observed import Observed, observed_log, observed_simulation

#: Goals of a faithful simulation: median and p90 within 25 % of the log's, the mean per outcome within 10 %
#: (outcomes of at least 5 % of the cases), at least 90 % of simulated cases on a real variant.
TARGETS = {"median": 0.25, "p90": 0.25, "outcome_mean": 0.10, "real_variant_share": 0.90}
#: Outcomes with a smaller share of the log's cases are compared but not held to the target.
MIN_OUTCOME_SHARE = 0.05
#: Cases simulated by default.
CASES = 20_000


@dataclass(frozen=True)
class Figure:
    """One figure of the case duration in the log and in the simulation (minutes), with the log's 95 % interval."""

    name: str
    log: float
    simulated: float
    low: float
    high: float

    @property
    def difference(self) -> float:
        """Relative difference, simulation against log."""
        return self.simulated / self.log - 1 if self.log > 0 else (0.0 if self.simulated == 0 else math.inf)

    @property
    def within_log_interval(self) -> bool:
        return self.low <= self.simulated <= self.high


@dataclass(frozen=True)
class OutcomeFigure:
    """Per outcome: its share of cases and the mean case duration (minutes), in the log and simulated."""

    outcome: str
    log_share: float
    simulated_share: float
    log_mean: float
    simulated_mean: float
    log_cases: int
    #: The log's own 95 % interval of the outcome's mean (normal): the log is a sample of cases too.
    low: float = math.nan
    high: float = math.nan

    @property
    def difference(self) -> float:
        if self.log_mean > 0 and not math.isnan(self.simulated_mean):
            return self.simulated_mean / self.log_mean - 1
        return math.nan

    @property
    def within_log_interval(self) -> bool:
        return self.low <= self.simulated_mean <= self.high


@dataclass(frozen=True)
class Fidelity:
    """How far a simulation of ``journey`` is from its log (see the module docstring). Times in minutes."""

    journey: Journey
    log_cases: int
    simulated_cases: int
    seed: int
    figures: tuple[Figure, ...]
    outcomes: tuple[OutcomeFigure, ...]
    real_variant_share: float
    real_variants_covered: float
    earth_movers_distance: float
    fitness: float
    unrecorded_cases: int = 0
    notes: tuple[str, ...] = field(default=())

    def figure(self, name: str) -> Figure:
        return next(f for f in self.figures if f.name == name)

    @property
    def relative_distance(self) -> float:
        mean = self.figure("mean").log
        return self.earth_movers_distance / mean if mean > 0 else math.nan

    def targets(self) -> dict[str, bool]:
        """Which of :data:`TARGETS` the simulation meets."""
        held = [o for o in self.outcomes if o.log_share >= MIN_OUTCOME_SHARE and not math.isnan(o.difference)]
        return {
            "median": abs(self.figure("median").difference) <= TARGETS["median"],
            "p90": abs(self.figure("p90").difference) <= TARGETS["p90"],
            "outcome_mean": all(abs(o.difference) <= TARGETS["outcome_mean"] for o in held),
            "real_variant_share": self.real_variant_share >= TARGETS["real_variant_share"],
        }

    def to_dict(self, unit: str | None = None) -> dict[str, Any]:
        scale = MINUTES_PER[unit or self.journey.time_unit]
        return {
            "unit": unit or self.journey.time_unit,
            "log_cases": self.log_cases,
            "simulated_cases": self.simulated_cases,
            "seed": self.seed,
            "case_duration": {f.name: {"log": f.log / scale, "simulated": f.simulated / scale,
                                       "difference": f.difference, "log_interval": [f.low / scale, f.high / scale],
                                       "within_log_interval": f.within_log_interval} for f in self.figures},
            "outcomes": {o.outcome: {"log_share": o.log_share, "simulated_share": o.simulated_share,
                                     "log_mean": o.log_mean / scale, "simulated_mean": _or_none(o.simulated_mean / scale),
                                     "difference": _or_none(o.difference),
                                     "log_interval": [_or_none(o.low / scale), _or_none(o.high / scale)],
                                     "within_log_interval": o.within_log_interval} for o in self.outcomes},
            "real_variant_share": self.real_variant_share,
            "real_variants_covered": self.real_variants_covered,
            "earth_movers_distance": self.earth_movers_distance / scale,
            "earth_movers_distance_share_of_mean": _or_none(self.relative_distance),
            "fitness": self.fitness,
            "targets": {"goals": dict(TARGETS), "met": self.targets()},
            "unrecorded_simulated_cases": self.unrecorded_cases,
            "notes": list(self.notes),
        }


def _or_none(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else x


def _quantile_interval(sorted_values: np.ndarray, q: float) -> tuple[float, float]:
    """A distribution-free 95 % interval of the ``q`` quantile: the order statistics at ``n q -+ 1.96 sqrt(n q (1 -
    q))``.

    >>> _quantile_interval(np.arange(1, 101, dtype=float), 0.5)
    (41.0, 61.0)
    """
    n = sorted_values.size
    half = 1.96 * math.sqrt(n * q * (1 - q))
    lo = max(int(math.floor(n * q - half)), 0)
    hi = min(int(math.ceil(n * q + half)), n - 1)
    return float(sorted_values[lo]), float(sorted_values[hi])


def duration_figures(real: np.ndarray, simulated: np.ndarray) -> tuple[Figure, ...]:
    """Mean, median, p90 and p95 of two samples of case durations, with the real sample's 95 % intervals."""
    r = np.sort(real)
    s = simulated
    half = 1.96 * float(r.std(ddof=1)) / math.sqrt(r.size) if r.size > 1 else 0.0
    out = [Figure("mean", float(r.mean()), float(s.mean()), float(r.mean()) - half, float(r.mean()) + half)]
    for name, q in (("median", 0.5), ("p90", 0.9), ("p95", 0.95)):
        lo, hi = _quantile_interval(r, q)
        out.append(Figure(name, float(np.quantile(r, q)), float(np.quantile(s, q)), lo, hi))
    return tuple(out)


def recorded_symbols(journey: Journey) -> list[int]:
    """Per step, what a log records of it: steps that stand for the same activities get the same symbol.

    A variant is a sequence of activities. Two steps that stand for the same activity (a journey that remembers
    splits an activity by what came before it, or by the case's class) leave the same trace in a log, so a
    simulated case follows a real variant when the log would have recorded the same sequence as a real case.
    """
    symbols: dict[object, int] = {}
    out = []
    for step in journey.steps:
        key = frozenset(step.log_activity) if step.log_activity else str(step.name)
        out.append(symbols.setdefault(key, len(symbols)))
    return out


def compare(journey: Journey, real: Observed, sim: Observed, *, seed: int, fitness: float,
            simulated_cases: int) -> Fidelity:
    """The :class:`Fidelity` of a simulation's observed cases against the log's."""
    from scipy.stats import wasserstein_distance

    notes = []
    if sim.cases == 0:
        raise ValueError("no simulated case passed a step the log records")
    figures = duration_figures(real.duration, sim.duration)
    outcomes = []
    for o in dict.fromkeys([*journey.outcome_ids, *real.outcome.tolist()]):
        r, s = real.outcome == o, sim.outcome == o
        if not r.any() and not s.any():
            continue
        mean = float(real.duration[r].mean()) if r.any() else math.nan
        half = 1.96 * float(real.duration[r].std(ddof=1)) / math.sqrt(r.sum()) if r.sum() > 1 else math.nan
        outcomes.append(OutcomeFigure(str(o), float(r.mean()), float(s.mean()), mean,
                                      float(sim.duration[s].mean()) if s.any() else math.nan, int(r.sum()),
                                      mean - half, mean + half))
    fits = real.fits if real.fits is not None else np.ones(real.cases, bool)
    symbol = recorded_symbols(journey)
    real_seq = [tuple(symbol[i] for i in seq) for seq in real.sequence]
    sim_seq = [tuple(symbol[i] for i in seq) for seq in sim.sequence]
    variants = {seq for seq, ok in zip(real_seq, fits.tolist()) if ok}
    share = float(np.mean([seq in variants for seq in sim_seq]))
    produced = set(sim_seq)
    covered = float(np.mean([seq in produced for seq in real_seq]))
    if fitness < 1:
        notes.append(f"{1 - fitness:.1%} of the log's cases do not fit the journey: their variants cannot be "
                     "simulated")
    return Fidelity(journey, real.cases, simulated_cases, seed, figures, tuple(outcomes), share, covered,
                    float(wasserstein_distance(real.duration, sim.duration)), fitness,
                    simulated_cases - sim.cases, tuple(notes))


def fidelity(journey: Journey, log: EventLog, *, cases: int = CASES, seed: int = 0,
             aligned: LogAlignment | None = None, simulation: Any = None) -> Fidelity:
    """Simulate ``cases`` cases of ``journey`` (seeded) and compare them with ``log`` (see the module docstring).

    ``aligned`` (the log aligned with the journey) and ``simulation`` (a result simulated with ``events=True``)
    are used when given, instead of being made here.

    Examples
    --------
    >>> from nssf_journey.eventlog import discover
    >>> from nssf_journey.eventlog.table import EventLog
    >>> hour = 3_600 * 10**9
    >>> log = EventLog(case_codes=np.repeat(np.arange(50), 2), case_names=[str(i) for i in range(50)],
    ...                activity_codes=np.tile([0, 1], 50), activities=["ask", "pay"],
    ...                end_ns=(np.arange(100) // 2 * 100 + np.tile([0, 1], 50) * (1 + np.arange(100) // 2 % 5)) * hour,
    ...                source="claims.csv", naive=True)
    >>> f = fidelity(discover(log, arrivals=False), log, cases=5_000, seed=1)
    >>> round(f.figure("mean").log / 60, 2), round(f.figure("mean").simulated / 60, 1), f.real_variant_share
    (3.0, 3.0, 1.0)
    """
    from ..simulation import simulate

    aligned = aligned or align_log(match_steps(journey, log.activities), log)
    recorded = frozenset(i for i, codes in enumerate(aligned.match.labels) if codes)
    if not recorded:
        raise ValueError(f"no step of journey '{journey.id}' stands for an activity of the log")
    result = simulation if simulation is not None else simulate(journey, cases, seed=seed, events=True)
    real = observed_log(aligned)
    sim = observed_simulation(result, recorded, with_start=log.has_start)
    return compare(journey, real, sim, seed=seed if simulation is None else (result.seed or 0),
                   fitness=aligned.fitness, simulated_cases=result.cases)
