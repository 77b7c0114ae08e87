"""The fewest servers that meet a target: a search over integers, from a good first guess.

More servers never make a queue worse, so "``n`` servers meet the target" is false up to some number and true
from there on. :func:`fewest` finds that number by testing a first guess (theory's answer), then stepping away
from it in doubling steps until the answer is bracketed, then bisecting: about ``2 log2(distance)`` tests
instead of one per candidate, and only two when the guess is right. Each test may be a simulation, so the
effort goes to the candidates next to the answer.
"""

from __future__ import annotations

from typing import Callable


def fewest(meets: Callable[[int], bool], guess: int, *, low: int = 1, cap: int) -> int | None:
    """The smallest ``n`` in ``[low, cap]`` with ``meets(n)``, for a monotone ``meets``; None if not even ``cap``.

    ``meets`` is called at most once per ``n``.

    >>> calls = []
    >>> def meets(n):
    ...     calls.append(n)
    ...     return n >= 37
    >>> fewest(meets, 40, cap=1000), calls
    (37, [40, 39, 37, 33, 35, 36])
    >>> fewest(lambda n: n >= 5, 5, cap=100)
    5
    >>> fewest(lambda n: False, 3, cap=10) is None
    True
    """
    if cap < low:
        return None
    seen: dict[int, bool] = {}

    def test(n: int) -> bool:
        if n not in seen:
            seen[n] = meets(n)
        return seen[n]

    n = min(max(guess, low), cap)
    if test(n):
        hi, lo, step = n, low - 1, 1
        while hi - step >= low:
            if test(hi - step):
                hi -= step
                step *= 2
            else:
                lo = hi - step
                break
    else:
        lo, step = n, 1
        while True:
            if lo == cap:
                return None
            cand = min(lo + step, cap)
            if test(cand):
                hi = cand
                break
            lo, step = cand, step * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if test(mid):
            hi = mid
        else:
            lo = mid
    return hi


def first_failing_factor(meets: Callable[[float], bool], guess: float, *, tolerance: float = 0.02,
                         low: float = 1e-3, high: float = 64.0, tests: int = 12) -> float | None:
    """The demand factor at which ``meets(factor)`` (true for small factors) turns false, to a relative
    ``tolerance``, searching geometrically from ``guess``; None when it never fails up to ``high``.

    >>> abs(first_failing_factor(lambda f: f < 1.7, 1.5) - 1.7) < 0.02 * 1.7
    True
    """
    lo, hi = None, None
    f = min(max(guess, low), high)
    used = 0
    while lo is None or hi is None:
        used += 1
        if meets(f):
            lo = f
            if hi is None:
                if f >= high:
                    return None
                f = min(f * 1.25, high)
        else:
            hi = f
            if lo is None:
                if f <= low:
                    return low
                f = max(f / 1.25, low)
    while hi / lo > 1 + tolerance and used < tests:
        mid = (lo * hi) ** 0.5
        used += 1
        if meets(mid):
            lo = mid
        else:
            hi = mid
    return (lo * hi) ** 0.5


__all__ = ["fewest", "first_failing_factor"]
