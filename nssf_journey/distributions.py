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


@dataclass(frozen=True)
class Quantiles(Distribution):
    """A measured distribution in compact form: its quantiles, and optionally its exact mean.

    ``values[k]`` is the quantile at cumulative probability ``probabilities[k]`` (from 0, the minimum, to 1, the
    maximum). Between two quantiles the duration follows ``a + (b - a) U ** shape`` with ``U`` uniform: one
    ``shape`` for all intervals, chosen so that the mean is exactly ``mean_value``; without a mean, ``shape``
    is 1 (straight-line interpolation between the quantiles). Equal neighbouring quantiles are a point mass, so
    "half the cases wait nothing, the rest days" is written as it is measured. Mean and variance are exact
    for the distribution so defined, and sampling by :meth:`ppf` keeps common random numbers possible.

    The measured mean always lies between the two means the quantiles allow (every case in the bottom or in
    the top of its interval); another mean is rejected.

    >>> d = Quantiles((0.0, 0.5, 0.9, 1.0), (0.0, 0.0, 100.0, 400.0), 70.0)
    >>> round(d.mean, 9), float(d.ppf(np.array([0.25]))[0])
    (70.0, 0.0)
    """

    probabilities: tuple[float, ...]
    values: tuple[float, ...]
    mean_value: float | None = None
    kind: ClassVar[str] = "quantiles"

    def __post_init__(self) -> None:
        p, v = self.probabilities, self.values
        if len(p) != len(v):
            raise ValueError(f"p and values must have the same length, got {len(p)} and {len(v)}")
        if len(p) < 2:
            raise ValueError("at least two quantiles are needed: the minimum (p 0) and the maximum (p 1)")
        for x in (*p, *v):
            _check_finite(value=x)
        if p[0] != 0 or p[-1] != 1:
            raise ValueError(f"p must start at 0 and end at 1, got {p[0]:g} ... {p[-1]:g}")
        if any(b <= a for a, b in zip(p, p[1:])):
            raise ValueError("p must increase strictly")
        if v[0] < 0:
            raise ValueError(f"values must all be >= 0, got {v[0]:g}")
        if any(b < a for a, b in zip(v, v[1:])):
            raise ValueError("values must not decrease (a quantile is never below the one before it)")
        if self.mean_value is not None:
            _check_finite(mean=self.mean_value)
            lo, hi = self._bounds
            tol = 1e-9 * max(abs(hi), 1e-12)
            if not (lo - tol <= self.mean_value <= hi + tol):
                raise ValueError(f"mean must lie between {lo:g} and {hi:g} for these quantiles, got {self.mean_value:g}")

    @property
    def _bounds(self) -> tuple[float, float]:
        """The smallest and largest mean the quantiles allow (all mass at the bottom / the top of each interval)."""
        dp = np.diff(self.probabilities)
        v = np.asarray(self.values, dtype=float)
        return float(dp @ v[:-1]), float(dp @ v[1:])

    @property
    def _t(self) -> float:
        """E[U ** shape] = 1 / (1 + shape), in [0, 1]: where the mean sits between its two bounds."""
        if self.mean_value is None:
            return 0.5
        lo, hi = self._bounds
        if hi <= lo:
            return 0.5
        return min(max((self.mean_value - lo) / (hi - lo), 0.0), 1.0)

    @property
    def shape(self) -> float:
        """The exponent of ``U`` inside each interval (``inf``: every case at the bottom of its interval)."""
        t = self._t
        return math.inf if t == 0 else 1 / t - 1

    @property
    def mean(self) -> float:
        lo, hi = self._bounds
        return lo + self._t * (hi - lo)

    @property
    def variance(self) -> float:
        t = self._t
        u2 = t / (2 - t)  # E[U ** (2 shape)] = 1 / (1 + 2 shape)
        dp = np.diff(self.probabilities)
        v = np.asarray(self.values, dtype=float)
        a, w = v[:-1], np.diff(v)
        second = float(dp @ (a * a + 2 * a * w * t + w * w * u2))
        return max(second - self.mean**2, 0.0)

    @property
    def support(self) -> tuple[float, float]:
        return (float(self.values[0]), float(self.values[-1]))

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        p = np.asarray(self.probabilities, dtype=float)
        v = np.asarray(self.values, dtype=float)
        k = np.clip(np.searchsorted(p, u, side="right") - 1, 0, p.size - 2)
        local = np.clip((u - p[k]) / (p[k + 1] - p[k]), 0.0, 1.0)
        shape = self.shape
        if math.isinf(shape):
            frac = (local >= 1.0).astype(float)
        else:
            frac = np.power(local, shape)
        return v[k] + (v[k + 1] - v[k]) * frac

    def _scaled(self, f: float) -> Distribution:
        return Quantiles(self.probabilities, tuple(x * f for x in self.values),
                         None if self.mean_value is None else self.mean_value * f)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return self._ppf(rng.random(size))

    def sample32(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return self._ppf(rng.random(size, dtype=np.float32).astype(float)).astype(np.float32)

    def describe(self, unit_minutes: float = 1.0) -> str:
        median = float(self._ppf(np.array([0.5]))[0])
        return f"quantiles median {median / unit_minutes:g} mean {self.mean / unit_minutes:g}"
