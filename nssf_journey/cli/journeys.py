"""Commands about input files themselves: validate, list, schema."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .app import (DEFAULT_JOURNEYS, EXIT_BAD_INPUT, app, check_output_file, discover_files, fail, known_sources,
                  print_problems, to_json)


def _files(count: int, kind: str) -> str:
    return f"{count} {kind} file{'s' if count != 1 else ''}"


@app.command()
def validate(
    paths: List[str] = typer.Argument(None, help="Journey files, data files or folders (default: journeys/)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (numbers without a known source, implausible "
                                                        "time units) as errors."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder whose sources.yaml lists the valid source "
                                                            "ids (default: each journey's data folder, the nearest "
                                                            "data/ with a sources.yaml beside it, when there is one)."),
) -> None:
    """Check journey files and data files and report every problem, one line each.

    Source ids are checked against sources.yaml of the journey's data folder when there is one, and against the
    journey's own bibliography. Files of a folder named data (sources.yaml, survey.yaml, benefits.yaml,
    infopack.yaml, institution.yaml, ...) are checked as data files, their sources against sources.yaml beside
    them.

    Example: nssf-journey validate journeys/ data/ --strict
    """
    from ..loading.data import check_data_file, data_file_spec
    from ..loading.loader import check_files, given_folders

    files = discover_files(paths or [DEFAULT_JOURNEYS])
    journey_files = [f for f in files if data_file_spec(f) is None]
    results = {r.file: r for r in check_files(journey_files, strict=strict, known_sources=known_sources(data),
                                              roots=given_folders(paths or [DEFAULT_JOURNEYS]))}
    data_problems = {f: check_data_file(f) for f in files if f not in results}
    for f in files:
        print_problems(results[f].problems if f in results else data_problems[f])
    bad = sum(not r.ok for r in results.values())
    warnings = sum(p.severity == "warning" for r in results.values() for p in r.problems)
    parts = []
    if results or not data_problems:
        summary = f"{_files(len(results), 'journey')} checked: {len(results) - bad} valid"
        if bad:
            summary += f", {bad} with errors"
        if warnings:
            summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
        parts.append(summary)
    if data_problems:
        bad_data = sum(bool(p) for p in data_problems.values())
        parts.append(f"{_files(len(data_problems), 'data')} checked: {len(data_problems) - bad_data} valid"
                     + (f", {bad_data} with errors" if bad_data else ""))
        bad += bad_data
    typer.echo("; ".join(parts))
    if bad:
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command("list")
def list_journeys(
    path: str = typer.Argument(DEFAULT_JOURNEYS, help="A folder of journeys (default: journeys/)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the journeys in a folder with their titles, sizes and files; for an invalid one, its first problem.

    Example: nssf-journey list journeys/
    """
    from ..loading.data import data_file_spec
    from ..loading.loader import check_files, given_folders

    results = check_files([f for f in discover_files([path]) if data_file_spec(f) is None], roots=given_folders([path]))
    rows = []
    for r in results:
        j = r.journey
        errors = [str(p) for p in r.problems if p.severity == "error"]
        first = {"problem": errors[0] if errors else None, "problems": len(errors)}
        if j is None:
            rows.append({"journey": None, "title": None, "steps": None, "persona": None, "file": r.file,
                         "valid": False, **first})
        else:
            rows.append({"journey": j.id, "title": j.title, "steps": len(j.steps), "persona": j.persona,
                         "file": r.file, "valid": True, **first})
    if as_json:
        typer.echo(to_json(rows))
        return
    w = max([len(r["journey"] or "(invalid)") for r in rows] + [7])
    typer.echo(f"{'journey':<{w}}  steps  title")
    for r in rows:
        if r["valid"]:
            typer.echo(f"{r['journey']:<{w}}  {r['steps']:>5}  {r['title']}  ({r['file']})")
        else:
            more = r["problems"] - 1
            rest = f" (and {more} more: nssf-journey validate {path})" if more > 0 else ""
            typer.echo(f"{'(invalid)':<{w}}  {'':>5}  {r['problem']}{rest}")


@app.command()
def schema(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the schema to this file instead of printing it."),
    data: Optional[str] = typer.Option(None, "--data", help="The schema of a data file instead: sources, personas, "
                                                            "survey, funnel, scale, benefits, plain_language, "
                                                            "staffing, infopack, staff_guide or institution."),
) -> None:
    """Print the journey format (or a data file's) as a JSON Schema, for YAML editors.

    Example: nssf-journey schema --out docs/journey.schema.json

    Example: nssf-journey schema --data benefits --out docs/benefits.schema.json
    """
    from ..loading.data_format import DATA_FILES, data_json_schema
    from ..loading.format import json_schema
    from ..output.atomic import write_text_atomic

    if data is not None and data not in DATA_FILES:
        fail(f"--data: expected one of {', '.join(DATA_FILES)}, got '{data}'")
    text = to_json(json_schema() if data is None else data_json_schema(data)) + "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    check_output_file(out)
    try:
        write_text_atomic(out, text)
    except OSError as exc:
        fail(f"{out}: cannot write: {exc.strerror}")
    typer.echo(f"wrote {out}", err=True)
