"""Declarative field kinds: each checks and converts one YAML value, and describes itself as JSON Schema.

The journey format (:mod:`nssf_journey.loading.format`) is written as a tree of these kinds, so the validator and the
published JSON Schema come from one description and cannot disagree. A kind's ``check`` returns the converted
value, or :data:`INVALID` after reporting the problem to the :class:`Checker`, and carries on: every problem of
a file is found in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .. import distributions as d
from .problems import Path, Problem, format_path
from ..units import MINUTES_PER, TIME_UNITS, parse_duration_text
from .yaml_source import Document


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


#: Returned by a kind whose value had a problem (already reported).
INVALID: Any = _Invalid()

SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


def describe_value(value: Any) -> str:
    """How a value is shown in an error message: ``'two days'``, ``5``, ``a list``, ``nothing``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(str(value))


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    """``"; did you mean 'duration'?"`` when ``word`` is close to one of ``options``, else ``""``."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass
class Checker:
    """Collects problems for one document while kinds check its values."""

    doc: Document
    problems: list[Problem] = field(default_factory=list)
    time_unit: str = "minutes"
    #: Source ids of the bibliography; when given, a source that names another id is a warning.
    known_sources: frozenset[str] | None = None

    def error(self, path: Path, message: str, at_key: bool = False) -> None:
        line, col = self.doc.key_where(path) if at_key else self.doc.where(path)
        self.problems.append(Problem(self.doc.file_of(path), line, col, "error", format_path(self.doc.display_path(path)), message))

    def warning(self, path: Path, message: str) -> None:
        line, col = self.doc.where(path)
        self.problems.append(Problem(self.doc.file_of(path), line, col, "warning", format_path(self.doc.display_path(path)), message))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


class Kind:
    """Checks and converts one value."""

    description = "a value"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def expected(self, value: Any, path: Path, ck: Checker) -> Any:
        hint = ""
        if isinstance(value, bool) and isinstance(self, (Text, LocalizedText, Slug, Choice, OneOf)):
            hint = " (YAML reads unquoted yes, no, on, off, true and false as true/false; put the text in quotes)"
        ck.error(path, f"expected {self.description}, got {describe_value(value)}{hint}")
        return INVALID


class Text(Kind):
    description = "text"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, str) or not value.strip():
            return self.expected(value, path, ck)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


class LocalizedText(Kind):
    """Plain text, or ``{en: ..., km: ...}``: English is required, other languages optional."""

    description = "text (or {en: ..., km: ...})"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, LocalText

        if isinstance(value, str) and value.strip():
            return LocalText(value)
        if not isinstance(value, dict):
            return self.expected(value, path, ck)
        ok = True
        for lang, text in value.items():
            if lang not in LANGUAGES:
                ck.error(path + (lang,), f"unknown language '{lang}'{did_you_mean(lang, LANGUAGES)}"
                                         f" (languages: {', '.join(LANGUAGES)})", at_key=True)
                ok = False
            elif not isinstance(text, str) or not text.strip():
                ck.error(path + (lang,), f"expected text, got {describe_value(text)}")
                ok = False
        if DEFAULT_LANGUAGE not in value:
            ck.error(path, f"missing required key '{DEFAULT_LANGUAGE}' (the English text)")
            return INVALID
        if not ok:
            return INVALID
        return LocalText(value[DEFAULT_LANGUAGE], {k: v for k, v in value.items() if k != DEFAULT_LANGUAGE})

    def schema(self) -> dict[str, Any]:
        from ..i18n import LANGUAGES

        return {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "object", "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
                 "required": ["en"], "additionalProperties": False},
            ]
        }


class Slug(Kind):
    description = "a lowercase id (letters a-z, digits, _; starting with a letter)"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, str) or not SLUG.match(value):
            return self.expected(value, path, ck)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG.pattern}


@dataclass
class Choice(Kind):
    options: tuple[str, ...]

    @property
    def description(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.options)

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, str) or value not in self.options:
            return self.expected(value, path, ck)
        return value

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.options)}


@dataclass
class Integer(Kind):
    minimum: int
    maximum: int

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"an integer from {self.minimum} to {self.maximum}"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not (self.minimum <= value <= self.maximum):
            return self.expected(value, path, ck)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@dataclass
class Number(Kind):
    minimum: float | None = None
    exclusive_minimum: float | None = None
    maximum: float | None = None

    @property
    def description(self) -> str:  # type: ignore[override]
        parts = []
        if self.minimum is not None:
            parts.append(f">= {self.minimum:g}")
        if self.exclusive_minimum is not None:
            parts.append(f"> {self.exclusive_minimum:g}")
        if self.maximum is not None:
            parts.append(f"<= {self.maximum:g}")
        return "a number" + (" " + " and ".join(parts) if parts else "")

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        ok = is_number(value)
        if ok and self.minimum is not None and value < self.minimum:
            ok = False
        if ok and self.exclusive_minimum is not None and value <= self.exclusive_minimum:
            ok = False
        if ok and self.maximum is not None and value > self.maximum:
            ok = False
        if not ok:
            return self.expected(value, path, ck)
        return float(value)

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.exclusive_minimum is not None:
            out["exclusiveMinimum"] = self.exclusive_minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


class Boolean(Kind):
    description = "true or false"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, bool):
            return self.expected(value, path, ck)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass
class ListOf(Kind):
    item: Kind
    min_items: int = 0

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"a list of {self.item.description}" if self.min_items == 0 else f"a non-empty list of {self.item.description}"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, list) or len(value) < self.min_items:
            return self.expected(value, path, ck)
        return [self.item.check(v, path + (i,), ck) for i, v in enumerate(value)]

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        return out


@dataclass
class Field:
    kind: Kind
    required: bool = False
    doc: str = ""


@dataclass
class Record(Kind):
    """A mapping with known keys; unknown keys are errors with a suggestion."""

    fields: dict[str, Field]
    description: str = "a mapping"  # type: ignore[assignment]
    name: str = ""

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, dict):
            return self.expected(value, path, ck)
        out: dict[str, Any] = {}
        for key in value:
            if key not in self.fields:
                ck.error(path + (key,), f"unknown key '{key}'{did_you_mean(key, tuple(self.fields))}", at_key=True)
        for key, spec in self.fields.items():
            if key in value:
                out[key] = spec.kind.check(value[key], path + (key,), ck)
            elif spec.required:
                ck.error(path, f"missing required key '{key}'")
                out[key] = INVALID
        return out

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "properties": {k: {**f.kind.schema(), **({"description": f.doc} if f.doc else {})} for k, f in self.fields.items()},
            "additionalProperties": False,
        }
        required = [k for k, f in self.fields.items() if f.required]
        if required:
            out["required"] = required
        return out


@dataclass
class MapOf(Kind):
    """A mapping from free keys (checked by ``key``) to values of one kind."""

    value: Kind
    key: Kind | None = None
    description: str = "a mapping"  # type: ignore[assignment]

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, dict):
            return self.expected(value, path, ck)
        out = {}
        for k, v in value.items():
            key = k if self.key is None else self.key.check(k, path + (k,), ck)
            if key is INVALID:
                continue
            out[key] = self.value.check(v, path + (k,), ck)
        return out

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": self.value.schema()}


@dataclass
class OneOf(Kind):
    """Text or a mapping (or any two kinds told apart by a predicate on the raw value)."""

    choices: list[tuple[Callable[[Any], bool], Kind]]
    description: str = "a value"  # type: ignore[assignment]

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        for test, kind in self.choices:
            if test(value):
                return kind.check(value, path, ck)
        return self.expected(value, path, ck)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [k.schema() for _, k in self.choices]}


class Date(Kind):
    description = "a date such as 2026-01-05"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        return self.expected(value, path, ck)

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


class DateTime(Kind):
    description = "a date or date and time such as 2026-01-05 or 2026-01-05 07:30"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        if isinstance(value, str):
            try:
                return dt.datetime.fromisoformat(value.strip())
            except ValueError:
                pass
        return self.expected(value, path, ck)

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

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        scale = MINUTES_PER[ck.time_unit]
        if is_number(value):
            if value < 0:
                ck.error(path, f"expected a duration >= 0, got {describe_value(value)}")
                return INVALID
            return d.Fixed(float(value) * scale)
        if isinstance(value, str):
            minutes = parse_duration_text(value)
            if minutes is None:
                return self.expected(value, path, ck)
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
            elif not is_number(raw):
                ck.error(path + (key,), f"expected a number, got {describe_value(raw)}")
                ok = False
            else:
                params[key] = float(raw)
        unit = value.get("unit", ck.time_unit)
        if unit not in TIME_UNITS:
            ck.error(path + ("unit",), f"expected one of {', '.join(TIME_UNITS)}, got {describe_value(unit)}")
            ok = False
        if not ok:
            return INVALID
        try:
            return _build_distribution(kind, params, MINUTES_PER[unit])
        except ValueError as exc:
            ck.error(path, f"bad {kind} distribution: {exc}")
            return INVALID

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


def _and(items: tuple[str, ...] | list[str]) -> str:
    items = list(items)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
