"""The render command: a journey's process diagram or journey map as a file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import app, fail, load_all

RENDER_SUFFIXES = (".svg", ".png", ".dot")


@app.command()
def render(
    path: str = typer.Argument(..., metavar="FILE", help="A journey file."),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="x.svg, x.png or x.dot (default: <journey id>.svg in this folder)."),
    journey_map: bool = typer.Option(False, "--map", help="Draw the journey map (SVG or PNG) instead."),
) -> None:
    """Draw a journey's process diagram (Graphviz), or with --map its journey map.

    Example: nssf-journey render journeys/contribution_payment.yaml --out payment.svg
    """
    from ..output.atomic import write_bytes_atomic

    journeys = load_all([path])
    if len(journeys) != 1:
        fail(f"render takes one journey file, got {len(journeys)} journeys in {path}")
    journey = journeys[0]
    target = out or Path(f"{journey.id}.svg")
    suffix = target.suffix.lower()
    allowed = (".svg", ".png") if journey_map else RENDER_SUFFIXES
    if suffix not in allowed:
        fail(f"--out: expected a file name ending in {', '.join(allowed[:-1])} or {allowed[-1]}, got '{target}'")
    if journey_map:
        from ..analysis.metrics import analyze as analyze_journey
        from ..render.figures import figure_bytes
        from ..render.journey_map import journey_map_figure

        data = figure_bytes(journey_map_figure(journey, analyze_journey(journey)), suffix[1:])
    else:
        from ..render.diagram import GraphvizMissing, journey_dot, render_dot

        dot = journey_dot(journey)
        if suffix == ".dot":
            data = dot.encode("utf-8")
        else:
            try:
                data = render_dot(dot, suffix[1:])
            except GraphvizMissing as exc:
                fail(str(exc))
            except RuntimeError as exc:
                fail(str(exc))
    try:
        write_bytes_atomic(target, data)
    except OSError as exc:
        fail(f"{target}: cannot write: {exc.strerror}")
    typer.echo(f"wrote {target}", err=True)
