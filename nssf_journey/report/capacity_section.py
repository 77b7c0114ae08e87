"""The report's "Staff needed if the campaign works" section (:mod:`nssf_journey.capacity`).

The ILO brief's fourth lesson: awareness raising generates demand, and the service must be strengthened at the
same time to absorb it. :func:`capacity_section` turns a :class:`~nssf_journey.capacity.CapacityPlan` into an
:class:`~nssf_journey.report.document.ExtraSection`: a paragraph per resource, a table of the staff needed per
demand level with the waits, give-ups, utilisation, cost and time saved, a rota table where arrivals vary, a
chart per resource, and one sentence for the executive summary when a campaign would break a target.
:func:`report_capacity` plans today and a campaign that makes every benefit as well known as medical care
(x1.5 when no campaign applies).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from .document import ExtraSection, Figure, Table

if TYPE_CHECKING:  # pragma: no cover
    from ..capacity import CapacityPlan, DemandLevel
    from ..loading.data import DataSet
    from ..model import Journey

SECTION_ID = "capacity"
SECTION_TITLE = "Staff needed if the campaign works"


def _time(minutes: float) -> str:
    from ..render.style import human_time

    return human_time(minutes)


def capacity_section(plan: "CapacityPlan") -> ExtraSection:
    """The section for ``plan`` (see the module docstring)."""
    from ..capacity.theory import theory_servers
    from ..render.capacity_chart import staffing_figure
    from ..render.figures import figure_svg
    from ..render.style import human_time

    paragraphs = [
        "Awareness raising brings new demand: \u201cit is important to simultaneously invest in the social "
        "protection and health care systems to absorb the new demand\u201d (ILO brief, 2019). For each counter and "
        "back office of the journeys, this section gives the fewest staff on duty that keep the queue at its target "
        "at each level of demand: first from queueing theory (Erlang C, or Erlang A where customers give up; a "
        "backlog worked through in office hours for back offices), then confirmed and corrected by simulating the "
        "journey as it is written, with its opening hours, arrival peaks and patience. Waits are 95 % intervals "
        "from batch means. Where no target is named, the target is today's level: the wait that one customer or "
        "file in ten exceeds today.",
        "Today's staffing, arrivals, service times and salaries are assumptions (see the sources): read the "
        "numbers as what those assumptions imply, and replace them with NSSF's staff lists and counter records.",
    ]
    rows, rota_rows, figures, campaign_breaks = [], [], [], []
    rota_hours: list[int] = []
    for p in plan.plans:
        r, j, back = p.resource, p.journey, p.resource.kind == "back_office"
        targets = "; ".join(t.describe() for t in p.targets)
        kind = "back office" if back else "counter"
        evidence = r.source.evidence if r.source else "assumed"
        sentence = (f"{r.name or r.id} ({kind} of \u201c{j.title}\u201d, {r.capacity} on duty today, {evidence}; "
                    f"about {p.load.per_month:,.0f} {'files' if back else 'customers'} a month; target {targets}):")
        parts = []
        for lv in p.levels:
            s = lv.figures
            label = ", ".join(lv.scenarios)
            if lv.today_figures is None:
                today = f"today's {r.capacity} cannot keep up: the queue grows without end"
            elif lv.today_meets:
                today = f"today's {r.capacity} meet the target"
            else:
                today = (f"today's {r.capacity} give a 90th-percentile wait of "
                         f"{human_time(lv.today_figures.wait_quantile(0.9))}"
                         + (f" with {100 * lv.today_figures.give_up:.0f} % giving up" if not back else ""))
            parts.append(f"at x{lv.demand:.2f} ({label}) {lv.servers} are needed ({today})")
            p90, p90_ci = s.quantiles[0.9]
            cost = lv.extra_cost_per_month
            saved = lv.hours_saved_per_month
            rows.append((r.id, round(lv.demand, 2), _short(lv.scenarios), r.capacity, lv.servers,
                         lv.theory_servers if lv.theory_servers is not None else "",
                         _time(s.wait_mean), _time(p90), _interval(p90_ci, back),
                         round(100 * s.give_up, 1), round(100 * s.utilization, 1),
                         "" if cost is None else round(cost), "unbounded" if saved is None else round(saved)))
            if any(x.startswith("campaign") for x in lv.scenarios) and not lv.today_meets:
                campaign_breaks.append(f"{r.name or r.id} ({lv.servers} instead of {r.capacity})")
            if lv.rota is not None:
                hours = sorted({period.hour for period, _ in lv.rota.shifts})
                rota_hours = hours
                for band in sorted({period.days for period, _ in lv.rota.shifts}):
                    cells = {period.hour: n for period, n in lv.rota.shifts if period.days == band}
                    rota_rows.append((r.id, round(lv.demand, 2), f"{band[0]}-{band[1]}",
                                      *(cells.get(h, "") for h in hours)))
        sentence += " " + "; ".join(parts) + "."
        if p.breaks_at is not None:
            sentence += f" Today's staff meet the target up to about x{p.breaks_at:.2f} today's demand."
        rotas = [lv.rota for lv in p.levels if lv.rota is not None]
        if rotas:
            ro = rotas[-1]
            sentence += (f" Arrivals vary over the month: a rota by period (theory) needs {ro.staff_hours:,.0f} "
                         f"staff-hours a month at x{ro.demand:.2f}, with {ro.peak} on duty at the peak, against "
                         f"{ro.flat_staff_hours:,.0f} for theory's {ro.flat_servers} all month (the simulation "
                         f"needs {ro.simulated_servers} all month).")
        if p.staff_cost is not None:
            sentence += (f" One more {p.staff_cost.role} costs about US$ {p.staff_cost.monthly_cost:,.0f} a month "
                         f"({p.staff_cost.source.evidence}).")
        paragraphs.append(sentence)
        demands = sorted({lv.demand for lv in p.levels} | {0.5 + 0.1 * k for k in range(int(10 * max(
            lv.demand for lv in p.levels)) - 4)})
        curve = [(d, n) for d in demands if (n := theory_servers(p.load, list(p.targets), d)) is not None]
        campaign = [(lv.demand, "campaign") for lv in p.levels if any(x.startswith("campaign") for x in lv.scenarios)]
        fig = staffing_figure(r.name or r.id, targets, [(lv.demand, lv.servers) for lv in p.levels], r.capacity,
                              curve, p.breaks_at, campaign)
        figures.append(Figure(f"capacity-{p.key}", f"Staff needed: {r.name or r.id}", figure_svg(fig),
                              "Servers needed against demand (simulated dots, theory dashed), today's staff dotted, "
                              "and the demand at which today's staff break the target.", min_scale=0.5))
    tables = [Table("capacity", "Staff needed per demand level",
                    ("resource", "demand (x today)", "scenario", "today", "needed", "theory", "mean wait",
                     "p90 wait", "p90 95 % CI", "give up %", "utilisation %", "extra cost US$/month",
                     "citizen hours saved/month"), tuple(rows),
                    note=f"Simulation: {plan.cases:,} arrivals per run (back offices twice as many), seed "
                         f"{plan.seed}.")]
    if rota_rows:
        tables.append(Table("capacity-rota", "Rota: servers on duty by days of the month and hour (theory: each "
                            "period meets the target on its own)",
                            ("resource", "demand (x today)", "days of month", *(f"{h:02d}h" for h in rota_hours)),
                            tuple(rota_rows)))
    summary = ()
    if campaign_breaks:
        summary = (f"If the awareness campaign works, today's staff would break the service targets at "
                   f"{', '.join(campaign_breaks)}: recruit or redeploy before the campaign (section {SECTION_TITLE}).",)
    return ExtraSection(SECTION_ID, SECTION_TITLE, tuple(paragraphs), tuple(tables), tuple(figures), summary)


def _interval(ci: tuple[float, float] | None, days: bool) -> str:
    """``'1.9-2.4 d'`` or ``'113-122 min'``: a 95 % interval in one unit."""
    if ci is None:
        return ""
    per, unit = (1440.0, "d") if days else (1.0, "min")
    return f"{ci[0] / per:.3g}-{ci[1] / per:.3g} {unit}"


def _short(scenarios: Sequence[str]) -> str:
    """Scenario labels for a table cell: ``campaign`` for a campaign's long label."""
    return ", ".join("campaign" if x.startswith("campaign") else x for x in scenarios)


def campaign_to_medical(journeys: Sequence["Journey"], data: "DataSet") -> "DemandLevel | None":
    """The campaign in which every benefit with a journey becomes as well known as medical care (the best-known
    benefit, 95 %): the brief's goal that workers know what NSSF gives them. None without survey figures."""
    from ..capacity import campaign_level

    survey = data.section("awareness")
    if "medical" not in survey:
        return None
    top = survey["medical"].value
    benefits = {j.benefit for j in journeys if j.redesign_of is None and j.has_queues}
    raised = {b: top for b in sorted(benefits) if b in survey and survey[b].value < top}
    if not raised:
        return None
    level = campaign_level(journeys, data, raised)
    return type(level)(f"campaign: every benefit as well known as medical care ({100 * top:.0f} %)", level.default,
                       level.factors)


def report_capacity(journeys: Sequence["Journey"], data: "DataSet | None", *, seed: int = 1,
                    progress: Callable[[str], None] | None = None) -> ExtraSection | None:
    """Plan today's and the campaign's demand for the report (x1.5 instead when the data give no campaign); None
    when no journey has a resource."""
    from pathlib import Path

    from ..capacity import TODAY, CapacityError, STAFFING_FILE, load_staff_costs, plain_level, plan_capacity
    from ..capacity.plan import planned_resources
    from ..loading.problems import JourneyError

    if not planned_resources(journeys):
        return None
    levels = [TODAY]
    costs = {}
    campaign = campaign_to_medical(journeys, data) if data is not None else None
    levels.append(campaign if campaign is not None else plain_level(1.5))
    if data is not None:
        path = Path(data.folder) / STAFFING_FILE
        if path.exists():
            try:
                costs = load_staff_costs(path, set(data.sources))
            except JourneyError as exc:
                return ExtraSection(SECTION_ID, SECTION_TITLE, (f"Not computed: {exc.problems[0]}",))
    try:
        plan = plan_capacity(journeys, levels=levels, staff_costs=costs, seed=seed, progress=progress)
    except CapacityError as exc:
        return ExtraSection(SECTION_ID, SECTION_TITLE, (f"Not computed: {exc}",))
    return capacity_section(plan)


__all__ = ["SECTION_ID", "SECTION_TITLE", "campaign_to_medical", "capacity_section", "report_capacity"]
