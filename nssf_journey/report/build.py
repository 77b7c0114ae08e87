"""Build the management report as data: what to say, which tables and which pictures.

Ranking. A bottleneck is a step of a journey, ranked by its expected avoidable time per case (waiting plus
active time, times the expected number of passes, so rework counts; waits that life sets, such as pregnancy,
left out): the exact figure of :attr:`~nssf_journey.analysis.metrics.JourneyAnalysis.avoidable_bottlenecks`. "What to fix first" ranks by expected *waiting*
per case, because waiting is time a citizen loses while nothing happens for them, and the institution controls
it. Cases of different journeys are not equally frequent (a contribution is paid every month, an injury claim
is rare): the report says so instead of weighting journeys by volumes it does not know.

How sure we are. Every number of a journey names its source and its evidence (measured, reported, assumed,
see ``docs/format.md``); the report counts them, and marks a bottleneck as resting on assumptions when the
numbers of its time (wait, duration) are assumed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Callable, Iterable, Mapping, Sequence

from ..analysis.metrics import JourneyAnalysis, StepMetrics, analyze
from ..model import EVIDENCE_LEVELS, Journey, Step
from ..render.style import human_time
from ..loading.institution import GENERIC, Institution
from .document import Bottleneck, ExtraSection, Figure, JourneySection, KeyFigure, Report, Simulation, Table
from .glossary import GLOSSARY, METHOD_NOTES

Progress = Callable[[str], None]
#: How many bottlenecks the summary lists.
TOP_BOTTLENECKS = 8
#: How many steps "what to fix first" names.
FIX_FIRST = 3
_RANK = {level: i for i, level in enumerate(EVIDENCE_LEVELS)}  # measured < reported < assumed


def pct(x: float) -> str:
    """``0.463`` -> ``'46 %'``; below 10 % one decimal."""
    v = 100 * x
    return f"{v:.0f} %" if v >= 10 or v == 0 else f"{v:.1f} %"


def usd(x: float, institution: Institution = GENERIC) -> str:
    return institution.money(x)


#: How wide a diagram may be drawn (CSS pixels) so that its smallest text (10 pt) reads at 11 px or more in a
#: box 1,068 px wide (a page 1,100 px wide less its padding): 1,068 x (10 x 4/3) / 11.
DIAGRAM_MAX_WIDTH_PX = 1068 * (10 * 4 / 3) / 11


def step_evidence(step: Step, fields: Sequence[str] = ("wait", "duration")) -> tuple[str, tuple[str, ...]]:
    """The weakest evidence among the sources of ``fields`` of a step, and those sources' texts.

    Falls back to all of the step's sources when none of ``fields`` is sourced; ``'none'`` when it has none.
    """
    chosen = [s for s in step.sources if s.field in fields] or list(step.sources)
    if not chosen:
        return "none", ()
    worst = max(chosen, key=lambda s: _RANK.get(s.evidence, 2))
    texts = tuple(dict.fromkeys(f"{s.field}: {s.text}" for s in chosen))
    return worst.evidence, texts


def evidence_counts(journey: Journey) -> dict[str, int]:
    """How many of the journey's sourced numbers are measured, reported and assumed."""
    counts = Counter(src.evidence for _, src in journey.parameter_sources())
    return {level: counts.get(level, 0) for level in EVIDENCE_LEVELS}


#: Where to look when a step is mostly waiting, by the lane of whoever does the step.
WAIT_ADVICE = {
    "backstage": "Back-office waiting: set a service standard (days to decide) and track cases against it.",
    "frontstage": "Waiting for front-office staff: add capacity at peak times, offer appointments, or set a "
                  "service standard.",
    "partner": "Waiting at a partner: agree a service level with the partner, or remove the step.",
    "customer": "Time before the customer can act (not knowing, preparing): clearer information and reminders.",
}


def advice(step: Step, sm: StepMetrics) -> str:
    """A short, plain pointer to where to look, read off the step's figures and lane (not a policy judgement)."""
    parts = []
    one_pass = sm.mean_wait + sm.mean_duration
    if sm.mean_wait > 0 and sm.mean_wait >= 0.7 * one_pass:
        # a wait that is the customer's own delay (wait_reason: customer) is about information, whoever acts next
        who = "customer" if step.wait_reason == "customer" else sm.lane
        parts.append(WAIT_ADVICE.get(who, WAIT_ADVICE["backstage"]))
    if sm.expected_visits > 1.05:
        parts.append(f"Done {sm.expected_visits:.2f} times per case: catch errors before submission.")
    if step.in_person and len(parts) < 2:
        parts.append("Needs a trip in person: offer a remote channel.")
    if not parts:
        parts.append("Mostly active work: simplify the step and its forms.")
    return " ".join(parts[:2])


def journey_bottlenecks(journey: Journey, analysis: JourneyAnalysis) -> list[Bottleneck]:
    """The journey's steps that take time, largest expected time per case first."""
    out = []
    for sm in analysis.avoidable_bottlenecks:
        step = journey.step(sm.step)
        evidence, sources = step_evidence(step)
        wait = 0.0 if sm.wait_reason == "life" else sm.expected_visits * sm.mean_wait
        out.append(Bottleneck(
            journey=journey.id, journey_title=journey.title, step=sm.step, step_name=sm.name,
            expected_minutes=sm.avoidable_time, wait_minutes=wait,
            active_minutes=sm.expected_visits * sm.mean_duration, share_of_lead_time=sm.share_of_lead_time,
            expected_visits=sm.expected_visits, in_person_visits=sm.expected_visits if sm.in_person else 0.0,
            money_usd=sm.expected_visits * sm.cost, evidence=evidence, sources=sources, advice=advice(step, sm),
        ))
    return out


def build_report(
    journeys: Iterable[Journey],
    *,
    analyses: Mapping[str, JourneyAnalysis] | None = None,
    simulations: Mapping[str, Simulation] | None = None,
    extra_sections: Sequence[ExtraSection] = (),
    sources: Mapping[str, Mapping[str, object]] | None = None,
    personas: Mapping[str, str] | None = None,
    diagrams: bool = True,
    simulation_note: str | None = None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
    title: str | None = None,
    institution: Institution = GENERIC,
    comparisons: Sequence[object] = (),
    scale: Mapping[str, object] | None = None,
) -> Report:
    """Build the :class:`~nssf_journey.report.document.Report` of ``journeys``.

    Parameters
    ----------
    journeys
        Validated journeys; one section each, in this order.
    analyses
        Exact analyses by journey id; computed when missing.
    simulations
        Simulated lead times by journey id (:class:`Simulation`). A journey without one gets no lead-time
        distribution, and the report says that this section needs simulation.
    extra_sections
        Sections computed elsewhere, such as critical junctures or redesign comparisons.
    sources
        The bibliography (``data/sources.yaml``) by source id, to list the sources the journeys cite.
    personas
        Persona display names by persona id, for the journey maps.
    diagrams
        Draw process diagrams with Graphviz (when ``dot`` is missing the section says how to install it).
    simulation_note
        Why there are no simulations, shown where a distribution would be (default: simulation not run).
    progress
        Called with a short message as each journey is drawn.
    title
        The page title (default: the institution's journeys and where its customers lose time).
    institution
        Whose journeys these are (:mod:`nssf_journey.loading.institution`): its name, people and currency.
    comparisons
        Redesigns compared with today (:class:`~nssf_journey.compare.Comparison`), for the decision page; their
        section comes in ``extra_sections``.
    scale
        Cases a year per journey (:func:`nssf_journey.compare.scale.load_scale`), to rank changes by their
        yearly gain.
    """
    from .decisions import life_waits, rank_cards
    from ..render.charts import ParetoItem, pareto_figure
    from ..render.figures import figure_svg

    journeys = list(journeys)
    analyses = dict(analyses or {})
    simulations = dict(simulations or {})
    personas = dict(personas or {})
    say = progress or (lambda _msg: None)

    sections = []
    all_bottlenecks: list[Bottleneck] = []
    for k, j in enumerate(journeys, start=1):
        say(f"[{k}/{len(journeys)}] {j.id}: drawing")
        a = analyses.get(j.id) or analyze(j)
        analyses[j.id] = a
        bns = journey_bottlenecks(j, a)
        all_bottlenecks.extend(bns)
        sections.append(_journey_section(j, a, bns, simulations.get(j.id), personas.get(j.persona or ""),
                                         diagrams=diagrams, simulation_note=simulation_note,
                                         institution=institution))

    ranked = sorted(all_bottlenecks, key=lambda b: -b.expected_minutes)
    top = ranked[:TOP_BOTTLENECKS]

    say("summary and tables")
    pareto = Figure(
        "pareto", "Bottlenecks across all journeys",
        figure_svg(pareto_figure([ParetoItem(f"{b.journey_title}: {b.step_name}", b.expected_minutes,
                                             b.wait_minutes) for b in ranked])) if ranked else None,
        caption="Expected time per case of the steps that take most time, across all journeys; light blue is "
                "waiting, dark blue is active work; 'cum.' is the running share of the time of all steps shown "
                "and not shown.",
        note="" if ranked else "No step of these journeys takes any time.",
    )
    top_table = Table(
        "top-bottlenecks", "Top bottlenecks across all journeys",
        ("rank", "journey", "step", "time per case (min)", "waiting per case (min)",
         "share of the journey's lead time", "in-person visits per case", "money per case (USD)", "evidence",
         "what to look at"),
        tuple((i, b.journey_title, b.step_name, b.expected_minutes, b.wait_minutes, b.share_of_lead_time,
               b.in_person_visits, b.money_usd, b.evidence, b.advice) for i, b in enumerate(top, start=1)),
        note="Expected values per case (a case is one journey from start to outcome), from the exact analysis.",
    )
    overview_rows = []
    for s in sections:
        j, a = s.journey, s.analysis
        mean, p90, success = journey_figures(a, simulations.get(j.id))
        ev = s.evidence_counts
        total = sum(ev.values())
        overview_rows.append((j.title, s.persona_name or j.persona, mean, p90, success, a.in_person_visits,
                              a.customer_cost, 1 - a.flow_efficiency, ev["assumed"] / total if total else None))
    overview = Table(
        "journeys", "The journeys at a glance",
        ("journey", "persona", "average time (min)", "9 in 10 cases within (min)", "ends well (share)",
         "trips in person per case", "money per case (USD)", "waiting (share of the time)",
         "assumed numbers (share)"),
        tuple(overview_rows),
        note="A journey simulated with queues at counters reads its average, its 9-in-10 time and its share that "
             "ends well from that one run; the others from the exact model (average, share) and a simulation "
             "without queues (9 in 10). Empty without simulation.",
    )

    summary = _summary_paragraphs(journeys, analyses, ranked, simulations, institution) + tuple(
        sentence for x in extra_sections for sentence in x.summary)
    cards = rank_cards(journeys, analyses, comparisons, scale, institution_short=str(institution.short_name))
    fix_first = tuple(
        f"{c.change} ({c.journey_title}): saves {human_time(c.saved_minutes)} per case"
        + (f", {c.saved_visits:.2f} trips in person" if c.saved_visits >= 0.005 else "")
        + (f", {institution.money(c.saved_money)}" if c.saved_money >= 0.005 else "")
        + f". Who acts: {c.who}. How sure: {c.confidence}. To measure first: {c.measure}"
        for c in cards[:FIX_FIRST]
    )
    confidence = _confidence(journeys, top, simulations, simulation_note)
    assumption_tables = _assumption_tables(journeys, sources or {})
    notes = METHOD_NOTES
    if title is None:
        title = default_title(institution)
    return Report(
        title=title,
        generated=(now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0),
        summary=summary,
        fix_first=fix_first,
        confidence=confidence,
        summary_tables=(top_table, overview),
        summary_figures=(pareto,),
        journeys=tuple(sections),
        extra_sections=tuple(extra_sections),
        assumption_tables=assumption_tables,
        notes=notes,
        institution=institution,
        cards=tuple(cards),
        life_waits=tuple(life_waits(journeys, analyses)),
        glossary=GLOSSARY,
    )


def default_title(institution: Institution, lang: str = "en") -> str:
    """The report's title in ``lang``: the institution's journeys and where its people lose time."""
    from ..words import report_label

    if not institution.named:
        return report_label("title_generic", lang)
    return report_label("title", lang).format(short=institution.text("short_name", lang),
                                              served=institution.text("served", lang))


def journey_figures(a: JourneyAnalysis, sim: Simulation | None) -> tuple[float, float | None, float]:
    """The average time, the time 9 in 10 cases end within (``None`` without simulation) and the share that ends
    in success, shown side by side and so read from one place: the times from the simulation when there is one
    (never an exact mean beside a simulated percentile), the share from the run when it has its own (a queueing
    run, where some give up in a queue), else from the exact model, which a simulation without queues only
    estimates."""
    if sim is None or not len(sim.lead_times):
        return a.lead_time_mean, None, a.success_probability
    f = sim.figures()
    return f["mean"], f["p90"], sim.success if sim.success is not None else a.success_probability


def _journey_section(j: Journey, a: JourneyAnalysis, bns: list[Bottleneck], sim: Simulation | None,
                     persona_name: str | None, *, diagrams: bool, simulation_note: str | None,
                     institution: Institution = GENERIC) -> JourneySection:
    from ..render.charts import lead_time_figure
    from ..render.diagram import GraphvizMissing, fitting_journey_svg, journey_dot, render_dot
    from ..render.figures import figure_svg
    from ..render.journey_map import journey_map_figure, step_order
    from .alt import diagram_alt, map_alt

    figures = []
    full = None
    level = 0.0
    if diagrams:
        try:
            svg, level = fitting_journey_svg(j, a, max_width_px=DIAGRAM_MAX_WIDTH_PX, id_prefix=f"{j.id}-")
            full = render_dot(journey_dot(j, a, detail="full"), "svg").decode("utf-8")
            note = ""
        except (GraphvizMissing, RuntimeError) as exc:
            svg, note = None, f"No diagram: {exc}."
    else:
        svg, note = None, "Diagrams were not drawn for this report."
    figures.append(Figure(
        f"{j.id}-diagram", "Process diagram", svg, note=note, min_scale=0.9,
        caption="Columns are who acts (customer, front office, back office, partners); the fill says how much of "
                "the time a service can change each step takes (darker: more); grey-blue dotted steps are waits "
                "set by life, such as pregnancy, which no service shortens; percentages on arrows are how often "
                "cases go that way; dashed purple arrows go back (rework)"
                + (f"; steps and arrows that fewer than {100 * level:.0f} % of cases take are folded" if level else "")
                + ".",
        alt=diagram_alt(j, a), full_svg=full,
    ))
    figures.append(Figure(
        f"{j.id}-journey-map", "Journey map", figure_svg(journey_map_figure(j, a, persona_name=persona_name)),
        wide=True, min_scale=1.0,
        caption="Steps in the order a typical case meets them, in the row of whoever does them; the feeling "
                "curve and numbered pain points are the customer's; bars show one pass of each step.",
        alt=map_alt(j, a, step_order(j, a)),
    ))
    mean, p90, success = journey_figures(a, sim)
    if sim is not None and len(sim.lead_times):
        f = sim.figures()
        figures.append(Figure(
            f"{j.id}-lead-time", "How long cases take",
            figure_svg(lead_time_figure(sim.lead_times, deadline=j.deadline)),
            caption=f"{sim.method}. Half of the cases end within the 'p50' line, 9 in 10 within 'p90'.",
            alt=f"Histogram of simulated times: half of the cases end within {human_time(f['p50'])}, 9 in 10 "
                f"within {human_time(f['p90'])}; the average is {human_time(f['mean'])}.",
        ))
        key = [KeyFigure("9 in 10 cases end within", human_time(f["p90"]),
                         f"half within {human_time(f['p50'])}; average {human_time(f['mean'])}")]
    else:
        figures.append(Figure(
            f"{j.id}-lead-time", "How long cases take", None,
            note=simulation_note or "This section needs simulation: run the report with simulation to see how "
                                    "lead times spread (p50, p90). No distribution is shown without it.",
        ))
        key = [KeyFigure("Average time", human_time(a.lead_time_mean), "exact model; no simulation")]
    ends = KeyFigure("Ends well", pct(success),
                     f"{pct(sim.gave_up)} give up in a queue" if sim is not None and sim.gave_up else "")
    key += [
        ends,
        KeyFigure("Time spent waiting", pct(1 - a.flow_efficiency), f"{human_time(a.wait_time_mean)} per case"
                  + (f", {human_time(a.life_wait_time_mean)} set by life" if a.life_wait_time_mean > 0 else "")),
        KeyFigure("Trips in person", f"{a.in_person_visits:.1f}", "per case"),
        KeyFigure("Money paid", institution.money(a.customer_cost), "per case, by the customer"),
        KeyFigure("Handoffs", f"{a.handoffs:.1f}", "per case"),
    ]
    steps_rows = []
    for sm in a.per_step:
        st = j.step(sm.step)
        ev, _ = step_evidence(st)
        steps_rows.append((sm.step, sm.name, j.actor_by_id[st.actor].name, sm.lane, st.channel, sm.expected_visits,
                           sm.mean_wait, sm.mean_duration, sm.expected_time, sm.share_of_lead_time,
                           sm.in_person, sm.expected_visits * sm.cost, st.emotion, ev))
    tables = (
        Table(f"{j.id}-bottlenecks", "Where time goes (waits set by life left out)",
              ("step", "time per case (min)", "waiting per case (min)", "share of the time (share)",
               "passes per case", "evidence", "what to look at"),
              tuple((b.step_name, b.expected_minutes, b.wait_minutes, b.share_of_lead_time, b.expected_visits,
                     b.evidence, b.advice) for b in bns[:6])),
        Table(f"{j.id}-outcomes", "How cases end (exact model, no queues)",
              ("outcome", "kind", "chance (share)", "average time (min)"),
              tuple((o.outcome, o.kind, o.probability, o.lead_time_mean) for o in a.outcomes)),
    )
    appendix = (
        Table(f"{j.id}-steps", f"Every step: {j.title}",
              ("step id", "step", "actor", "lane", "channel", "passes per case", "wait per pass (min)",
               "active per pass (min)", "time per case (min)", "share of lead time", "in person",
               "money per case (USD)", "emotion", "evidence"),
              tuple(steps_rows)),
    )
    pains = tuple((j.step(sid).name, p) for sid in a.most_likely_path + tuple(
        s.id for s in j.steps if s.id not in a.most_likely_path) for p in j.step(sid).pain_points)
    main = tuple(f for f in figures if f.id.endswith("-diagram"))
    return JourneySection(
        journey=j, analysis=a, persona_name=persona_name, key_figures=tuple(key), figures=main,
        appendix_figures=tuple(f for f in figures if f not in main),
        tables=tables, evidence_counts=evidence_counts(j), pain_points=pains,
        simulation_method=sim.method if sim is not None else None, appendix_tables=appendix,
    )


def _summary_paragraphs(journeys: list[Journey], analyses: Mapping[str, JourneyAnalysis],
                        ranked: list[Bottleneck], simulations: Mapping[str, Simulation],
                        institution: Institution = GENERIC) -> tuple[str, ...]:
    n = len(journeys)
    through = f" through {institution.short_name}" if institution.named else ""
    what = f"{n} journeys of {institution.served}{through}" if n != 1 else \
        f"one journey, \u201c{journeys[0].title}\u201d{through}"
    out = [
        f"This report covers {what}. Figures are averages per case from "
        + ("the journey's" if n == 1 else "each journey's") + " process model"
        + (", with how long cases take from simulation." if simulations else ".")
    ]
    if ranked:
        b = ranked[0]
        waiting = b.wait_minutes / b.expected_minutes if b.expected_minutes else 0.0
        text = (f"The largest single loss of time is \u201c{b.step_name}\u201d in \u201c{b.journey_title}\u201d: "
                f"about {human_time(b.expected_minutes)} per case, {pct(b.share_of_lead_time)} of that journey's "
                f"expected time, {pct(waiting)} of it waiting.")
        nxt = ranked[1:3]
        if nxt:
            text += " Next come " + " and ".join(
                f"\u201c{x.step_name}\u201d ({x.journey_title}, {human_time(x.expected_minutes)})" for x in nxt) + "."
        out.append(text)
        longest = max(journeys, key=lambda j: analyses[j.id].lead_time_mean)
        visits = max(journeys, key=lambda j: analyses[j.id].in_person_visits)
        money = max(journeys, key=lambda j: analyses[j.id].customer_cost)
        al, av, am = analyses[longest.id], analyses[visits.id], analyses[money.id]
        facts: dict[str, list[str]] = {}
        if n == 1:
            longest = visits = money = journeys[0]
        life = (f"{human_time(al.lead_time_mean)} on average, {pct(1 - al.flow_efficiency)} of it waiting"
                + (f"; {human_time(al.life_wait_time_mean)} of it is set by life, such as pregnancy or recovery"
                   if al.life_wait_time_mean > 0 else ""))
        facts.setdefault(longest.title, []).append(f"takes {life}" if n == 1 else f"takes longest ({life})")
        if av.in_person_visits >= 0.05:
            facts.setdefault(visits.title, []).append(
                (f"needs {av.in_person_visits:.1f} trips in person per case" if n == 1 else
                 f"needs the most trips ({av.in_person_visits:.1f} in person per case)"))
        if am.customer_cost > 0:
            facts.setdefault(money.title, []).append(
                (f"costs the customer {usd(am.customer_cost, institution)} per case" if n == 1 else
                 f"costs the customer most ({usd(am.customer_cost, institution)} per case)"))
        text = " ".join(
            f"\u201c{title}\u201d " + (", ".join(fs[:-1]) + " and " + fs[-1] if len(fs) > 1 else fs[0]) + "."
            for title, fs in facts.items())
        out.append(text)
        if n > 1:
            out.append("Journeys do not happen equally often, so the decision cards above weigh each change by how "
                       "many cases a year its journey has, where that is known.")
    return tuple(out)


def _confidence(journeys: list[Journey], top: list[Bottleneck], simulations: Mapping[str, Simulation],
                simulation_note: str | None) -> tuple[str, ...]:
    totals = Counter()
    for j in journeys:
        totals.update(evidence_counts(j))
    n = sum(totals.values())
    out = []
    if n:
        out.append(
            f"Of the {n} numbers behind {'these journeys' if len(journeys) != 1 else 'this journey'}, "
            f"{totals['measured']} are measured, {totals['reported']} "
            f"reported by a source, and {totals['assumed']} assumed ({pct(totals['assumed'] / n)}).")
    assumed = [b for b in top if b.evidence == "assumed"]
    if assumed:
        if len(assumed) == len(top):
            head = f"All {len(top)} top bottlenecks rest on assumed times."
        else:
            which = ("; ".join(f"{b.step_name} ({b.journey_title})" for b in assumed) if len(assumed) <= 3 else
                     "those marked 'assumed' in the table below")
            head = f"{len(assumed)} of the top {len(top)} bottlenecks rest on assumed times ({which})."
        out.append(head + " Measure these (a time study, or a sample of case files) before acting on them.")
    elif top:
        out.append("None of the top bottlenecks rests on an assumed time; the numbers come from the sources listed "
                   "under Assumptions and sources.")
    missing = [j for j in journeys if j.id not in simulations]
    if missing:
        out.append(simulation_note or (
            "Lead-time distributions need simulation, which was not run for "
            + ("any journey" if len(missing) == len(journeys) else ", ".join(j.id for j in missing))
            + ": the report shows exact means, not how long the slowest cases take."))
    return tuple(out)


def _assumption_tables(journeys: list[Journey], sources: Mapping[str, Mapping[str, object]]) -> tuple[Table, ...]:
    evidence_rows = []
    param_rows = []
    used: Counter[str] = Counter()
    for j in journeys:
        ev = evidence_counts(j)
        total = sum(ev.values())
        evidence_rows.append((j.title, ev["measured"], ev["reported"], ev["assumed"],
                              ev["assumed"] / total if total else None))
        for where, src in j.parameter_sources():
            param_rows.append((j.id, where, src.evidence, src.text))
            if src.source_id:
                used[src.source_id] += 1
    source_rows = []
    for sid, count in sorted(used.items(), key=lambda kv: (-kv[1], kv[0])):
        info = sources.get(sid, {})
        source_rows.append((sid, str(info.get("title", "") or "(not in data/sources.yaml)"),
                            str(info.get("publisher", "") or ""), info.get("year"), str(info.get("url", "") or ""),
                            count))
    return (
        Table("evidence", "How sure we are, by journey",
              ("journey", "measured", "reported", "assumed", "assumed share"), tuple(evidence_rows),
              note="Counts of the sourced numbers of each journey (durations, waits, costs, emotions, branch "
                   "probabilities, capacities)."),
        Table("sources", "Sources cited", ("source", "title", "publisher", "year", "address", "numbers citing it"),
              tuple(source_rows),
              note="Addresses are given as text; this report loads nothing from the network."),
        Table("parameters", "Every number and its source", ("journey", "number", "evidence", "source"),
              tuple(param_rows)),
    )
