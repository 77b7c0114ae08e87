"""Commands that analyse journeys exactly: analyze, junctures, funnel, sensitivity."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..loading.problems import JourneyError
from .app import (
    DEFAULT_JOURNEYS,
    EXIT_BAD_INPUT,
    app,
    check_output_file,
    check_unit,
    fail,
    load_all,
    load_data_folder,
    load_one,
    parse_pairs,
    print_problems,
    to_json,
    write_file,
)
from . import bounds


@app.command()
def analyze(
    paths: List[str] = typer.Argument(None, help="A journey file, or files and folders (default: journeys/)."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="minutes, hours or days (default: the journey's time_unit)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: one object for one file, a list for several."),
) -> None:
    """Exact metrics of a journey: lead time, waits, visits, outcomes, paths and bottlenecks.

    Example: nssf-journey analyze journeys/contribution_payment.yaml --unit hours
    """
    from ..analysis.metrics import analyze as analyze_journey
    from ..analysis.tables import analysis_table

    check_unit(unit)
    journeys = load_all(paths or [DEFAULT_JOURNEYS])
    results = [(j, analyze_journey(j)) for j in journeys]
    if as_json:
        data = [a.to_dict(unit or j.time_unit) for j, a in results]
        single = bool(paths) and len(paths) == 1 and Path(paths[0]).is_file()
        typer.echo(to_json(data[0] if single else data))
        return
    typer.echo("\n\n".join(analysis_table(a, unit or j.time_unit) for j, a in results))


@app.command()
def junctures(
    paths: List[str] = typer.Argument(None, help="Journey files or folders (default: journeys/)."),
    top: int = typer.Option(10, "--top", "-n", help="How many junctures to show (0 for all)."),
    weight: List[str] = typer.Option([], "--weight", "-w", help="Change a factor's weight: lost=3 (repeatable)."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder with survey.yaml (default: ./data)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Rank the steps, across journeys, where better information or service would change the most.

    Factors: lost (journeys that go wrong here), waiting, emotion, pain_points, knowledge_gap (survey awareness
    of the benefit) and unreliable_information (the step's information sources); see docs/analysis.md.

    Example: nssf-journey junctures journeys/ --top 5 --weight waiting=1
    """
    from ..analysis.junctures import check_weights, critical_junctures
    from ..analysis.tables import junctures_table

    bounds.top(top)
    pairs = parse_pairs(weight, "--weight")
    for name, value in pairs.items():
        bounds.number(f"--weight {name}", value, 0, bounds.MAX_WEIGHT, what="a weight")
    try:
        weights = check_weights(pairs)
    except ValueError as exc:
        fail(f"--weight: {exc}")
    dataset = load_data_folder(data)
    ranking = critical_junctures(load_all(paths or [DEFAULT_JOURNEYS]), dataset, weights=weights, top=top)
    typer.echo(to_json(ranking.to_dict()) if as_json else junctures_table(ranking))


@app.command()
def funnel(
    paths: List[str] = typer.Argument(None, help="Journey files or folders (default: journeys/)."),
    awareness: List[str] = typer.Option([], "--awareness", "-a", help="What-if awareness of a benefit: sickness=0.6 (repeatable)."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder with survey.yaml and funnel.yaml (default: ./data)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Per benefit: eligible workers -> registered -> aware -> claims started -> benefits paid.

    With --awareness, also what a communication campaign that raises awareness would bring.

    Example: nssf-journey funnel --awareness sickness=0.6
    """
    from ..analysis.funnel import funnel_what_if, funnel_what_if_table, load_funnel_inputs

    what_if = parse_pairs(awareness, "--awareness")
    dataset = load_data_folder(data)
    try:
        inputs = load_funnel_inputs(dataset)
    except JourneyError as exc:
        print_problems(exc.problems)
        raise typer.Exit(EXIT_BAD_INPUT)
    journeys = load_all(paths or [DEFAULT_JOURNEYS])
    try:
        result = funnel_what_if(journeys, dataset, awareness=what_if, inputs=inputs)
    except ValueError as exc:
        fail(f"--awareness: {exc}")
    typer.echo(to_json(result.to_dict()) if as_json else funnel_what_if_table(result))


@app.command()
def sensitivity(
    path: str = typer.Argument(..., metavar="FILE", help="A journey file."),
    top: int = typer.Option(10, "--top", "-n", help="How many parameters to show (0 for all)."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="minutes, hours or days (default: the journey's)."),
    only_assumed: bool = typer.Option(False, "--assumed", help="Vary only assumed numbers."),
    chart: Optional[Path] = typer.Option(None, "--chart", help="Write the tornado chart to this .svg or .png file."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    cases: int = typer.Option(20_000, "--cases", help="Arrivals per queueing run (journeys with arrivals and resources)."),
    seed: int = typer.Option(1, "--seed", help="Seed of the queueing runs."),
) -> None:
    """Which uncertain numbers move the lead time and the chance of success most: where to measure first.

    Each parameter is varied over a range set by its evidence (assumed 0.5-1.5x, reported 0.8-1.2x, measured
    0.9-1.1x) and the journey analysed exactly at both ends. A journey with arrivals and resources is also
    simulated with queues at both ends of its servers, time between arrivals and patience.

    Example: nssf-journey sensitivity journeys/contribution_payment.yaml --chart tornado.svg
    """
    from ..analysis.tables import sensitivity_table
    from ..simulation.queue_sensitivity import sensitivity_with_queues

    check_unit(unit)
    bounds.top(top)
    bounds.cases(cases)
    bounds.seed(seed)
    if chart is not None:
        if chart.suffix.lower() not in (".svg", ".png"):
            fail(f"--chart: expected a file name ending in .svg or .png, got '{chart}'")
        check_output_file(chart, "--chart")
    journey = load_one(path)
    result = sensitivity_with_queues(journey, only=["assumed"] if only_assumed else None, cases=cases, seed=seed)
    if chart is not None:
        from ..render.compare_charts import tornado_figure
        from ..render.figures import figure_bytes

        write_file(chart, figure_bytes(tornado_figure(result, top=top or 12, title=journey.title),
                                       chart.suffix.lower()[1:]))
    typer.echo(to_json(result.to_dict(unit, top)) if as_json else sensitivity_table(result, unit, top))
