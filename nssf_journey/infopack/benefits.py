"""The facts the Digital Info Pack shows beside a journey: benefits, eligibility, deadlines, fines, the hotline.

They live in ``data/benefits.yaml``, each with a plain-language text in English and Khmer, the numbers it states
and its source, so that the pack never states an amount or a rate that the data folder does not hold. They are
read with the same safe, position-aware YAML loader as journeys and checked against their description
(``BENEFIT_FACTS`` in :mod:`nssf_journey.loading.data_format`), so problems are reported the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..i18n import LocalText
from ..loading.data import by_id, check_data, find_data_dir, raise_errors, read_data
from ..loading.data_format import DATA_FILES
from ..loading.fields import INVALID, Checker
from ..loading.yaml_source import parse_yaml
from ..model import ParameterSource

SPEC = DATA_FILES["benefits"]
BENEFITS_FILE = SPEC.file


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


def load_benefits(folder: str | os.PathLike[str] | None = None,
                  known_sources: Iterable[str] | None = None) -> Benefits:
    """Read ``benefits.yaml`` of a data folder; raise :class:`JourneyError` listing every problem found.

    With ``known_sources`` (the ids of ``sources.yaml``), a source naming another id is an error."""
    return _convert(*read_data(benefits_file(folder), SPEC, known_sources))


def parse_benefits(text: str, file: str, known_sources: Iterable[str] | None = None) -> Benefits:
    """Parse the text of a ``benefits.yaml``; raise :class:`JourneyError` listing every problem found."""
    return _convert(*check_data(parse_yaml(text, file, SPEC.kind.description), SPEC, known_sources))


def _convert(ck: Checker, data: Any) -> Benefits:
    if data is INVALID:
        raise_errors(ck, data)
    hotline = data["hotline"]
    facts = []
    for fid, (i, item) in by_id(data["facts"]).items():
        if INVALID in (item["kind"], item["journeys"], item["audience"], item["text"], item["source"]) \
                or INVALID in item["journeys"] or INVALID in item["audience"]:
            continue
        values = item.get("values") or {}
        if values is INVALID or INVALID in values.values():
            continue
        facts.append(Fact(fid, item["kind"], tuple(item["journeys"]), tuple(item["audience"]), item["text"],
                          dict(values), _source(item, "text"), ck.doc.where(("facts", i))[0]))
    raise_errors(ck, data)
    return Benefits(ck.doc.file, hotline["number"], _source(hotline, "hotline"), tuple(facts),
                    dict(data.get("translations") or {}))


def _source(item: dict, field: str) -> ParameterSource:
    evidence = item.get("evidence")
    return ParameterSource.of(field, item["source"], evidence if evidence is not INVALID else None)


def benefits_file(folder: str | os.PathLike[str] | None = None) -> Path:
    return find_data_dir(folder) / BENEFITS_FILE
