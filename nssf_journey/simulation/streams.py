"""Random numbers one at a time, drawn from NumPy in blocks.

A discrete-event engine needs one duration at a time, in an order it only learns as it runs. Calling NumPy for
each value costs microseconds; a :class:`Stream` draws :data:`BLOCK` values at once and hands them out one by
one. The order in which an engine asks is deterministic, so a seed still fixes every number.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..distributions import Distribution, Fixed

BLOCK = 4096


class Stream:
    """Values of ``dist`` from ``rng``, one per call.

    >>> from nssf_journey.distributions import Uniform
    >>> s = Stream(Uniform(1, 2), np.random.default_rng(0))
    >>> 1 <= s() < 2
    True
    """

    __slots__ = ("dist", "rng", "buf", "i")

    def __init__(self, dist: Distribution | None, rng: np.random.Generator) -> None:
        self.dist = dist
        self.rng = rng
        self.buf: list[float] = []
        self.i = 0

    def __call__(self) -> float:
        i = self.i
        if i >= len(self.buf):
            self.buf = (self.rng.random(BLOCK) if self.dist is None else self.dist.sample(self.rng, BLOCK)).tolist()
            i = 0
        self.i = i + 1
        return self.buf[i]


def stream(dist: Distribution | None, rng: np.random.Generator) -> Callable[[], float]:
    """A callable giving values of ``dist`` (uniform [0, 1) for ``None``); a constant for a fixed duration."""
    if isinstance(dist, Fixed):
        value = float(dist.value)
        return lambda: value
    return Stream(dist, rng)
