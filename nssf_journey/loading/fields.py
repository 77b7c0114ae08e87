"""Declarative field kinds: each checks and converts one YAML value, and describes itself as JSON Schema.

The journey format (:mod:`nssf_journey.loading.format`) and the data files (:mod:`nssf_journey.loading.data_format`)
are written as trees of these kinds, so the validator, the defaults, the published JSON Schema and the tables of
``docs/format.md`` come from one description and cannot disagree. A kind's ``check`` returns the converted
value, or :data:`INVALID` after reporting the problem to the :class:`Checker`, and carries on: every problem of
a file is found in one pass. The kinds of time (dates, opening hours, durations) are in :mod:`.time_fields`. A
:class:`Field` of a :class:`Record` may have a ``default``, written as it would be
in YAML; a record fills it in (converted by the field's kind) when the key is absent, so code that reads checked
values never restates a default.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .problems import Path, Problem, format_path
from ..units import DEFAULT_TIME_UNIT
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
        if isinstance(value, int) and abs(value) > MAX_NUMBER:
            return f"an integer of {len(str(abs(value))) if abs(value) < 10 ** 4000 else 'over 4000'} digits"
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(str(value))


def did_you_mean(word: str, options: list[str] | tuple[str, ...], cutoff: float = 0.6) -> str:
    """``"; did you mean 'duration'?"`` when ``word`` is close to one of ``options``, else ``""``."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass
class Checker:
    """Collects problems for one document while kinds check its values."""

    doc: Document
    problems: list[Problem] = field(default_factory=list)
    #: The unit of bare numbers in durations (a journey's ``time_unit``).
    time_unit: str = DEFAULT_TIME_UNIT
    #: Source ids of the bibliography; when given, a source that names another id is a warning in a journey and an
    #: error in a data file (:class:`~.data_format.SourceText`).
    known_sources: frozenset[str] | None = None
    #: Source ids of the file's own bibliography (a journey's ``bibliography``); they are known too.
    own_sources: frozenset[str] = frozenset()

    def source_ids(self) -> frozenset[str] | None:
        """Every known source id, or ``None`` when there is no bibliography to check sources against."""
        if self.known_sources is None:
            return self.own_sources or None
        return self.known_sources | self.own_sources

    def bibliographies(self) -> str:
        """Which bibliographies were searched, for the message about an unknown source id."""
        if not self.own_sources:
            return "data/sources.yaml"
        if self.known_sources is None:
            return "the journey's bibliography"
        return "data/sources.yaml nor in the journey's bibliography"

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
    """Text: not empty unless ``allow_empty``; when ``pattern`` is given, it must match it."""

    def __init__(self, description: str = "text", *, allow_empty: bool = False, pattern: str | None = None):
        self.description = description
        self.allow_empty = allow_empty
        self.pattern = re.compile(pattern) if pattern else None

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, str) or not (self.allow_empty or value.strip()):
            return self.expected(value, path, ck)
        if self.pattern is not None and not self.pattern.match(value):
            return self.expected(value, path, ck)
        return value

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if not self.allow_empty:
            out["minLength"] = 1
        if self.pattern is not None:
            out["pattern"] = self.pattern.pattern
        return out


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


#: The largest magnitude of any number a journey or a data file may hold, unless its field says less: a 15-digit
#: number (what a float holds exactly). Larger ones (1e300) overflow sums and products downstream.
MAX_NUMBER = 1e15


def is_number(value: Any) -> bool:
    """A finite number (not a truth value); an integer's magnitude at most :data:`MAX_NUMBER` (a larger one would
    overflow when made a float). Fields bound the magnitude of floats themselves, with their own messages.

    >>> is_number(3), is_number(2.5), is_number(True), is_number(float("inf")), is_number(10 ** 400)
    (True, True, False, False, False)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, int):
        return -MAX_NUMBER <= value <= MAX_NUMBER
    return math.isfinite(value)


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
        if abs(value) > MAX_NUMBER:
            ck.error(path, f"{value:g} is too large: numbers may be at most {MAX_NUMBER:g} in size")
            return INVALID
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
    """A list of values of one kind. With ``unique = (key, noun)``, the items (mappings) must differ in ``key``:
    a repeated one is an error at its place that names the first (``duplicate step id 'b' (first at line 7)``)."""

    item: Kind
    min_items: int = 0
    #: How the list is named in messages, instead of "a list of <item>".
    label: str = ""
    unique: tuple[str, str] | None = None

    @property
    def description(self) -> str:  # type: ignore[override]
        if self.label:
            return self.label
        return f"a list of {self.item.description}" if self.min_items == 0 else f"a non-empty list of {self.item.description}"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, list) or len(value) < self.min_items:
            return self.expected(value, path, ck)
        out = [self.item.check(v, path + (i,), ck) for i, v in enumerate(value)]
        if self.unique is not None:
            self._check_unique(out, path, ck)
        return out

    def _check_unique(self, items: list[Any], path: Path, ck: Checker) -> None:
        key, noun = self.unique  # type: ignore[misc]
        first: dict[Any, int] = {}
        for i, item in enumerate(items):
            ident = item.get(key, INVALID) if isinstance(item, dict) else INVALID
            if ident is INVALID:
                continue
            if ident in first:
                line, _ = ck.doc.where(path + (first[ident],))
                ck.error(path + (i, key), f"duplicate {noun} {key} '{ident}' (first at line {line})")
            else:
                first[ident] = i

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        return out


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


#: A field without a default: when its key is absent, the checked mapping has no such key.
NO_DEFAULT: Any = _NoDefault()


@dataclass(frozen=True)
class Derived:
    """A default that the loader derives from other values; ``text`` says from which, for the docs."""

    text: str


@dataclass
class Field:
    """One key of a :class:`Record`: its kind, whether it is required, its meaning and its default.

    ``default`` is written as the value would be in YAML (``"service"``, ``0``, ``["mon", "tue"]``); a record
    checks it with ``kind`` like any written value, so the converted default is exactly what the key would give.
    A :class:`Derived` default is computed by the loader from other keys; ``docs`` shows its ``text``.
    """

    kind: Kind
    required: bool = False
    doc: str = ""
    default: Any = NO_DEFAULT

    @property
    def has_default(self) -> bool:
        """Whether an absent key takes a fixed value (not a derived one)."""
        return self.default is not NO_DEFAULT and not isinstance(self.default, Derived)

    def default_value(self, ck: Checker) -> Any:
        """The default, converted by the field's kind (cached: a default converts the same way every time)."""
        try:
            return self._converted[ck.time_unit]  # type: ignore[attr-defined]
        except AttributeError:
            self._converted: dict[str, Any] = {}
        except KeyError:
            pass
        value = self._converted[ck.time_unit] = self.kind.check(self.default, (), ck)
        return value


class Anything(Kind):
    """Any value, taken as written (free-form details such as a persona's story)."""

    description = "any value"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        return value

    def schema(self) -> dict[str, Any]:
        return {}


#: How close (difflib's ratio) a free key of a record with ``extra`` must be to a field's name to be taken for a
#: misspelling of it: ``chanels`` (0.93) is one of ``channels``, ``education_level`` (0.75) a key of its own.
MISSPELLING = 0.85


@dataclass
class Record(Kind):
    """A mapping with known keys; unknown keys are errors with a suggestion.

    With ``extra``, keys that are not fields are allowed and checked by that kind, except a key so close to a
    field's name that it is probably a misspelling of it (``chanels``), which is still an error.
    """

    fields: dict[str, Field]
    description: str = "a mapping"  # type: ignore[assignment]
    name: str = ""
    extra: Kind | None = None

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, dict):
            return self.expected(value, path, ck)
        out: dict[str, Any] = {}
        for key in value:
            if key in self.fields:
                continue
            if self.extra is None:
                ck.error(path + (key,), f"unknown key '{key}'{did_you_mean(str(key), tuple(self.fields))}", at_key=True)
            elif hint := did_you_mean(str(key), tuple(self.fields), MISSPELLING):
                ck.error(path + (key,), f"unknown key '{key}'{hint}", at_key=True)
            else:
                out[key] = self.extra.check(value[key], path + (key,), ck)
        for key, spec in self.fields.items():
            if key in value:
                out[key] = spec.kind.check(value[key], path + (key,), ck)
            elif spec.required:
                ck.error(path, f"missing required key '{key}'")
                out[key] = INVALID
            elif spec.has_default:
                out[key] = spec.default_value(ck)
        return out

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "properties": {k: field_schema(f) for k, f in self.fields.items()},
            "additionalProperties": False if self.extra is None else self.extra.schema(),
        }
        required = [k for k, f in self.fields.items() if f.required]
        if required:
            out["required"] = required
        return out


def field_schema(spec: Field) -> dict[str, Any]:
    """The JSON Schema of one field: its kind's, with its meaning and its default."""
    out = spec.kind.schema()
    if spec.doc:
        out = {**out, "description": plain_doc(spec.doc)}
    if spec.has_default:
        out = {**out, "default": spec.default}
    return out


def plain_doc(doc: str) -> str:
    """A field's meaning without Markdown backticks, for editors' hover texts.

    >>> plain_doc("one of `service` or `life`")
    'one of service or life'
    """
    return doc.replace("`", "")


@dataclass
class Nullable(Kind):
    """A value of ``kind``, or ``null`` for "not known" (``year: null``); ``null`` checks as ``None``."""

    kind: Kind

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"{self.kind.description}, or null"

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if value is None:
            return None
        return self.kind.check(value, path, ck)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [self.kind.schema(), {"type": "null"}]}


@dataclass
class Deferred(Kind):
    """A value checked later, as part of something else: a redesign's added steps are checked in the merged
    journey, where every problem is reported once, at the place it was written. Its schema is ``kind``'s."""

    kind: Kind

    @property
    def description(self) -> str:  # type: ignore[override]
        return self.kind.description

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        return value

    def schema(self) -> dict[str, Any]:
        return self.kind.schema()


@dataclass
class Patch(Kind):
    """Some keys of a ``record`` to replace, ``null`` deleting one: a redesign's change to a step or a resource.

    Only the shape (a mapping) is checked here; the values are checked in the merged journey.
    """

    record: Record
    description: str = "a mapping of keys to replace"  # type: ignore[assignment]

    def check(self, value: Any, path: Path, ck: Checker) -> Any:
        if not isinstance(value, dict):
            return self.expected(value, path, ck)
        return value

    def schema(self) -> dict[str, Any]:
        props = {k: {"anyOf": [field_schema(f), {"type": "null"}]} for k, f in self.record.fields.items()}
        return {"type": "object", "properties": props, "additionalProperties": False}


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
            key = k if self.key is None else self._check_key(k, path + (k,), ck)
            if key is INVALID:
                continue
            out[key] = self.value.check(v, path + (k,), ck)
        return out

    def _check_key(self, key: Any, path: Path, ck: Checker) -> Any:
        """Check a key; its problems point at the key, not at its value."""
        before = len(ck.problems)
        checked = self.key.check(key, path, ck)  # type: ignore[union-attr]
        line, column = ck.doc.key_where(path)
        ck.problems[before:] = [Problem(p.file, line, column, p.severity, p.path, p.message) for p in ck.problems[before:]]
        return checked

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
