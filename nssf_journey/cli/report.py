"""The report command: the management report."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .app import app, fail, load_as_is


@app.command()
def report(
    paths: List[str] = typer.Argument(None, help="Journey files or folders (default: journeys/)."),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="The folder to write into (default: reports/)."),
    simulate: bool = typer.Option(True, "--simulate/--no-simulate",
                                  help="Simulate lead-time distributions (Monte Carlo)."),
    cases: int = typer.Option(20_000, "--cases", help="Simulated cases per journey."),
    seed: int = typer.Option(1, "--seed", help="Seed of the simulation: the same seed gives the same report."),
    data: Optional[Path] = typer.Option(None, "--data",
                                        help="Folder with sources.yaml and personas.yaml (default: data/ beside "
                                             "the journeys folder)."),
) -> None:
    """Write the management report: one offline HTML page, Markdown, and its tables as CSV and JSON.

    It writes only files it owns (listed in .nssf-journey-report.json in the folder) and replaces them on the
    next run; it never overwrites or deletes any other file.

    Example: nssf-journey report journeys/ --out reports/
    """
    import time

    from ..report import ReportConflict, build_report, report_files, write_report_files
    from ..report.inputs import default_data_dir, simulate_lead_times, sources_and_personas
    from ..report.output import check_out_dir

    began = time.perf_counter()

    def progress(message: str) -> None:
        typer.echo(f"report: {message} ({time.perf_counter() - began:.1f} s)", err=True)

    if cases < 1:
        fail(f"--cases: expected at least 1, got {cases}")
    journeys, redesigns = load_as_is(paths, "report on")
    try:
        check_out_dir(out)  # fail before the slow part
    except ReportConflict as exc:
        fail(str(exc))
    data_dir = data or default_data_dir(j.file for j in journeys)
    simulations, note = {}, None
    if simulate:
        simulations, warnings = simulate_lead_times(journeys, cases=cases, seed=seed, progress=progress)
        for w in warnings:
            typer.echo(f"nssf-journey: warning: {w}", err=True)
    else:
        note = "Simulation was switched off for this report (--no-simulate): no lead-time distribution is shown."
    from ..render.diagram import DOT_INSTALL_HINT, dot_available

    if not dot_available():
        typer.echo(f"nssf-journey: warning: {DOT_INSTALL_HINT}; the report has no process diagrams", err=True)
    from ..loading.data import load_data
    from ..loading.problems import JourneyError
    from ..report.sections import junctures_section

    extra = []
    dataset = None
    try:
        dataset = load_data(data_dir)
    except JourneyError as exc:
        typer.echo(f"nssf-journey: warning: {data_dir}: data unusable ({exc.problems[0]}); the report has "
                   "no critical junctures section and no bibliography", err=True)
    if dataset is not None:
        progress("critical junctures")
        extra.append(junctures_section(journeys, dataset))
    if simulate:
        from ..report.sections import queues_section
        from ..simulation.queueing import queueing

        queued = [j for j in journeys if j.has_queues]
        if queued:
            progress(f"simulating queues of {', '.join(j.id for j in queued)}")
            extra.append(queues_section([(j, queueing(j, cases, seed=seed)) for j in queued]))
    as_is = {j.id: j for j in journeys}
    comparable = [r for r in redesigns if r.redesign_of in as_is]
    for r in redesigns:
        if r.redesign_of not in as_is:
            typer.echo(f"nssf-journey: warning: redesign '{r.id}' extends '{r.redesign_of}', which is not among the "
                       "journeys reported on; it is left out", err=True)
    if comparable:
        from ..compare import compare_journeys
        from ..report.sections import comparisons_section

        progress(f"comparing {len(comparable)} redesign{'s' if len(comparable) != 1 else ''} with today")
        comparisons = [compare_journeys(as_is[r.redesign_of], r, cases=cases if simulate else 0, seed=seed,
                                        data=dataset) for r in comparable]
        extra.append(comparisons_section(comparisons))
    sources, personas = sources_and_personas(dataset)
    try:
        rep = build_report(journeys, simulations=simulations, sources=sources, personas=personas,
                           simulation_note=note, progress=progress, extra_sections=extra)
        progress("writing files")
        written = write_report_files(report_files(rep), out)
    except ReportConflict as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{out}: cannot write: {exc.strerror or exc}")
    typer.echo(f"wrote {out / 'index.html'} and {len(written) - 1} other files in "
               f"{time.perf_counter() - began:.1f} s", err=True)
