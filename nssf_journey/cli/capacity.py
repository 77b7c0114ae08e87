"""The capacity command: the staff each counter and back office needs when demand grows."""

from __future__ import annotations

from typing import Any, List, Optional

import typer

from ..loading.problems import JourneyError
from .app import EXIT_BAD_INPUT, app, check_unit, fail, load_as_is, load_data_folder, parse_pairs, print_problems, \
    to_json


@app.command()
def capacity(
    paths: List[str] = typer.Argument(None, help="Journey files or folders (default: journeys/)."),
    awareness: List[str] = typer.Option([], "--awareness", "-a",
                                        help="A campaign: benefit=share of workers aware (the funnel's what-if)."),
    demand: List[float] = typer.Option([], "--demand", "-d", help="A demand level: a factor on today's arrivals."),
    target: List[str] = typer.Option([], "--target", "-t",
                                     help='A target, e.g. "wait p90 <= 30 min", "give up <= 5 %", "utilization <= 85 %",'
                                          ' "decision p90 <= 10 d", optionally after "resource_id:".'),
    unit: Optional[str] = typer.Option(None, "--unit", help="Unit of times shown: minutes, hours or days."),
    cases: int = typer.Option(10_000, "--cases", help="Simulated arrivals per run."),
    seed: int = typer.Option(1, "--seed", help="Seed: the same seed gives the same answer."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder with funnel.yaml and staffing.yaml."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """The fewest servers each resource needs to meet its targets at each demand level, with the waits, give-ups
    and utilisation that result (simulated, 95 % intervals), what today's staffing would give, the staff cost
    against the citizens' time saved, a rota when arrivals vary, and the demand at which today's staffing breaks
    the target. Without --target each resource keeps today's 90th-percentile wait; without --demand or
    --awareness the levels are today, x1.5 and x2.

    Example: nssf-journey capacity --awareness sickness=0.6 --target "decision p90 <= 5 d"
    """
    from ..capacity import (CapacityError, DEFAULT_LEVELS, STAFFING_FILE, TODAY, TargetError, campaign_level,
                            load_staff_costs, parse_target, plain_level, plan_capacity)
    from ..loading.data import find_data_dir

    check_unit(unit)
    if cases < 1:
        fail(f"--cases: expected at least 1, got {cases}")
    targets = []
    for text in target:
        try:
            targets.append(parse_target(text))
        except TargetError as exc:
            fail(f"--target: {exc}")
    levels = [TODAY]
    for f in demand:
        if not f > 0:
            fail(f"--demand: expected a factor > 0 on today's arrivals, got {f:g}")
        levels.append(plain_level(f))
    journeys, _ = load_as_is(paths, "plan capacity for")
    dataset = None
    if awareness:
        dataset = load_data_folder(data)
        try:
            levels.append(campaign_level(journeys, dataset, parse_pairs(awareness, "--awareness")))
        except ValueError as exc:
            fail(f"--awareness: {exc}")
        except JourneyError as exc:
            print_problems(exc.problems)
            raise typer.Exit(EXIT_BAD_INPUT)
    if not demand and not awareness:
        levels = list(DEFAULT_LEVELS)
    folder = find_data_dir(data)
    costs = {}
    if (folder / STAFFING_FILE).exists():
        try:
            costs = load_staff_costs(folder / STAFFING_FILE)
        except JourneyError as exc:
            print_problems(exc.problems)
            raise typer.Exit(EXIT_BAD_INPUT)
    elif not as_json:
        typer.echo(f"nssf-journey: warning: {folder / STAFFING_FILE} does not exist: no staff costs", err=True)
    try:
        plan = plan_capacity(journeys, levels=levels, targets=targets, staff_costs=costs, cases=cases, seed=seed,
                             progress=None if as_json else lambda m: typer.echo(f"capacity: {m}", err=True))
    except CapacityError as exc:
        fail(str(exc))
    if not plan.plans:
        fail("no journey given has arrivals and a step that queues for a resource: nothing to plan")
    if as_json:
        typer.echo(to_json(plan.to_dict(unit or "minutes")))
        return
    typer.echo(capacity_text(plan, unit))


def capacity_text(plan: Any, unit: Optional[str]) -> str:
    """The plan as plain text: a table per resource."""
    from ..units import MINUTES_PER

    lines = []
    for p in plan.plans:
        r, j = p.resource, p.journey
        shown = unit or ("days" if r.kind == "back_office" else "minutes")

        def t(minutes: float, shown: str = shown) -> str:
            return f"{minutes / MINUTES_PER[shown]:.3g} {shown}"

        def ci(pair: Any, shown: str = shown) -> str:
            return "" if pair is None else f" ({pair[0] / MINUTES_PER[shown]:.3g}-{pair[1] / MINUTES_PER[shown]:.3g})"

        kind = "back office" if r.kind == "back_office" else "counter"
        lines += [f"{r.name or r.id}  [{p.key}, {kind}, journey {j.id}]",
                  f"today {r.capacity} server{'s' if r.capacity != 1 else ''} "
                  f"({r.source.evidence if r.source else 'assumed'}); offered load {p.load.offered_load:.2f} erlangs "
                  f"while open; {p.load.per_month:,.0f} services a month; targets: "
                  + "; ".join(x.describe(shown) for x in p.targets)]
        lines.append(f"{'demand':>7} {'servers':>8} {'theory':>6}  {'wait mean (95% CI)':<30}{'wait p90 (95% CI)':<30}"
                     f"{'give up':>8} {'util.':>6}  {'with today':<22}{'extra cost/month':>17} {'hours saved/month':>18}")
        for lv in p.levels:
            s = lv.figures
            p90, p90ci = s.quantiles[0.9]
            if lv.today_figures is None:
                today = "endless queue"
            else:
                today = f"p90 {t(lv.today_figures.wait_quantile(0.9))}, {100 * lv.today_figures.give_up:.0f} % give up"
            cost = "-" if lv.extra_cost_per_month is None else f"US$ {lv.extra_cost_per_month:,.0f}"
            saved = lv.hours_saved_per_month
            saved_text = "unbounded" if saved is None else f"{saved:,.0f}"
            lines.append(f"{'x' + format(lv.demand, '.3g'):>7} {lv.servers:>8} {lv.theory_servers or '-':>6}  "
                         f"{t(s.wait_mean) + ci(s.wait_mean_ci):<30}{t(p90) + ci(p90ci):<30}"
                         f"{100 * s.give_up:>7.1f}% {100 * s.utilization:>5.0f}%  {today:<22}{cost:>17} {saved_text:>18}")
            if lv.scenarios != ("today",):
                lines.append(f"{'':>7} ({'; '.join(lv.scenarios)})")
        if p.breaks_at is not None:
            lines.append(f"Today's {r.capacity} servers meet the targets up to about x{p.breaks_at:.2f} today's demand "
                         f"(theory: x{p.breaks_at_theory:.2f})." if p.breaks_at_theory else
                         f"Today's {r.capacity} servers meet the targets up to about x{p.breaks_at:.2f} today's demand.")
        for lv in p.levels:
            if lv.rota is not None:
                ro = lv.rota
                lines.append(f"Rota at x{lv.demand:.3g} (theory, per period): {ro.staff_hours:,.0f} staff-hours a month, "
                             f"peak {ro.peak} servers; theory's flat {ro.flat_servers} servers all month take "
                             f"{ro.flat_staff_hours:,.0f}; the simulated flat answer is {ro.simulated_servers}")
        lines += [f"note: {n}" for n in p.notes]
        lines.append("")
    lines.append(f"Simulation: {plan.cases:,} arrivals per run (twice that where the answer was in doubt), seed "
                 f"{plan.seed}; intervals are 95 % batch means.")
    return "\n".join(lines)
