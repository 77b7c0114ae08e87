"""The data folder: the bibliography, personas, survey and coverage figures, and the other files beside them.

``data/sources.yaml`` lists the sources every number cites; ``data/personas.yaml`` the people whose journeys
are modelled; ``data/survey.yaml`` figures grouped in sections (``awareness``, ``coverage``,
``information_reliability``, ...), each ``{value, unit, year, source, evidence}``. Every file of the folder is
described in :mod:`.data_format` and read here, through one path: :func:`read_data` reads it as text
(:mod:`.files`, which says why a file cannot be read), parses it with the safe, position-aware YAML loader of
journeys, and checks it against its description, with the bibliography when it is known (a ``source`` naming an
id that ``sources.yaml`` does not list is an error at its place). So problems are reported the same way as in a
journey: ``file:line:column: error: field: message``, every problem of every file in one pass. The readers that
turn checked values into the dataclasses others use live beside their users and raise with
:func:`raise_errors`.

Which data folder belongs to some journeys is decided in one place, :func:`data_dir_beside`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..model import ParameterSource, Source
from .data_format import DATA_FILES, SOURCES_FILE, DataFile
from .fields import INVALID, Checker
from .files import read_document
from .problems import JourneyError, Problem
from .yaml_source import Document

#: Files of a data folder that every data folder has.
PERSONAS_FILE = DATA_FILES["personas"].file
SURVEY_FILE = DATA_FILES["survey"].file
REQUIRED_FILES = (SOURCES_FILE, PERSONAS_FILE, SURVEY_FILE)

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
    """The data folder of the commands that do not look for it from the journeys (``junctures``, ``funnel``,
    ``compare``, ``capacity``, ``infopack``): ``explicit`` (their ``--data``), else ``./data`` when it has a
    ``survey.yaml``, else the ``data/`` of the source checkout."""
    if explicit is not None:
        return Path(explicit)
    here = Path("data")
    if (here / SURVEY_FILE).exists():
        return here
    return Path(__file__).resolve().parents[2] / "data"


def data_dir_beside(file: str | os.PathLike[str]) -> Path | None:
    """The data folder of a journey file: the nearest ``data/`` folder with a ``sources.yaml`` in the journey's
    folder or one of its parents, whatever the current folder (``journeys/x.yaml`` and
    ``journeys/redesign/y.yaml`` both find ``data/``); ``None`` when there is none.

    This is the one rule by which the commands that read journeys find their data folder when ``--data`` does not
    name one: ``validate`` (the bibliography a journey's sources are checked against) and ``report`` (the data of
    the whole report, :func:`data_dir_of`).
    """
    for folder in Path(file).resolve().parents:
        if (folder / "data" / SOURCES_FILE).is_file():
            return folder / "data"
    return None


def data_dir_of(files: Iterable[str | os.PathLike[str] | None]) -> Path | None:
    """The data folder of several journeys: that of the first journey file that has one (:func:`data_dir_beside`;
    ``None`` entries, journeys not read from a file, are skipped); ``None`` when none has one."""
    for file in files:
        if file is not None and (folder := data_dir_beside(file)) is not None:
            return folder
    return None


def check_data(doc: Document, spec: DataFile, known_sources: Iterable[str] | None = None) -> tuple[Checker, Any]:
    """Check a parsed data file against its description; the checker holds the problems, to which a reader adds
    its own at their places.

    With ``known_sources`` (the ids of ``sources.yaml``), a ``source`` naming another id is an error.
    """
    ck = Checker(doc, known_sources=frozenset(known_sources) if known_sources is not None else None)
    return ck, spec.kind.check(doc.data, (), ck)


def read_data(path: str | os.PathLike[str], spec: DataFile,
              known_sources: Iterable[str] | None = None) -> tuple[Checker, Any]:
    """Read and check a data file (see :func:`check_data`); :class:`JourneyError` when it cannot be read or is not
    YAML."""
    return check_data(read_document(path, "a data file", spec.kind.description), spec, known_sources)


def raise_errors(ck: Checker, checked: Any) -> Any:
    """``checked``, when the checker found no error; :class:`JourneyError` with every problem of the file
    otherwise."""
    if ck.has_errors or checked is INVALID:
        raise JourneyError(ck.problems)
    return checked


def data_file_spec(path: str | os.PathLike[str]) -> DataFile | None:
    """The description of ``path`` when it is a file of a data folder (``data/survey.yaml``), else ``None``."""
    p = Path(path)
    if p.parent.name != "data":
        return None
    return next((spec for spec in DATA_FILES.values() if spec.file == p.name), None)


def check_data_file(path: str | os.PathLike[str], spec: DataFile | None = None) -> list[Problem]:
    """Every problem of one data file: against its description, with the sources that ``sources.yaml`` beside it
    lists (when that file is readable; its own problems are its own)."""
    spec = spec or data_file_spec(path)
    if spec is None:
        raise ValueError(f"{path} is not a file of a data folder ({', '.join(s.file for s in DATA_FILES.values())})")
    return _check_file(Path(path), spec, _source_ids_quietly(Path(path).parent))


def check_data_folder(folder: str | os.PathLike[str]) -> list[Problem]:
    """Every problem of every data file present in ``folder`` (``sources.yaml``, ``personas.yaml`` and
    ``survey.yaml`` must be there; the others are read by the commands that need them)."""
    base = Path(folder)
    known = _source_ids_quietly(base)
    problems: list[Problem] = []
    for spec in DATA_FILES.values():
        if spec.file in REQUIRED_FILES or (base / spec.file).exists():
            problems.extend(_check_file(base / spec.file, spec, known))
    return problems


def _check_file(path: Path, spec: DataFile, known: frozenset[str] | None) -> list[Problem]:
    try:
        ck, _ = read_data(path, spec, None if spec.name == "sources" else known)
    except JourneyError as exc:
        return list(exc.problems)
    return sorted(ck.problems)


def _source_ids_quietly(folder: Path) -> frozenset[str] | None:
    """The ids of ``sources.yaml`` in ``folder``, or ``None`` (nothing to check against) when it cannot be read or
    lists no source."""
    try:
        ck, checked = read_data(folder / SOURCES_FILE, DATA_FILES["sources"])
    except JourneyError:
        return None
    if checked is INVALID:
        return None
    return frozenset(_sources(ck, checked)) or None


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
    known = frozenset(sources) or None
    personas = _gather(base / PERSONAS_FILE, "personas", _personas, problems, known) or {}
    figures = _gather(base / SURVEY_FILE, "survey", figures_of, problems, known) or {}
    if problems:
        raise JourneyError(problems)
    return DataSet(str(base), sources, personas, figures)


def load_figures(path: str | os.PathLike[str], sources: Iterable[str] | None = None,
                 spec: str = "survey") -> dict[str, Figure]:
    """Figures of a YAML file laid out like ``survey.yaml`` (sections of ``{value, unit, year, source, evidence}``),
    checked against the description ``spec`` of :data:`~.data_format.DATA_FILES` (``survey``, ``funnel``,
    ``scale``).

    Keys are ``section.name``. With ``sources`` (the bibliography, or its ids), a source id missing from it is an
    error. Raises :class:`JourneyError` listing every problem.
    """
    problems: list[Problem] = []
    figures = _gather(Path(path), spec, figures_of, problems, frozenset(sources or ()) or None)
    if problems:
        raise JourneyError(problems)
    return figures or {}


def _gather(path: Path, spec: str, build: Any, problems: list[Problem],
            known_sources: frozenset[str] | None = None) -> Any:
    """Read, check and build one data file, adding its problems to ``problems``; ``None`` when unreadable."""
    try:
        ck, checked = read_data(path, DATA_FILES[spec], known_sources)
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


def figures_of(ck: Checker, sections: dict[str, Any]) -> dict[str, Figure]:
    """Figures of checked sections, by ``section.name`` (a figure with a problem is left out)."""
    out: dict[str, Figure] = {}
    for section, entries in sections.items():
        if entries is INVALID:
            continue
        for name, fig in entries.items():
            if fig is INVALID or fig["value"] is INVALID or fig["source"] is INVALID:
                continue
            evidence = fig.get("evidence")
            ps = ParameterSource.of("value", fig["source"], evidence if evidence is not INVALID else None)
            year = fig.get("year")
            out[f"{section}.{name}"] = Figure(f"{section}.{name}", fig["value"], fig.get("unit") or "",
                                              year if isinstance(year, int) else None, ps, fig.get("notes") or "")
    return out
