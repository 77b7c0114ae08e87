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
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (numbers without a known source) as errors."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder whose sources.yaml lists the valid source ids (default: ./data when present)."),
) -> None:
    """Check journey files and report every problem, one line each.

    Source ids are checked against sources.yaml of the data folder when there is one.

    Example: nssf-journey validate journeys/ --strict
    """
    from .loader import check_files

    files = _discover(paths or [DEFAULT_JOURNEYS])
    results = check_files(files, strict=strict, known_sources=_known_sources(data))
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


def _split_redesigns(journeys: list[Any]) -> tuple[list[Any], list[Any]]:
    """(as-is journeys, redesigns): redesigns name the journey they redesign (``redesign_of``)."""
    return [j for j in journeys if j.redesign_of is None], [j for j in journeys if j.redesign_of is not None]


def _load_as_is(paths: Optional[list[str]], purpose: str) -> tuple[list[Any], list[Any]]:
    """(as-is journeys, redesigns) under ``paths``; a one-line error when there is no as-is journey."""
    journeys, redesigns = _split_redesigns(_load_all(paths or [DEFAULT_JOURNEYS]))
    if not journeys:
        _fail(f"no as-is journey to {purpose}: every journey given is a redesign (redesign_of)")
    return journeys, redesigns


def _known_sources(data: Optional[str]) -> Optional[set[str]]:
    """Source ids of the data folder's bibliography; ``None`` when there is no data folder to check against."""
    from .data import SOURCES_FILE, load_data

    folder = Path(data) if data else Path("data")
    if not (folder / SOURCES_FILE).exists():
        if data:
            _fail(f"--data: {data}/{SOURCES_FILE} does not exist")
        return None
    try:
        return set(load_data(folder).sources)
    except JourneyError as exc:
        _print_problems(exc.problems)
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


def _load_data(data: Optional[str]) -> Any:
    from .data import find_data_dir, load_data

    folder = find_data_dir(data)
    if not folder.is_dir():
        _fail(f"--data: {folder} is not a folder")
    try:
        return load_data(folder)
    except JourneyError as exc:
        _print_problems(exc.problems)
        raise typer.Exit(EXIT_BAD_INPUT)


def _parse_pairs(values: list[str], option: str) -> dict[str, float]:
    """``["lost=3", "waiting=1.5"]`` -> ``{"lost": 3.0, "waiting": 1.5}``; one-line errors otherwise."""
    out: dict[str, float] = {}
    for item in values:
        for part in item.split(","):
            name, sep, value = part.partition("=")
            try:
                if not sep:
                    raise ValueError
                out[name.strip()] = float(value)
            except ValueError:
                _fail(f"{option}: expected name=number, got '{part}'")
    return out


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
    from .junctures import DEFAULT_WEIGHTS, check_weights, rank_junctures

    if top < 0:
        _fail(f"--top: expected a number >= 0, got {top}")
    try:
        weights = check_weights(_parse_pairs(weight, "--weight"))
    except ValueError as exc:
        _fail(f"--weight: {exc}")
    dataset = _load_data(data)
    journeys, redesigns = _split_redesigns(_load_all(paths or [DEFAULT_JOURNEYS]))
    ranked = rank_junctures(journeys, dataset, weights=weights)
    shown = ranked[:top] if top else ranked
    if as_json:
        typer.echo(_json({"weights": weights, "journeys": [j.id for j in journeys], "junctures": [j.to_dict() for j in shown]}))
        return
    formula = " + ".join(f"{weights[k]:g} x {k}" for k in DEFAULT_WEIGHTS)
    lines = [
        f"Critical junctures for communication and service delivery: {len(journeys)} journeys, {len(ranked)} steps scored"
        + (f" ({len(redesigns)} redesigns left out: junctures are about today's service)" if redesigns else ""),
        f"score = {formula}",
        "(each factor is per journey started, from 0 to 1; assumed inputs are marked)",
    ]
    for rank, j in enumerate(shown, start=1):
        lines += ["", f"{rank:>2}. {j.journey} / {j.step}: {j.step_name}   score {j.score:.2f}",
                  f"    actor {j.actor} ({j.lane})" + (f"; persona {j.persona}" if j.persona else "")]
        for f in j.main_factors:
            mark = " (assumed)" if f.evidence == "assumed" and "assumed" not in f.detail else ""
            lines.append(f"    {f.name:<22} {f.contribution:5.2f} = {f.weight:g} x {f.value:.2f}  {f.detail}{mark}")
        for c in j.channels:
            lines.append(f"    reach via {c.channel}{' (persona uses it)' if c.persona_uses else ''}: {c.reason}")
    typer.echo("\n".join(lines))


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
    from .funnel import awareness_funnel, funnel_table, load_funnel_inputs, what_if_gain

    what_if = _parse_pairs(awareness, "--awareness")
    dataset = _load_data(data)
    try:
        inputs = load_funnel_inputs(dataset)
    except JourneyError as exc:
        _print_problems(exc.problems)
        raise typer.Exit(EXIT_BAD_INPUT)
    journeys = _load_all(paths or [DEFAULT_JOURNEYS])
    base = awareness_funnel(journeys, dataset, inputs=inputs)
    changed = None
    if what_if:
        try:
            changed = awareness_funnel(journeys, dataset, awareness=what_if, inputs=inputs)
        except ValueError as exc:
            _fail(f"--awareness: {exc}")
    gains = what_if_gain(base, changed) if changed else {}
    if as_json:
        out: dict[str, Any] = {"funnels": [f.to_dict() for f in base],
                               "estimated_stages": ["aware", "claims_started", "paid"]}
        if changed:
            out["what_if"] = {"awareness": what_if, "funnels": [f.to_dict() for f in changed],
                              "gain": {b: g for b, g in gains.items() if b in what_if}}
        typer.echo(_json(out))
        return
    text = funnel_table(base)
    if changed:
        text += "\n\nWhat if awareness changed (everything else as above):"
        for b, g in gains.items():
            if b in what_if:
                text += (f"\n  {b}: awareness {100 * g['awareness_before']:.0f} % -> {100 * g['awareness_after']:.0f} %:"
                         f" {g['extra_claims_started']:+,.0f} claims started and {g['extra_benefits_paid']:+,.0f}"
                         " benefits paid a year (estimated)")
    typer.echo(text)


#: Runs at least this large show a progress bar on a terminal's stderr.
PROGRESS_MIN_CASES = 200_000


def _progress_bar(enabled: bool) -> Any:
    if not enabled:
        return None

    def update(done: int, total: int) -> None:
        filled = 30 * done // total
        typer.echo(f"\rsimulating [{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,} cases", err=True,
                   nl=done >= total)

    return update


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
) -> None:
    """Simulate many cases of a journey: lead time, waits, queues, outcomes and deadline breaches.

    A journey with arrivals and resources is simulated as a queue (cases compete for capacity, opening hours
    and patience apply); any other as independent cases (Monte Carlo). --mode forces one.

    Example: nssf-journey simulate journeys/contribution_payment.yaml --cases 100000 --seed 1 --json
    """
    import os

    from .simulation import MODES, default_mode, overload_warnings
    from .simulation import simulate as run_simulation

    _check_unit(unit)
    if cases <= 0:
        _fail(f"--cases: expected a number > 0, got {cases}")
    if mode is not None and mode not in MODES:
        _fail(f"--mode: expected one of {', '.join(MODES)}, got '{mode}'")
    if seed is not None and seed < 0:
        _fail(f"--seed: expected a number >= 0, got {seed}")
    if events is not None:
        from .simulation.events import events_format, write_events

        try:
            events_format(events)
        except ValueError as exc:
            _fail(f"--events: {exc}")
        folder = os.path.dirname(os.path.abspath(events))
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            _fail(f"--events: cannot write {events}: folder {os.path.dirname(events) or '.'} is missing or read-only")
    if Path(path).is_dir():
        _fail(f"{path}: is a folder; simulate takes one journey file")
    journey = _load_all([path])[0]
    mode = mode or default_mode(journey)
    if mode == "queueing" and journey.arrivals is None:
        _fail(f"--mode queueing: journey '{journey.id}' has no 'arrivals'")
    if seed is None:
        import secrets

        seed = secrets.randbelow(2**32)
    if mode == "queueing":
        for warning in overload_warnings(journey):
            typer.echo(f"warning: {warning}", err=True)
    show = progress if progress is not None else (sys.stderr.isatty() and cases >= PROGRESS_MIN_CASES)
    result = run_simulation(journey, cases, seed=seed, mode=mode, events=events is not None,
                            progress=_progress_bar(show))
    if events is not None:
        try:
            rows = write_events(result, events)
        except OSError as exc:
            _fail(f"--events: cannot write {events}: {exc.strerror}")
        typer.echo(f"wrote {rows:,} events to {events}", err=True)
    if as_json:
        typer.echo(_json(result.summary(unit)))
        return
    from .simulation.text import simulation_table

    typer.echo(simulation_table(result, unit))


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
    from .atomic import write_bytes_atomic

    journeys = _load_all([path])
    if len(journeys) != 1:
        _fail(f"render takes one journey file, got {len(journeys)} journeys in {path}")
    journey = journeys[0]
    target = out or Path(f"{journey.id}.svg")
    suffix = target.suffix.lower()
    allowed = (".svg", ".png") if journey_map else RENDER_SUFFIXES
    if suffix not in allowed:
        _fail(f"--out: expected a file name ending in {', '.join(allowed[:-1])} or {allowed[-1]}, got '{target}'")
    if journey_map:
        from .metrics import analyze as analyze_journey
        from .render.figures import figure_bytes
        from .render.journey_map import journey_map_figure

        data = figure_bytes(journey_map_figure(journey, analyze_journey(journey)), suffix[1:])
    else:
        from .render.diagram import GraphvizMissing, journey_dot, render_dot

        dot = journey_dot(journey)
        if suffix == ".dot":
            data = dot.encode("utf-8")
        else:
            try:
                data = render_dot(dot, suffix[1:])
            except GraphvizMissing as exc:
                _fail(str(exc))
            except RuntimeError as exc:
                _fail(str(exc))
    try:
        write_bytes_atomic(target, data)
    except OSError as exc:
        _fail(f"{target}: cannot write: {exc.strerror}")
    typer.echo(f"wrote {target}", err=True)


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

    from .report import ReportConflict, build_report, report_files, write_report_files
    from .report.output import check_out_dir
    from .report.inputs import default_data_dir, simulate_lead_times, sources_and_personas

    began = time.perf_counter()

    def progress(message: str) -> None:
        typer.echo(f"report: {message} ({time.perf_counter() - began:.1f} s)", err=True)

    if cases < 1:
        _fail(f"--cases: expected at least 1, got {cases}")
    journeys, redesigns = _load_as_is(paths, "report on")
    try:
        check_out_dir(out)  # fail before the slow part
    except ReportConflict as exc:
        _fail(str(exc))
    data_dir = data or default_data_dir(j.file for j in journeys)
    simulations, note = {}, None
    if simulate:
        simulations, warnings = simulate_lead_times(journeys, cases=cases, seed=seed, progress=progress)
        for w in warnings:
            typer.echo(f"nssf-journey: warning: {w}", err=True)
    else:
        note = "Simulation was switched off for this report (--no-simulate): no lead-time distribution is shown."
    from .render.diagram import DOT_INSTALL_HINT, dot_available

    if not dot_available():
        typer.echo(f"nssf-journey: warning: {DOT_INSTALL_HINT}; the report has no process diagrams", err=True)
    from .data import load_data
    from .report.sections import junctures_section

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
        from .report.sections import queues_section
        from .simulation.queueing import queueing

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
        from .compare import compare_journeys
        from .report.sections import comparisons_section

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
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror or exc}")
    typer.echo(f"wrote {out / 'index.html'} and {len(written) - 1} other files in "
               f"{time.perf_counter() - began:.1f} s", err=True)


@app.command()
def infopack(
    paths: List[str] = typer.Argument(None, help="Journey files or folders (default: journeys/)."),
    audience: List[str] = typer.Option([], "--audience", "-a", help="worker, employer or staff (repeatable; default: all three)."),
    lang: List[str] = typer.Option([], "--lang", "-l", help="en or km (repeatable; default: both)."),
    out: Path = typer.Option(Path("reports/infopack"), "--out", "-o", help="The folder to write into (default: reports/infopack/)."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder with benefits.yaml and sources.yaml (default: ./data)."),
    seed: int = typer.Option(1, "--seed", help="Seed of the time percentiles: the same seed gives the same pack."),
    check_translations: bool = typer.Option(False, "--check-translations", help="List the texts that have no Khmer translation instead of writing the pack."),
) -> None:
    """Write the Digital Info Pack: plain-language, phone-first guides per journey, in Khmer and English.

    A small offline site (HTML and CSS, no JavaScript) with an index per language and audience, one page per
    journey and its exact numbers as JSON beside it. It writes only files it owns (listed in
    .nssf-journey-infopack.json in the folder); it never overwrites or deletes any other file.

    Example: nssf-journey infopack journeys/ --audience worker --lang km --out reports/infopack
    """
    from .infopack import AUDIENCES, PAGE_LANGUAGES, PackConflict, build_pack, load_benefits, pack_files
    from .infopack import check_out_dir, oversized, translation_report, write_pack_files
    from .infopack.benefits import benefits_file
    from .loader import discover

    for a in audience:
        if a not in AUDIENCES:
            _fail(f"--audience: expected one of {', '.join(AUDIENCES)}, got '{a}'")
    for x in lang:
        if x not in PAGE_LANGUAGES:
            _fail(f"--lang: expected one of {', '.join(PAGE_LANGUAGES)}, got '{x}'")
    if seed < 0:
        _fail(f"--seed: expected a number >= 0, got {seed}")
    if check_translations:
        files = [str(f) for f in _discover(paths or [DEFAULT_JOURNEYS])]
        bfile = benefits_file(data)
        if bfile.exists():
            files.append(str(bfile))
        missing, status = translation_report(files, "km")
        for m in missing:
            typer.echo(str(m))
        drafts = sorted(Path(f).stem for f, s in status.items() if s == "draft")
        undeclared = sorted(Path(f).stem for f, s in status.items() if s == "none")
        per_file = {f: sum(m.file == f for m in missing) for f in status}
        typer.echo(f"{len(missing)} text{'s' if len(missing) != 1 else ''} without Khmer in "
                   f"{sum(1 for n in per_file.values() if n)} of {len(status)} files (shown in English on Khmer pages)")
        if drafts:
            typer.echo("Khmer drafts, not yet reviewed by a native speaker: " + ", ".join(drafts))
        if undeclared:
            typer.echo("No translation status declared: " + ", ".join(undeclared))
        return
    journeys, redesigns = _load_as_is(paths, "write guides for")
    try:
        check_out_dir(out)  # fail before the slow part
    except PackConflict as exc:
        _fail(str(exc))
    dataset = _load_data(data)
    try:
        benefits = load_benefits(dataset.folder)
    except JourneyError as exc:
        _print_problems(exc.problems)
        raise typer.Exit(EXIT_BAD_INPUT)
    titles = {k: s.title for k, s in dataset.sources.items()}
    pack = build_pack(journeys, benefits, audiences=tuple(dict.fromkeys(audience)) or AUDIENCES,
                      languages=tuple(dict.fromkeys(lang)) or PAGE_LANGUAGES, seed=seed, source_titles=titles)
    files = pack_files(pack)
    for name in oversized(files):
        typer.echo(f"nssf-journey: warning: {out / name}: {len(files[name]):,} bytes, over the 100 KB a page "
                   "should stay under", err=True)
    try:
        written = write_pack_files(files, out)
    except PackConflict as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror or exc}")
    if redesigns:
        typer.echo(f"infopack: left out {len(redesigns)} redesign{'s' if len(redesigns) != 1 else ''} (the pack "
                   "describes today's service)", err=True)
    pages = sum(1 for p in written if p.suffix == ".html")
    typer.echo(f"wrote {out / 'index.html'}: {pages} pages for {len(pack.pages) and len(set(p.journey for p in pack.pages))} "
               f"journeys, {len(written)} files", err=True)


def _load_one(path: str) -> Any:
    journeys = _load_all([path])
    if len(journeys) != 1:
        _fail(f"expected one journey file, got {len(journeys)} journeys in {path}")
    return journeys[0]


@app.command()
def compare(
    base: str = typer.Argument(..., metavar="BASE", help="Today's journey file."),
    redesign: str = typer.Argument(..., metavar="REDESIGN", help="The redesigned journey (an overlay or a full file)."),
    cases: int = typer.Option(20_000, "--cases", help="Paired simulated cases (0: exact figures only)."),
    seed: int = typer.Option(1, "--seed", help="Seed of the paired simulation."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="minutes, hours or days (default: the journey's)."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder with scale.yaml (default: ./data)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Also write a comparison report into this folder."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Compare a redesign with today's journey: structure, exact and simulated differences, national savings.

    Example: nssf-journey compare journeys/contribution_payment.yaml journeys/redesign/contribution_payment_online.yaml --out reports/compare
    """
    from .compare import compare_journeys
    from .compare.text import comparison_table

    _check_unit(unit)
    if cases < 0:
        _fail(f"--cases: expected a number >= 0, got {cases}")
    before, after = _load_one(base), _load_one(redesign)
    dataset = _load_data(data) if (data or Path("data").is_dir()) else None
    if out is not None:
        from .report import ReportConflict
        from .report.output import check_out_dir

        try:
            check_out_dir(out)
        except ReportConflict as exc:
            _fail(str(exc))
    c = compare_journeys(before, after, cases=cases, seed=seed, data=dataset)
    shown = unit or before.time_unit
    if out is not None:
        _write_comparison(c, out, shown)
    if as_json:
        typer.echo(_json(c.to_dict(shown)))
    else:
        typer.echo(comparison_table(c, shown))


def _write_comparison(c: Any, out: Path, unit: str) -> None:
    from .report import ReportConflict, build_report, report_files, write_report_files
    from .report.model import Simulation
    from .report.sections import comparisons_section

    sims = {}
    if c.records is not None:
        method = f"paired Monte Carlo simulation of {c.cases:,} cases (seed {c.seed}); no queues"
        sims = {c.base.id: Simulation(c.records[0].lead_time, method), c.redesign.id: Simulation(c.records[1].lead_time, method)}
    rep = build_report([c.base, c.redesign], simulations=sims, extra_sections=[comparisons_section([c])],
                       title=f"{c.redesign.title} compared with today")
    files = report_files(rep)
    files["comparison.json"] = (_json(c.to_dict(unit)) + "\n").encode("utf-8")
    try:
        written = write_report_files(files, out)
    except ReportConflict as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror or exc}")
    typer.echo(f"wrote {out / 'index.html'} and {len(written) - 1} other files", err=True)


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
    from .sensitivity import RANGES
    from .sensitivity import sensitivity as vary
    from .text import fmt_time
    from .units import MINUTES_PER

    _check_unit(unit)
    if top < 0:
        _fail(f"--top: expected a number >= 0, got {top}")
    if chart is not None and chart.suffix.lower() not in (".svg", ".png"):
        _fail(f"--chart: expected a file name ending in .svg or .png, got '{chart}'")
    if cases < 1:
        _fail(f"--cases: expected at least 1, got {cases}")
    journey = _load_one(path)
    result = vary(journey, only=["assumed"] if only_assumed else None)
    queues = None
    if journey.has_queues:
        from .queue_sensitivity import queue_sensitivity

        queues = queue_sensitivity(journey, cases=cases, seed=seed, only=["assumed"] if only_assumed else None)
    shown = unit or journey.time_unit
    ranked = result.by_lead_time()
    if top:
        ranked = ranked[:top]
    if chart is not None:
        from .atomic import write_bytes_atomic
        from .render.compare_charts import tornado_figure
        from .render.figures import figure_bytes

        try:
            write_bytes_atomic(chart, figure_bytes(tornado_figure(result, top=top or 12, title=journey.title),
                                                   chart.suffix.lower()[1:]))
        except OSError as exc:
            _fail(f"{chart}: cannot write: {exc.strerror}")
        typer.echo(f"wrote {chart}", err=True)
    if as_json:
        typer.echo(_json({
            "journey": journey.id, "unit": shown, "ranges": RANGES,
            "lead_time": result.lead_time / MINUTES_PER[shown], "success_probability": result.success_probability,
            "by_lead_time": [e.to_dict(MINUTES_PER[shown]) for e in ranked],
            "by_success": [e.to_dict(MINUTES_PER[shown]) for e in result.by_success()[: top or None]],
            "measure_first": [e.parameter.label for e in result.measure_first()],
            "queues": None if queues is None else {
                "cases": queues.cases, "seed": queues.seed,
                "base": {"gave_up": queues.base.gave_up, "queue_wait": queues.base.queue_wait / MINUTES_PER[shown],
                         "success_probability": queues.base.success},
                "by_gave_up": [e.to_dict(MINUTES_PER[shown]) for e in queues.ranked()],
            },
        }))
        return
    lines = [f"{journey.title}  [{journey.id}]",
             f"Mean lead time today {fmt_time(result.lead_time, shown)}; chance of success {100 * result.success_probability:.1f} %",
             "Ranges: " + ", ".join(f"{k} x{lo:g}-{hi:g}" for k, (lo, hi) in RANGES.items()), "",
             f"{'parameter':<44}{'evidence':<10}{'lead time low-high':>26}{'success low-high':>20}"]
    for e in ranked:
        lead = f"{fmt_time(e.lead_time_low, shown)} - {fmt_time(e.lead_time_high, shown)}"
        succ = f"{100 * e.success_low:.1f}-{100 * e.success_high:.1f} %"
        lines.append(f"{e.parameter.label[:43]:<44}{e.parameter.evidence:<10}{lead:>26}{succ:>20}")
    first = result.measure_first()
    if first:
        lines += ["", "Measure first (assumed numbers with the largest effect): " + "; ".join(e.parameter.label for e in first)]
    if queues is not None:
        b = queues.base
        lines += ["", f"With queues (queueing simulation of {queues.cases:,} arrivals, seed {queues.seed}): today "
                  f"{100 * b.gave_up:.1f} % give up in a queue; mean queue wait {fmt_time(b.queue_wait, shown)}",
                  f"{'parameter':<44}{'evidence':<10}{'range':>20}{'gave up low-high':>20}{'queue wait low-high':>26}"]
        for e in queues.ranked():
            p = e.parameter
            rng = (f"{e.low:g}-{e.high:g}" if p.kind == "servers"
                   else f"{fmt_time(e.low, shown)} - {fmt_time(e.high, shown)}")
            gave = f"{100 * e.at_low.gave_up:.1f}-{100 * e.at_high.gave_up:.1f} %"
            wait = f"{fmt_time(e.at_low.queue_wait, shown)} - {fmt_time(e.at_high.queue_wait, shown)}"
            lines.append(f"{p.label[:43]:<44}{p.evidence:<10}{rng:>20}{gave:>20}{wait:>26}")
    typer.echo("\n".join(lines))


def main() -> None:
    """Entry point of the ``nssf-journey`` console script."""
    from .process import configure

    configure()  # before NumPy loads: this process is the command's own
    try:
        app()
    except JourneyError as exc:  # a library error that escaped a command: still one line each, exit 2
        _print_problems(exc.problems)
        sys.exit(EXIT_BAD_INPUT)
    except BrokenPipeError:  # output piped into `head`
        sys.exit(0)
