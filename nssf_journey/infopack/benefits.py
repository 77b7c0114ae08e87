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

from ..i18n import LocalText
from ..loading.data import by_id, check_data, find_data_dir
from ..loading.data_format import DATA_FILES
from ..loading.data_format import FACT_AUDIENCES as AUDIENCES  # noqa: F401  (the names this module always had)
from ..loading.data_format import FACT_KINDS as KINDS  # noqa: F401
from ..loading.fields import INVALID
from ..loading.files import read_text
from ..loading.problems import JourneyError
from ..loading.yaml_source import parse_yaml
from ..model import ParameterSource

BENEFITS_FILE = DATA_FILES["benefits"].file


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
    return parse_benefits(read_text(path, "a data file"), str(path))


def parse_benefits(text: str, file: str) -> Benefits:
    """Parse the text of a ``benefits.yaml``; raise :class:`JourneyError` listing every problem found."""
    spec = DATA_FILES["benefits"]
    ck, data = check_data(parse_yaml(text, file, spec.kind.description), spec)
    if data is INVALID:
        raise JourneyError(ck.problems)
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
    if ck.has_errors:
        raise JourneyError(ck.problems)
    return Benefits(file, hotline["number"], _source(hotline, "hotline"), tuple(facts),
                    dict(data.get("translations") or {}))


def _source(item: dict, field: str) -> ParameterSource:
    evidence = item.get("evidence")
    return ParameterSource.of(field, item["source"], evidence if evidence is not INVALID else None)


def benefits_file(folder: str | os.PathLike[str] | None = None) -> Path:
    return find_data_dir(folder) / BENEFITS_FILE
