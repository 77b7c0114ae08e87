"""Measure how the waits of one case go together: the ``case_speed`` of a journey.

A journey's waits are measured one arc at a time; a case, though, is fast or slow throughout. To see it, each
wait is replaced by its *normal score* within its own arc (its rank among the waits of that arc, as a quantile of
the standard normal), so that a wait of minutes on an arc where most take days and a wait of days where most take
weeks both count as fast. The correlation of the scores of two waits of one case ``k`` waits apart is then
measured for ``k`` = 1 to :data:`MAX_LAG`, and the two numbers of :class:`~nssf_journey.model.CaseSpeed` are fitted
to them by least squares weighted by the number of pairs: ``corr(k) = shared + (1 - shared) * carried ** k``.

Each correlation is measured as the share of pairs of waits that are both fast or both slow for their arcs (above
or below the arc's median; Blomqvist's medial correlation), which the mixture of minutes and weeks in real waits
does not dilute (:func:`lag_correlations`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The farthest apart two waits of a case are compared.
MAX_LAG = 6
#: A lag needs at least this many pairs of waits to count.
MIN_PAIRS = 30


@dataclass(frozen=True)
class CaseSpeedEstimate:
    """The fitted ``shared`` and ``carried``, and the correlations they were fitted to: ``(lag, correlation,
    pairs)``."""

    shared: float
    carried: float
    correlations: tuple[tuple[int, float, int], ...]

    @property
    def pairs(self) -> int:
        return sum(n for _, _, n in self.correlations)


def normal_scores(arc: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Each value's normal score among the values of its arc (NaN for an arc seen once).

    The values of an arc split the standard normal into ``n`` slices of equal probability, in order; a value's
    score is the mean of the normal over its slice, or over the slices of all its ties: half of an arc's waits
    being exactly zero is then the lower half of the normal, with a score of -0.8 each, as a latent speed
    would have it.

    >>> (normal_scores(np.array([0, 0, 0, 1]), np.array([5.0, 1.0, 9.0, 3.0])).round(3) + 0.0).tolist()
    [0.0, -1.091, 1.091, nan]
    >>> normal_scores(np.zeros(4, int), np.array([0.0, 0.0, 2.0, 3.0])).round(3).tolist()
    [-0.798, -0.798, 0.325, 1.271]
    """
    from scipy.special import ndtri

    out = np.full(value.size, np.nan)
    order = np.argsort(arc, kind="stable")
    bounds = np.flatnonzero(np.diff(arc[order])) + 1
    for rows in np.split(order, bounds):
        n = rows.size
        if n < 2:
            continue
        v = value[rows]
        sort = np.argsort(v, kind="stable")
        sv = v[sort]
        start = np.r_[0, np.flatnonzero(np.diff(sv)) + 1]
        stop = np.r_[start[1:], n]
        density = np.exp(-0.5 * np.square(ndtri(np.r_[start, n] / n))) / np.sqrt(2 * np.pi)
        density[[0, -1]] = 0.0  # the density at -inf and +inf
        block = (density[:-1] - density[1:]) * n / (stop - start)  # E[Z | Z in the block's slices]
        block_of = np.repeat(np.arange(start.size), stop - start)
        scores = np.empty(n)
        scores[sort] = block[block_of]
        out[rows] = scores
    return out


def lag_correlations(case: np.ndarray, score: np.ndarray, max_lag: int = MAX_LAG) -> list[tuple[int, float, int]]:
    """``(lag, correlation, pairs)`` of the latent speeds of waits ``lag`` apart within a case, for the lags with
    at least :data:`MIN_PAIRS` pairs. Rows must be in order within each case.

    The correlation is Blomqvist's medial one, turned into the correlation of a Gaussian copula: with ``b`` the
    share of pairs on the same side of their arcs' medians less the share on opposite sides, ``sin(pi b / 2)``.
    It counts whether two waits were both fast or both slow for their arcs, not by how much: real waits are
    mixtures (minutes for the cases handled in one sitting, weeks for the others), and a plain correlation of the
    scores is diluted by the spread of the minutes within the fast group, which says nothing about the case.
    On receipt.csv it gives 0.46 at lag 1 where the correlation of scores gives 0.34.

    >>> rng = np.random.default_rng(0)
    >>> z = rng.standard_normal((20_000, 2)) @ np.linalg.cholesky([[1, 0.6], [0.6, 1]]).T
    >>> [(lag, round(c, 1), n) for lag, c, n in lag_correlations(np.repeat(np.arange(20_000), 2), z.ravel())]
    [(1, 0.6, 20000)]
    """
    out = []
    for lag in range(1, max_lag + 1):
        same = case[lag:] == case[:-lag]
        x, y = score[:-lag][same], score[lag:][same]
        ok = ~(np.isnan(x) | np.isnan(y))
        x, y = x[ok], y[ok]
        if x.size < MIN_PAIRS:
            continue
        sign = np.sign(x) * np.sign(y)
        b = float(np.mean(sign))
        out.append((lag, float(np.sin(np.pi * b / 2)), int(x.size)))
    return out


def fit_case_speed(correlations: list[tuple[int, float, int]]) -> tuple[float, float]:
    """``(shared, carried)`` in [0, 1] that fit ``corr(k) = shared + (1 - shared) carried^k`` best (least squares
    weighted by pairs, on a grid of hundredths).

    >>> fit_case_speed([(1, 0.55, 100), (2, 0.325, 100), (3, 0.2125, 100)])
    (0.1, 0.5)
    """
    grid = np.round(np.arange(101) / 100, 2)
    shared, carried = np.meshgrid(grid, grid, indexing="ij")
    loss = np.zeros_like(shared)
    for lag, c, n in correlations:
        loss += n * (c - (shared + (1 - shared) * carried**lag)) ** 2
    i, j = np.unravel_index(int(np.argmin(loss)), loss.shape)
    return float(grid[i]), float(grid[j])


def estimate_case_speed(case: np.ndarray, arc: np.ndarray, value: np.ndarray) -> CaseSpeedEstimate | None:
    """Measure ``case_speed`` from waits: per wait its case, its arc (any integer key) and its value, in order
    within each case. ``None`` when no lag has :data:`MIN_PAIRS` pairs of waits.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> speed = np.repeat(rng.standard_normal(2000), 4)          # each case's own speed, shared by its 4 waits
    >>> z = np.sqrt(0.5) * speed + np.sqrt(0.5) * rng.standard_normal(8000)
    >>> e = estimate_case_speed(np.repeat(np.arange(2000), 4), np.tile(np.arange(4), 2000), np.exp(z))
    >>> bool(abs(e.shared - 0.5) < 0.1), bool(e.carried < 0.2)
    (True, True)
    """
    score = normal_scores(np.asarray(arc), np.asarray(value, dtype=float))
    correlations = lag_correlations(np.asarray(case), score)
    if not correlations:
        return None
    shared, carried = fit_case_speed(correlations)
    return CaseSpeedEstimate(shared, carried, tuple(correlations))
