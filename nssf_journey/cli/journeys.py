"""Commands about journey files themselves: validate, list, schema."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .app import DEFAULT_JOURNEYS, EXIT_BAD_INPUT, app, discover_files, fail, known_sources, print_problems, to_json


@app.command()
def validate(
    paths: List[str] = typer.Argument(None, help="Journey files or folders (default: journeys/)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (numbers without a known source) as errors."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder whose sources.yaml lists the valid source ids (default: ./data when present)."),
) -> None:
    """Check journey files and report every problem, one line each.

    Source ids are checked against sources.yaml of the data folder when there is one.

    Example: nssf-journey validate journeys/ --strict
    """
    from ..loading.loader import check_files

    files = discover_files(paths or [DEFAULT_JOURNEYS])
    results = check_files(files, strict=strict, known_sources=known_sources(data))
    problems = [p for r in results for p in r.problems]
    print_problems(problems)
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


@app.command("list")
def list_journeys(
    path: str = typer.Argument(DEFAULT_JOURNEYS, help="A folder of journeys (default: journeys/)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the journeys in a folder with their titles, sizes and files.

    Example: nssf-journey list journeys/
    """
    from ..loading.loader import check_files

    results = check_files(discover_files([path]))
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
        typer.echo(to_json(rows))
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
    from ..loading.format import json_schema
    from ..output.atomic import write_text_atomic

    text = to_json(json_schema()) + "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        write_text_atomic(out, text)
    except OSError as exc:
        fail(f"{out}: cannot write: {exc.strerror}")
    typer.echo(f"wrote {out}", err=True)
