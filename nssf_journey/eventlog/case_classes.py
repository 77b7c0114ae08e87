"""Classes of cases chosen at the start: a journey as a mixture of journeys.

A journey is a Markov chain: what a case does next, and how long it waits, depends only on the step it is at. Real
cases carry more than their step. In receipt.csv half of the cases are handled in one sitting (every wait a few
minutes) and the others wait days somewhere; a case that will end after "T05 Print and send confirmation" waits
longer on the way than one that ends after "T10". A simulation that draws each wait on its own mixes the two
kinds of cases at every step: the share of cases handled in one sitting comes out wrong, and so does the mean
duration of each outcome.

A *class* is drawn once per case, at its start, with the share the log measures; the case then walks its class's
own copy of the journey, whose branches and waits are measured on the cases of that class alone. Two classes are
measured:

- ``outcome``: the outcome the case ends with (outcomes of fewer than :data:`RARE_CLASS_SHARE` of the cases
  together form one class, "other outcomes", so that rare endings do not each get a copy of the journey);
- ``pace``: whether the case is handled in one sitting (no wait longer than the log's *long wait*,
  :func:`long_wait_threshold`) or waits long at least once. Within the second class each step also remembers
  whether the long wait has happened yet (:func:`long_wait_seen`), so that a case of that class cannot end
  without one.

The class is a property of the whole case, so it is known only at its end: it is the *latent* part of the
state, chosen at the start with its measured share. Every step still stands for its activity (``log_activity``),
and the mixture reproduces its log in the mean exactly, as any relabelling of a log's events does
(:mod:`~nssf_journey.eventlog.history`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .summary import case_bounds
from .table import EventLog

CLASSES: tuple[str, ...] = ("outcome", "pace")
#: Outcomes of fewer cases than this share are one class together ("other outcomes"); the same share below which
#: fidelity does not hold an outcome's mean to its goal.
RARE_CLASS_SHARE = 0.05
#: Fewer positive waits than this, and the log has no measurable long wait (no ``pace`` classes).
MIN_WAITS = 20


def long_wait_threshold(waits: np.ndarray) -> float | None:
    """The wait (minutes) that separates a log's short waits from its long ones: the split of the logarithms of
    the positive waits into two groups that are most apart (Otsu's method: the largest variance between the
    groups). ``None`` with fewer than :data:`MIN_WAITS` positive waits.

    In receipt.csv it is 31 minutes: most waits take seconds to minutes (the clerk goes on with the case), the
    others days.

    >>> w = np.r_[np.full(30, 2.0), np.full(10, 3000.0)]      # minutes and two days
    >>> round(long_wait_threshold(w))
    77
    >>> long_wait_threshold(np.full(5, 1.0)) is None
    True
    """
    x = np.sort(np.log10(np.asarray(waits, dtype=float)[np.asarray(waits) > 0]))
    if x.size < MIN_WAITS or x[0] == x[-1]:
        return None
    n = x.size
    cum = np.cumsum(x)
    k = np.arange(1, n)                     # the first k values form the low group
    low_mean = cum[:-1] / k
    high_mean = (cum[-1] - cum[:-1]) / (n - k)
    between = k * (n - k) * (high_mean - low_mean) ** 2
    between[x[1:] == x[:-1]] = -1.0         # split only between different values
    i = int(np.argmax(between))
    return float(10 ** ((x[i] + x[i + 1]) / 2))


def long_wait_seen(case_codes: np.ndarray, long: np.ndarray) -> np.ndarray:
    """Per event (in order within each case), whether its case has had a long wait up to and including the wait
    before this event.

    >>> long_wait_seen(np.array([0, 0, 0, 1, 1]), np.array([False, True, False, False, False])).tolist()
    [False, True, True, False, False]
    """
    first, _ = case_bounds(case_codes)
    count = np.cumsum(long.astype(np.int64))
    before = np.r_[0, count][first]          # long waits before each case's first event
    per_event = np.repeat(before, np.diff(np.r_[first, case_codes.size]))
    return (count - per_event) > 0


@dataclass(frozen=True)
class CaseClasses:
    """The class of every case of a log, and per event whether its case has had its long wait yet.

    Attributes
    ----------
    of_case : ndarray of int
        Per case, its class (an index into ``names``).
    names : tuple of str
        Per class, how it reads: "ends with success", "handled in one sitting", ...
    long_seen : ndarray of bool
        Per event, whether its case has had a wait longer than ``long_wait`` so far (always ``False`` without
        ``pace``).
    long_wait : float or None
        The log's long wait (minutes), when ``pace`` is measured.
    """

    of_case: np.ndarray
    names: tuple[str, ...]
    long_seen: np.ndarray
    long_wait: float | None = None


def case_classes(log: EventLog, kinds: tuple[str, ...], outcome_of_case: np.ndarray, wait: np.ndarray) -> CaseClasses:
    """The classes of the cases of ``log`` by ``kinds`` (a subset of :data:`CLASSES`).

    ``outcome_of_case`` is each case's outcome id (as the journey will name it); ``wait`` each event's wait
    before it (minutes; 0 for a case's first event).

    >>> day = 86_400 * 10**9
    >>> log = EventLog(case_codes=np.array([0, 0, 1, 1]), case_names=["1", "2"], activity_codes=np.array([0, 1, 0, 1]),
    ...                activities=["ask", "pay"], end_ns=np.array([0, 1, 0, 1]) * day, source="x.csv", naive=True)
    >>> c = case_classes(log, ("outcome",), np.array(["paid", "refused"], dtype=object), np.zeros(4))
    >>> c.of_case.tolist(), c.names
    ([0, 1], ('ends with paid', 'ends with refused'))
    """
    unknown = [k for k in kinds if k not in CLASSES]
    if unknown:
        raise ValueError(f"classes must be among {', '.join(CLASSES)}, got {unknown[0]!r}")
    n_cases = len(outcome_of_case)
    first, _ = case_bounds(log.case_codes)
    parts: list[list[str]] = [[""] * n_cases]
    long_seen = np.zeros(log.case_codes.size, bool)
    threshold = None
    if "outcome" in kinds:
        ids, counts = np.unique(np.asarray(outcome_of_case, dtype=str), return_counts=True)
        common = {str(o) for o, c in zip(ids, counts) if c >= RARE_CLASS_SHARE * n_cases}
        parts.append([f"ends with {o}" if o in common else "ends with one of the other outcomes"
                      for o in np.asarray(outcome_of_case, dtype=str)])
    if "pace" in kinds:
        later = np.ones(wait.size, bool)
        later[first] = False
        threshold = long_wait_threshold(wait[later])
        if threshold is not None:
            long = later & (wait > threshold)
            long_seen = long_wait_seen(log.case_codes, long)
            has_long = np.zeros(n_cases, bool)
            np.logical_or.at(has_long, log.case_codes, long)
            parts.append(["waits long at least once" if h else "handled in one sitting" for h in has_long])
    keys = [", ".join(p for p in key if p) for key in zip(*[p for p in parts if p])]
    names = tuple(dict.fromkeys(sorted(keys)))
    index = {k: i for i, k in enumerate(names)}
    return CaseClasses(np.array([index[k] for k in keys], dtype=np.int64), names, long_seen, threshold)
