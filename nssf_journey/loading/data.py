"""The data beside the journeys: the bibliography, personas, and survey and coverage figures.

``data/sources.yaml`` lists the sources every number cites; ``data/personas.yaml`` the people whose journeys
are modelled; ``data/survey.yaml`` figures grouped in sections (``awareness``, ``coverage``,
``information_reliability``, ...), each ``{value, unit, year, source, evidence}``. They are read with the same
safe, position-aware YAML loader as journeys, and problems are reported the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..model import EVIDENCE_LEVELS, ParameterSource
from .problems import JourneyError, Problem, format_path
from .yaml_source import Document, parse_yaml

#: Files of a data folder.
SOURCES_FILE = "sources.yaml"
PERSONAS_FILE = "personas.yaml"
SURVEY_FILE = "survey.yaml"


@dataclass(frozen=True)
class Source:
    """One entry of the bibliography."""

    id: str
    title: str
    publisher: str = ""
    year: int | None = None
    url: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Figure:
    """One survey, coverage or service figure with where it comes from."""

    key: str
    value: float
    unit: str
    year: int | None
    source: ParameterSource
    notes: str = ""

    @property
    def evidence(self) -> str:
        return self.source.evidence


@dataclass(frozen=True)
class Persona:
    """A person whose journeys are modelled (from the ILO brief)."""

    id: str
    name: str
    role: str
    channels: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class DataSet:
    """Everything in a data folder."""

    folder: str
    sources: dict[str, Source]
    personas: dict[str, Persona]
    figures: dict[str, Figure]

    def figure(self, key: str) -> Figure:
        """The figure ``section.name``, e.g. ``awareness.sickness``."""
        try:
            return self.figures[key]
        except KeyError:
            raise KeyError(f"no figure '{key}' in {self.folder}/{SURVEY_FILE}") from None

    def section(self, name: str) -> dict[str, Figure]:
        """The figures of one section by their names: ``section("awareness")["sickness"]``."""
        prefix = name + "."
        return {k[len(prefix):]: f for k, f in self.figures.items() if k.startswith(prefix)}

    def unknown_source_ids(self, texts: Iterable[ParameterSource]) -> list[str]:
        """Source ids among ``texts`` that are not in the bibliography."""
        return sorted({s.source_id for s in texts if s.source_id and s.source_id not in self.sources})


def find_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``explicit``, else ``./data``, else the ``data/`` of the source checkout."""
    if explicit is not None:
        return Path(explicit)
    here = Path("data")
    if (here / SURVEY_FILE).exists():
        return here
    return Path(__file__).resolve().parents[1] / "data"


def load_data(folder: str | os.PathLike[str] | None = None) -> DataSet:
    """Read a data folder; raise :class:`JourneyError` listing every problem found."""
    base = find_data_dir(folder)
    problems: list[Problem] = []
    sources = _sources(_doc(base / SOURCES_FILE, problems), problems)
    personas = _personas(_doc(base / PERSONAS_FILE, problems), problems)
    figures = _figures(_doc(base / SURVEY_FILE, problems), sources, problems)
    if problems:
        raise JourneyError(problems)
    return DataSet(str(base), sources, personas, figures)


def load_figures(path: str | os.PathLike[str], sources: dict[str, Source] | None = None) -> dict[str, Figure]:
    """Figures of a YAML file laid out like ``survey.yaml`` (sections of ``{value, unit, year, source, evidence}``).

    Keys are ``section.name``. With ``sources``, a source id missing from the bibliography is an error. Raises
    :class:`JourneyError` listing every problem.
    """
    problems: list[Problem] = []
    figures = _figures(_doc(Path(path), problems), sources or {}, problems)
    if problems:
        raise JourneyError(problems)
    return figures


def _doc(path: Path, problems: list[Problem]) -> Document | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(str(path), 1, 1, "error", "", "no such file"))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), 1, 1, "error", "", f"cannot read the file: {exc}"))
        return None
    try:
        return parse_yaml(text, str(path))
    except JourneyError as exc:
        problems.extend(exc.problems)
        return None


def _problem(doc: Document, problems: list[Problem], path: tuple, message: str) -> None:
    line, col = doc.where(path)
    problems.append(Problem(doc.file, line, col, "error", format_path(path), message))


def _sources(doc: Document | None, problems: list[Problem]) -> dict[str, Source]:
    if doc is None:
        return {}
    if not isinstance(doc.data, list):
        _problem(doc, problems, (), "expected a list of sources {id, title, publisher, year, url}")
        return {}
    out: dict[str, Source] = {}
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("title"), str):
            _problem(doc, problems, (i,), "expected a source with at least an id and a title")
            continue
        if item["id"] in out:
            _problem(doc, problems, (i, "id"), f"duplicate source id '{item['id']}'")
            continue
        year = item.get("year")
        out[item["id"]] = Source(item["id"], item["title"], str(item.get("publisher") or ""),
                                 year if isinstance(year, int) else None, str(item.get("url") or ""),
                                 str(item.get("notes") or ""))
    return out


def _personas(doc: Document | None, problems: list[Problem]) -> dict[str, Persona]:
    if doc is None:
        return {}
    if not isinstance(doc.data, list):
        _problem(doc, problems, (), "expected a list of personas {id, name, role}")
        return {}
    out: dict[str, Persona] = {}
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("id", "name", "role")):
            _problem(doc, problems, (i,), "expected a persona with an id, a name and a role")
            continue
        channels = item.get("channels") or []
        out[item["id"]] = Persona(item["id"], item["name"], item["role"],
                                  tuple(c for c in channels if isinstance(c, str)), item)
    return out


def _figures(doc: Document | None, sources: dict[str, Source], problems: list[Problem]) -> dict[str, Figure]:
    if doc is None:
        return {}
    if not isinstance(doc.data, dict):
        _problem(doc, problems, (), "expected sections of figures, e.g. awareness: {sickness: {value: 0.34, ...}}")
        return {}
    out: dict[str, Figure] = {}
    for section, entries in doc.data.items():
        if not isinstance(entries, dict):
            _problem(doc, problems, (section,), "expected a mapping of figures")
            continue
        for name, fig in entries.items():
            path = (section, name)
            if not isinstance(fig, dict):
                _problem(doc, problems, path, "expected a figure {value, unit, year, source, evidence}")
                continue
            value = fig.get("value")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                _problem(doc, problems, path + ("value",), "expected a number")
                continue
            source = fig.get("source")
            if not isinstance(source, str) or not source.strip():
                _problem(doc, problems, path + ("source",), 'expected a source id or "assumption: <reason>"')
                continue
            evidence = fig.get("evidence")
            ps = ParameterSource("value", source, "assumed")
            if sources and ps.source_id and ps.source_id not in sources:
                _problem(doc, problems, path + ("source",), f"unknown source id '{ps.source_id}' (see sources.yaml)")
                continue
            if evidence not in EVIDENCE_LEVELS:
                evidence = "assumed" if ps.is_assumption else "reported"
            year = fig.get("year")
            out[f"{section}.{name}"] = Figure(f"{section}.{name}", float(value), str(fig.get("unit") or ""),
                                              year if isinstance(year, int) else None,
                                              ParameterSource("value", source, evidence), str(fig.get("notes") or ""))
    return out
