"""A journey as arrays: what a simulator needs to move cases from step to step quickly.

Steps become integer indices in file order; each step's branches become a row of a cumulative-probability table
so that the next step of many cases is drawn at once with one uniform number per case
(``np.searchsorted`` on the row). Outcomes become indices after the steps, and ``abandoned`` (a case that
gives up in a queue) is always the last outcome index, whether or not a step ends with it.

Nothing here is random; :mod:`~nssf_journey.simulation.montecarlo` and
:mod:`~nssf_journey.simulation.queueing` draw from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..distributions import Distribution
from ..model import Journey

#: The outcome of a case that leaves a queue because it waited longer than its patience.
ABANDONED = "abandoned"


@dataclass(frozen=True)
class CompiledJourney:
    """The journey's steps, branches and outcomes as index arrays.

    Attributes
    ----------
    step_ids : tuple of str
        Step ids in file order; a step's index is its position here.
    start : int
        Index of the start step.
    outcome_ids : tuple of str
        Outcomes in file order, then ``abandoned`` if no step ends with it.
    outcome_of : ndarray of int
        For each step, the index of its outcome, or -1 when the journey continues.
    next_cum : ndarray of float, shape (steps, max branches)
        Cumulative branch probabilities of each step, the last one forced to 1 (padding with 1).
    next_to : ndarray of int, shape (steps, max branches)
        The step index of each branch (padding repeats the last branch).
    resource_of : ndarray of int
        For each step, the index of its resource in ``journey.resources``, or -1.
    branch_waits : tuple of tuple
        For each step, ``(branch index, wait)`` of its branches that carry their own wait (usually none).
    """

    journey: Journey
    step_ids: tuple[str, ...]
    start: int
    outcome_ids: tuple[str, ...]
    outcome_of: np.ndarray
    next_cum: np.ndarray
    next_to: np.ndarray
    resource_of: np.ndarray
    branch_waits: tuple[tuple[tuple[int, Distribution], ...], ...] = ()

    @property
    def n_steps(self) -> int:
        return len(self.step_ids)

    @property
    def abandoned(self) -> int:
        """The outcome index of ``abandoned``."""
        return self.outcome_ids.index(ABANDONED)

    def next_steps(self, step: int, u: np.ndarray) -> np.ndarray:
        """The next step of cases at ``step``, given one uniform number in [0, 1) per case."""
        row = self.next_cum[step]
        k = np.zeros(u.shape, dtype=np.intp)
        for c in row[:-1].tolist():  # a handful of branches: comparisons beat a binary search
            k += u >= c
        return self.next_to[step][k]

    def next_branches(self, step: int, u: np.ndarray) -> np.ndarray:
        """The branch index (a column of ``next_to``) taken by cases at ``step``, one uniform number per case."""
        row = self.next_cum[step]
        k = np.zeros(u.shape, dtype=np.intp)
        for c in row[:-1].tolist():
            k += u >= c
        return k

    def next_branch(self, step: int, u: float) -> int:
        """The branch index taken by one case at ``step`` given a uniform number ``u`` in [0, 1)."""
        row = self.next_cum[step]
        return min(int(np.searchsorted(row, u, side="right")), row.size - 1)

    def next_step(self, step: int, u: float) -> int:
        """The next step of one case at ``step`` given a uniform number ``u`` in [0, 1)."""
        row = self.next_cum[step]
        k = int(np.searchsorted(row, u, side="right"))
        return int(self.next_to[step][min(k, row.size - 1)])


def compile_journey(journey: Journey) -> CompiledJourney:
    """Build the :class:`CompiledJourney` of a validated journey.

    Examples
    --------
    >>> from nssf_journey.examples import rework
    >>> c = compile_journey(rework(p=0.25))   # fill -> fill (0.25) or done (0.75)
    >>> c.outcome_ids, c.next_cum[0].tolist(), c.next_to[0].tolist()
    (('success', 'abandoned'), [0.25, 1.0], [0, 1])
    """
    steps = journey.steps
    index = {s.id: i for i, s in enumerate(steps)}
    outcomes = list(journey.outcome_ids)
    if ABANDONED not in outcomes:
        outcomes.append(ABANDONED)
    width = max([len(s.next) for s in steps] + [1])
    cum = np.ones((len(steps), width))
    to = np.zeros((len(steps), width), dtype=np.int64)
    outcome_of = np.full(len(steps), -1, dtype=np.int64)
    res_index = {r.id: k for k, r in enumerate(journey.resources)}
    resource_of = np.array([res_index.get(s.resource, -1) if s.resource else -1 for s in steps], dtype=np.int64)
    for i, s in enumerate(steps):
        if s.outcome is not None:
            outcome_of[i] = outcomes.index(s.outcome)
            to[i, :] = i
            continue
        c = np.cumsum([b.p for b in s.next])
        c[-1] = 1.0  # probabilities sum to 1 within 1e-6: never let a case fall off the end
        cum[i, : len(c)] = c
        to[i, : len(c)] = [index[b.to] for b in s.next]
        to[i, len(c):] = index[s.next[-1].to]
    branch_waits = tuple(tuple((k, b.wait) for k, b in enumerate(s.next) if b.has_wait) for s in steps)
    return CompiledJourney(journey, tuple(index), index[journey.start], tuple(outcomes), outcome_of, cum, to,
                           resource_of, branch_waits)
