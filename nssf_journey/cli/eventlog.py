"""Commands on event logs: log (what is in a log) and discover (a journey from it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

import typer

from . import bounds
from .app import EXIT_BAD_INPUT, app, check_output_file, check_unit, fail, log_path_from, to_json

_LOG = typer.Argument(None, metavar="LOG", help="An event log: .csv, .parquet, .xes or .xes.gz (or give --db).")
_CASE = typer.Option(None, "--case", help="Case id column (default case:concept:name).")
_ACTIVITY = typer.Option(None, "--activity", help="Activity column (default concept:name).")
_TIMESTAMP = typer.Option(None, "--timestamp", help="Completion time column (default time:timestamp).")
_START = typer.Option(None, "--start-timestamp", help="Start time column (default start_timestamp, when present).")
_RESOURCE = typer.Option(None, "--resource", help="Resource column (default org:resource, when present).")
_FORMAT = typer.Option(None, "--timestamp-format",
                       help='For exports that do not write ISO 8601: a strptime format such as "%d/%m/%Y %H:%M" '
                            "(%z for a zone offset).")
_LIFECYCLE = typer.Option("auto", "--lifecycle",
                          help="auto (pair start/complete events when there are starts), pair, complete (keep only "
                               "complete events, as PM4Py after a lifecycle filter) or all.")
_DB = typer.Option(None, "--db", help="Read from a database instead: a SQLAlchemy URL (sqlite:///cases.db, "
                                      "postgresql+psycopg://user@host/db).")
_QUERY = typer.Option(None, "--query", help='With --db: the query, e.g. "SELECT case_id, step, done_at FROM events".')
_TABLE = typer.Option(None, "--table", help="With --db: a table to read whole.")


def read(path: Optional[str], *, case: Optional[str], activity: Optional[str], timestamp: Optional[str],
         start_timestamp: Optional[str], resource: Optional[str], lifecycle: str, db: Optional[str],
         query: Optional[str], table: Optional[str], read_resource: bool = True,
         timestamp_format: Optional[str] = None) -> Any:
    """Read the log the options name, or print its problems and exit 2."""
    from ..eventlog import LogError, read_log
    from ..eventlog.lifecycle import MODES

    if lifecycle not in MODES:
        fail(f"--lifecycle: expected one of {', '.join(MODES)}, got '{lifecycle}'")
    if (path is None) == (db is None):
        fail("give an event log file, or --db URL with --query or --table (not both)")
    if db is None and (query or table):
        fail("--query and --table read from a database: add --db URL")
    try:
        return read_log(path, case=case, activity=activity, timestamp=timestamp, start_timestamp=start_timestamp,
                        resource=resource, lifecycle=lifecycle, db=db, query=query, table=table,
                        read_resource=read_resource, timestamp_format=timestamp_format)
    except LogError as exc:
        for p in exc.problems:
            typer.echo(str(p), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command("log")
def log_command(
    path: Optional[str] = _LOG,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="minutes, hours or days (default: by the median case duration)."),
    top: int = typer.Option(10, "--top", help="How many of the most frequent variants to show."),
    case: Optional[str] = _CASE, activity: Optional[str] = _ACTIVITY, timestamp: Optional[str] = _TIMESTAMP,
    start_timestamp: Optional[str] = _START, resource: Optional[str] = _RESOURCE, lifecycle: str = _LIFECYCLE,
    timestamp_format: Optional[str] = _FORMAT,
    db: Optional[str] = _DB, query: Optional[str] = _QUERY, table: Optional[str] = _TABLE,
) -> None:
    """What is in an event log: cases, events, activities, variants, case durations, directly-follows graph.

    The figures equal PM4Py's (discover_dfg, discover_performance_dfg, get_variants, get_all_case_durations).

    Example: nssf-journey log receipt.csv --unit days --json
    """
    from ..eventlog.summary import auto_unit, summarize, summary_table

    check_unit(unit)
    bounds.top(top)
    log = read(path, case=case, activity=activity, timestamp=timestamp, start_timestamp=start_timestamp,
               resource=resource, lifecycle=lifecycle, db=db, query=query, table=table, read_resource=False,
               timestamp_format=timestamp_format)
    s = summarize(log)
    unit = unit or auto_unit(s.case_duration()["median"])
    if as_json:
        typer.echo(to_json(s.to_dict(unit, top=top)))
    else:
        typer.echo(summary_table(s, unit, top=top))


def _pairs(values: List[str], option: str, allowed: tuple[str, ...] | None = None) -> dict[str, str]:
    out = {}
    for item in values:
        name, sep, value = item.rpartition("=")
        if not sep or not name.strip() or not value.strip():
            fail(f"{option}: expected NAME=VALUE, got '{item}'")
        if allowed is not None and value.strip() not in allowed:
            fail(f"{option}: expected one of {', '.join(allowed)} after '=', got '{value.strip()}'")
        out[name.strip()] = value.strip()
    return out


@app.command()
def discover(
    path: Optional[str] = _LOG,
    out: Path = typer.Option(..., "--out", "-o", help="The journey file to write (.yaml)."),
    journey_id: Optional[str] = typer.Option(None, "--id", help="The journey's id (default: from the log's name)."),
    title: Optional[str] = typer.Option(None, "--title", help="The journey's title."),
    min_share: float = typer.Option(0.0, "--min-share",
                                    help="Leave out branches taken less than this share of the time from their step "
                                         "(e.g. 0.02); 0 keeps all, and the journey reproduces the log exactly."),
    outcome: List[str] = typer.Option([], "--outcome", help="ACTIVITY=OUTCOME: the outcome of cases that end after ACTIVITY: "
                                                            "success, success_*, or a failure such as rejected "
                                                            "(repeatable)."),
    lane: List[str] = typer.Option([], "--lane", help="RESOURCE=customer|frontstage|backstage|partner: the lane of "
                                                      "an actor (default backstage; repeatable)."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="The journey's time_unit (default: by the median case duration)."),
    arrivals: bool = typer.Option(True, "--arrivals/--no-arrivals", help="Write arrivals from the case start times."),
    history: str = typer.Option("none", "--history",
                                help="none (a step per activity), previous (a step per activity and the activity "
                                     "before it) or done (per activity and the set of activities done before): "
                                     "journeys that remember, with more steps (docs/calibration.md)."),
    classes: str = typer.Option("", "--classes",
                                help="outcome, pace or outcome,pace: classes of cases drawn at the start, each with "
                                     "its own copy of the steps (by the outcome, by whether the case is handled in "
                                     "one sitting); more steps, a more faithful simulation (docs/calibration.md)."),
    min_events: int = typer.Option(10, "--min-events",  # eventlog.history.MIN_EVENTS (not imported at start-up)
                                   help="With --history: a history with fewer events falls back to a shorter one "
                                        "(1 keeps every history)."),
    case_speed: bool = typer.Option(True, "--case-speed/--no-case-speed",
                                    help="Measure how the waits of a case go together (case_speed)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace --out if it exists."),
    case: Optional[str] = _CASE, activity: Optional[str] = _ACTIVITY, timestamp: Optional[str] = _TIMESTAMP,
    start_timestamp: Optional[str] = _START, resource: Optional[str] = _RESOURCE, lifecycle: str = _LIFECYCLE,
    timestamp_format: Optional[str] = _FORMAT,
    db: Optional[str] = _DB, query: Optional[str] = _QUERY, table: Optional[str] = _TABLE,
) -> None:
    """Discover a journey from an event log: a step per activity, measured branch probabilities and waits.

    Actors come from the resource column (--resource org:group to use another). Every number cites the log.

    Example: nssf-journey discover receipt.csv --out journeys/receipt.yaml --outcome "T10 Determine necessity to stop indication=success"
    """
    from ..eventlog.discovery import discover_journey, log_source
    from ..eventlog.case_classes import CLASSES
    from ..eventlog.history import HISTORIES
    from ..eventlog.writer import to_yaml
    from ..model import LANES
    from ..output.atomic import write_text_atomic

    check_unit(unit)
    if history not in HISTORIES:
        fail(f"--history: expected one of {', '.join(HISTORIES)}, got '{history}'")
    chosen_classes = tuple(dict.fromkeys(c.strip() for c in classes.split(",") if c.strip()))
    if any(c not in CLASSES for c in chosen_classes):
        fail(f"--classes: expected {', '.join(CLASSES)} or both, separated by a comma, got '{classes}'")
    bounds.whole("--min-events", min_events, 1, bounds.MAX_MIN_EVENTS)
    bounds.number("--min-share", min_share, 0, 1, below=True, what="a share")
    if out.suffix not in (".yaml", ".yml"):
        fail(f"--out: expected a .yaml file name, got '{out}'")
    if out.exists() and not overwrite:
        fail(f"--out: {out} exists; choose another name, or add --overwrite to replace it")
    check_output_file(out)
    outcomes = _pairs(outcome, "--outcome")
    lanes = _pairs(lane, "--lane", LANES)
    log = read(path, case=case, activity=activity, timestamp=timestamp, start_timestamp=start_timestamp,
               resource=resource, lifecycle=lifecycle, db=db, query=query, table=table,
               timestamp_format=timestamp_format)
    try:
        found = discover_journey(log, journey_id=journey_id, title=title, min_share=min_share, outcomes=outcomes,
                                 lanes=lanes, arrivals=arrivals, time_unit=unit, history=history,
                                 classes=chosen_classes, min_events=min_events, case_speed=case_speed)
    except ValueError as exc:
        fail(str(exc))
    if path is not None:
        import dataclasses

        from ..model import LogReference

        options = {"case": case, "activity": activity, "timestamp": timestamp, "start_timestamp": start_timestamp,
                   "timestamp_format": timestamp_format}
        rel = log_path_from(path, out)
        found = dataclasses.replace(found, journey=dataclasses.replace(
            found.journey, event_log=LogReference(rel, **{k: v for k, v in options.items() if v})))
    source = log_source(log)
    header = (f"Discovered by nssf-journey from {source.notes}.\n"
              "Every number is measured on the log; check the actors, lanes and outcomes, which a log cannot tell.")
    text = to_yaml(found.journey, header=header)
    try:
        write_text_atomic(out, text)
    except OSError as exc:
        fail(f"--out: cannot write {out}: {exc.strerror}")
    j = found.journey
    typer.echo(f"wrote {out}: {len(j.steps)} steps, {len(j.outcome_ids)} outcomes, from {found.cases:,} cases", err=True)
    for note in found.notes:
        typer.echo(f"note: {note}", err=True)
    if found.dropped_branches:
        steps = f" (and {found.dropped_activities:,} activities nothing led to any more)" if found.dropped_activities else ""
        typer.echo(f"--min-share {min_share:g}: left out {found.dropped_branches:,} rare branches{steps}, taken by "
                   f"{found.cases_left_out:,} of {found.cases:,} cases ({found.cases_left_out / found.cases:.1%})",
                   err=True)
