"""Waits that go together within a case: fast cases are fast at every step.

Real cases are not memoryless: in receipt.csv two thirds of the cases of the main variant pass all five of their
waits within an hour, where independent waits would give 55 %. A journey's ``case_speed``
(:class:`~nssf_journey.model.CaseSpeed`) says how its waits go together, and the simulators draw each wait of a
case at a quantile ``u = Phi(z)`` of that wait's own distribution, with the normal score

    z_k = sqrt(shared) * Z + sqrt(1 - shared) * A_k,    A_k = carried * A_(k-1) + sqrt(1 - carried**2) * e_k

where ``Z`` is the case's own speed (drawn once), ``A`` carries part of one wait's speed to the next, and the
``e_k`` are independent standard normals. Each ``z_k`` is standard normal, so each ``u`` is uniform and every
wait keeps its distribution: means, and the exact analysis's mean lead time, do not change. This is a Gaussian
copula; :func:`~nssf_journey.eventlog.case_speed.estimate_case_speed` measures ``shared`` and ``carried`` on a
log. Durations (active times) are drawn independently.
"""

from __future__ import annotations

import math

import numpy as np

from ..distributions import Distribution, Fixed
from ..model import CaseSpeed


def is_active(speed: CaseSpeed | None) -> bool:
    """Whether ``speed`` makes waits depend on each other (``None`` and zeros do not)."""
    return speed is not None and not speed.is_independent


class CaseSpeeds:
    """The speed state of a batch of cases, indexed by case number in the batch.

    >>> from nssf_journey.distributions import Exponential
    >>> s = CaseSpeeds(CaseSpeed(shared=1.0), np.random.default_rng(1), 3)
    >>> w = [s.draw(Exponential(10), np.arange(3), np.random.default_rng(k)) for k in range(2)]
    >>> bool((np.argsort(w[0]) == np.argsort(w[1])).all())    # shared = 1: each case keeps its rank
    True
    """

    def __init__(self, speed: CaseSpeed, rng: np.random.Generator, size: int) -> None:
        self.a = math.sqrt(speed.shared)
        self.b = math.sqrt(1.0 - speed.shared)
        self.phi = speed.carried
        self.innovation = math.sqrt(1.0 - speed.carried**2)
        self.own = rng.standard_normal(size)
        self.carry = rng.standard_normal(size)

    def scores(self, ids: np.ndarray, e: np.ndarray) -> np.ndarray:
        """The normal scores of the next wait of cases ``ids``, given independent standard normals ``e``; advances
        their carried speed."""
        c = self.phi * self.carry[ids] + self.innovation * e
        self.carry[ids] = c
        return self.a * self.own[ids] + self.b * c

    def uniforms(self, ids: np.ndarray, e: np.ndarray) -> np.ndarray:
        """As :meth:`scores`, as uniform numbers in (0, 1)."""
        from scipy.special import ndtr

        return ndtr(self.scores(ids, e))

    def draw(self, dist: Distribution, ids: np.ndarray, rng: np.random.Generator) -> np.ndarray | float:
        """The next wait of cases ``ids`` from ``dist`` (a fixed wait draws nothing and moves no speed)."""
        if isinstance(dist, Fixed):
            return float(dist.value)
        u = self.uniforms(ids, rng.standard_normal(ids.size))
        return dist.ppf(u)

    def draw_one(self, dist: Distribution, case: int, rng: np.random.Generator) -> float:
        """One wait of one case (for the event-by-event queueing engine)."""
        if isinstance(dist, Fixed):
            return float(dist.value)
        z = float(self.scores(np.array([case]), rng.standard_normal(1))[0])
        u = 0.5 * math.erfc(-z / math.sqrt(2.0))
        return float(dist.ppf(np.array([u]))[0])
