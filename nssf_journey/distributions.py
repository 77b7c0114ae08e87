"""Probability distributions of durations.

A step's active time and its passive wait are durations that vary from case to case. Each distribution here
knows its exact ``mean`` and ``variance`` (used by the exact journey analysis) and can ``sample`` many values at
once from a NumPy generator (used by simulation). Parameters are those of the duration itself, in minutes: for
``Lognormal`` and the zero-truncated ``Normal``, ``mean`` and ``sd`` are the mean and standard deviation an
author measured, not the parameters of an underlying normal.

Bad parameters are rejected in the constructor with a :class:`ValueError` that states the rule they broke.

Examples
--------
>>> import numpy as np
>>> d = Triangular(20, 30, 60)
>>> round(d.mean, 6)
36.666667
>>> d.sample(np.random.default_rng(1), 3).shape
(3,)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np


class Distribution:
    """A distribution of non-negative durations in minutes."""

    kind: ClassVar[str] = ""

    @property
    def mean(self) -> float:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    @property
    def variance(self) -> float:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    @property
    def sd(self) -> float:
        return math.sqrt(self.variance)

    @property
    def second_moment(self) -> float:
        """E[X^2] = variance + mean^2."""
        return self.variance + self.mean**2

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def sample32(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` values as float32, drawn from float32 random numbers where NumPy offers them.

        The Monte Carlo walk adds durations in float32 (see :mod:`~nssf_journey.simulation.walk`); drawing them
        in float32 too takes about half the time of :meth:`sample` for the common distributions. Same
        distribution, other numbers: a float32 uniform has 24 random bits, so a duration is resolved to about
        one part in ten million of its range, far below the spread of any real duration.

        >>> x = Triangular(20, 30, 60).sample32(np.random.default_rng(1), 4)
        >>> x.dtype, bool(((20 <= x) & (x <= 60)).all())
        (dtype('float32'), True)
        """
        return self.sample(rng, size).astype(np.float32)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """The quantile function: durations at cumulative probabilities ``u`` in [0, 1).

        Sampling by ``ppf(uniforms)`` lets two simulations share random numbers (common random numbers).

        >>> Uniform(10, 20).ppf(np.array([0.0, 0.5]))
        array([10., 15.])
        """
        return self._ppf(np.asarray(u, dtype=float))

    def _ppf(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    @property
    def support(self) -> tuple[float, float]:
        """The smallest and largest values the duration can take (``inf`` when unbounded)."""
        return (0.0, math.inf)

    def describe(self, unit_minutes: float = 1.0) -> str:
        """A short human description, with values divided by ``unit_minutes``."""
        return f"{self.kind}(mean {self.mean / unit_minutes:g})"

    def scaled(self, factor: float) -> "Distribution":
        """The same shape with every duration multiplied by ``factor`` (> 0): mean and sd scale by it.

        >>> Triangular(10, 20, 60).scaled(0.5)
        Triangular(low=5.0, mode=10.0, high=30.0)
        """
        if not factor > 0:
            raise ValueError(f"factor must be > 0, got {factor}")
        return self._scaled(float(factor))

    def _scaled(self, f: float) -> "Distribution":  # pragma: no cover - every subclass overrides
        raise NotImplementedError


def _check_finite(**values: float) -> None:
    for name, value in values.items():
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")


@dataclass(frozen=True)
class Fixed(Distribution):
    """Always the same duration."""

    value: float
    kind: ClassVar[str] = "fixed"

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        return np.full(u.shape, float(self.value))

    def _scaled(self, f: float) -> Distribution:
        return Fixed(self.value * f)

    def __post_init__(self) -> None:
        _check_finite(value=self.value)
        if self.value < 0:
            raise ValueError(f"value must be >= 0, got {self.value:g}")

    @property
    def mean(self) -> float:
        return float(self.value)

    @property
    def variance(self) -> float:
        return 0.0

    @property
    def support(self) -> tuple[float, float]:
        return (float(self.value), float(self.value))

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return np.full(size, float(self.value))

    def sample32(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return np.full(size, self.value, dtype=np.float32)

    def describe(self, unit_minutes: float = 1.0) -> str:
        return f"{self.value / unit_minutes:g}"


ZERO = Fixed(0.0)


@dataclass(frozen=True)
class Uniform(Distribution):
    """Any duration between ``low`` and ``high``, equally likely."""

    low: float
    high: float
    kind: ClassVar[str] = "uniform"

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        return self.low + u * (self.high - self.low)

    def _scaled(self, f: float) -> Distribution:
        return Uniform(self.low * f, self.high * f)

    def __post_init__(self) -> None:
        _check_finite(min=self.low, max=self.high)
        if self.low < 0:
            raise ValueError(f"min must be >= 0, got {self.low:g}")
        if self.high <= self.low:
            raise ValueError(f"max ({self.high:g}) must be greater than min ({self.low:g})")

    @property
    def mean(self) -> float:
        return (self.low + self.high) / 2

    @property
    def variance(self) -> float:
        return (self.high - self.low) ** 2 / 12

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.uniform(self.low, self.high, size)

    def sample32(self, rng: np.random.Generator, size: int) -> np.ndarray:
        x = rng.random(size, dtype=np.float32)
        x *= np.float32(self.high - self.low)
        x += np.float32(self.low)
        return x

    def describe(self, unit_minutes: float = 1.0) -> str:
        return f"uniform {self.low / unit_minutes:g}-{self.high / unit_minutes:g}"


@dataclass(frozen=True)
class Triangular(Distribution):
    """Between ``low`` and ``high``, most often near ``mode``: the classic three-point estimate."""

    low: float
    mode: float
    high: float
    kind: ClassVar[str] = "triangular"

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        a, c, b = self.low, self.mode, self.high
        cut = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1 - u) * (b - a) * (b - c))
        return np.where(u < cut, left, right)

    def _scaled(self, f: float) -> Distribution:
        return Triangular(self.low * f, self.mode * f, self.high * f)

    def __post_init__(self) -> None:
        _check_finite(min=self.low, mode=self.mode, max=self.high)
        if self.low < 0:
            raise ValueError(f"min must be >= 0, got {self.low:g}")
        if not (self.low <= self.mode <= self.high):
            raise ValueError(
                f"min <= mode <= max is required, got min {self.low:g}, mode {self.mode:g}, max {self.high:g}"
            )
        if self.high <= self.low:
            raise ValueError(f"max ({self.high:g}) must be greater than min ({self.low:g})")

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    @property
    def variance(self) -> float:
        a, c, b = self.low, self.mode, self.high
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.triangular(self.low, self.mode, self.high, size)

    def sample32(self, rng: np.random.Generator, size: int) -> np.ndarray:
        # Stein and Keblis (2009): with U, V uniform, (1 - c) min(U, V) + c max(U, V) is triangular on [0, 1]
        # with mode c. Two float32 uniforms and no square root.
        a, b = self.low, self.high
        c = (self.mode - a) / (b - a)
        u = rng.random((2, size), dtype=np.float32)
        lo, hi = np.minimum(u[0], u[1]), np.maximum(u[0], u[1], out=u[1])
        lo *= np.float32((1 - c) * (b - a))
        hi *= np.float32(c * (b - a))
        lo += hi
        lo += np.float32(a)
        return np.minimum(lo, np.float32(b), out=lo)  # float32 rounding must not leave the support

    def describe(self, unit_minutes: float = 1.0) -> str:
        u = unit_minutes
        return f"triangular {self.low / u:g}/{self.mode / u:g}/{self.high / u:g}"


@dataclass(frozen=True)
class Exponential(Distribution):
    """Memoryless durations with the given mean (inter-arrival times of a Poisson process)."""

    mean_value: float
    kind: ClassVar[str] = "exponential"

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        return -self.mean_value * np.log1p(-u)

    def _scaled(self, f: float) -> Distribution:
        return Exponential(self.mean_value * f)

    def __post_init__(self) -> None:
        _check_finite(mean=self.mean_value)
        if self.mean_value <= 0:
            raise ValueError(f"mean must be > 0, got {self.mean_value:g}")

    @property
    def mean(self) -> float:
        return float(self.mean_value)

    @property
    def variance(self) -> float:
        return float(self.mean_value) ** 2

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.exponential(self.mean_value, size)

    def sample32(self, rng: np.random.Generator, size: int) -> np.ndarray:
        x = rng.standard_exponential(size, dtype=np.float32)
        x *= np.float32(self.mean_value)
        return x

    def describe(self, unit_minutes: float = 1.0) -> str:
        return f"exponential mean {self.mean_value / unit_minutes:g}"


def _mills_ratio(alpha: float) -> float:
    """phi(alpha) / (1 - Phi(alpha)), computed stably for any alpha."""
    from scipy.special import erfcx

    return math.sqrt(2 / math.pi) / float(erfcx(alpha / math.sqrt(2)))


def _truncated_normal_moments(alpha: float) -> tuple[float, float]:
    """Mean and sd, in units of sigma and measured from the truncation point, of N(0, 1) truncated below at alpha."""
    lam = _mills_ratio(alpha)
    return lam - alpha, math.sqrt(max(1 + alpha * lam - lam * lam, 0.0))


@dataclass(frozen=True)
class Normal(Distribution):
    """A normal distribution truncated at zero, parameterised by the mean and sd of the truncated duration.

    The parent normal's ``loc`` and ``scale`` are solved so that the truncated duration has exactly the
    requested mean and sd. That is possible only when ``sd < mean``: a zero-truncated normal can never vary more
    than an exponential does.

    >>> d = Normal(10, 2)
    >>> round(d.mean, 9), round(d.sd, 9)
    (10.0, 2.0)
    """

    mean_value: float
    sd_value: float
    loc: float = field(init=False, repr=False)
    scale: float = field(init=False, repr=False)
    kind: ClassVar[str] = "normal"

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy.special import ndtr, ndtri

        tail = float(ndtr(self.loc / self.scale))  # P(parent > 0)
        return np.maximum(self.loc - self.scale * ndtri((1.0 - u) * tail), 0.0)

    def _scaled(self, f: float) -> Distribution:
        return Normal(self.mean_value * f, self.sd_value * f)

    def __post_init__(self) -> None:
        _check_finite(mean=self.mean_value, sd=self.sd_value)
        if self.mean_value <= 0:
            raise ValueError(f"mean must be > 0, got {self.mean_value:g}")
        if self.sd_value <= 0:
            raise ValueError(f"sd must be > 0, got {self.sd_value:g}")
        cv = self.sd_value / self.mean_value
        if cv >= 1:
            raise ValueError(
                f"sd ({self.sd_value:g}) must be less than mean ({self.mean_value:g}) for a normal truncated at 0;"
                " use lognormal for durations this variable"
            )
        # Solve for alpha = -loc/scale, the standardised truncation point: cv(alpha) rises from 0 to 1.
        lo, hi = -40.0, 60.0
        for _ in range(200):
            mid = (lo + hi) / 2
            m, s = _truncated_normal_moments(mid)
            if s / m < cv:
                lo = mid
            else:
                hi = mid
        alpha = (lo + hi) / 2
        m, _ = _truncated_normal_moments(alpha)
        scale = self.mean_value / m
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "loc", -alpha * scale)

    @property
    def mean(self) -> float:
        return float(self.mean_value)

    @property
    def variance(self) -> float:
        return float(self.sd_value) ** 2

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        from scipy.special import ndtr, ndtri

        alpha = -self.loc / self.scale
        tail = float(ndtr(-alpha))  # P(parent > 0)
        u = 1.0 - rng.random(size)  # in (0, 1]
        return np.maximum(self.loc - self.scale * ndtri(u * tail), 0.0)

    def describe(self, unit_minutes: float = 1.0) -> str:
        return f"normal mean {self.mean_value / unit_minutes:g} sd {self.sd_value / unit_minutes:g}"


@dataclass(frozen=True)
class Lognormal(Distribution):
    """A right-skewed duration given by its own mean and sd (queues, processing lead times).

    >>> d = Lognormal(60, 30)
    >>> round(d.mean, 9), round(d.sd, 9)
    (60.0, 30.0)
    """

    mean_value: float
    sd_value: float
    kind: ClassVar[str] = "lognormal"

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy.special import ndtri

        return np.exp(self.log_mu + self.log_sigma * ndtri(u))

    def _scaled(self, f: float) -> Distribution:
        return Lognormal(self.mean_value * f, self.sd_value * f)

    def __post_init__(self) -> None:
        _check_finite(mean=self.mean_value, sd=self.sd_value)
        if self.mean_value <= 0:
            raise ValueError(f"mean must be > 0, got {self.mean_value:g}")
        if self.sd_value <= 0:
            raise ValueError(f"sd must be > 0, got {self.sd_value:g}")

    @property
    def log_sigma(self) -> float:
        return math.sqrt(math.log1p((self.sd_value / self.mean_value) ** 2))

    @property
    def log_mu(self) -> float:
        return math.log(self.mean_value) - self.log_sigma**2 / 2

    @property
    def mean(self) -> float:
        return float(self.mean_value)

    @property
    def variance(self) -> float:
        return float(self.sd_value) ** 2

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.lognormal(self.log_mu, self.log_sigma, size)

    def sample32(self, rng: np.random.Generator, size: int) -> np.ndarray:
        z = rng.standard_normal(size, dtype=np.float32)
        z *= np.float32(self.log_sigma)
        z += np.float32(self.log_mu)
        return np.exp(z, out=z)

    def describe(self, unit_minutes: float = 1.0) -> str:
        return f"lognormal mean {self.mean_value / unit_minutes:g} sd {self.sd_value / unit_minutes:g}"


@dataclass(frozen=True)
class Empirical(Distribution):
    """A measured sample: each value is drawn with its weight (equal weights by default)."""

    values: tuple[float, ...]
    weights: tuple[float, ...] | None = None
    kind: ClassVar[str] = "empirical"

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        v = np.asarray(self.values, dtype=float)
        cum = np.cumsum(self._p)
        return v[np.minimum(np.searchsorted(cum, u, side='right'), v.size - 1)]

    def _scaled(self, f: float) -> Distribution:
        return Empirical(tuple(v * f for v in self.values), self.weights)

    def __post_init__(self) -> None:
        if len(self.values) == 0:
            raise ValueError("values must list at least one duration")
        for v in self.values:
            _check_finite(value=v)
            if v < 0:
                raise ValueError(f"values must all be >= 0, got {v:g}")
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError(
                    f"weights must have as many entries as values ({len(self.values)}), got {len(self.weights)}"
                )
            for w in self.weights:
                _check_finite(weight=w)
                if w < 0:
                    raise ValueError(f"weights must all be >= 0, got {w:g}")
            if sum(self.weights) <= 0:
                raise ValueError("weights must not all be 0")

    @property
    def _p(self) -> np.ndarray:
        if self.weights is None:
            return np.full(len(self.values), 1 / len(self.values))
        w = np.asarray(self.weights, dtype=float)
        return w / w.sum()

    @property
    def mean(self) -> float:
        return float(np.dot(self._p, self.values))

    @property
    def variance(self) -> float:
        v = np.asarray(self.values, dtype=float)
        return float(np.dot(self._p, (v - self.mean) ** 2))

    @property
    def support(self) -> tuple[float, float]:
        return (float(min(self.values)), float(max(self.values)))

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        v = np.asarray(self.values, dtype=float)
        if self.weights is None:
            return v[rng.integers(0, len(v), size)]
        return rng.choice(v, size=size, p=self._p)

    def describe(self, unit_minutes: float = 1.0) -> str:
        return f"empirical of {len(self.values)} values, mean {self.mean / unit_minutes:g}"
