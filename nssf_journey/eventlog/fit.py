"""Measured durations as distributions a journey file can hold: exact in the mean, readable, compact.

Real waits are skewed: in receipt.csv half the cases move on within minutes and the rest wait days. A mean and an
sd (a lognormal) cannot show that; the sample itself, thousands of numbers, is unreadable. :func:`fit` writes

- a ``fixed`` duration when every value is the same;
- the values themselves (``empirical``) when there are at most :data:`MAX_LISTED`;
- otherwise a ``quantiles`` distribution: the quantiles at :data:`PROBABILITIES` (from the minimum to the
  maximum) and the exact mean. Quantiles are rounded to four significant digits where that keeps the mean within
  what the quantiles allow, else kept exact. When those nine quantiles draw the measured distribution too
  coarsely (its cumulative share differs from the measured one by more than :data:`TOLERANCE` somewhere), the
  quantiles every 5 % are written instead (:data:`FINE_PROBABILITIES`): in receipt.csv most waits take minutes
  and a tenth take weeks, and nine points put minutes of cases at hours, which moved the simulated median case
  duration by a factor of three (docs/calibration.md).
"""

from __future__ import annotations

import math

import numpy as np

from ..distributions import Distribution, Empirical, Fixed, Quantiles

MAX_LISTED = 12
PROBABILITIES: tuple[float, ...] = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0)
#: The quantiles written when :data:`PROBABILITIES` are too coarse: every 5 %, the 99th, the maximum.
FINE_PROBABILITIES: tuple[float, ...] = tuple(round(0.05 * k, 2) for k in range(20)) + (0.99, 1.0)
#: The largest difference of cumulative shares (a Kolmogorov distance) the nine quantiles may leave.
TOLERANCE = 0.02
DIGITS = 4
#: Values closer than this (minutes: about a millisecond) are one value: timestamps written to the microsecond
#: leave a fixed duration off by a few of them.
SAME = 1e-5


def significant(x: float, digits: int = 12) -> float:
    """``x`` rounded to ``digits`` significant digits.

    >>> significant(0.8401273148148, 4), significant(1234567.0, 3)
    (0.8401, 1230000.0)
    """
    if x == 0 or not math.isfinite(x):
        return float(x)
    return float(f"{x:.{digits}g}")


def _rounded(values: np.ndarray, how: str, unit: float) -> np.ndarray:
    """Values (minutes) rounded to :data:`DIGITS` significant digits in ``unit`` minutes, nearest/down/up."""
    out = values.copy()
    x = values / unit
    nz = x != 0
    exp = np.floor(np.log10(np.abs(x[nz])))
    step = 10.0 ** (exp - (DIGITS - 1))
    f = {"nearest": np.round, "down": np.floor, "up": np.ceil}[how]
    out[nz] = np.array([significant(v, DIGITS) for v in (f(x[nz] / step) * step)]) * unit
    return np.maximum.accumulate(np.maximum(out, 0.0))


def fit(values: np.ndarray, unit_minutes: float = 1.0) -> Distribution:
    """A distribution of the measured ``values`` (minutes, >= 0) with exactly their mean.

    ``unit_minutes`` is the unit the journey file is written in (rounding is to significant digits there).

    Examples
    --------
    >>> d = fit(np.r_[np.zeros(50), np.linspace(1000, 5000, 50)])
    >>> d.kind, round(d.mean, 6) == round(float(np.r_[np.zeros(50), np.linspace(1000, 5000, 50)].mean()), 6)
    ('quantiles', True)
    >>> fit(np.array([5.0, 5.0])), fit(np.array([1.0, 3.0])).kind
    (Fixed(value=5.0), 'empirical')
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        raise ValueError("no values to fit")
    mean = float(values.mean())
    lo, hi = float(values.min()), float(values.max())
    if hi - lo <= SAME:
        return Fixed(significant(mean))
    if values.size <= MAX_LISTED:
        return Empirical(tuple(significant(v) for v in np.sort(values)))
    ordered = np.sort(values)
    coarse = _quantiles(ordered, PROBABILITIES, mean, unit_minutes)
    if distance(coarse, ordered) <= max(TOLERANCE, 1.0 / values.size):
        return coarse
    return _quantiles(ordered, FINE_PROBABILITIES, mean, unit_minutes)


def _quantiles(ordered: np.ndarray, probabilities: tuple[float, ...], mean: float, unit_minutes: float) -> Quantiles:
    """The ``quantiles`` distribution of the sorted values at ``probabilities``, with their mean."""
    q = np.quantile(ordered, probabilities, method="inverted_cdf")
    q[0], q[-1] = ordered[0], ordered[-1]
    p = np.asarray(probabilities)
    mean_written = significant(mean)
    dp = np.diff(p)
    for how in ("nearest", "down", "up", None):
        v = _rounded(q, how, unit_minutes) if how else q
        if float(dp @ v[:-1]) <= mean_written <= float(dp @ v[1:]):
            break
    p, v = _compact(p, v)
    return Quantiles(tuple(float(x) for x in p), tuple(float(x) for x in v), mean_written)


def distance(d: Distribution, ordered: np.ndarray, points: int = 400) -> float:
    """How far the cumulative shares of ``d`` are from those of the sorted sample ``ordered``: the largest
    difference, looked at the ``points`` quantiles of ``d`` (a Kolmogorov distance, on a grid).

    >>> x = np.linspace(0, 100, 1001)
    >>> round(distance(Quantiles((0.0, 1.0), (0.0, 100.0)), x), 3)   # uniform on [0, 100]: the same
    0.001
    >>> round(distance(Quantiles((0.0, 1.0), (0.0, 100.0)), x ** 2 / 100), 2)   # mass near 0: far off
    0.25
    """
    u = (np.arange(points) + 0.5) / points
    x = d.ppf(u)
    n = ordered.size
    above = np.searchsorted(ordered, x, side="right") / n
    below = np.searchsorted(ordered, x, side="left") / n
    return float(max(np.max(below - u), np.max(u - above), 0.0))


def _compact(p: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop a quantile between two equal neighbours: the point mass stays, the file gets shorter.

    >>> _compact(np.array([0, .25, .5, .75, 1.]), np.array([0., 0, 0, 2, 5]))
    (array([0.  , 0.5 , 0.75, 1.  ]), array([0., 0., 2., 5.]))
    """
    keep = np.ones(p.size, bool)
    keep[1:-1] = ~((v[1:-1] == v[:-2]) & (v[1:-1] == v[2:]))
    return p[keep], v[keep]


def exact_shares(counts: list[int], places: int = 12) -> list[float]:
    """Probabilities ``count / total`` written with ``places`` decimals that sum to exactly 1 in decimal
    (largest remainder), so that a journey file needs no rounding by hand.

    >>> exact_shares([1, 1, 1])
    [0.333333333334, 0.333333333333, 0.333333333333]
    >>> exact_shares([2, 5, 7], 3)
    [0.143, 0.357, 0.5]
    """
    total = sum(counts)
    scale = 10**places
    units = [c * scale // total for c in counts]
    short = scale - sum(units)
    order = sorted(range(len(counts)), key=lambda i: (-(counts[i] * scale % total), i))
    for i in order[:short]:
        units[i] += 1
    return [u / scale for u in units]
