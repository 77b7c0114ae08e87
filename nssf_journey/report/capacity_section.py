"""The report's "Staff needed if the campaign works" section (:mod:`nssf_journey.capacity`).

The ILO brief's fourth lesson: awareness raising generates demand, and the service must be strengthened at the
same time to absorb it. :func:`capacity_section` turns a :class:`~nssf_journey.capacity.CapacityPlan` into an
:class:`~nssf_journey.report.document.ExtraSection` written for a director with ten minutes: first the campaign
planned for and the service targets in plain words, with how waits are counted (working time: what staff can
shorten); then, per counter and back office, one paragraph (how far today's staff go, what the campaign needs,
what it costs) with its chart; then the tables (the campaign's needs, every demand level, a rota where arrivals
vary), and one sentence for the executive summary when the campaign would break a target.
:func:`report_capacity` plans today and a campaign that makes every benefit as well known as medical care
(x1.5 when no campaign applies).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from .document import ExtraSection, Figure, Table

if TYPE_CHECKING:  # pragma: no cover
    from ..capacity import CapacityPlan, DemandLevel, LevelAnswer, ResourcePlan
    from ..loading.data import DataSet
    from ..model import Journey

SECTION_ID = "capacity"
SECTION_TITLE = "Staff needed if the campaign works"
_SOURCE_WORDS = {"given": "given", "standard": "service standard", "today": "today's level"}


def _is_campaign(lv: "LevelAnswer") -> bool:
    return any(x.startswith("campaign") for x in lv.scenarios)


def _campaign_level(p: "ResourcePlan") -> "LevelAnswer | None":
    """The level a campaign brings to this resource (the highest when several)."""
    named = [lv for lv in p.levels if _is_campaign(lv)]
    return named[-1] if named else None


def _wait(minutes: float, p: "ResourcePlan", elapsed: bool = False) -> str:
    from ..targets import shown_time

    return shown_time(minutes, None if elapsed else p.load.working_day)


def _prose(minutes: float, p: "ResourcePlan", elapsed: bool = False) -> str:
    """A wait for a sentence: ``25 min``, ``5 h of working time``, ``1.3 working days``, ``2.1 days``."""
    from ..render.style import human_time

    if elapsed:
        return human_time(minutes)
    text = _wait(minutes, p)
    return text if "working" in text or p.resource.calendar is None else f"{text} of working time"


def _name(p: "ResourcePlan") -> str:
    return p.resource.name or p.resource.id


def _short_name(p: "ResourcePlan") -> str:
    """``Sickness claims desk`` for ``Sickness claims desk of the NSSF benefits back office``."""
    return _name(p).split(" of ")[0]


def _who(p: "ResourcePlan", n: int) -> str:
    role = p.staff_cost.role if p.staff_cost is not None else "server"
    return f"{n} {role}{'s' if n != 1 else ''}"


def _targets_paragraph(plan: "CapacityPlan") -> str:
    """The targets in plain words, grouped: what each resource must give, and where the figure comes from."""
    groups: dict[str, list[str]] = {}
    sources = set()
    for p in plan.plans:
        for t in p.targets:
            if t.source == "today":
                words = (f"{t.in_words(p.load.working_day)} (today's level, measured in simulation: there is no "
                         "service standard for it)")
            else:
                words = t.in_words(p.load.working_day)
            groups.setdefault(words, []).append(_short_name(p))
            sources.add(t.source)
    parts = [f"{words} ({', '.join(names)})" for words, names in groups.items()]
    lead = ("The targets are service standards (data/staffing.yaml): " if sources == {"standard"} else
            "The targets: ")
    text = lead + "; ".join(parts) + "."
    if "standard" in sources:
        text += (" NSSF publishes no service standards: these are assumptions, each with its reason, borrowed from "
                 "other social security institutions; replace them with NSSF's own.")
    return text


def _resource_paragraph(p: "ResourcePlan") -> str:
    """What a director needs to know about one resource: today, how far today's staff go, the campaign's need."""
    r, j, back = p.resource, p.journey, p.resource.kind == "back_office"
    evidence = r.source.evidence if r.source else "assumed"
    noun = "files" if back else "customers"
    first = p.levels[0] if p.levels else None
    text = (f"{_name(p)} ({'back office' if back else 'counter'} of “{j.title}”): {_who(p, r.capacity)} "
            f"today ({evidence}), about {p.load.per_month:,.0f} {noun} a month. ")
    if first is not None and first.demand == 1.0 and first.today_figures is not None:
        now = first.today_figures
        if back:
            text += (f"Nine in ten files are taken up within {_prose(now.working.quantile(0.9), p)} "
                     f"({_prose(now.elapsed.quantile(0.9), p, elapsed=True)} counting nights and weekends). ")
        else:
            text += (f"Nine in ten customers queue at most {_wait(now.working.quantile(0.9), p)} while it is open "
                     f"({_prose(now.elapsed.quantile(0.9), p, elapsed=True)} counting the hours it is closed); "
                     f"{100 * now.give_up:.0f} % give up in the queue")
            if now.closed_give_up > 0.001:
                text += (f", and another {100 * now.closed_give_up:.0f} % arrive while it is closed and leave before "
                         "it opens, which only opening hours can change")
            text += ". "
    if p.target_source == "today":
        text += "The target is today's level, so any more demand needs more staff. "
    elif p.breaks_at is not None:
        if p.breaks_at < 1:
            text += (f"Today's staff already miss the target: they would meet it only at x{p.breaks_at:.2f} of today's "
                     "demand. ")
        else:
            text += f"Today's {r.capacity} meet the target up to about x{p.breaks_at:.2f} today's demand. "
    camp = _campaign_level(p)
    if camp is not None and camp.demand == 1.0:
        text += "The campaign brings it no more work" + (
            f"; today's {r.capacity} are enough." if camp.today_meets else
            f", but today's {r.capacity} already miss the target: {camp.servers} are needed.")
    elif camp is not None:
        text += f"The campaign (x{camp.demand:.2f}) needs {camp.servers}"
        extra = camp.extra_servers
        if extra > 0:
            text += f", {extra} more"
            if camp.extra_cost_per_month is not None and p.staff_cost is not None:
                text += (f" (US$ {camp.extra_cost_per_month:,.0f} a month at US$ {p.staff_cost.monthly_cost:,.0f} "
                         f"each, {p.staff_cost.source.evidence})")
        if camp.today_figures is None:
            text += f"; with today's {r.capacity} the {'backlog' if back else 'queue'} would grow without end"
        elif not camp.today_meets:
            text += (f"; with today's {r.capacity}, nine in ten would wait up to "
                     f"{_prose(camp.today_figures.working.quantile(0.9), p)}")
        else:
            text += f"; today's {r.capacity} are enough"
        text += "."
    rotas = [lv.rota for lv in p.levels if lv.rota is not None]
    if rotas:
        ro = rotas[-1]
        text += (f" Arrivals vary over the month: a rota by period (theory) needs {ro.staff_hours:,.0f} staff-hours a "
                 f"month at x{ro.demand:.2f}, with {ro.peak} on duty at the peak, against {ro.flat_staff_hours:,.0f} "
                 f"for {ro.flat_servers} all month (the simulation needs {ro.simulated_servers} all month).")
    return text


def _scenario_paragraph(plan: "CapacityPlan", scenario: str | None) -> str:
    """The campaign in words and the demand it brings to each journey with a resource."""
    factors: dict[str, list[str]] = {}
    unchanged = []
    for p in plan.plans:
        camp = _campaign_level(p)
        if camp is None:
            continue
        if round(camp.demand, 2) == 1.0:
            unchanged.append(p.journey.title)
        else:
            factors.setdefault(f"x{camp.demand:.2f}", []).append(p.journey.title)
    text = scenario or ""
    if factors:
        text += (" " if text else "") + "Demand then rises: " + "; ".join(
            f"{x} for {', '.join(titles)}" for x, titles in factors.items()) + "."
    if unchanged:
        text += f" It does not change {', '.join(unchanged)} (x1.00)."
    return text


def capacity_section(plan: "CapacityPlan", scenario: str | None = None) -> ExtraSection:
    """The section for ``plan``; ``scenario`` says in words which campaign the campaign levels stand for."""
    from ..capacity.theory import theory_servers
    from ..render.capacity_chart import staffing_figure
    from ..render.figures import figure_svg

    lead = _scenario_paragraph(plan, scenario) or ("Awareness raising brings new demand: \u201cit is important to "
                                                   "simultaneously invest in the social protection and health care "
                                                   "systems to absorb the new demand\u201d (ILO brief, 2019).")
    intro = (
        _targets_paragraph(plan),
        "Waits are counted in working time, as service standards are: the minutes a counter or office is open while "
        "a customer or file waits, which more staff can shorten. A claim that arrives on Friday evening and is taken "
        "up on Monday morning has waited no working time; waiting through a closure is set by opening hours, "
        "whatever the staff, and is shown apart (\u201celapsed\u201d).",
        "How: the fewest staff on duty that meet the target at each level of demand, from queueing theory (Erlang C "
        "or A for counters, a backlog worked through in office hours for back offices), confirmed and corrected by "
        "simulating the journeys as written. Today's staffing, arrivals, service times and salaries are assumptions "
        "(see the sources): read the numbers as what they imply, and replace them with NSSF's staff lists and "
        "counter records.",
    )
    blocks: list[tuple[tuple[str, ...], tuple[Figure, ...]]] = [(intro, ())]
    rows, need_rows, rota_rows, campaign_breaks = [], [], [], []
    rota_hours: list[int] = []
    for p in plan.plans:
        r, back = p.resource, p.resource.kind == "back_office"
        targets = "; ".join(t.describe() for t in p.targets)
        for lv in p.levels:
            s = lv.figures
            p90, p90_ci = s.working.quantiles[0.9]
            cost = lv.extra_cost_per_month
            saved = lv.hours_saved_per_month
            rows.append((r.id, round(lv.demand, 2), _short(lv.scenarios), r.capacity, lv.servers,
                         lv.theory_servers if lv.theory_servers is not None else "",
                         _wait(s.working.mean, p), _wait(p90, p), _interval(p90_ci, p),
                         _wait(s.elapsed.quantile(0.9), p, elapsed=True),
                         "" if back else round(100 * s.give_up, 1), "" if back else round(100 * s.closed_give_up, 1),
                         round(100 * s.utilization, 1), "" if cost is None else round(cost),
                         "unbounded" if saved is None else round(saved)))
            if _is_campaign(lv) and not lv.today_meets:
                campaign_breaks.append(p)
            if lv.rota is not None:
                hours = sorted({period.hour for period, _ in lv.rota.shifts})
                rota_hours = hours
                for band in sorted({period.days for period, _ in lv.rota.shifts}):
                    cells = {period.hour: n for period, n in lv.rota.shifts if period.days == band}
                    rota_rows.append((r.id, round(lv.demand, 2), f"{band[0]}-{band[1]}",
                                      *(cells.get(h, "") for h in hours)))
        camp = _campaign_level(p)
        need_rows.append((_name(p), r.capacity, targets,
                          "(today's level)" if p.target_source == "today" else
                          "" if p.breaks_at is None else f"x{p.breaks_at:.2f}",
                          "" if camp is None else f"x{camp.demand:.2f}", "" if camp is None else camp.servers,
                          "" if camp is None else camp.extra_servers,
                          "" if camp is None or camp.extra_cost_per_month is None else
                          round(camp.extra_cost_per_month)))
        top = max([2.0, p.breaks_at or 0.0] + [lv.demand for lv in p.levels])
        demands = sorted({lv.demand for lv in p.levels} | {0.5 + 0.1 * k for k in range(int(10 * (top - 0.5)) + 1)})
        curve = [(d, n) for d in demands if (n := theory_servers(p.load, list(p.targets), d)) is not None]
        campaign = [(lv.demand, "campaign") for lv in p.levels if _is_campaign(lv)]
        fig = staffing_figure("", "; ".join(t.describe(tagged=False) for t in p.targets) +
                              f" ({_SOURCE_WORDS[p.target_source]})",
                              [(lv.demand, lv.servers) for lv in p.levels], r.capacity, curve, p.breaks_at, campaign)
        blocks.append(((_resource_paragraph(p),),
                       (Figure(f"capacity-{p.key}", f"Staff needed: {_name(p)}", figure_svg(fig),
                               "Staff needed against demand (simulated dots, theory dashed), today's staff dotted, and "
                               "the demand at which today's staff stop meeting the target.", min_scale=0.5,
                               alt=f"Staff needed at {_name(p)} against demand: today {r.capacity}; "
                                   + "; ".join(f"x{lv.demand:.2f} needs {lv.servers}" for lv in p.levels)
                                   + ("" if p.breaks_at is None else
                                      f"; today's staff stop meeting the target at x{p.breaks_at:.2f}") + "."),)))
    tables = [
        Table("capacity-campaign", "What the campaign needs, per counter and back office",
              ("resource", "staff today", "target", "today's staff meet it up to (x today's demand)",
               "campaign demand (x today)", "staff needed", "more than today", "extra cost US$/month"),
              tuple(need_rows)),
        Table("capacity", "Staff needed per demand level",
              ("resource", "demand (x today)", "scenario", "today", "needed", "theory", "mean wait (working time)",
               "p90 wait (working time)", "p90 95 % CI", "p90 wait (elapsed)", "give up %",
               "leave a closed counter %", "utilisation %", "extra cost US$/month", "citizen hours saved/month"),
              tuple(rows),
              note=f"Waits in working time count the minutes the resource is open (a working day is "
                   f"{plan.plans[0].load.working_day / 60:g} h); elapsed waits count the clock. Simulation: "
                   f"{plan.cases:,} arrivals per run (back offices twice as many), seed {plan.seed}." if plan.plans
                   else ""),
    ]
    if rota_rows:
        tables.append(Table("capacity-rota", "Rota: servers on duty by days of the month and hour (theory: each "
                            "period meets the target on its own)",
                            ("resource", "demand (x today)", "days of month", *(f"{h:02d}h" for h in rota_hours)),
                            tuple(rota_rows)))
    summary = ()
    if campaign_breaks:
        summary = (_summary_sentence(campaign_breaks),)
    # the page shows the lead, then each block (paragraphs with their chart); report.md and the tables folder read
    # every paragraph and figure in order
    paragraphs = (lead, *(p for ps, _ in blocks for p in ps))
    figures = tuple(f for _, fs in blocks for f in fs)
    return ExtraSection(SECTION_ID, SECTION_TITLE, paragraphs, tuple(tables), figures, summary, blocks=tuple(blocks))


def _summary_sentence(breaks: Sequence["ResourcePlan"]) -> str:
    """One sentence for the executive summary: where the campaign breaks the targets, and what it takes."""
    named = []
    extra_staff, extra_cost, priced = 0, 0.0, True
    factors, labels, roles = [], [], set()
    for p in breaks:
        camp = _campaign_level(p)
        assert camp is not None
        named.append(f"{_short_name(p)} ({camp.servers} needed instead of {p.resource.capacity})")
        extra_staff += max(0, camp.extra_servers)
        factors.append(camp.demand)
        labels += [x.removeprefix("campaign: ") for x in camp.scenarios if x.startswith("campaign")]
        roles.add(p.staff_cost.role if p.staff_cost is not None else "staff")
        if camp.extra_cost_per_month is None:
            priced = False
        else:
            extra_cost += max(0.0, camp.extra_cost_per_month)
    sources = {p.target_source for p in breaks}
    assumed = all(t.evidence == "assumed" for p in breaks for t in p.targets)
    what = (("assumed " if assumed else "") + "service standards" if sources == {"standard"} else
            "today's waits" if sources == {"today"} else "service targets")
    label = labels[0] if len(set(labels)) == 1 else None
    low, high = min(factors), max(factors)
    demand = f"x{low:.2g} to x{high:.2g} today's demand" if high > low * 1.01 else f"x{high:.2g} today's demand"
    campaign = f"({label}; {demand})" if label else f"({demand})"
    role = next(iter(roles)) if len(roles) == 1 else "staff"
    who = f"{extra_staff} {role}{'s' if extra_staff != 1 and role != 'staff' else ''}"
    cost = f" (about US$ {extra_cost:,.0f} a month)" if priced and extra_cost > 0 else ""
    return (f"If the awareness campaign works {campaign}, today's staff would miss the {what} at "
            f"{', '.join(named)}: recruit or redeploy about {who}{cost} before the campaign (section "
            f"{SECTION_TITLE}).")


def _interval(ci: tuple[float, float] | None, p: "ResourcePlan") -> str:
    """``'1.4-1.6 working days'`` or ``'20-30 min'``: a 95 % interval in one unit."""
    if ci is None:
        return ""
    day = p.load.working_day
    if p.resource.kind == "back_office" and ci[1] >= day:
        return f"{ci[0] / day:.2g}-{ci[1] / day:.2g} working days"
    if ci[1] >= 120:
        return f"{ci[0] / 60:.2g}-{ci[1] / 60:.2g} h"
    return f"{ci[0]:.3g}-{ci[1]:.3g} min"


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
    return type(level)(f"campaign: every benefit as well known as medical care, {100 * top:.0f} % aware",
                       level.default, level.factors)


def campaign_scenario(journeys: Sequence["Journey"], data: "DataSet") -> str | None:
    """The campaign of :func:`campaign_to_medical` in words, with today's awareness it starts from."""
    survey = data.section("awareness")
    if "medical" not in survey:
        return None
    top = survey["medical"].value
    benefits = sorted({j.benefit for j in journeys if j.redesign_of is None and j.has_queues and j.benefit in survey
                       and survey[j.benefit].value < top})
    if not benefits:
        return None
    by_share: dict[float, list[str]] = {}
    for b in benefits:
        by_share.setdefault(survey[b].value, []).append(b.replace("_", " "))
    today = ", ".join(f"{100 * v:.0f} % know {' and '.join(names)}" for v, names in sorted(by_share.items()))
    source = survey["medical"].source.text
    return (f"The campaign planned for: every benefit as well known as medical care, which {100 * top:.0f} % of "
            f"workers know (today {today}; {source}). The awareness funnel turns that into more claims started, "
            "everything else unchanged.")


def report_capacity(journeys: Sequence["Journey"], data: "DataSet | None", *, seed: int = 1,
                    progress: Callable[[str], None] | None = None) -> ExtraSection | None:
    """Plan today's and the campaign's demand for the report (x1.5 instead when the data give no campaign); None
    when no journey has a resource. Service standards and staff costs come from ``staffing.yaml`` of the data
    folder."""
    from pathlib import Path

    from ..capacity import TODAY, CapacityError, STAFFING_FILE, load_staff_costs, plain_level, plan_capacity
    from ..capacity.plan import planned_resources
    from ..loading.problems import JourneyError

    if not planned_resources(journeys):
        return None
    levels = [TODAY]
    costs = {}
    campaign = campaign_to_medical(journeys, data) if data is not None else None
    scenario = campaign_scenario(journeys, data) if campaign is not None and data is not None else None
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
    return capacity_section(plan, scenario)


__all__ = ["SECTION_ID", "SECTION_TITLE", "campaign_scenario", "campaign_to_medical", "capacity_section",
           "report_capacity"]
