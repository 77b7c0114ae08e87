"""The ``nssf-journey`` command line: a thin layer over the library.

Commands parse their arguments, call library functions, print results, and turn library errors into one-line
messages with exit code 2. Nothing here computes anything the library does not.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer

from .problems import JourneyError, Problem
from .units import TIME_UNITS

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


def _fail(message: str) -> None:
    typer.echo(f"nssf-journey: error: {message}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _print_problems(problems: list[Problem]) -> None:
    for p in problems:
        typer.echo(str(p), err=True)


def _discover(paths: list[str]) -> list[str]:
    from .loader import discover

    try:
        files = discover(paths)
    except FileNotFoundError as exc:
        _fail(str(exc))
    if not files:
        _fail(f"no journey files (*.yaml, *.yml) in {', '.join(paths)}")
    return files


def _check_unit(unit: Optional[str]) -> None:
    if unit is not None and unit not in TIME_UNITS:
        _fail(f"--unit: expected one of {', '.join(TIME_UNITS)}, got '{unit}'")


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=str)


@app.command()
def validate(
    paths: List[str] = typer.Argument(None, help="Journey files or folders (default: journeys/)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (numbers without a source) as errors."),
) -> None:
    """Check journey files and report every problem, one line each.

    Example: nssf-journey validate journeys/ --strict
    """
    from .loader import check_files

    files = _discover(paths or [DEFAULT_JOURNEYS])
    results = check_files(files, strict=strict)
    problems = [p for r in results for p in r.problems]
    _print_problems(problems)
    bad = [r for r in results if not r.ok]
    warnings = sum(p.severity == "warning" for p in problems)
    summary = f"{len(results)} journey file{'s' if len(results) != 1 else ''} checked: {len(results) - len(bad)} valid"
    if bad:
        summary += f", {len(bad)} with errors"
    if warnings:
        summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
    typer.echo(summary)
    if bad:
        raise typer.Exit(EXIT_BAD_INPUT)


def _load_all(paths: list[str]) -> list[Any]:
    from .loader import check_files

    results = check_files(_discover(paths))
    errors = [p for r in results for p in r.problems if p.severity == "error"]
    if errors:
        _print_problems(errors)
        raise typer.Exit(EXIT_BAD_INPUT)
    return [r.journey for r in results]


@app.command()
def analyze(
    paths: List[str] = typer.Argument(None, help="A journey file, or files and folders (default: journeys/)."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="minutes, hours or days (default: the journey's time_unit)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: one object for one file, a list for several."),
) -> None:
    """Exact metrics of a journey: lead time, waits, visits, outcomes, paths and bottlenecks.

    Example: nssf-journey analyze journeys/contribution_payment.yaml --unit hours
    """
    from .metrics import analyze as analyze_journey
    from .text import analysis_table

    _check_unit(unit)
    journeys = _load_all(paths or [DEFAULT_JOURNEYS])
    results = [(j, analyze_journey(j)) for j in journeys]
    if as_json:
        data = [a.to_dict(unit or j.time_unit) for j, a in results]
        single = bool(paths) and len(paths) == 1 and Path(paths[0]).is_file()
        typer.echo(_json(data[0] if single else data))
        return
    typer.echo("\n\n".join(analysis_table(a, unit or j.time_unit) for j, a in results))


@app.command("list")
def list_journeys(
    path: str = typer.Argument(DEFAULT_JOURNEYS, help="A folder of journeys (default: journeys/)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the journeys in a folder with their titles, sizes and files.

    Example: nssf-journey list journeys/
    """
    from .loader import check_files

    results = check_files(_discover([path]))
    rows = []
    for r in results:
        j = r.journey
        if j is None:
            rows.append({"journey": None, "title": None, "steps": None, "persona": None, "file": r.file,
                         "valid": False})
        else:
            rows.append({"journey": j.id, "title": j.title, "steps": len(j.steps), "persona": j.persona,
                         "file": r.file, "valid": True})
    if as_json:
        typer.echo(_json(rows))
        return
    w = max([len(r["journey"] or "(invalid)") for r in rows] + [7])
    typer.echo(f"{'journey':<{w}}  steps  title")
    for r in rows:
        if r["valid"]:
            typer.echo(f"{r['journey']:<{w}}  {r['steps']:>5}  {r['title']}  ({r['file']})")
        else:
            typer.echo(f"{'(invalid)':<{w}}  {'':>5}  {r['file']}: run 'nssf-journey validate {r['file']}'")


@app.command()
def schema(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the schema to this file instead of printing it."),
) -> None:
    """Print the journey format as a JSON Schema, for YAML editors.

    Example: nssf-journey schema --out docs/journey.schema.json
    """
    from .atomic import write_text_atomic
    from .format import json_schema

    text = _json(json_schema()) + "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        write_text_atomic(out, text)
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror}")
    typer.echo(f"wrote {out}", err=True)


def main() -> None:
    """Entry point of the ``nssf-journey`` console script."""
    try:
        app()
    except JourneyError as exc:  # a library error that escaped a command: still one line each, exit 2
        _print_problems(exc.problems)
        sys.exit(EXIT_BAD_INPUT)
    except BrokenPipeError:  # output piped into `head`
        sys.exit(0)
