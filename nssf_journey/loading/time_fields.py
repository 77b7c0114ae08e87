"""Field kinds for time: dates, opening hours, hour and day ranges, and durations.

A duration is what a journey writes for a step's time: a bare number in the journey's ``time_unit``, a text with
its unit (``"2 h"``), or a distribution (``{dist: triangular, min: 10, mode: 20, max: 40}``). It is checked in the
numbers as written, so that a message quotes what the author wrote, in the file's own unit, and converted to a
:class:`~nssf_journey.distributions.Distribution` in minutes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .. import distributions as d
from ..units import (DURATION_TEXT, MIN_ARRIVAL_INTERVAL_MINUTES, MINUTES_PER, TIME_UNITS, UNIT_ALIASES,
                     parse_duration_text, time_too_long, time_too_short)
from .fields import INVALID, MAX_NUMBER, Checker, Kind, describe_value, did_you_mean, is_number
from .plausibility import LARGEST_PLAUSIBLE
from .problems import Path


#: The dates a journey or a data file may name: simulated calendars, holidays. Outside them date arithmetic
#: overflows (9999-12-31 plus a day) and no NSSF process runs.
FIRST_DATE = dt.date(1970, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)


def _in_range(day: dt.date, path: Path, ck: Checker) -> bool:
    if FIRST_DATE <= day <= LAST_DATE:
        return True
    ck.error(path, f"expected a date from {FIRST_DATE} to {LAST_DATE}, got {day.isoformat()}")
    return False


class Date(Kind):
    description = "a date such as 2026-01-05"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        day: dt.date | None = None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        if day is None:
            return self.expected(value, path, ck)
        return day if _in_range(day, path, ck) else INVALID

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


class DateTime(Kind):
    description = "a date or date and time such as 2026-01-05 or 2026-01-05 07:30"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        moment: dt.datetime | None = None
        if isinstance(value, dt.datetime):
            moment = value.replace(tzinfo=None)
        elif isinstance(value, dt.date):
            moment = dt.datetime(value.year, value.month, value.day)
        elif isinstance(value, str):
            try:
                moment = dt.datetime.fromisoformat(value.strip()).replace(tzinfo=None)
            except ValueError:
                pass
        if moment is None:
            return self.expected(value, path, ck)
        return moment if _in_range(moment.date(), path, ck) else INVALID

    def schema(self) -> dict[str, Any]:
        return {"type": "string"}


_CLOCK_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class ClockRange(Kind):
    """``"07:30-11:30"`` -> (450.0, 690.0) minutes after midnight."""

    description = 'opening hours such as "07:30-11:30"'

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        m = _CLOCK_RANGE.match(value) if isinstance(value, str) else None
        if m:
            h1, m1, h2, m2 = (int(g) for g in m.groups())
            start, end = h1 * 60 + m1, h2 * 60 + m2
            if h1 <= 24 and h2 <= 24 and m1 < 60 and m2 < 60 and start < end <= 1440:
                return (float(start), float(end))
        return self.expected(value, path, ck)

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _CLOCK_RANGE.pattern}


@dataclass
class IntRange(Kind):
    """``"07-11"`` or ``7`` -> a range of integers within [low, high], half-open or inclusive."""

    low: int
    high: int
    inclusive: bool
    description: str = "a range"  # type: ignore[assignment]

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        m = re.match(r"^(\d+)(?:\s*-\s*(\d+))?$", text)
        if m:
            a = int(m.group(1))
            b = int(m.group(2)) if m.group(2) else (a if self.inclusive else a + 1)
            last = b if self.inclusive else b - 1
            if self.low <= a <= last <= self.high:
                return range(a, last + 1)
        ck.error(path, f"expected {self.description}, got {describe_value(value)}", at_key=True)
        return INVALID

    def schema(self) -> dict[str, Any]:
        return {"type": "string"}


# ----------------------------------------------------------------------------------------------- durations

DISTRIBUTION_PARAMS: dict[str, tuple[str, ...]] = {
    "fixed": ("value",),
    "uniform": ("min", "max"),
    "triangular": ("min", "mode", "max"),
    "exponential": ("mean",),
    "normal": ("mean", "sd"),
    "lognormal": ("mean", "sd"),
    "empirical": ("values",),
    "quantiles": ("p", "values"),
}
_OPTIONAL_PARAMS: dict[str, tuple[str, ...]] = {"empirical": ("weights",), "quantiles": ("mean",)}
#: Parameters that are lists of numbers rather than one number.
_LIST_PARAMS: tuple[str, ...] = ("values", "weights", "p")


def _build_distribution(kind: str, p: dict[str, Any], scale: float) -> d.Distribution:
    if kind == "fixed":
        return d.Fixed(p["value"] * scale)
    if kind == "uniform":
        return d.Uniform(p["min"] * scale, p["max"] * scale)
    if kind == "triangular":
        return d.Triangular(p["min"] * scale, p["mode"] * scale, p["max"] * scale)
    if kind == "exponential":
        return d.Exponential(p["mean"] * scale)
    if kind == "normal":
        return d.Normal(p["mean"] * scale, p["sd"] * scale)
    if kind == "lognormal":
        return d.Lognormal(p["mean"] * scale, p["sd"] * scale)
    if kind == "quantiles":
        mean = p.get("mean")
        return d.Quantiles(tuple(p["p"]), tuple(v * scale for v in p["values"]),
                           None if mean is None else mean * scale)
    weights = p.get("weights")
    return d.Empirical(tuple(v * scale for v in p["values"]), tuple(weights) if weights is not None else None)


class Duration(Kind):
    """A duration: a bare number in the journey's ``time_unit``, ``"2 h"``, or ``{dist: ..., ...}``.

    Converts to a :class:`~nssf_journey.distributions.Distribution` in minutes.
    """

    description = 'a duration such as 30, "2 h" or {dist: triangular, min: 10, mode: 20, max: 40}'

    def __init__(self, positive: str = ""):
        #: When given, the duration's mean must be more than 0, and this names it in the message
        #: (``"the time between arrivals"``).
        self.positive = positive

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        dist = self._check(value, path, ck)
        if self.positive and dist is not INVALID and not dist.mean >= MIN_ARRIVAL_INTERVAL_MINUTES:
            ck.error(path, f"{self.positive} must be at least one second on average, got {describe_value(value)}")
            return INVALID
        return dist

    def _check(self, value: Any, path: Path, ck: Checker) -> Any:
        scale = MINUTES_PER[ck.time_unit]
        if is_number(value):
            if value < 0:
                ck.error(path, f"expected a duration >= 0, got {describe_value(value)}")
                return INVALID
            if not _time_ok(float(value), ck.time_unit, path, ck, hint=True):
                return INVALID
            return d.Fixed(float(value) * scale)
        if isinstance(value, str):
            minutes = parse_duration_text(value)
            if minutes is None:
                return self.expected(value, path, ck)
            number, unit = DURATION_TEXT.match(value).groups()  # type: ignore[union-attr]
            if not _time_ok(float(number), UNIT_ALIASES[unit.lower()], path, ck):
                return INVALID
            return d.Fixed(minutes)
        if isinstance(value, dict):
            return self._distribution(value, path, ck)
        return self.expected(value, path, ck)

    def _distribution(self, value: dict[str, Any], path: Path, ck: Checker) -> Any:
        kind = value.get("dist")
        if "dist" not in value:
            ck.error(path, "missing required key 'dist' (one of " + ", ".join(DISTRIBUTION_PARAMS) + ")")
            return INVALID
        if not isinstance(kind, str) or kind not in DISTRIBUTION_PARAMS:
            ck.error(
                path + ("dist",),
                f"expected one of {', '.join(DISTRIBUTION_PARAMS)}, got {describe_value(kind)}"
                + (did_you_mean(kind, tuple(DISTRIBUTION_PARAMS)) if isinstance(kind, str) else ""),
            )
            return INVALID
        needed = DISTRIBUTION_PARAMS[kind]
        allowed = ("dist", "unit") + needed + _OPTIONAL_PARAMS.get(kind, ())
        ok = True
        for key in value:
            if key not in allowed:
                ck.error(
                    path + (key,),
                    f"unknown key '{key}' for a {kind} distribution{did_you_mean(key, allowed)}"
                    + ("" if did_you_mean(key, allowed) else f" (it takes {', '.join(needed)})"),
                    at_key=True,
                )
                ok = False
        missing = [k for k in needed if k not in value]
        if missing:
            ck.error(path, f"a {kind} distribution needs {_and(needed)}; missing {_and(missing)}")
            ok = False
        params: dict[str, Any] = {}
        for key in needed + _OPTIONAL_PARAMS.get(kind, ()):
            if key not in value:
                continue
            raw = value[key]
            if key in _LIST_PARAMS:
                if not isinstance(raw, list) or not raw or not all(is_number(v) for v in raw):
                    ck.error(path + (key,), f"expected a non-empty list of numbers, got {describe_value(raw)}")
                    ok = False
                else:
                    params[key] = [float(v) for v in raw]
                    if key == "weights" and max(params[key]) > MAX_NUMBER:
                        ck.error(path + (key,), f"weights may be at most {MAX_NUMBER:g} (only their ratios count: "
                                                f"divide them all), got {max(params[key]):g}")
                        ok = False
            elif not is_number(raw):
                ck.error(path + (key,), f"expected a number, got {describe_value(raw)}")
                ok = False
            else:
                params[key] = float(raw)
        unit = value.get("unit", ck.time_unit)
        if not isinstance(unit, str) or unit not in TIME_UNITS:
            ck.error(path + ("unit",), f"expected one of {', '.join(TIME_UNITS)}, got {describe_value(unit)}")
            ok = False
        if ok:
            ok = _times_ok(kind, params, unit, path, ck)
        if not ok:
            return INVALID
        try:  # built in the file's own numbers, so that a message quotes what the author wrote
            dist = _build_distribution(kind, params, 1.0)
        except ValueError as exc:
            in_unit = "" if unit == "minutes" else f" in {unit}"
            ck.error(path, f"bad {kind} distribution{in_unit}: {exc}")
            return INVALID
        return dist if unit == "minutes" else dist.scaled(MINUTES_PER[unit])

    def schema(self) -> dict[str, Any]:
        dists = []
        for kind, params in DISTRIBUTION_PARAMS.items():
            props: dict[str, Any] = {"dist": {"const": kind}, "unit": {"enum": list(TIME_UNITS)}}
            for p in params + _OPTIONAL_PARAMS.get(kind, ()):
                props[p] = (
                    {"type": "array", "items": {"type": "number", "minimum": 0}, "minItems": 1}
                    if p in _LIST_PARAMS
                    else {"type": "number", "minimum": 0}
                )
            dists.append({"type": "object", "properties": props, "required": ["dist", *params], "additionalProperties": False})
        return {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*[A-Za-z]+\s*$"},
                *dists,
            ]
        }


#: The parameters of each distribution that are times (the others are probabilities and weights).
TIME_PARAMS: dict[str, tuple[str, ...]] = {
    kind: tuple(p for p in params + _OPTIONAL_PARAMS.get(kind, ()) if p not in ("p", "weights"))
    for kind, params in DISTRIBUTION_PARAMS.items()
}
#: A lognormal's sd may be at most this many times its mean: beyond it, nearly all its mass sits near 0 and its
#: mean in a few astronomically long samples, which no simulation can estimate.
MAX_LOGNORMAL_CV = 100.0


def _time_ok(value: float, unit: str, path: Path, ck: Checker, hint: bool = False) -> bool:
    """Whether ``value`` in ``unit`` is a time a journey may hold (:func:`~nssf_journey.units.time_out_of_bounds`);
    reports the problem at ``path`` otherwise. With ``hint`` (a bare number, in the file's ``time_unit``), a time
    too long in its unit, implausibly large (:data:`~.plausibility.LARGEST_PLAUSIBLE`) and not too long in
    minutes says that it looks like minutes."""
    why = time_too_long(value, unit)
    if why is not None and hint and unit != "minutes" and value >= LARGEST_PLAUSIBLE \
            and time_too_long(value, "minutes") is None:
        why += "; a number this large looks like minutes: check time_unit"
    why = why or time_too_short(value, unit)
    if why is not None:
        ck.error(path, why)
    return why is None


def _times_ok(kind: str, params: dict[str, Any], unit: str, path: Path, ck: Checker) -> bool:
    """Every time parameter of a distribution within bounds, and a lognormal's spread within
    :data:`MAX_LOGNORMAL_CV`; each problem is reported at its parameter."""
    ok = True
    for key in TIME_PARAMS[kind]:
        if key not in params:
            continue
        values = params[key] if isinstance(params[key], list) else [params[key]]
        for i, v in enumerate(values):
            where = path + ((key, i) if isinstance(params[key], list) else (key,))
            ok = _time_ok(v, unit, where, ck) and ok
    if ok and kind == "lognormal" and params["mean"] > 0 and params["sd"] > MAX_LOGNORMAL_CV * params["mean"]:
        ck.error(path + ("sd",), f"a lognormal's sd may be at most {MAX_LOGNORMAL_CV:g} times its mean (coefficient of "
                                 f"variation at most {MAX_LOGNORMAL_CV:g}), got sd {params['sd']:g} for mean "
                                 f"{params['mean']:g}")
        ok = False
    return ok


def _and(items: tuple[str, ...] | list[str]) -> str:
    items = list(items)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
