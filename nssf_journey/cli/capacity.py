"""The capacity command: the staff each counter and back office needs when demand grows."""

from __future__ import annotations

from typing import List, Optional

import typer

from ..loading.problems import JourneyError
from .app import EXIT_BAD_INPUT, app, check_unit, fail, load_as_is, load_data_folder, parse_pairs, print_problems, \
    to_json
from . import bounds


@app.command()
def capacity(
    paths: List[str] = typer.Argument(None, help="Journey files or folders (default: journeys/)."),
    awareness: List[str] = typer.Option([], "--awareness", "-a",
                                        help="A campaign: benefit=share of workers aware (the funnel's what-if)."),
    demand: List[float] = typer.Option([], "--demand", "-d", help="A demand level: a factor on today's arrivals."),
    target: List[str] = typer.Option([], "--target", "-t",
                                     help='A target, e.g. "wait p90 <= 30 min", "give up <= 5 %", '
                                          '"utilization <= 85 %", "decision p90 <= 2 working days", optionally after '
                                          '"resource_id:". Waits are working time (while open); "elapsed wait ..." '
                                          'counts closed hours too.'),
    unit: Optional[str] = typer.Option(None, "--unit", help="Unit of times shown: minutes, hours or days."),
    cases: int = typer.Option(10_000, "--cases", help="Simulated arrivals per run."),
    seed: int = typer.Option(1, "--seed", help="Seed: the same seed gives the same answer."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder with funnel.yaml and staffing.yaml (staff "
                                                             "costs and service standards)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """The fewest servers each resource needs to meet its targets at each demand level, with the waits, give-ups
    and utilisation that result (simulated, 95 % intervals), what today's staffing would give, the staff cost
    against the citizens' time saved, a rota when arrivals vary, and the demand at which today's staffing breaks
    the target. Waits are counted in working time (the minutes the counter or office is open), what staff can
    shorten; elapsed waits are shown beside them. Without --target each resource keeps its service standard
    (staffing.yaml of the data folder), or else today's 90th-percentile wait; without --demand or --awareness
    the levels are today, x1.5 and x2.

    Example: nssf-journey capacity --awareness sickness=0.6 --target "decision p90 <= 2 working days"
    """
    from ..capacity import (CapacityError, DEFAULT_LEVELS, STAFFING_FILE, TODAY, TargetError, campaign_level,
                            load_staff_costs, parse_target, plain_level, plan_capacity)
    from ..capacity.tables import capacity_table
    from ..loading.data import find_data_dir

    check_unit(unit)
    bounds.cases(cases)
    bounds.seed(seed)
    targets = []
    for text in target:
        try:
            targets.append(parse_target(text))
        except TargetError as exc:
            fail(f"--target: {exc}")
    levels = [TODAY]
    for f in demand:
        bounds.number("--demand", f, 0, bounds.MAX_DEMAND, above=True, what="a factor on today's arrivals")
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
        typer.echo(f"nssf-journey: warning: {folder / STAFFING_FILE} does not exist: no staff costs and no service "
                   "standards (today's level is kept)", err=True)
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
    typer.echo(capacity_table(plan, unit))
