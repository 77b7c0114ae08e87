"""The command line's shared parts: the Typer application, and helpers that load inputs and turn library
errors into one-line messages with exit code 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, NoReturn, Optional

import typer

from ..loading.problems import JourneyError, Problem
from ..units import TIME_UNITS

app = typer.Typer(
    name="nssf-journey",
    help="Map, measure, simulate and redesign the journeys of workers and employers through NSSF.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


DEFAULT_JOURNEYS = "journeys"


EXIT_BAD_INPUT = 2


def fail(message: str) -> NoReturn:
    """Print ``nssf-journey: error: <message>`` on stderr and exit with code 2."""
    typer.echo(f"nssf-journey: error: {message}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def print_problems(problems: list[Problem]) -> None:
    for p in problems:
        typer.echo(str(p), err=True)


def print_warnings(warnings: Iterable[str]) -> None:
    for w in warnings:
        typer.echo(f"nssf-journey: warning: {w}", err=True)


class Stopwatch:
    """A progress callback for the library that prints ``<command>: <message> (<seconds> s)`` on stderr."""

    def __init__(self, command: str) -> None:
        import time

        self.command = command
        self.began = time.perf_counter()

    def elapsed(self) -> str:
        import time

        return f"{time.perf_counter() - self.began:.1f} s"

    def __call__(self, message: str) -> None:
        typer.echo(f"{self.command}: {message} ({self.elapsed()})", err=True)


def wrote_folder(out: Path, written: list[Path], suffix: str = "") -> None:
    """Say on stderr that a command wrote its front page and how many other files into ``out``."""
    typer.echo(f"wrote {out / 'index.html'} and {len(written) - 1} other files{suffix}", err=True)


def write_owned(write: Callable[[Mapping[str, bytes], Path], list[Path]], files: Mapping[str, bytes],
                out: Path) -> list[Path]:
    """Write ``files`` into the folder ``out`` that a command owns (``write``: the report's or the Info Pack's
    writer); a foreign file or an unwritable folder is a one-line error."""
    from ..output.owned_folder import OutputConflict

    try:
        return write(files, out)
    except OutputConflict as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{out}: cannot write: {exc.strerror or exc}")


def discover_files(paths: list[str]) -> list[str]:
    from ..loading.loader import journey_files

    try:
        files = journey_files(paths)
    except FileNotFoundError as exc:
        fail(str(exc))
    if not files:
        fail(f"no journey files (*.yaml, *.yml) in {', '.join(paths)}")
    return files


def check_unit(unit: Optional[str]) -> None:
    if unit is not None and unit not in TIME_UNITS:
        fail(f"--unit: expected one of {', '.join(TIME_UNITS)}, got '{unit}'")


def to_json(data: Any) -> str:
    from ..output.json_text import json_text

    return json_text(data)


def check_output_file(path: Path, option: str = "--out") -> None:
    """Fail at once (before slow work) unless a file can be written at ``path``: the rules of
    :mod:`nssf_journey.output.places` (missing folders are made; never in a filesystem root)."""
    from ..output.places import UnusablePlace, check_output_file as check

    try:
        check(path)
    except UnusablePlace as exc:
        fail(f"{option}: {exc}")


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically and say so on stderr; a one-line error when it cannot be written."""
    from ..output.atomic import write_bytes_atomic

    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        fail(f"{path}: cannot write: {exc.strerror}")
    typer.echo(f"wrote {path}", err=True)


def split_redesigns(journeys: list[Any]) -> tuple[list[Any], list[Any]]:
    """(as-is journeys, redesigns): redesigns name the journey they redesign (``redesign_of``)."""
    return [j for j in journeys if j.redesign_of is None], [j for j in journeys if j.redesign_of is not None]


def load_as_is(paths: Optional[list[str]], purpose: str) -> tuple[list[Any], list[Any]]:
    """(as-is journeys, redesigns) under ``paths``; a one-line error when there is no as-is journey."""
    journeys, redesigns = split_redesigns(load_all(paths or [DEFAULT_JOURNEYS]))
    if not journeys:
        fail(f"no as-is journey to {purpose}: every journey given is a redesign (redesign_of)")
    return journeys, redesigns


def known_sources(data: Optional[str]) -> Any:
    """The source ids journeys may cite, for :func:`~nssf_journey.loading.loader.check_files`: those of
    ``--data``'s ``sources.yaml`` for every journey; without ``--data``, per journey, those of the data folder found
    from the journey (``data/`` beside the journeys' folder), or ``None`` where there is none. A broken
    ``sources.yaml`` prints its problems and exits with code 2."""
    from ..loading.data import SOURCES_FILE, data_dir_beside, source_ids

    def ids_of(folder: Path) -> frozenset[str]:
        try:
            return source_ids(folder)
        except JourneyError as exc:
            print_problems(exc.problems)
            raise typer.Exit(EXIT_BAD_INPUT)

    if data:
        if not (Path(data) / SOURCES_FILE).exists():
            fail(f"--data: {data}/{SOURCES_FILE} does not exist")
        return ids_of(Path(data))
    found: dict[Path, frozenset[str]] = {}

    def for_file(file: str) -> Optional[frozenset[str]]:
        folder = data_dir_beside(file)
        if folder is None:
            return None
        if folder not in found:
            found[folder] = ids_of(folder)
        return found[folder]

    return for_file


def load_all(paths: list[str]) -> list[Any]:
    from ..loading.loader import check_files, given_folders

    results = check_files(discover_files(paths), roots=given_folders(paths))
    errors = [p for r in results for p in r.problems if p.severity == "error"]
    if errors:
        print_problems(errors)
        raise typer.Exit(EXIT_BAD_INPUT)
    return [r.journey for r in results]


def load_one(path: str) -> Any:
    journeys = load_all([path])
    if len(journeys) != 1:
        fail(f"expected one journey file, got {len(journeys)} journeys in {path}")
    return journeys[0]


def load_data_folder(data: Optional[str]) -> Any:
    """The data folder's :class:`~nssf_journey.loading.data.DataSet`, after checking every data file in it: the
    problems of all of them are printed in one pass, with exit code 2, before any command does its work."""
    from ..loading.data import check_data_folder, find_data_dir, load_data

    folder = find_data_dir(data)
    if not folder.is_dir():
        fail(f"--data: {folder} is not a folder")
    problems = check_data_folder(folder)
    if any(p.severity == "error" for p in problems):
        print_problems(problems)
        raise typer.Exit(EXIT_BAD_INPUT)
    return load_data(folder)


def parse_pairs(values: list[str], option: str) -> dict[str, float]:
    """``["lost=3", "waiting=1.5"]`` -> ``{"lost": 3.0, "waiting": 1.5}``; one-line errors otherwise (a number that
    is not finite, such as ``inf`` or ``nan``, included)."""
    import math

    out: dict[str, float] = {}
    for item in values:
        for part in item.split(","):
            name, sep, value = part.partition("=")
            try:
                if not sep or not name.strip():
                    raise ValueError
                number = float(value)
            except ValueError:
                fail(f"{option}: expected name=number, got '{part}'")
            if not math.isfinite(number):
                fail(f"{option}: expected name=number with a finite number, got '{part}'")
            out[name.strip()] = number
    return out


def log_path_from(log: str, out: Path) -> str:
    """How a journey written to ``out`` names its event log ``log``: relative to the journey's folder when the two
    are near (at most two folders up), else the absolute path.

    >>> log_path_from("logs/claims.csv", Path("journeys/claims.yaml"))
    '../logs/claims.csv'
    """
    import os

    rel = os.path.relpath(os.path.abspath(log), os.path.abspath(out.parent))
    return rel if not rel.startswith(os.path.join("..", "..", "..")) else os.path.abspath(log)
