"""Bounds of the command line's numeric options, declared once, and the check every command applies.

Typer reads any integer (``--cases 100000000000000000000``) and any float, infinity and NaN included
(``--demand inf``); the library is not the place to meet such values. Every numeric option is checked here
against a documented range before any work starts, and a value outside it is a one-line error with exit code 2
that states the value and the range. The ranges are listed in ``docs/outputs.md``.
"""

from __future__ import annotations

import math

from .app import fail

#: Simulated cases (or arrivals) per run: a billion is days of computing; more is a mistake.
MAX_CASES = 1_000_000_000
#: Seeds: the range of the fresh seeds ``simulate`` draws and shows (32 bits).
MAX_SEED = 2**32 - 1
#: How many rows a ``--top`` shows.
MAX_TOP = 1_000_000
#: A demand factor on today's arrivals (``capacity --demand``).
MAX_DEMAND = 100.0
#: A weight of a critical-juncture factor (``junctures --weight``).
MAX_WEIGHT = 1_000.0
#: Events a history needs before it stands on its own (``discover --min-events``).
MAX_MIN_EVENTS = 1_000_000_000


def _n(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:,g}"


def whole(option: str, value: int, low: int, high: int) -> int:
    """``value`` if ``low <= value <= high``; else a one-line error naming ``option``, the range and the value."""
    if not low <= value <= high:
        fail(f"{option}: expected a whole number from {_n(low)} to {_n(high)}, got {value}")
    return value


def number(option: str, value: float, low: float, high: float, *, above: bool = False, below: bool = False,
           what: str = "a number") -> float:
    """``value`` if it is finite and in the range (``above``/``below``: the end itself excluded); else a one-line
    error naming ``option``, the range and the value."""
    low_ok = value > low if above else value >= low
    high_ok = value < high if below else value <= high
    if not (math.isfinite(value) and low_ok and high_ok):
        if above:
            span = f"above {_n(low)} and {'below' if below else 'at most'} {_n(high)}"
        else:
            span = f"from {_n(low)} to {'below ' if below else ''}{_n(high)}"
        fail(f"{option}: expected {what} {span}, got {value:g}")
    return value


def cases(value: int, low: int = 1, option: str = "--cases") -> int:
    """A number of simulated cases: ``low`` (1, or 0 where 0 means none) to :data:`MAX_CASES`."""
    return whole(option, value, low, MAX_CASES)


def seed(value: int) -> int:
    """A seed: 0 to :data:`MAX_SEED`."""
    return whole("--seed", value, 0, MAX_SEED)


def top(value: int, option: str = "--top") -> int:
    """How many rows to show: 0 (all) to :data:`MAX_TOP`."""
    return whole(option, value, 0, MAX_TOP)
