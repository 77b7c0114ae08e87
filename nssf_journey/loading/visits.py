"""Expected visits of each step, to refuse journeys whose loops no case would ever leave.

A step that loops to itself with probability 1 - 1e-12 is a valid graph (an outcome can be reached) whose
analysis says a lead time of 4.7e13 minutes and whose simulation never ends. Loading solves the journey's
absorbing Markov chain once for the expected visits of every step by a case that starts at ``start``,
``v = e_start + Q^T v``, that is ``(I - Q)^T v = e_start``, and refuses a journey in which any step is visited
more than :data:`MAX_EXPECTED_VISITS` times per case on average, naming the loop. ``I - Q`` is a non-singular
M-matrix when every step can reach an outcome (checked before), but a loop left with probability 1e-16 makes it
singular in floating point: a solution that is not finite and non-negative counts as too many visits, so
near-singular chains are refused, never crash. Small journeys are solved with dense NumPy, large ones (100,000
steps) with SciPy's sparse LU in well under a second. (The analysis layer has its own, fuller solver; loading
cannot import it, and needs only this one solve.)
"""

from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np

#: A journey in which a step is visited more than this many times per case on average is refused.
MAX_EXPECTED_VISITS = 1_000
#: Journeys up to this many steps are solved with dense NumPy.
DENSE_LIMIT = 400


def expected_visits(n: int, start: int, source: Sequence[int], target: Sequence[int], p: Sequence[float]) -> np.ndarray:
    """Expected visits of each of ``n`` steps by a case starting at ``start``; ``inf`` where they cannot be computed.

    The branches are the arrays ``source -> target`` with probability ``p``; outcome steps have none.

    >>> expected_visits(2, 0, [0, 0], [0, 1], [0.75, 0.25]).tolist()
    [4.0, 1.0]
    >>> bool(expected_visits(2, 0, [0, 0], [0, 1], [1 - 1e-12, 1e-12])[0] > 1e11)
    True
    """
    rows, cols, probs = np.asarray(source, int), np.asarray(target, int), np.asarray(p, float)
    rhs = np.zeros(n)
    rhs[start] = 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a singular matrix: judged by the solution below
        try:
            if n <= DENSE_LIMIT:
                a = np.eye(n)
                np.add.at(a, (rows, cols), -probs)
                v = np.linalg.solve(a.T, rhs)
            else:
                from scipy.sparse import csc_matrix, identity
                from scipy.sparse.linalg import spsolve

                q = csc_matrix((probs, (cols, rows)), shape=(n, n))  # Q transposed
                v = np.asarray(spsolve((identity(n, format="csc") - q).tocsc(), rhs), float)
        except (np.linalg.LinAlgError, RuntimeError, ValueError):
            return np.full(n, np.inf)
    bad = ~np.isfinite(v) | (v < -1e-9)
    return np.where(bad, np.inf, np.maximum(v, 0.0))


def loops(n: int, source: Sequence[int], target: Sequence[int]) -> np.ndarray:
    """The loop (strongly connected component) label of each step.

    >>> label = loops(3, [0, 1, 1], [1, 0, 2])
    >>> bool(label[0] == label[1] != label[2])
    True
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    graph = csr_matrix((np.ones(len(source)), (np.asarray(source, int), np.asarray(target, int))), shape=(n, n))
    return connected_components(graph, directed=True, connection="strong")[1]


def too_many_visits(ids: Sequence[str], start: int, source: Sequence[int], target: Sequence[int],
                    p: Sequence[float]) -> list[tuple[int, str]]:
    """For each loop with a step visited more than :data:`MAX_EXPECTED_VISITS` times per case: that step (the most
    visited of the loop) and the message that names the loop.

    >>> too_many_visits(("fix", "done"), 0, [0, 0], [0, 1], [0.999999, 0.000001])
    [(0, "step 'fix' is visited 1e+06 times per case on average, more than 1,000: the loop through 'fix' (back to itself with probability 0.999999) is almost never left; make leaving it more likely")]
    """
    n = len(ids)
    visits = expected_visits(n, start, source, target, p)
    over = np.flatnonzero(visits > MAX_EXPECTED_VISITS)
    if not len(over):
        return []
    label = loops(n, source, target)
    src, tgt, probs = np.asarray(source, int), np.asarray(target, int), np.asarray(p, float)
    inside = label[src] == label[tgt]
    cyclic = set(label[src[inside]].tolist())  # components with an edge inside: loops (a self-loop included)
    components = [c for c in dict.fromkeys(label[over].tolist()) if c in cyclic]
    if np.isinf(visits).all():  # the solve failed: the loops that are never left in floating point are to blame
        leaving = np.bincount(label[src[~inside]], weights=probs[~inside], minlength=label.max() + 1)
        closed = [c for c in components if leaving[c] < 1e-9]
        components = closed or components
    out: list[tuple[int, str]] = []
    for component in components:
        members = np.flatnonzero(label == component)
        worst = int(members[np.argmax(visits[members])])
        v = visits[worst]
        times = "too many times to compute" if not np.isfinite(v) else f"{v:.3g} times"
        if len(members) == 1:
            back = sum(q for s, t, q in zip(source, target, p) if s == worst and t == worst)
            loop = f"the loop through '{ids[worst]}' (back to itself with probability {back:.12g})"
        else:
            names = [f"'{ids[i]}'" for i in members[:4]] + ([f"{len(members) - 4} more"] if len(members) > 4 else [])
            loop = f"the loop through {', '.join(names[:-1])} and {names[-1]}"
        out.append((worst, f"step '{ids[worst]}' is visited {times} per case on average, more than "
                           f"{MAX_EXPECTED_VISITS:,}: {loop} is almost never left; make leaving it more likely"))
    return out
