"""The simulate command: many cases of one journey, Monte Carlo or with queues."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

import typer

from . import bounds
from .app import app, check_output_file, check_unit, fail, load_all, to_json

#: Runs at least this large show a progress bar on a terminal's stderr.
PROGRESS_MIN_CASES = 200_000


@contextmanager
def progress_bar(enabled: bool, cases: int) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr drawn by Rich (imported only when shown), as the ``progress`` callback of the
    simulation: ``update(cases_done, cases)``; ``None`` when not ``enabled``."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("simulating"), BarColumn(), TextColumn("{task.completed:,}/{task.total:,} cases"),
                  TimeElapsedColumn(), console=Console(stderr=True)) as bar:
        task = bar.add_task("simulating", total=cases)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@app.command()
def simulate(
    path: str = typer.Argument(..., metavar="FILE", help="A journey file."),
    cases: int = typer.Option(10_000, "--cases", "-n", help="How many cases to simulate (queueing: how many arrive)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (default: a fresh one, shown in the output)."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="minutes, hours or days (default: the journey's time_unit)."),
    mode: Optional[str] = typer.Option(None, "--mode", help="montecarlo or queueing (default: queueing when the journey has arrivals and resources)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    events: Optional[str] = typer.Option(None, "--events", help="Write the simulated event log to FILE.csv or FILE.parquet."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Show a progress bar on stderr (default: on a terminal, for large runs)."),
    against: Optional[str] = typer.Option(None, "--against", help="An event log to compare the simulation with (its "
                                                                  "columns by the process-mining names; the journey's "
                                                                  "event_log names others): the model against reality."),
) -> None:
    """Simulate many cases of a journey: lead time, waits, queues, outcomes and deadline breaches.

    A journey with arrivals and resources is simulated as a queue (cases compete for capacity, opening hours
    and patience apply); any other as independent cases (Monte Carlo). --mode forces one.

    With --against LOG, the simulated cases are compared with the log's (case durations, outcomes, real
    variants, earth mover's distance), as `conform` does.

    Example: nssf-journey simulate journeys/contribution_payment.yaml --cases 100000 --seed 1 --json
    """
    from ..simulation import MODES, default_mode, overload_warnings
    from ..simulation import simulate as run_simulation

    check_unit(unit)
    bounds.cases(cases)
    if mode is not None and mode not in MODES:
        fail(f"--mode: expected one of {', '.join(MODES)}, got '{mode}'")
    if seed is not None:
        bounds.seed(seed)
    if events is not None:
        from ..simulation.events import events_format, write_events

        try:
            events_format(events)
        except ValueError as exc:
            fail(f"--events: {exc}")
        check_output_file(Path(events), "--events")
    if Path(path).is_dir():
        fail(f"{path}: is a folder; simulate takes one journey file")
    journey = load_all([path])[0]
    mode = mode or default_mode(journey)
    if mode == "queueing" and journey.arrivals is None:
        fail(f"--mode queueing: journey '{journey.id}' has no 'arrivals'")
    if seed is None:
        import secrets

        seed = secrets.randbelow(2**32)
    if mode == "queueing":
        for warning in overload_warnings(journey):
            typer.echo(f"warning: {warning}", err=True)
    show = progress if progress is not None else (sys.stderr.isatty() and cases >= PROGRESS_MIN_CASES)
    log = None
    if against is not None:
        from .eventlog import read

        options = journey.event_log.read_options() if journey.event_log is not None else {}
        log = read(against, case=options.get("case"), activity=options.get("activity"),
                   timestamp=options.get("timestamp"), start_timestamp=options.get("start_timestamp"), resource=None,
                   lifecycle="auto", db=None, query=None, table=None, read_resource=False,
                   timestamp_format=options.get("timestamp_format"))
    try:
        if events is not None and log is None:
            # The log is written while the simulation runs, a block at a time: never held whole.
            from ..simulation.events import EventWriter

            with progress_bar(show, cases) as update, EventWriter(journey, events) as writer:
                result = run_simulation(journey, cases, seed=seed, mode=mode, events=writer, progress=update)
            rows = writer.rows
        else:
            with progress_bar(show, cases) as update:
                result = run_simulation(journey, cases, seed=seed, mode=mode, events=log is not None,
                                        progress=update)
            rows = write_events(result, events) if events is not None else 0
    except OSError as exc:
        if events is None:
            raise
        fail(f"--events: cannot write {events}: {exc.strerror}")
    if events is not None:
        typer.echo(f"wrote {rows:,} events to {events}", err=True)
    for warning in result.warnings:  # the overload warnings were printed before the run; cases stopped at the cap
        if mode != "queueing" or warning not in overload_warnings(journey):
            typer.echo(f"warning: {warning}", err=True)
    from ..simulation.tables import simulation_table

    fid = None
    if log is not None:
        from ..reality.fidelity import fidelity

        try:
            fid = fidelity(journey, log, simulation=result)
        except ValueError as exc:
            fail(f"--against: {exc}")
    if as_json:
        data = result.to_dict(unit)
        if fid is not None:
            data["fidelity"] = fid.to_dict(unit)
        typer.echo(to_json(data))
        return
    typer.echo(simulation_table(result, unit))
    if fid is not None:
        from ..reality.tables import fidelity_table

        typer.echo("")
        typer.echo(fidelity_table(fid, unit))
