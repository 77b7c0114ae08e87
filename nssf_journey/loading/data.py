"""The data beside the journeys: the bibliography, personas, and survey and coverage figures.

``data/sources.yaml`` lists the sources every number cites; ``data/personas.yaml`` the people whose journeys
are modelled; ``data/survey.yaml`` figures grouped in sections (``awareness``, ``coverage``,
``information_reliability``, ...), each ``{value, unit, year, source, evidence}``. They are read with the same
safe, position-aware YAML loader as journeys and checked against their descriptions
(:mod:`.data_format`), so problems are reported the same way: ``file:line:column: error: field: message``,
every problem of every file in one pass. :func:`read_data` and :func:`check_data` do the same for the other
files of the folder, whose readers live beside their users.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..model import ParameterSource, Source
from .data_format import DATA_FILES, DataFile
from .fields import INVALID, Checker, did_you_mean
from .files import read_document
from .problems import JourneyError, Problem
from .yaml_source import Document

#: Files of a data folder.
SOURCES_FILE = "sources.yaml"
PERSONAS_FILE = "personas.yaml"
SURVEY_FILE = "survey.yaml"


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
    return Path(__file__).resolve().parents[2] / "data"


def data_dir_beside(file: str | os.PathLike[str]) -> Path | None:
    """The data folder that belongs to a journey file: the nearest ``data/`` with a ``sources.yaml`` in the
    journey's folder or one of its parents (``journeys/x.yaml`` and ``journeys/redesign/y.yaml`` -> ``data/``);
    ``None`` when there is none."""
    for folder in Path(file).resolve().parents:
        if (folder / "data" / SOURCES_FILE).is_file():
            return folder / "data"
    return None


def check_data(doc: Document, spec: DataFile) -> tuple[Checker, Any]:
    """Check a parsed data file against its description; the checker holds the problems, to which a reader adds
    its own (duplicate ids, unknown sources) at their places."""
    ck = Checker(doc)
    return ck, spec.kind.check(doc.data, (), ck)


def read_data(path: str | os.PathLike[str], spec: DataFile) -> tuple[Checker, Any]:
    """Read and check a data file; :class:`JourneyError` when it cannot be read or is not YAML."""
    return check_data(read_document(path, "a data file", spec.kind.description), spec)


def data_file_spec(path: str | os.PathLike[str]) -> DataFile | None:
    """The description of ``path`` when it is a file of a data folder (``data/survey.yaml``), else ``None``."""
    p = Path(path)
    if p.parent.name != "data":
        return None
    return next((spec for spec in DATA_FILES.values() if spec.file == p.name), None)


def check_data_file(path: str | os.PathLike[str], spec: DataFile | None = None) -> list[Problem]:
    """Every problem of one data file: against its description, and for figures, sources that ``sources.yaml``
    beside it does not list (when that file is readable; its own problems are its own)."""
    spec = spec or data_file_spec(path)
    if spec is None:
        raise ValueError(f"{path} is not a file of a data folder ({', '.join(s.file for s in DATA_FILES.values())})")
    try:
        ck, checked = read_data(path, spec)
    except JourneyError as exc:
        return list(exc.problems)
    if spec.name in ("survey", "funnel", "scale") and checked is not INVALID:
        figures_of(ck, checked, _sources_quietly(Path(path).parent / SOURCES_FILE))
    return sorted(ck.problems)


def check_data_folder(folder: str | os.PathLike[str]) -> list[Problem]:
    """Every problem of every data file present in ``folder`` (``sources.yaml``, ``personas.yaml`` and
    ``survey.yaml`` must be there; the others are read by the commands that need them)."""
    base = Path(folder)
    problems: list[Problem] = []
    for spec in DATA_FILES.values():
        if spec.file in (SOURCES_FILE, PERSONAS_FILE, SURVEY_FILE) or (base / spec.file).exists():
            problems.extend(check_data_file(base / spec.file, spec))
    return problems


def _sources_quietly(path: Path) -> dict[str, Source]:
    try:
        ck, checked = read_data(path, DATA_FILES["sources"])
    except JourneyError:
        return {}
    return _sources(ck, checked) if checked is not INVALID else {}


def source_ids(folder: str | os.PathLike[str]) -> frozenset[str]:
    """The ids of ``sources.yaml`` in a data folder; :class:`JourneyError` listing its problems."""
    problems: list[Problem] = []
    sources = _gather(Path(folder) / SOURCES_FILE, "sources", _sources, problems)
    if problems:
        raise JourneyError(problems)
    return frozenset(sources or {})


def load_data(folder: str | os.PathLike[str] | None = None) -> DataSet:
    """Read a data folder; raise :class:`JourneyError` listing every problem found."""
    base = find_data_dir(folder)
    problems: list[Problem] = []
    sources = _gather(base / SOURCES_FILE, "sources", _sources, problems) or {}
    personas = _gather(base / PERSONAS_FILE, "personas", _personas, problems) or {}
    figures = _gather(base / SURVEY_FILE, "survey", lambda ck, v: figures_of(ck, v, sources), problems) or {}
    if problems:
        raise JourneyError(problems)
    return DataSet(str(base), sources, personas, figures)


def load_figures(path: str | os.PathLike[str], sources: dict[str, Source] | None = None,
                 spec: str = "survey") -> dict[str, Figure]:
    """Figures of a YAML file laid out like ``survey.yaml`` (sections of ``{value, unit, year, source, evidence}``),
    checked against the description ``spec`` of :data:`~.data_format.DATA_FILES` (``survey``, ``funnel``,
    ``scale``).

    Keys are ``section.name``. With ``sources``, a source id missing from the bibliography is an error. Raises
    :class:`JourneyError` listing every problem.
    """
    problems: list[Problem] = []
    figures = _gather(Path(path), spec, lambda ck, v: figures_of(ck, v, sources or {}), problems)
    if problems:
        raise JourneyError(problems)
    return figures or {}


def _gather(path: Path, spec: str, build: Any, problems: list[Problem]) -> Any:
    """Read, check and build one data file, adding its problems to ``problems``; ``None`` when unreadable."""
    try:
        ck, checked = read_data(path, DATA_FILES[spec])
    except JourneyError as exc:
        problems.extend(exc.problems)
        return None
    built = build(ck, checked) if checked is not INVALID else None
    problems.extend(ck.problems)
    return built


def by_id(items: Any) -> dict[str, tuple[int, dict[str, Any]]]:
    """Checked entries with a valid id, by id, with their index; the first of a repeated id wins (the description
    reported the others)."""
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, item in enumerate(items if items is not INVALID else ()):
        if item is not INVALID and item.get("id") is not INVALID:
            out.setdefault(item["id"], (i, item))
    return out


def source_of(entry: dict[str, Any]) -> Source:
    """A checked bibliography entry (of ``sources.yaml`` or a journey's ``bibliography``) as a :class:`Source`."""
    return Source(entry["id"], entry["title"], entry.get("publisher") or "", entry.get("year"), entry.get("url") or "",
                  entry.get("notes") or "")


def _sources(ck: Checker, items: list[Any]) -> dict[str, Source]:
    return {sid: source_of(v) for sid, (_, v) in by_id(items).items() if v["title"] is not INVALID}


def _personas(ck: Checker, items: list[Any]) -> dict[str, Persona]:
    out: dict[str, Persona] = {}
    for pid, (i, v) in by_id(items).items():
        if INVALID in (v["name"], v["role"]):
            continue
        channels = v.get("channels") or []
        out[pid] = Persona(pid, v["name"], v["role"], tuple(c for c in channels if c is not INVALID), ck.doc.data[i])
    return out


def figures_of(ck: Checker, sections: dict[str, Any], sources: dict[str, Source]) -> dict[str, Figure]:
    """Figures of checked sections, by ``section.name``; with ``sources``, an unknown source id is an error."""
    out: dict[str, Figure] = {}
    for section, entries in sections.items():
        if entries is INVALID:
            continue
        for name, fig in entries.items():
            if fig is INVALID or fig["value"] is INVALID or fig["source"] is INVALID:
                continue
            evidence = fig.get("evidence")
            ps = ParameterSource.of("value", fig["source"], evidence if evidence is not INVALID else None)
            if sources and ps.source_id and ps.source_id not in sources:
                ck.error((section, name, "source"),
                         f"unknown source id '{ps.source_id}'{did_you_mean(ps.source_id, sorted(sources))}"
                         f" (not in {SOURCES_FILE})")
                continue
            year = fig.get("year")
            out[f"{section}.{name}"] = Figure(f"{section}.{name}", fig["value"], fig.get("unit") or "",
                                              year if isinstance(year, int) else None, ps, fig.get("notes") or "")
    return out
