"""Capacity planning: the staff each resource needs, at each demand level, to meet its targets.

For every resource that a step of a journey with arrivals queues for:

1. the work that reaches it and when (:func:`~.workload.resource_load`);
2. its targets: those given that apply to it, else its service standards (``data/staffing.yaml``, each with its
   source), else today's level (the 90th percentile of its wait in working time today, simulated). Waits are
   in working time of the resource's calendar (:mod:`.working_time`), what staff can shorten. A target that no
   staffing can meet (one that opening hours set a floor under) is refused before any search, from a run with
   more servers than the resource could use;
3. per demand level, from the lowest: theory's fewest servers (:mod:`.theory`, searched over integers), then
   the simulated answer (:mod:`.confirm`), searched from theory's answer (:func:`~.search.fewest`) corrected by
   the ratio of simulated to theory's servers at the level below, and never below the answer of a lower demand
   level (more demand never needs fewer staff). A candidate whose simulated
   figure has the target inside its 95 % interval is simulated again with twice the cases: simulation effort goes
   where the answer is in doubt. A candidate with no steady state (no give-ups and an offered load at or above its
   servers; at a back office, more files a week than its officers can start under the calendar's rule) fails
   without being simulated, so an overloaded resource is answered as quickly as any other;
4. what today's servers would give at that demand, the staff cost against the citizens' queueing time saved,
   and a rota when arrivals vary over the month (:mod:`.rota`);
5. the demand at which today's servers stop meeting the targets, by theory and by simulation
   (:func:`~.search.first_failing_factor`); not searched when the target is today's level, which today's staff
   meet at today's demand and no more, by definition.

Raises :class:`CapacityError` (a ``ValueError``) with a one-line message for a target naming an unknown
resource, a target no staffing can meet, and a resource overloaded today with no target given.
"""

from __future__ import annotations

import math
import os
from typing import Callable, Mapping, Sequence

from ..model import Journey
from .confirm import Simulated, quantiles_for, simulate_resource
from .demand import TODAY, DemandLevel, plain_level
from .results import CapacityPlan, LevelAnswer, ResourcePlan
from .rota import rota
from .search import fewest, first_failing_factor
from .staff_costs import StaffCost
from ..targets import Target, todays_level
from .theory import measure, meets, theory
from .workload import ResourceLoad, backlog_journey, resource_load

#: Demand levels when none are given: today, half as many again, twice as many.
DEFAULT_LEVELS: tuple[DemandLevel, ...] = (TODAY, plain_level(1.5), plain_level(2.0))


class CapacityError(ValueError):
    """Capacity planning cannot answer; the message says why, in one line."""


def planned_resources(journeys: Sequence[Journey]) -> list[tuple[Journey, str]]:
    """(journey, resource id) for every resource a step queues for, in as-is journeys with arrivals."""
    out = []
    for j in journeys:
        if j.redesign_of is not None or not j.has_queues:
            continue
        for r in j.resources:
            if any(s.resource == r.id for s in j.steps):
                out.append((j, r.id))
    return out


def plan_capacity(journeys: Sequence[Journey], *, levels: Sequence[DemandLevel] = DEFAULT_LEVELS,
                  targets: Sequence[Target] = (), staff_costs: Mapping[str, StaffCost] | None = None,
                  cases: int = 10_000, seed: int = 1, rotas: bool = True, workers: int | None = None,
                  progress: Callable[[str], None] | None = None) -> CapacityPlan:
    """Plan the servers of every resource of ``journeys`` (see the module docstring).

    Resources are planned independently, in ``workers`` processes (default: one per CPU); the answer does not
    depend on how many.

    Examples
    --------
    >>> from nssf_journey import load_journey
    >>> from nssf_journey.targets import parse_target
    >>> j = load_journey("journeys/contribution_payment.yaml")
    >>> plan = plan_capacity([j], levels=[TODAY, plain_level(1.5)],  # doctest: +SKIP
    ...                      targets=[parse_target("wait p90 <= 2 h")])
    >>> [(lv.demand, lv.servers) for lv in plan.plans[0].levels]  # doctest: +SKIP
    [(1.0, 4), (1.5, 6)]
    """
    if cases < 1:
        raise CapacityError(f"cases must be at least 1, got {cases}")
    pairs = planned_resources(journeys)
    known = {rid for _, rid in pairs}
    for t in targets:
        if t.resource is not None and t.resource not in known:
            from ..loading.fields import did_you_mean

            raise CapacityError(f"target '{t.text or t.describe()}': no resource '{t.resource}' that a journey queues "
                                f"for{did_you_mean(t.resource, sorted(known))} (resources: "
                                f"{', '.join(sorted(known)) or 'none'})")
    ids = [rid for _, rid in pairs]
    jobs = [(journey, rid, rid if ids.count(rid) == 1 else f"{journey.id}.{rid}", tuple(levels), list(targets),
             (staff_costs or {}).get(rid), cases, seed, rotas) for journey, rid in pairs]
    workers = min(len(jobs), workers if workers is not None else (os.cpu_count() or 1))
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:  # resources are independent; each run has its own seed
            futures = [pool.submit(_plan_job, job) for job in jobs]
            plans = []
            for job, future in zip(jobs, futures):
                plans.append(future.result())
                if progress is not None:
                    progress(f"planned {job[2]} ({job[0].id})")
    else:
        plans = []
        for job in jobs:
            if progress is not None:
                progress(f"planning {job[2]} ({job[0].id})")
            plans.append(_plan_job(job))
    return CapacityPlan(tuple(plans), tuple(targets), cases, seed)


def _plan_job(job: tuple) -> ResourcePlan:
    journey, rid, key, levels, targets, cost, cases, seed, rotas = job
    return _plan_resource(journey, rid, key, levels, targets, cost, cases=cases, seed=seed, rotas=rotas)


class _Planner:
    """The searches for one resource, with a cache of simulated runs (common random numbers: one seed).

    All candidates of one demand level are simulated with the same number of cases, so that they are compared
    like with like; a verdict in doubt doubles it for the whole level, once. A back office is simulated from
    where files reach it (:func:`~.workload.backlog_journey`), with twice the cases: files are cheap to
    simulate and a backlog takes long to settle.
    """

    def __init__(self, journey: Journey, load: ResourceLoad, targets: list[Target], cases: int, seed: int):
        self.load, self.targets = load, targets
        self.back_office = load.kind == "back_office"
        self.journey = backlog_journey(load) if self.back_office else journey
        self.cases = 2 * cases if self.back_office else cases
        self.seed = seed
        self.quantiles = quantiles_for(targets)
        self.runs: dict[tuple[int, float], Simulated] = {}
        self.level_cases: dict[float, int] = {}
        from ..simulation.load import offered_loads

        #: Other resources of the journey and their offered loads: while this one is searched they get servers to
        #: spare, so that they neither hold back nor bunch the work that reaches it.
        self.other_loads = {} if self.back_office else {
            rid: x for rid, x in offered_loads(journey).items() if rid != load.resource.id}
        #: (servers, demand) that meets the targets by definition: today's level at today's servers and demand.
        self.reference: tuple[int, float] | None = None
        #: Whether theory models any of the targets (it has no elapsed wait at a counter).
        self.theory_applies = any(measure(theory(load, max(1, load.resource.capacity)), t) is not None
                                  for t in targets)

    def stable(self, n: int, demand: float) -> bool:
        """Whether ``n`` servers have a steady state at ``demand``: customers give up, or the offered load is below
        ``n``; for a back office, also its week's files below what its officers can start in a week under the
        calendar's rule (:func:`~.backlog.session_throughput`), which a run of a few weeks may not show."""
        if self.load.patience_mean is None and self.load.offered_load * demand >= n:
            return False
        return not self.back_office or theory(self.load, n, demand).stable

    def simulated(self, n: int, demand: float) -> Simulated:
        cases = self.level_cases.get(demand, self.cases)
        got = self.runs.get((n, demand))
        if got is None or (got.cases != cases and (n, demand) != self.reference):
            others = {rid: max(self.journey.resource_by_id[rid].capacity, math.ceil(1.5 * x * demand) + 1)
                      for rid, x in self.other_loads.items()}
            got = simulate_resource(self.journey, self.load.resource.id, n, demand, cases=cases, seed=self.seed,
                                    quantiles=self.quantiles, others=others)
            self.runs[(n, demand)] = got
        return got

    def meets_theory(self, n: int, demand: float) -> bool:
        return meets(theory(self.load, n, demand), self.targets)

    def theory_servers(self, demand: float, cap: int) -> int | None:
        if not self.theory_applies:
            return None
        return fewest(lambda n: self.meets_theory(n, demand), max(1, math.ceil(self.load.offered_load * demand)),
                      low=1, cap=cap)

    def meets(self, n: int, demand: float, doubt: bool = True) -> bool:
        """Simulated verdict; with ``doubt``, a verdict in doubt (target inside the interval) is simulated again,
        longer."""
        if not self.stable(n, demand):
            return False
        s = self.simulated(n, demand)
        if doubt and (n, demand) != self.reference and demand not in self.level_cases:
            for t in self.targets:
                ci = s.interval(t)
                if ci is not None and ci[0] < t.limit < ci[1]:
                    self.level_cases[demand] = 2 * self.cases
                    s = self.simulated(n, demand)
                    break
        return not s.drifting and all(t.met_by(measure(s, t)) for t in self.targets)


def resource_targets(rid: str, kind: str, given: Sequence[Target], staff_cost: StaffCost | None) -> list[Target]:
    """The targets of one resource: those given that apply to it, else its service standards (an empty list when
    neither: today's level is then measured)."""
    targets = [t for t in given if t.applies_to(rid, kind)]
    if not targets and staff_cost is not None:
        targets = list(staff_cost.standards)
    return targets


def _plan_resource(journey: Journey, rid: str, key: str, levels: Sequence[DemandLevel], given: list[Target],
                   staff_cost: StaffCost | None, *, cases: int, seed: int, rotas: bool) -> ResourcePlan:
    load = resource_load(journey, rid, cases=cases, seed=seed)
    today = load.resource.capacity
    kind = load.kind
    notes = []
    targets = [t.bound(load.working_day) for t in resource_targets(rid, kind, given, staff_cost)]
    by_factor: dict[float, list[str]] = {}
    for lv in levels:
        by_factor.setdefault(round(lv.factor(journey.id), 9), []).append(lv.label)
    if not targets:
        if load.patience_mean is None and load.offered_load >= today:
            raise CapacityError(
                f"resource '{key}' of journey '{journey.id}' is overloaded today: offered load {load.offered_load:.2f} "
                f">= {today} servers, so its queue grows without end and there is no today's level to keep; give a "
                f"target, e.g. --target \"{rid}: {_example(kind)}\"")
        measure_name = "decision" if kind == "back_office" else "wait"
        probe = _Planner(journey, load, [], cases, seed)
        now = probe.simulated(today, 1.0)
        if now.drifting:
            raise CapacityError(
                f"resource '{key}' of journey '{journey.id}' cannot keep up today: in simulation its queue grows "
                f"without end with {today} servers (theory's offered load {load.offered_load:.2f}), so there is no "
                f"today's level to keep; give a target, e.g. --target \"{rid}: {_example(kind)}\"")
        targets = [todays_level(measure_name, "p90", now.working.quantile(0.9), rid)]
        notes.append("no target was given and data/staffing.yaml has no service standard for this resource: its "
                     "90th-percentile wait today (in working time) is kept, so today's staff meet it at today's "
                     "demand by definition and any more demand needs more staff")
    planner = _Planner(journey, load, targets, cases, seed)
    if targets[0].source == "today":
        planner.runs[(today, 1.0)] = now
        planner.reference = (today, 1.0)
    else:
        _check_floor(planner, key, max(by_factor))
    if not planner.theory_applies:
        notes.append("theory does not model waiting through a closure: the search starts from the offered load and "
                     "simulation alone decides")
    answers = []
    previous = 1
    correction = 1.0  # simulated over theory's servers at the last level solved: theory, corrected
    for demand in sorted(by_factor):
        offered = load.offered_load * demand
        cap = max(2 * today, math.ceil(offered * 4) + 20)
        th_n = planner.theory_servers(demand, cap)
        guess = math.ceil(th_n * correction) if th_n is not None else math.ceil(offered) + 1
        if planner.reference == (today, demand):
            guess = today  # today's servers meet today's level by definition
        guess = max(guess, previous)
        cases_before = planner.level_cases.get(demand)
        n = fewest(lambda n: planner.meets(n, demand), guess, low=previous, cap=max(cap, 2 * guess))
        if n is not None and planner.level_cases.get(demand) != cases_before:
            # a verdict in doubt doubled the cases of this level during the search: verdicts given before then were
            # shorter runs, so search again from the answer with every candidate at the longer runs
            n = fewest(lambda n: planner.meets(n, demand), n, low=previous, cap=max(cap, 2 * guess))
        if n is None:
            top = max(cap, 2 * guess)
            s = planner.simulated(top, demand)
            raise CapacityError(f"no staffing of '{key}' meets the targets at demand x{demand:g}: even with {top} "
                                f"servers {_failing(s, targets)}")
        previous = n
        if th_n:
            correction = n / th_n
        today_figures = planner.simulated(today, demand) if planner.stable(today, demand) else None
        today_meets = planner.meets(today, demand)
        level_rota = None
        if rotas and kind == "counter" and load.varies and planner.theory_applies:
            level_rota = rota(load, targets, demand, th_n if th_n is not None else n, simulated_servers=n)
        answers.append(LevelAnswer(demand, tuple(by_factor[demand]), n, today, th_n, offered,
                                   planner.simulated(n, demand), today_figures, today_meets,
                                   load.per_month * demand, staff_cost, level_rota))
    breaks = breaks_theory = None
    if planner.reference is None:  # with today's level as the target, today's staff break it at today's demand
        if planner.theory_applies:
            breaks_theory = first_failing_factor(lambda d: planner.meets_theory(today, d), 1.0)
        first = answers[0] if answers else None
        guess = (breaks_theory or 1.0) * (first.theory_servers / first.servers if first and first.theory_servers
                                          else 1.0)
        breaks = first_failing_factor(lambda d: planner.meets(today, d, doubt=False), guess, tolerance=0.05, tests=6)
    if load.patience_mean is None and load.offered_load >= today:
        notes.append(f"overloaded today: offered load {load.offered_load:.2f} erlangs >= {today} servers; the queue "
                     "grows without end")
    return ResourcePlan(key, load, tuple(targets), tuple(answers), breaks, breaks_theory, staff_cost, tuple(notes))


def _check_floor(planner: _Planner, key: str, demand: float) -> None:
    """Refuse targets that no staffing can meet: simulate with more servers than the resource could use and see
    whether the targets hold; what is left with them is set by the calendar and the customers' patience."""
    load = planner.load
    unlimited = max(2 * load.resource.capacity, math.ceil(4 * load.offered_load * demand) + 10)
    s = planner.simulated(unlimited, 1.0)
    failing = [t for t in planner.targets if not t.met_by(measure(s, t))]
    if not failing:
        return
    back = load.kind == "back_office"
    if load.resource.calendar is None:
        why = ("the service itself and the customers' patience set this floor"
               if not back else "the service itself sets this floor")
    elif back:
        why = ("files that reach the office while it is closed wait for it to open, whatever the staff: opening "
               "hours set this floor; a target in working time ('decision p90 <= 2 working days') counts only the "
               "hours the office works")
    else:
        why = ("customers who reach it while it is closed, or too near closing, wait for it to open or leave, "
               "whatever the staff: opening hours set this floor; a target on the wait while it is open "
               "('wait p90 <= 30 min') is one that staff can meet")
    raise CapacityError(f"no staffing of '{key}' meets {'; '.join(t.describe() for t in failing)}: even with "
                        f"{unlimited} servers, more than it could use, {_failing(s, failing)} ({why})")


def _failing(s: Simulated, targets: Sequence[Target]) -> str:
    return "; ".join(f"{t.describe()} is {_shown(measure(s, t), t, s.working_day)}" for t in targets
                     if not t.met_by(measure(s, t)))


def _example(kind: str) -> str:
    return "decision p90 <= 2 working days" if kind == "back_office" else "wait p90 <= 30 min"


def _shown(value: float, target: Target, working_day: float) -> str:
    if target.is_time:
        from ..targets import shown_time

        return shown_time(value, None if target.elapsed else working_day)
    return f"{100 * value:.1f} %"


__all__ = ["CapacityError", "DEFAULT_LEVELS", "plan_capacity", "planned_resources"]
