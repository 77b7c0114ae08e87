"""The facts the Digital Info Pack shows beside a journey: benefits, eligibility, deadlines, fines, the hotline.

They live in ``data/benefits.yaml``, each with a plain-language text in English and Khmer, the numbers it states
and its source, so that the pack never states an amount or a rate that the data folder does not hold. They are
read with the same safe, position-aware YAML loader as journeys, and problems are reported the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..loading.data import find_data_dir
from ..i18n import LANGUAGES, LocalText
from ..model import EVIDENCE_LEVELS, ParameterSource
from ..loading.problems import JourneyError, Problem, format_path
from ..loading.yaml_source import Document, parse_yaml

BENEFITS_FILE = "benefits.yaml"
KINDS: tuple[str, ...] = ("benefit", "eligibility", "deadline", "fine", "cost", "contact", "note")
AUDIENCES: tuple[str, ...] = ("worker", "employer", "staff")


@dataclass(frozen=True)
class Fact:
    """One plain-language fact: what you get, who can get it, a deadline or a fine."""

    id: str
    kind: str
    journeys: tuple[str, ...]
    audience: tuple[str, ...]
    text: LocalText
    values: dict[str, float]
    source: ParameterSource
    line: int = 0

    @property
    def confirmed(self) -> bool:
        """False for facts only one unverified source states (evidence ``assumed``)."""
        return self.source.evidence != "assumed"


@dataclass(frozen=True)
class Benefits:
    """The facts of ``data/benefits.yaml`` and the NSSF hotline."""

    file: str
    hotline: str
    hotline_source: ParameterSource
    facts: tuple[Fact, ...]
    translations: dict[str, str]

    def for_journey(self, journey_id: str, audience: str) -> list[Fact]:
        """The facts a page of ``journey_id`` shows to ``audience``, in file order."""
        return [f for f in self.facts if journey_id in f.journeys and audience in f.audience]


def load_benefits(folder: str | os.PathLike[str] | None = None) -> Benefits:
    """Read ``benefits.yaml`` of a data folder; raise :class:`JourneyError` listing every problem found."""
    path = find_data_dir(folder) / BENEFITS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JourneyError([Problem(str(path), 1, 1, "error", "", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise JourneyError([Problem(str(path), 1, 1, "error", "", f"cannot read the file: {exc}")]) from None
    return parse_benefits(text, str(path))


def parse_benefits(text: str, file: str) -> Benefits:
    """Parse the text of a ``benefits.yaml``."""
    doc = parse_yaml(text, file)
    problems: list[Problem] = []

    def err(path: tuple, message: str) -> None:
        line, col = doc.where(path)
        problems.append(Problem(file, line, col, "error", format_path(path), message))

    data = doc.data
    if not isinstance(data, dict):
        raise JourneyError([Problem(file, 1, 1, "error", "", "expected a mapping with 'hotline' and 'facts'")])
    hotline = data.get("hotline")
    number, hotline_source = "", ParameterSource("hotline", "assumption: none given", "assumed")
    if not isinstance(hotline, dict) or not isinstance(hotline.get("number"), str):
        err(("hotline",), 'expected {number: "1286", source: ..., evidence: ...}')
    else:
        number = hotline["number"]
        hotline_source = _source(hotline, ("hotline",), err, "hotline")
    facts: list[Fact] = []
    seen: set[str] = set()
    items = data.get("facts")
    if not isinstance(items, list):
        err(("facts",), "expected a list of facts")
        items = []
    for i, item in enumerate(items):
        path: tuple = ("facts", i)
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            err(path, "expected a fact with an id")
            continue
        if item["id"] in seen:
            err(path + ("id",), f"duplicate fact id '{item['id']}'")
            continue
        seen.add(item["id"])
        kind = item.get("kind")
        if kind not in KINDS:
            err(path + ("kind",), f"expected one of {', '.join(KINDS)}, got {kind!r}")
            continue
        journeys = item.get("journeys")
        if not isinstance(journeys, list) or not all(isinstance(j, str) for j in journeys):
            err(path + ("journeys",), "expected a list of journey ids")
            continue
        audience = item.get("audience", list(AUDIENCES))
        if not isinstance(audience, list) or not all(a in AUDIENCES for a in audience):
            err(path + ("audience",), f"expected a list of {', '.join(AUDIENCES)}")
            continue
        local = _local_text(item.get("text"), path + ("text",), err)
        if local is None:
            continue
        values = item.get("values", {})
        if not isinstance(values, dict) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in values.values()):
            err(path + ("values",), "expected {name: number}")
            continue
        facts.append(Fact(item["id"], kind, tuple(journeys), tuple(audience), local,
                          {k: float(v) for k, v in values.items()}, _source(item, path, err, "text"),
                          doc.where(path)[0]))
    translations = data.get("translations") or {}
    if problems:
        raise JourneyError(problems)
    return Benefits(file, number, hotline_source, tuple(facts),
                    dict(translations) if isinstance(translations, dict) else {})


def _local_text(value: Any, path: tuple, err: Any) -> LocalText | None:
    if isinstance(value, str) and value.strip():
        return LocalText(value)
    if isinstance(value, dict) and isinstance(value.get("en"), str) and all(
            k in LANGUAGES and isinstance(v, str) and v.strip() for k, v in value.items()):
        return LocalText(value["en"], {k: v for k, v in value.items() if k != "en"})
    err(path, "expected text or {en: ..., km: ...} with the English text")
    return None


def _source(item: dict, path: tuple, err: Any, field: str) -> ParameterSource:
    source = item.get("source")
    if not isinstance(source, str) or not source.strip():
        err(path + ("source",), 'expected a source id or "assumption: <reason>"')
        return ParameterSource(field, "assumption: no source given", "assumed")
    evidence = item.get("evidence")
    ps = ParameterSource(field, source, "assumed")
    if evidence not in EVIDENCE_LEVELS:
        evidence = "assumed" if ps.is_assumption else "reported"
    return ParameterSource(field, source, evidence)


def benefits_file(folder: str | os.PathLike[str] | None = None) -> Path:
    return find_data_dir(folder) / BENEFITS_FILE
