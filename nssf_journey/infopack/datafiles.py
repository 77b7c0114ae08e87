"""Read the Info Pack's own data files with the declarative field kinds of the journey format.

``data/infopack.yaml`` (the institution, where the guides live online, the situations of the home page, and
the words for the steps others do for the reader) and ``data/staff_guide.yaml`` (counter checklists, reasons
cases come back, scripts, escalation) are described as :class:`~nssf_journey.loading.fields.Record` trees and
checked by a :class:`~nssf_journey.loading.fields.Checker` over a position-aware
:class:`~nssf_journey.loading.yaml_source.Document`, so every problem of a file is reported in one pass as
``data/x.yaml:line:col: error: field: expected ...``, like a journey.

A line that states something about NSSF names its source: a source id of ``data/sources.yaml`` (optionally
``id: note``) or ``assumption: <reason>``. :class:`SourceText` checks that.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..loading.fields import INVALID, Checker, Kind, describe_value
from ..loading.problems import JourneyError, Path as FieldPath, Problem
from ..loading.yaml_source import Document, parse_yaml
from ..model import ParameterSource


@dataclass
class SourceText(Kind):
    """A source id of ``data/sources.yaml`` (``id`` or ``id: note``) or ``"assumption: <reason>"``.

    Converts to a :class:`~nssf_journey.model.ParameterSource` whose evidence is ``assumed`` for an assumption
    and ``reported`` otherwise. With ``known`` (the bibliography's ids), another id is an error.
    """

    known: frozenset[str] | None = None
    description: str = 'a source id of data/sources.yaml or "assumption: <reason>"'  # type: ignore[assignment]

    def check(self, value: Any, path: FieldPath, ck: Checker) -> Any:
        if not isinstance(value, str) or not value.strip():
            return self.expected(value, path, ck)
        source = ParameterSource(str(path[-1]) if path else "source", value.strip(), "assumed")
        if source.is_assumption:
            reason = value.split(":", 1)[1].strip() if ":" in value else ""
            if not reason:
                ck.error(path, f'expected "assumption: <reason>" with a reason, got {describe_value(value)}')
                return INVALID
            return source
        if self.known is not None and source.source_id not in self.known:
            ck.error(path, f"unknown source id '{source.source_id}' (see data/sources.yaml)")
            return INVALID
        return ParameterSource(source.field, source.text, "reported")

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


def read_document(path: str | os.PathLike[str]) -> Document:
    """The YAML document of a data file; :class:`JourneyError` when it is missing, unreadable or not YAML."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JourneyError([Problem(str(p), 1, 1, "error", "", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise JourneyError([Problem(str(p), 1, 1, "error", "", f"cannot read the file: {exc}")]) from None
    return parse_yaml(text, str(p))


def check_document(doc: Document, kind: Kind) -> tuple[Any, Checker]:
    """``kind.check`` over the whole document; the checker holds every problem found."""
    ck = Checker(doc)
    value = kind.check(doc.data, (), ck)
    return value, ck


def raise_problems(ck: Checker) -> None:
    """Raise :class:`JourneyError` with the checker's problems when there is an error among them."""
    if ck.has_errors:
        raise JourneyError(ck.problems)


def line_of(doc: Document, path: FieldPath) -> int:
    """The line of the value at ``path`` (1 when unknown)."""
    return doc.where(path)[0]
