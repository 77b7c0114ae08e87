"""Summary statistics of simulated cases: means with 95% confidence intervals, and percentiles.

Means and variances are accumulated chunk by chunk (Chan's parallel update of the mean and the sum of squared
deviations, in float64), so they are exact for any number of cases. In Monte Carlo cases are independent and
numerous, and the 95% confidence interval of a mean is the normal one, ``mean +/- 1.96 sd / sqrt(n)``. In
queueing simulation successive cases are correlated through the queue, which makes that interval far too narrow;
there the interval comes from batch means (:func:`batch_means_half_width`).

Percentiles are NumPy's default (linear interpolation between order statistics) over the per-case values kept
by the simulator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: z of a two-sided 95% normal confidence interval.
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Summary:
    """Mean, spread and percentiles of one per-case quantity, in minutes (or the quantity's own unit)."""

    n: int
    mean: float
    sd: float
    p50: float
    p90: float
    p95: float
    #: Half-width of the 95% interval when it is not the independent-cases one (batch means in queueing).
    ci95_half_width: float | None = None

    @property
    def standard_error(self) -> float:
        """The standard error of the mean of independent cases, ``sd / sqrt(n)``."""
        return self.sd / math.sqrt(self.n) if self.n > 0 else math.nan

    @property
    def ci95(self) -> tuple[float, float]:
        """The 95% confidence interval of the mean: normal for independent cases, else by batch means."""
        if self.ci95_half_width is not None:
            half = self.ci95_half_width
        else:
            half = Z95 * self.standard_error if self.n > 1 else 0.0
        return (self.mean - half, self.mean + half)

    def to_dict(self, scale: float = 1.0) -> dict[str, object]:
        """JSON-ready, with every value divided by ``scale`` (minutes per output unit)."""
        lo, hi = self.ci95
        return {
            "mean": self.mean / scale,
            "sd": self.sd / scale,
            "ci95": [lo / scale, hi / scale],
            "p50": self.p50 / scale,
            "p90": self.p90 / scale,
            "p95": self.p95 / scale,
        }


class RunningMoments:
    """Count, mean and sum of squared deviations of a stream of values, updated chunk by chunk.

    >>> m = RunningMoments()
    >>> m.add(np.array([1.0, 2.0])); m.add(np.array([3.0, 4.0]))
    >>> m.n, m.mean, round(m.variance, 12)
    (4, 2.5, 1.666666666667)
    """

    def __init__(self) -> None:
        self.n = 0
        self.mean = 0.0
        self.m2 = 0.0

    def add(self, values: np.ndarray) -> None:
        k = int(values.size)
        if k == 0:
            return
        v = np.asarray(values, dtype=np.float64)
        mean_b = float(v.sum()) / k
        d = v - mean_b
        m2_b = float(np.square(d, out=d).sum())
        n = self.n + k
        delta = mean_b - self.mean
        self.mean += delta * k / n
        self.m2 += m2_b + delta * delta * self.n * k / n
        self.n = n

    def merge(self, other: RunningMoments) -> None:
        """Add the values summarised by ``other``."""
        if other.n == 0:
            return
        n = self.n + other.n
        delta = other.mean - self.mean
        self.mean += delta * other.n / n
        self.m2 += other.m2 + delta * delta * self.n * other.n / n
        self.n = n

    @property
    def variance(self) -> float:
        """The sample variance (n - 1 in the denominator)."""
        return self.m2 / (self.n - 1) if self.n > 1 else 0.0


def summarize(moments: RunningMoments, kept: np.ndarray) -> Summary:
    """A :class:`Summary` from exact running moments and the per-case values kept for percentiles."""
    if kept.size and np.issubdtype(kept.dtype, np.integer) and kept.min() >= 0 and kept.max() < 1_000_000:
        p50, p90, p95 = _count_percentiles(np.bincount(kept), kept.size, (50, 90, 95))
    elif kept.size:
        p50, p90, p95 = percentiles(kept, (50, 90, 95))
    else:
        p50 = p90 = p95 = math.nan
    return Summary(moments.n, moments.mean, math.sqrt(moments.variance), p50, p90, p95)


#: Batches of the batch-means interval, and the t quantile (0.975, BATCHES - 1 degrees of freedom) it uses.
BATCHES = 30
T975_29 = 2.045229642132703


def batch_means_half_width(values: np.ndarray) -> float | None:
    """Half-width of the 95% batch-means interval of the mean of a correlated series (``None`` when too short).

    Successive cases of a queue are correlated (one who waits long is followed by others who do), so
    ``sd / sqrt(n)`` understates the error of their mean. The series, in arrival order, is cut into
    :data:`BATCHES` equal batches whose means are nearly independent when batches are much longer than the
    correlation; the interval is Student's over those means.

    >>> batch_means_half_width(np.ones(600)), batch_means_half_width(np.ones(100))
    (0.0, None)
    """
    n = values.size // BATCHES * BATCHES
    if n < 10 * BATCHES:
        return None
    means = np.asarray(values[:n], dtype=np.float64).reshape(BATCHES, -1).mean(axis=1)
    return float(T975_29 * means.std(ddof=1) / math.sqrt(BATCHES))


def summary_of(values: np.ndarray) -> Summary:
    """The :class:`Summary` of an array of per-case values.

    >>> s = summary_of(np.arange(1.0, 101.0))
    >>> s.mean, s.p50
    (50.5, 50.5)
    """
    m = RunningMoments()
    m.add(values)
    return summarize(m, values)


def _count_percentiles(counts: np.ndarray, n: int, qs: tuple[float, ...]) -> list[float]:
    """NumPy's linear percentiles of non-negative integers given as counts of each value (no sorting).

    >>> [round(x, 9) for x in _count_percentiles(np.bincount([0, 1, 1, 4]), 4, (50, 90))]
    [1.0, 3.1]
    """
    cum = np.cumsum(counts)
    out = []
    for q in qs:
        h = (n - 1) * q / 100
        lo = int(math.floor(h))
        x_lo = float(np.searchsorted(cum, lo, side="right"))
        x_hi = float(np.searchsorted(cum, min(lo + 1, n - 1), side="right"))
        out.append(x_lo + (h - lo) * (x_hi - x_lo))
    return out


def percentiles(values: np.ndarray, qs: tuple[float, ...]) -> list[float]:
    """NumPy's default (linear) percentiles, from one partial sort of a copy (faster than ``np.percentile``).

    >>> x = np.array([4.0, 1.0, 3.0, 2.0])
    >>> percentiles(x, (50, 90)) == np.percentile(x, [50, 90]).tolist()
    True
    """
    n = values.size
    pos = [(n - 1) * q / 100 for q in qs]
    kth = sorted({int(math.floor(h)) for h in pos} | {min(int(math.floor(h)) + 1, n - 1) for h in pos})
    part = np.partition(values, kth)
    out = []
    for h in pos:
        lo = int(math.floor(h))
        x_lo = float(part[lo])
        x_hi = float(part[min(lo + 1, n - 1)])
        out.append(x_lo + (h - lo) * (x_hi - x_lo))
    return out
