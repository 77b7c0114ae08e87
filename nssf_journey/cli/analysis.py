"""Commands that analyse journeys exactly: analyze, junctures, funnel, sensitivity."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

import typer

from .app import (
    DEFAULT_JOURNEYS,
    EXIT_BAD_INPUT,
    app,
    check_unit,
    fail,
    load_all,
    load_data_folder,
    load_one,
    parse_pairs,
    print_problems,
    split_redesigns,
    to_json,
)


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
    from ..analysis.junctures import DEFAULT_WEIGHTS, check_weights, rank_junctures

    if top < 0:
        fail(f"--top: expected a number >= 0, got {top}")
    try:
        weights = check_weights(parse_pairs(weight, "--weight"))
    except ValueError as exc:
        fail(f"--weight: {exc}")
    dataset = load_data_folder(data)
    journeys, redesigns = split_redesigns(load_all(paths or [DEFAULT_JOURNEYS]))
    ranked = rank_junctures(journeys, dataset, weights=weights)
    shown = ranked[:top] if top else ranked
    if as_json:
        typer.echo(to_json({"weights": weights, "journeys": [j.id for j in journeys], "junctures": [j.to_dict() for j in shown]}))
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
    from ..analysis.funnel import awareness_funnel, funnel_table, load_funnel_inputs, what_if_gain

    what_if = parse_pairs(awareness, "--awareness")
    dataset = load_data_folder(data)
    try:
        inputs = load_funnel_inputs(dataset)
    except JourneyError as exc:
        print_problems(exc.problems)
        raise typer.Exit(EXIT_BAD_INPUT)
    journeys = load_all(paths or [DEFAULT_JOURNEYS])
    base = awareness_funnel(journeys, dataset, inputs=inputs)
    changed = None
    if what_if:
        try:
            changed = awareness_funnel(journeys, dataset, awareness=what_if, inputs=inputs)
        except ValueError as exc:
            fail(f"--awareness: {exc}")
    gains = what_if_gain(base, changed) if changed else {}
    if as_json:
        out: dict[str, Any] = {"funnels": [f.to_dict() for f in base],
                               "estimated_stages": ["aware", "claims_started", "paid"]}
        if changed:
            out["what_if"] = {"awareness": what_if, "funnels": [f.to_dict() for f in changed],
                              "gain": {b: g for b, g in gains.items() if b in what_if}}
        typer.echo(to_json(out))
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
    from ..analysis.sensitivity import RANGES
    from ..analysis.sensitivity import sensitivity as vary
    from ..analysis.tables import fmt_time
    from ..units import MINUTES_PER

    check_unit(unit)
    if top < 0:
        fail(f"--top: expected a number >= 0, got {top}")
    if chart is not None and chart.suffix.lower() not in (".svg", ".png"):
        fail(f"--chart: expected a file name ending in .svg or .png, got '{chart}'")
    if cases < 1:
        fail(f"--cases: expected at least 1, got {cases}")
    journey = load_one(path)
    result = vary(journey, only=["assumed"] if only_assumed else None)
    queues = None
    if journey.has_queues:
        from ..analysis.queue_sensitivity import queue_sensitivity

        queues = queue_sensitivity(journey, cases=cases, seed=seed, only=["assumed"] if only_assumed else None)
    shown = unit or journey.time_unit
    ranked = result.by_lead_time()
    if top:
        ranked = ranked[:top]
    if chart is not None:
        from ..output.atomic import write_bytes_atomic
        from ..render.compare_charts import tornado_figure
        from ..render.figures import figure_bytes

        try:
            write_bytes_atomic(chart, figure_bytes(tornado_figure(result, top=top or 12, title=journey.title),
                                                   chart.suffix.lower()[1:]))
        except OSError as exc:
            fail(f"{chart}: cannot write: {exc.strerror}")
        typer.echo(f"wrote {chart}", err=True)
    if as_json:
        typer.echo(to_json({
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
