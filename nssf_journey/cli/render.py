"""The render command: a journey's process diagram or journey map as a file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import app, check_output_file, fail, load_all, write_file

RENDER_SUFFIXES = (".svg", ".png", ".dot")


@app.command()
def render(
    path: str = typer.Argument(..., metavar="FILE", help="A journey file."),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="x.svg, x.png or x.dot (default: <journey id>.svg in this folder)."),
    journey_map: bool = typer.Option(False, "--map", help="Draw the journey map (SVG or PNG) instead."),
    detail: str = typer.Option("auto", "--detail", "-d",
                               help="full: every step and arc; common: fold those fewer than 5 % of cases take; a "
                                    "share such as 0.1; auto (default): full up to 40 arcs, common above."),
) -> None:
    """Draw a journey's process diagram (Graphviz), or with --map its journey map.

    A large journey's rare steps and arcs are folded (--detail); the diagram says what was folded.

    Example: nssf-journey render journeys/contribution_payment.yaml --out payment.svg --detail full
    """
    from ..render.detail import LEVELS

    level: str | float = detail
    if detail not in LEVELS:
        try:
            level = float(detail)
        except ValueError:
            level = -1.0
        if not 0 <= level <= 1:
            fail(f"--detail: expected {', '.join(LEVELS)} or a share from 0 to 1, got '{detail}'")
    journeys = load_all([path])
    if len(journeys) != 1:
        fail(f"render takes one journey file, got {len(journeys)} journeys in {path}")
    journey = journeys[0]
    target = out or Path(f"{journey.id}.svg")
    suffix = target.suffix.lower()
    allowed = (".svg", ".png") if journey_map else RENDER_SUFFIXES
    if suffix not in allowed:
        fail(f"--out: expected a file name ending in {', '.join(allowed[:-1])} or {allowed[-1]}, got '{target}'")
    check_output_file(target)
    if journey_map:
        from ..analysis.metrics import analyze as analyze_journey
        from ..render.figures import figure_bytes
        from ..render.journey_map import journey_map_figure

        data = figure_bytes(journey_map_figure(journey, analyze_journey(journey)), suffix[1:])
    else:
        from ..analysis.metrics import analyze as analyze_journey
        from ..render.detail import fold
        from ..render.diagram import GraphvizMissing, journey_dot, render_dot

        analysis = analyze_journey(journey)
        folding = fold(journey, analysis, level)
        if folding.folds_anything:
            typer.echo(f"render: {folding.note()} --detail full draws them all.", err=True)
        dot = journey_dot(journey, analysis, detail=level)
        if suffix == ".dot":
            data = dot.encode("utf-8")
        else:
            try:
                data = render_dot(dot, suffix[1:])
            except GraphvizMissing as exc:
                fail(str(exc))
            except RuntimeError as exc:
                fail(str(exc))
    write_file(target, data)
