"""Commands that hold a journey against an event log: calibrate (measured numbers) and conform (how well it fits)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from . import bounds
from .app import app, check_output_file, check_unit, fail, load_one, log_path_from, to_json
from .eventlog import _ACTIVITY, _CASE, _DB, _FORMAT, _LIFECYCLE, _QUERY, _RESOURCE, _START, _TABLE, _TIMESTAMP, read

_JOURNEY = typer.Argument(..., metavar="JOURNEY", help="A journey file whose steps name the log's activities "
                                                      "(log_activity, else their name).")
_LOG = typer.Argument(None, metavar="LOG", help="An event log: .csv, .parquet, .xes or .xes.gz (or give --db).")


def read_against(journey_path: str, log_path: Optional[str], **options: Any) -> tuple[Any, Any]:
    """The journey (one file) and the log, or one-line errors and exit 2."""
    if Path(journey_path).is_dir():
        fail(f"{journey_path}: is a folder; give one journey file")
    journey = load_one(journey_path)
    log = read(log_path, **options)
    return journey, log


@app.command()
def calibrate(
    journey_path: str = _JOURNEY,
    path: Optional[str] = _LOG,
    out: Path = typer.Option(..., "--out", "-o", help="The calibrated journey file to write (.yaml)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace --out if it exists (even the journey itself)."),
    case_speed: bool = typer.Option(True, "--case-speed/--no-case-speed",
                                    help="Measure how the waits of a case go together (case_speed)."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="Show times in minutes, hours or days (default: the journey's)."),
    as_json: bool = typer.Option(False, "--json", help="Print what changed as one JSON object."),
    case: Optional[str] = _CASE, activity: Optional[str] = _ACTIVITY, timestamp: Optional[str] = _TIMESTAMP,
    start_timestamp: Optional[str] = _START, resource: Optional[str] = _RESOURCE, lifecycle: str = _LIFECYCLE,
    timestamp_format: Optional[str] = _FORMAT,
    db: Optional[str] = _DB, query: Optional[str] = _QUERY, table: Optional[str] = _TABLE,
) -> None:
    """Calibrate a journey from an event log: measured durations, waits and branch probabilities, same structure.

    Steps stand for the activities their log_activity names (else their name); steps that stand for none keep
    their numbers. The journey file is copied with only its numbers, sources, case_speed, event_log and
    bibliography changed: comments, guides and translations stay.

    Example: nssf-journey calibrate journeys/sickness_benefit_claim.yaml claims.csv --out measured/sickness.yaml
    """
    from ..model import LogReference
    from ..output.atomic import write_text_atomic
    from ..reality.calibration import calibrate as run
    from ..reality.tables import calibration_table
    from ..reality.yaml_edit import edit_journey_text

    check_unit(unit)
    if out.suffix not in (".yaml", ".yml"):
        fail(f"--out: expected a .yaml file name, got '{out}'")
    if out.exists() and not overwrite:
        fail(f"--out: {out} exists; choose another name, or add --overwrite to replace it")
    check_output_file(out)
    journey, log = read_against(journey_path, path, case=case, activity=activity, timestamp=timestamp,
                                start_timestamp=start_timestamp, resource=resource, lifecycle=lifecycle, db=db,
                                query=query, table=table, timestamp_format=timestamp_format)
    reference = None
    if path is not None:
        options = {"case": case, "activity": activity, "timestamp": timestamp, "start_timestamp": start_timestamp,
                   "timestamp_format": timestamp_format}
        rel = log_path_from(path, out)
        reference = LogReference(rel, **{k: v for k, v in options.items() if v})
    try:
        result = run(journey, log, log_reference=reference, case_speed=case_speed)
        text = edit_journey_text(Path(journey_path).read_text(encoding="utf-8"), journey, result.journey)
    except ValueError as exc:
        fail(f"{journey_path}: {exc}")
    try:
        write_text_atomic(out, text)
    except OSError as exc:
        fail(f"--out: cannot write {out}: {exc.strerror}")
    typer.echo(f"wrote {out}: {result.newly_measured} numbers became measured", err=True)
    typer.echo(to_json(result.to_dict(unit)) if as_json else calibration_table(result, unit))


@app.command()
def conform(
    journey_path: str = _JOURNEY,
    path: Optional[str] = _LOG,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="minutes, hours or days (default: the journey's)."),
    cases: int = typer.Option(20_000, "--cases", "-n", help="How many cases to simulate for the model's figures."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the simulation."),
    simulation: bool = typer.Option(True, "--simulate/--no-simulate",
                                    help="Also simulate the journey and compare it with the log (fidelity)."),
    case: Optional[str] = _CASE, activity: Optional[str] = _ACTIVITY, timestamp: Optional[str] = _TIMESTAMP,
    start_timestamp: Optional[str] = _START, resource: Optional[str] = _RESOURCE, lifecycle: str = _LIFECYCLE,
    timestamp_format: Optional[str] = _FORMAT,
    db: Optional[str] = _DB, query: Optional[str] = _QUERY, table: Optional[str] = _TABLE,
) -> None:
    """How well a journey describes an event log, and how far its simulation is from it.

    Fitness (the share of cases that follow a path of the journey), the arcs real cases take that the journey
    lacks, the steps they skip, per step the log's and the model's times, and the fidelity of a simulation: case
    durations (mean, median, p90, p95), per outcome, real variants, earth mover's distance.

    Example: nssf-journey conform measured/receipt.yaml receipt.csv --unit days
    """
    from ..reality.conformance import conform as run
    from ..reality.tables import conformance_table

    check_unit(unit)
    bounds.cases(cases)
    bounds.seed(seed)
    journey, log = read_against(journey_path, path, case=case, activity=activity, timestamp=timestamp,
                                start_timestamp=start_timestamp, resource=resource, lifecycle=lifecycle, db=db,
                                query=query, table=table, read_resource=False, timestamp_format=timestamp_format)
    try:
        result = run(journey, log, cases=cases, seed=seed, simulate=simulation)
    except ValueError as exc:
        fail(str(exc))
    typer.echo(to_json(result.to_dict(unit)) if as_json else conformance_table(result, unit))
