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
#: Fewest values for a batch-means interval (ten per batch).
MIN_BATCH_CASES = 10 * BATCHES


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
    if n < MIN_BATCH_CASES:
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
    """NumPy's default (linear) percentiles, exactly, without sorting the values.

    A linear percentile needs the order statistics at ranks ``floor(h)`` and ``floor(h) + 1`` (see
    :func:`order_statistics`).

    >>> x = np.array([4.0, 1.0, 3.0, 2.0])
    >>> percentiles(x, (50, 90)) == np.percentile(x, [50, 90]).tolist()
    True
    """
    n = values.size
    pos = [(n - 1) * q / 100 for q in qs]
    ranks = sorted({int(math.floor(h)) for h in pos} | {min(int(math.floor(h)) + 1, n - 1) for h in pos})
    at = order_statistics(values, ranks)
    out = []
    for h in pos:
        lo = int(math.floor(h))
        x_lo = at[lo]
        x_hi = at[min(lo + 1, n - 1)]
        out.append(x_lo + (h - lo) * (x_hi - x_lo))
    return out


#: Arrays smaller than this are partitioned by NumPy; larger ones go through the radix selection.
RADIX_MIN = 20_000
_DIGIT = 16  # bits per radix digit: a histogram of 65,536 counts
_BLOCK = 1 << 17  # values per block of the first pass


def order_statistics(values: np.ndarray, ranks: list[int]) -> dict[int, float]:
    """The value of rank ``k`` (0-based: the ``k+1``-th smallest) of ``values`` for every ``k`` in ``ranks``.

    Large float arrays use a radix selection on the bits of the values (an IEEE float's bits, read as an unsigned
    integer and adjusted for the sign, sort as the floats do): one histogram of the top 16 bits finds the bucket
    holding each rank, and only that bucket is searched further, 16 bits at a time. It takes a few passes over
    the values whatever their distribution; NumPy's ``partition`` takes several times longer with several ranks,
    and slows down sharply on arrays with many equal values (many cases without any wait, or paying the same
    fees).

    >>> x = np.concatenate([np.zeros(60_000), np.arange(40_000.0)])
    >>> order_statistics(x, [0, 59_999, 60_000, 99_999])
    {0: 0.0, 59999: 0.0, 60000: 0.0, 99999: 39999.0}
    """
    values = np.asarray(values)
    if values.size < RADIX_MIN or values.dtype not in (np.float32, np.float64):
        part = np.partition(values, ranks)
        return {k: float(part[k]) for k in ranks}
    keys, bits = _sortable_bits(values)
    shift = bits - _DIGIT
    # The top digit of every value (2 bytes each) and its histogram, a block at a time to keep temporaries small.
    digit = np.empty(values.size, dtype=np.uint16)
    counts = np.zeros(1 << _DIGIT, dtype=np.int64)
    for lo in range(0, values.size, _BLOCK):
        block = digit[lo:lo + _BLOCK]
        np.right_shift(keys[lo:lo + _BLOCK], shift, out=block, casting="unsafe")
        counts += np.bincount(block, minlength=1 << _DIGIT)
    below = np.cumsum(counts)
    buckets: dict[int, list[int]] = {}
    for k in ranks:
        buckets.setdefault(int(np.searchsorted(below, k, side="right")), []).append(k)
    out = {}
    for d, ks in buckets.items():
        inside = np.flatnonzero(digit == d)  # then take(): a boolean mask index is several times slower
        bucket_keys, bucket_values = keys.take(inside), values.take(inside)
        for k in ks:
            out[k] = _select(bucket_keys, bucket_values, k - (int(below[d - 1]) if d else 0), shift)
    return out


def _sortable_bits(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Unsigned integers that sort as the floats ``values`` do (NaN aside), and their width in bits."""
    bits = values.dtype.itemsize * 8
    u = values.view(np.uint32 if bits == 32 else np.uint64)
    top = u.dtype.type(1 << (bits - 1))
    negative = u >= top
    if not negative.any():  # durations and money: no sign bit set, the bits already sort
        return u, bits
    return np.where(negative, ~u, u | top), bits


def _select(keys: np.ndarray, values: np.ndarray, k: int, shift: int) -> float:
    """Rank ``k`` of ``values`` whose sortable ``keys`` all agree above bit ``shift``."""
    mask = (1 << _DIGIT) - 1
    while shift > 0 and values.size > 1:
        if values.size < RADIX_MIN:
            return float(np.partition(values, k)[k])
        if values.min() == values.max():  # many equal values (no wait at all, the same fee): done
            return float(values[0])
        shift = max(shift - _DIGIT, 0)
        digit = ((keys >> shift) & mask).astype(np.intp)
        below = np.cumsum(np.bincount(digit, minlength=1 << _DIGIT))
        d = int(np.searchsorted(below, k, side="right"))
        k -= int(below[d - 1]) if d else 0
        inside = np.flatnonzero(digit == d)
        keys, values = keys.take(inside), values.take(inside)
    return float(values[k] if shift > 0 else values[0])  # all keys equal once every bit is fixed
