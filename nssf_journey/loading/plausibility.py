"""Are a journey's times plausible for its ``time_unit``? A wrong unit multiplies every time silently.

A bare number means the journey's ``time_unit``, so a file declared in days whose numbers were written in hours
has a lead time 24 times too long, and nothing else looks wrong. The numbers themselves give it away:

- every duration and wait is under 0.1 of the unit (``time_unit: days`` and nothing longer than 2.4 hours);
- a time of 100,000 units or more (``minutes`` and a wait of 69 days written as 100,000 minutes, or seconds
  from an event log written as minutes).

Each rule gives a warning at ``time_unit`` that says what unit the numbers look like. Only bare numbers count
(``30``, ``{dist: triangular, min: 1, mode: 2, max: 5}``): a time written with its own unit (``"2 h"``,
``{..., unit: hours}``) says what it means. Numbers of a plausible size in the wrong unit (hours written in a
file declared in days) cannot be told apart from long times, since a step can last days (a hospital stay), and
are not detected.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..distributions import Distribution
from ..units import MINUTES_PER, TIME_UNITS
from .fields import is_number

#: Every time under this many units is implausibly small for the unit.
SMALLEST_TYPICAL = 0.1
#: A time of this many units or more is implausibly large for the unit.
LARGEST_PLAUSIBLE = 100_000
#: Fewer bare times than this say too little about the unit to call them all too small.
MIN_TIMES = 2

#: Units from small to large that numbers may look like (``seconds`` is no ``time_unit``, but a log's unit).
_UNITS = ("seconds", "minutes", "hours", "days")
_ONE_YEAR = 365 * 1440.0


def bare_times(raw: dict[str, Any], checked: dict[str, Any], time_unit: str) -> Iterator[tuple[str, float]]:
    """``(key, value in time_unit)`` of every nonzero step ``duration`` and ``wait`` written without a unit."""
    scale = MINUTES_PER[time_unit]
    for raw_step, step in zip(raw.get("steps") or [], checked.get("steps") or []):
        if not isinstance(raw_step, dict) or not isinstance(step, dict):
            continue
        for key in ("duration", "wait"):
            written, value = raw_step.get(key), step.get(key)
            bare = is_number(written) or (isinstance(written, dict) and "unit" not in written)
            if bare and isinstance(value, Distribution) and value.mean > 0:
                yield key, value.mean / scale


def human_time(minutes: float) -> str:
    """A time in the unit that reads best: ``"72 minutes"``, ``"1.9 hours"``, ``"104 days"``.

    >>> human_time(72), human_time(115), human_time(150_000)
    ('72 minutes', '1.92 hours', '104 days')
    """
    if minutes < 100:
        return f"{minutes:.3g} minutes"
    if minutes < 72 * 60:
        return f"{minutes / 60:.3g} hours"
    return f"{minutes / 1440:,.0f} days" if minutes >= 1440 * 1000 else f"{minutes / 1440:.3g} days"


def _smaller_unit(value: float, unit: str, fits: float) -> str:
    """The largest unit smaller than ``unit`` in which ``value`` (a number of ``unit``) is at most ``fits`` minutes."""
    smaller = _UNITS[: _UNITS.index(unit)]
    for candidate in reversed(smaller):
        if value * MINUTES_PER[candidate] <= fits:
            return candidate
    return smaller[0] if smaller else unit


def implausible_times(raw: Any, checked: Any, time_unit: str) -> list[str]:
    """Warnings about times that do not look like ``time_unit`` (see the module's rules); ``[]`` when they do.

    Examples
    --------
    >>> from nssf_journey.distributions import Fixed
    >>> raw = {"steps": [{"duration": 20, "wait": 150_000}, {"duration": 45}]}
    >>> checked = {"steps": [{"duration": Fixed(20), "wait": Fixed(150_000)}, {"duration": Fixed(45)}]}
    >>> print(implausible_times(raw, checked, "minutes")[0])
    a time of 150,000 minutes (104 days) is implausibly long: numbers this large look like seconds, not minutes; write them in minutes or with their unit, such as "90 s"
    """
    if not isinstance(raw, dict) or not isinstance(checked, dict) or time_unit not in TIME_UNITS:
        return []
    times = list(bare_times(raw, checked, time_unit))
    if not times:
        return []
    scale = MINUTES_PER[time_unit]
    longest = max(value for _, value in times)
    out = []
    if longest < SMALLEST_TYPICAL and len(times) >= MIN_TIMES:
        shown = human_time(longest * scale)
        natural = shown.split()[-1]
        looks = (f"times this short look like {natural}, not {time_unit}" if natural != time_unit
                 else "no step takes mere seconds: the numbers look like hours or days")
        also = f", {shown}" if natural != time_unit else ""
        out.append(
            f"every duration and wait is under {SMALLEST_TYPICAL:g} {time_unit} (the longest is {longest:.3g} {time_unit}"
            f"{also}): {looks}; check time_unit"
        )
    if longest >= LARGEST_PLAUSIBLE:
        looks = _smaller_unit(longest, time_unit, _ONE_YEAR)
        fix = "check time_unit" if looks in TIME_UNITS else 'write them in minutes or with their unit, such as "90 s"'
        shown = human_time(longest * scale)
        also = f" ({shown})" if shown.split()[-1] != time_unit else ""
        out.append(
            f"a time of {longest:,.0f} {time_unit}{also} is implausibly long: numbers this large look like {looks},"
            f" not {time_unit}; {fix}"
        )
    return out
