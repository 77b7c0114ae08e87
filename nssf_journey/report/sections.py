"""Optional report sections computed by other parts of the toolkit, turned into :class:`ExtraSection` data.

Each function here reads an analysis result and returns plain paragraphs and tables; the report lays them out
like any other section. A new kind of section (redesign comparisons, for instance) is one more function of
this kind, passed to :func:`~nssf_journey.report.build.build_report` through ``extra_sections``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

from .document import ExtraSection, Table

if TYPE_CHECKING:  # pragma: no cover
    from ..compare import Comparison
    from ..loading.data import DataSet
    from ..analysis.metrics import JourneyAnalysis
    from ..model import Journey
    from ..simulation.results import SimulationResult


def junctures_section(journeys: Sequence["Journey"], data: "DataSet | None" = None, *,
                      analyses: Mapping[str, "JourneyAnalysis"] | None = None, top: int = 10) -> ExtraSection:
    """The critical junctures for communication and service delivery (:mod:`nssf_journey.analysis.junctures`)."""
    from ..analysis.junctures import DEFAULT_WEIGHTS, rank_junctures

    ranked = rank_junctures(journeys, data, analyses=analyses)
    shown = ranked[:top]
    rows = []
    for rank, j in enumerate(shown, start=1):
        factors = "; ".join(f"{f.name.replace('_', ' ')} {f.contribution:.2f}"
                            + (" (assumed)" if f.evidence == "assumed" else "") for f in j.main_factors)
        channels = ", ".join(c.channel.replace("_", " ") + (" (used)" if c.persona_uses else "")
                             for c in j.channels)
        rows.append((rank, j.journey_title, j.step_name, j.lane, j.score, factors, channels))
    formula = " + ".join(f"{w:g} \u00d7 {k.replace('_', ' ')}" for k, w in DEFAULT_WEIGHTS.items())
    paragraphs = (
        "A critical juncture is a step where better information or better service would change the most: "
        "where journeys go wrong, citizens wait, feel worst, meet pain points, or act without knowing their "
        "rights or with unreliable information (the survey figures of data/survey.yaml).",
        f"Score = {formula}; each factor is per journey started, from 0 to 1. The top {len(shown)} of "
        f"{len(ranked)} scored steps are shown; 'reach via' lists channels that could reach the persona there, "
        "'(used)' those the persona already uses.",
    )
    table = Table("junctures", "Critical junctures for communication and service delivery",
                  ("rank", "journey", "step", "lane", "score", "main factors", "reach via"), tuple(rows))
    return ExtraSection("junctures", "Critical junctures", paragraphs, (table,))


def comparisons_section(comparisons: Sequence["Comparison"], *, diagrams: bool = True) -> ExtraSection:
    """What each redesign changes and saves (:mod:`nssf_journey.compare`): exact figures, simulated differences
    with 95 % confidence intervals, savings at national scale, a diff diagram and the lead times before and after."""
    from ..render.compare_charts import before_after_figure
    from ..simulation.stats import MIN_BATCH_CASES
    from ..render.diagram import DOT_INSTALL_HINT, GraphvizMissing, dot_available, render_dot
    from ..render.diff_diagram import diff_dot
    from ..render.figures import figure_svg
    from ..render.journey_map import journey_map_figure
    from ..render.style import human_time
    from .document import Figure

    paragraphs = [
        "Each redesign is compared with today's journey on the same model: exact expected figures, and a paired "
        "simulation in which both journeys meet the same random events where they share a step (common random "
        "numbers), so the 95 % confidence intervals of the differences are narrow. That simulation has no queues; "
        "where a journey has arrivals and a counter, both journeys are also simulated with queues, so that a change "
        "of capacity, or of how many customers reach the counter, shows. Savings at national scale multiply the "
        "saving per case by how often the journey happens (data/scale.yaml), with the sources shown."
    ]
    rows, scale_rows, queue_rows, figures = [], [], [], []
    can_draw = diagrams and dot_available()
    for c in comparisons:
        e, s = c.exact, c.simulated
        lead = e["lead_time"]
        avoidable = e["avoidable_time"]
        life = "" if abs(avoidable.before - lead.before) < 1e-9 else (
            f" (of which a better service could work on {human_time(avoidable.before)}, now "
            f"{human_time(avoidable.after)}; the rest is set by life, such as pregnancy or recovery)")
        sentence = (f"{c.redesign.title}: the mean lead time goes from {human_time(lead.before)} to "
                    f"{human_time(lead.after)}{life}; in-person visits from {e['in_person_visits'].before:.2f} to "
                    f"{e['in_person_visits'].after:.2f} per case; money paid from US$ {e['cost'].before:.2f} to "
                    f"US$ {e['cost'].after:.2f}; the chance of success from {100 * e['success_probability'].before:.1f} % "
                    f"to {100 * e['success_probability'].after:.1f} %.")
        assumed = sum(1 for _, src in c.redesign.parameter_sources() if src.evidence == "assumed")
        total = len(c.redesign.parameter_sources())
        sentence += f" {assumed} of the redesign's {total} numbers are assumptions: treat the savings as estimates."
        paragraphs.append(sentence)
        if c.queues is not None:
            q = c.queues.deltas
            paragraphs.append(
                f"{c.redesign.title}, with queues (paired queueing simulation of {c.queues.cases:,} arrivals): the "
                f"mean wait in queues goes from {human_time(q['queue_wait'].before)} to "
                f"{human_time(q['queue_wait'].after)}, and the share of customers who give up in a queue from "
                f"{100 * q['abandoned'].before:.1f} % to {100 * q['abandoned'].after:.1f} %; the mean lead time from "
                f"{human_time(q['lead_time'].before)} to {human_time(q['lead_time'].after)}.")
            for name, d in q.items():
                div = 60.0 if d.kind == "time" else 1.0
                ci = f"{d.ci95[0] / div:+.3g} to {d.ci95[1] / div:+.3g}" if d.ci95 else f"none: under {MIN_BATCH_CASES} cases"
                queue_rows.append((c.redesign.id, name.replace("_", " "), "hours" if d.kind == "time" else "share",
                                   round(d.before / div, 4), round(d.after / div, 4), round(d.delta / div, 4), ci))
        for name, unit in (("lead_time", "hours"), ("wait_time", "hours"), ("in_person_visits", "visits"),
                           ("cost", "USD"), ("success_probability", "probability")):
            d = e[name]
            div = 60.0 if unit == "hours" else 1.0
            sim = s.get("success" if name == "success_probability" else name) if s else None
            ci = f"{sim.ci95[0] / div:+.3g} to {sim.ci95[1] / div:+.3g}" if sim else "not simulated"
            rows.append((c.redesign.id, name.replace("_", " "), unit, round(d.before / div, 4), round(d.after / div, 4),
                         round(d.delta / div, 4), ci))
        if c.national:
            for sv in c.national.savings:
                scale_rows.append((c.redesign.id, sv.what, round(sv.per_case, 3), round(sv.per_customer_year, 2),
                                   round(sv.national_year), f"{c.national.cases_per_year.value:,.0f} cases a year "
                                   f"({c.national.cases_per_year.evidence})"))
        pid = f"cmp-{c.redesign.id}"
        if can_draw:
            try:
                svg = render_dot(diff_dot(c.base, c.redesign), "svg").decode("utf-8")
                figures.append(Figure(f"{pid}-diff", f"What changes: {c.redesign.title}", svg,
                                      "Removed steps red and struck through, added green, changed amber.", wide=True,
                                      min_scale=0.6))
            except (GraphvizMissing, RuntimeError) as exc:
                figures.append(Figure(f"{pid}-diff", f"What changes: {c.redesign.title}", None, note=str(exc)))
        else:
            figures.append(Figure(f"{pid}-diff", f"What changes: {c.redesign.title}", None,
                                  note=DOT_INSTALL_HINT if diagrams else "Diagrams were switched off."))
        if c.records is not None:
            figures.append(Figure(f"{pid}-lead", "Lead time before and after", figure_svg(before_after_figure(
                c.records[0].lead_time, c.records[1].lead_time, labels=("today", "redesign"))),
                f"Paired simulation of {c.cases:,} cases (seed {c.seed}), independent cases without queues.",
                wide=True))
        figures.append(Figure(f"{pid}-map-before", f"Journey map today: {c.base.title}",
                              figure_svg(journey_map_figure(c.base, c.before)), min_scale=0.5))
        figures.append(Figure(f"{pid}-map-after", f"Journey map after: {c.redesign.title}",
                              figure_svg(journey_map_figure(c.redesign, c.after)), min_scale=0.5))
    tables = [Table("comparisons", "Redesigns against today: expected figures per case",
                    ("redesign", "figure", "unit", "today", "redesign", "difference", "simulated difference, 95 % CI"),
                    tuple(rows))]
    if queue_rows:
        tables.append(Table("comparisons-queues", "Redesigns against today with queues: means per arriving case",
                            ("redesign", "figure", "unit", "today", "redesign", "difference",
                             "95 % CI (batch means)"), tuple(queue_rows)))
    if scale_rows:
        tables.append(Table("redesign-savings", "What the redesigns save (positive: saved)",
                            ("redesign", "saving", "per case", "per employer or worker a year", "national a year",
                             "scaled by"), tuple(scale_rows)))
    return ExtraSection("comparisons", "Redesigns compared with today", tuple(paragraphs), tuple(tables), tuple(figures))


def queues_section(runs: Sequence[tuple["Journey", "SimulationResult"]]) -> ExtraSection:
    """Queues at counters (:mod:`nssf_journey.simulation.queueing`): for each journey with arrivals and resources,
    the share of cases that give up in a queue and, per resource, servers, utilisation and queue waits."""
    from ..render.style import human_time
    from ..simulation.compiled import ABANDONED

    paragraphs = [
        "Where a journey says how often cases arrive and which steps queue for a counter, it is also simulated as a "
        "queue: cases arrive over the month as its arrivals say, and wait for a free server during opening hours; "
        "someone who has waited longer than their patience gives up. The lead times elsewhere in this report leave "
        "these queues out. The number of servers, the opening hours and the arrivals are assumptions unless a "
        "source is named below: read these figures as what those assumptions imply, to be checked against "
        "counter records."
    ]
    rows, summary = [], []
    for journey, result in runs:
        gave_up = result.outcomes.get(ABANDONED, 0.0)
        sentence = f"{journey.title}: with queues, {100 * gave_up:.1f} % of cases give up in a queue."
        arrivals_evidence = journey.arrivals.source.evidence if journey.arrivals and journey.arrivals.source \
            else "assumed"
        for res in journey.resources:
            stats = result.resources.get(res.id)
            if stats is None or stats.served + stats.abandoned == 0:
                continue
            q = stats.queue_wait
            evidence = res.source.evidence if res.source else "assumed"
            sentence += (f" At the {res.name or res.id} ({res.capacity} server{'s' if res.capacity != 1 else ''}, "
                         f"{evidence}), the wait averages {human_time(q.mean)}, one customer in ten waits more than "
                         f"{human_time(q.p90)}, and the servers are busy {100 * stats.utilization:.0f} % of their "
                         "open hours.")
            summary.append(
                f"Queues at counters, simulated with {evidence} servers and {arrivals_evidence} arrivals: in "
                f"\u201c{journey.title}\u201d {100 * gave_up:.1f} % of cases give up in a queue, and at the "
                f"{res.name or res.id} one customer in ten waits more than {human_time(q.p90)} (section Queues at "
                "counters).")
            rows.append((journey.id, res.name or res.id, res.capacity, evidence,
                         round(100 * stats.utilization, 1), round(q.mean, 1), round(q.p90, 1), stats.max_queue,
                         stats.served, stats.abandoned))
        sentence += f" Arrivals: {arrivals_evidence}."
        paragraphs.append(sentence)
    cases = ", ".join(f"{r.cases:,} arrivals of {j.id} (seed {r.seed})" for j, r in runs)
    table = Table("queues", "Queues at counters",
                  ("journey", "resource", "servers", "evidence", "utilisation %", "mean wait (min)",
                   "p90 wait (min)", "longest queue", "served", "gave up"), tuple(rows),
                  note=f"Queueing simulation of {cases}.")
    return ExtraSection("queues", "Queues at counters", tuple(paragraphs), (table,), summary=tuple(summary))
