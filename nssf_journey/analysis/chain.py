"""The linear algebra of a journey's absorbing Markov chain: ``I - Q`` factorised once, solved many times.

``Q`` is the step-to-step transition matrix (row ``i``: the branches out of step ``i``; rows of outcome steps are
zero) and ``N = (I - Q)^-1`` the fundamental matrix: ``N[i, j]`` is the expected number of visits of step ``j``
by a case that is at step ``i``. ``I - Q`` is a non-singular M-matrix (every step can reach an outcome), so its LU
factorisation needs no pivoting for stability: SuperLU factorises it with diagonal pivots in a fill-reducing
symmetric order, which also lets :mod:`.selected_inversion` read the diagonal of ``N`` off the same factors.

Small journeys (up to :data:`DENSE_LIMIT` steps) take dense NumPy instead: one inverse serves every right-hand
side and the diagonal, and SciPy is not imported (a faster start-up).
"""

from __future__ import annotations

import numpy as np

from .graph import StepGraph, steps_on_a_cycle

#: Journeys up to this many steps are solved with dense NumPy (no SciPy import: faster start-up, and faster).
DENSE_LIMIT = 400


class Chain:
    """``I - Q`` of a journey's chain, factorised once: dense NumPy for small journeys, sparse LU for large ones.

    Examples
    --------
    A step redone with probability 0.25 is visited 1 / (1 - 0.25) times:

    >>> import numpy as np
    >>> from nssf_journey.analysis.graph import StepGraph
    >>> g = StepGraph(("fill", "done"), 0, np.array([0, 0]), np.array([0, 1]), np.array([0.25, 0.75]),
    ...               np.array([False, True]), np.zeros(2))
    >>> Chain(g).visits().round(12).tolist()
    [1.333333333333, 1.0]
    """

    def __init__(self, graph: StepGraph):
        n = graph.n
        self.graph = graph
        self.n = n
        rows, cols, probs = graph.source, graph.target, graph.p
        if n <= DENSE_LIMIT:
            q = np.zeros((n, n))
            np.add.at(q, (rows, cols), probs)
            self.q = q
            a = np.eye(n) - q
            self._inv = np.linalg.inv(a) if n else a  # small: one inverse serves every right-hand side
            self._lu = None
        else:
            from scipy.sparse import csc_matrix, identity

            from .selected_inversion import factorize_m_matrix

            self.q = csc_matrix((probs, (rows, cols)), shape=(n, n))
            self._a = (identity(n, format="csc") - self.q).tocsc()
            self._lu = factorize_m_matrix(self._a)

    def solve(self, b: np.ndarray, trans: str = "N") -> np.ndarray:
        """x with (I - Q) x = b, or (I - Q)^T x = b with ``trans="T"``."""
        if self._lu is not None:
            return self._lu.solve(np.asarray(b, dtype=float), trans=trans)
        return (self._inv.T if trans == "T" else self._inv) @ b

    def q_times(self, x: np.ndarray) -> np.ndarray:
        """``Q x``."""
        return self.q @ x

    def visits(self) -> np.ndarray:
        """Expected visits of each step per case: the row of ``N`` for ``start``."""
        e = np.zeros(self.n)
        e[self.graph.start] = 1.0
        return np.maximum(self.solve(e, trans="T"), 0.0)

    def returns(self) -> np.ndarray:
        """``N[i, i]``: expected visits of step ``i`` by a case that is there, this one included (1 off loops).

        Steps that no loop passes through get exactly 1; the others the diagonal of the dense inverse or, for
        large journeys, of the sparse factors by selected inversion (no solve per step).
        """
        on_cycle = steps_on_a_cycle(self.graph)
        out = np.ones(self.n)
        if not on_cycle.any():
            return out
        if self._lu is None:
            diag = np.diag(self._inv)
        else:
            from .selected_inversion import inverse_diagonal

            diag = inverse_diagonal(self._lu, self._a)
        out[on_cycle] = diag[on_cycle]
        return out

    def reach(self, visits: np.ndarray) -> np.ndarray:
        """Probability that a case reaches each step at least once: ``v_i / N_ii``."""
        return np.clip(visits / self.returns(), 0.0, 1.0)
