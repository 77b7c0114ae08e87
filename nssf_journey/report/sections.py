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
        factors = "; ".join(f"{f.name.replace('_', ' ')} {f.value:.2f}"
                            + (" (assumed)" if f.evidence == "assumed" else "") for f in j.main_factors)
        channels = ", ".join(c.channel.replace("_", " ") + (" (used)" if c.persona_uses else "")
                             for c in j.channels)
        rows.append((rank, j.journey_title, j.step_name, j.lane, j.score, factors, channels))
    formula = " + ".join(f"{w:g} \u00d7 {k.replace('_', ' ')}" for k, w in DEFAULT_WEIGHTS.items())
    paragraphs = (
        "A critical juncture is a step where better information or better service would change the most: "
        "where journeys go wrong, citizens wait, feel worst, meet pain points, or act without knowing their "
        "rights or with unreliable information (the survey figures of the data folder).",
        f"Score = {formula}; each factor is per journey started, from 0 to 1, and the table shows the factors "
        f"(before their weights). The top {len(shown)} of {len(ranked)} scored steps are shown; 'reach via' lists "
        "channels that could reach the persona there, '(used)' those the persona already uses.",
    )
    table = Table("junctures", "Critical junctures for communication and service delivery",
                  ("rank", "journey", "step", "lane", "score", "main factors", "reach via"), tuple(rows))
    return ExtraSection("junctures", "Critical junctures", paragraphs, (table,))


def comparisons_section(comparisons: Sequence["Comparison"], *, diagrams: bool = True) -> ExtraSection:
    """What each redesign changes and saves (:mod:`nssf_journey.compare`), in a director's words: what changes
    (:func:`~nssf_journey.report.redesigns.plain_changes`), one overlay of the redesign on today's process, a
    waterfall of where the time saved comes from, and the figures before and after in one unit per table.
    The simulated lead times before and after go to the appendix."""
    from ..render.compare_charts import before_after_figure, waterfall_figure
    from ..render.diagram import DOT_INSTALL_HINT, GraphvizMissing, dot_available, render_dot, svg_width_px
    from ..render.diff_diagram import diff_dot
    from ..render.figures import figure_svg
    from ..render.style import human_time
    from ..simulation.stats import MIN_BATCH_CASES
    from .cells import time_unit
    from .document import Figure
    from .redesigns import plain_changes, redesign_name, step_savings

    paragraphs = [
        "Each redesign is compared with today's journey on the same model. The overlay draws today's process with "
        "what the redesign removes (struck through), adds (green) and changes (amber, with the new time or "
        "channel); the waterfall shows which steps the time saved comes from. Savings for the country multiply "
        "the saving per case by the cases a year of the journey, with their sources."
    ]
    rows, scale_rows, queue_rows, figures, appendix, blocks = [], [], [], [], [], []
    can_draw = diagrams and dot_available()
    for c in comparisons:
        first_paragraph, first_figure = len(paragraphs), len(figures)
        e, s = c.exact, c.simulated
        lead = e["lead_time"]
        avoidable = e["avoidable_time"]
        life = "" if abs(avoidable.before - lead.before) < 1e-9 else (
            f" (a better service could work on {human_time(avoidable.before)} of it, now "
            f"{human_time(avoidable.after)}; the rest is set by life, such as pregnancy or recovery)")
        sentence = (f"{redesign_name(c.redesign)} ({c.base.title}): " + " ".join(plain_changes(c)) +
                    f" The average time goes from {human_time(lead.before)} to {human_time(lead.after)}{life}; "
                    f"trips in person from {e['in_person_visits'].before:.2f} to {e['in_person_visits'].after:.2f} "
                    f"per case; money paid from US$ {e['cost'].before:.2f} to US$ {e['cost'].after:.2f}; the "
                    f"chance of ending well from {100 * e['success_probability'].before:.1f} % to "
                    f"{100 * e['success_probability'].after:.1f} %.")
        assumed = sum(1 for _, src in c.redesign.parameter_sources() if src.evidence == "assumed")
        total = len(c.redesign.parameter_sources())
        sentence += f" {assumed} of the redesign's {total} numbers are assumptions: treat the savings as estimates."
        paragraphs.append(sentence)
        if c.queues is not None:
            q = c.queues.deltas
            paragraphs.append(
                f"{redesign_name(c.redesign)}, with queues ({c.queues.cases:,} arriving cases simulated both ways): "
                f"the average wait in queues goes from {human_time(q['queue_wait'].before)} to "
                f"{human_time(q['queue_wait'].after)}, and the share of customers who give up in a queue from "
                f"{100 * q['abandoned'].before:.1f} % to {100 * q['abandoned'].after:.1f} %.")
            for name, d in q.items():
                queue_rows.append((c.redesign.id, name.replace("_", " "), d.kind, d.before, d.after, d.delta,
                                   d.ci95))
        for name, kind in (("lead_time", "time"), ("wait_time", "time"), ("in_person_visits", "visits"),
                           ("cost", "USD"), ("success_probability", "share")):
            d = e[name]
            sim = s.get("success" if name == "success_probability" else name) if s else None
            rows.append((c.redesign.id, name.replace("_", " ").replace("in person visits", "trips in person"),
                         kind, d.before, d.after, d.delta, sim.ci95 if sim else None))
        if c.national:
            for sv in c.national.savings:
                scale_rows.append((redesign_name(c.redesign), sv.what, sv.per_case, sv.per_customer_year,
                                   sv.national_year, f"{c.national.cases_per_year.value:,.0f} cases a year "
                                   f"({c.national.cases_per_year.evidence})"))
        pid = f"cmp-{c.redesign.id}"
        title = f"{redesign_name(c.redesign)}: what changes on today's process"
        if can_draw:
            try:
                svg = render_dot(diff_dot(c.base, c.redesign, id_prefix=f"{pid}-", direction="TB"),
                                 "svg").decode("utf-8")
                figures.append(Figure(
                    f"{pid}-diff", title, svg,
                    "Today's process with the redesign drawn over it: struck-through red steps are no longer "
                    "needed, green steps are new, amber steps change (the new time or channel is written in them).",
                    wide=svg_width_px(svg) > 1100, min_scale=0.9,
                    alt=f"Overlay of {c.redesign.title} on {c.base.title}. " + " ".join(plain_changes(c))))
            except (GraphvizMissing, RuntimeError) as exc:
                figures.append(Figure(f"{pid}-diff", title, None, note=str(exc)))
        else:
            figures.append(Figure(f"{pid}-diff", title, None,
                                  note=DOT_INSTALL_HINT if diagrams else "Diagrams were switched off."))
        savings = step_savings(c)
        if savings:
            figures.append(Figure(
                f"{pid}-waterfall", f"{redesign_name(c.redesign)}: where the time saved comes from",
                figure_svg(waterfall_figure(lead.before, savings)),
                "Average time per case today, what each step saves, and the time with the redesign (exact model).",
                alt=f"Waterfall: from {human_time(lead.before)} today to {human_time(lead.after)}; largest savings at "
                    + "; ".join(f"{n} ({human_time(v)})" for n, v in savings[:3]) + "."))
        blocks.append((tuple(paragraphs[first_paragraph:]), tuple(figures[first_figure:])))
        if c.records is not None:
            appendix.append(Figure(f"{pid}-lead", f"{redesign_name(c.redesign)}: how long cases take, today and "
                                   "after", figure_svg(before_after_figure(
                                       c.records[0].lead_time, c.records[1].lead_time, labels=("today", "redesign"))),
                                   f"Paired simulation of {c.cases:,} cases (seed {c.seed}), without queues.",
                                   wide=True))
    time_values = [v for r in rows if r[2] == "time" for v in (r[3], r[4], r[5])]
    unit = time_unit(time_values)
    per = {"days": 1440.0, "hours": 60.0, "minutes": 1.0}[unit]

    def shown(kind: str, value: float) -> float:
        return round(value / per, 4) if kind == "time" else round(value, 4)

    def ci(kind: str, interval) -> str:
        if interval is None:
            return "not simulated"
        div = per if kind == "time" else 1.0
        return f"{interval[0] / div:+.3g} to {interval[1] / div:+.3g}"

    tables = [Table("comparisons", "Redesigns against today: averages per case",
                    ("redesign", "figure", "unit", "today", "redesign", "difference", "simulated difference, 95 % CI"),
                    tuple((r[0], r[1], unit if r[2] == "time" else r[2], shown(r[2], r[3]), shown(r[2], r[4]),
                           shown(r[2], r[5]), ci(r[2], r[6])) for r in rows),
                    note=f"Times in {unit}, the same for every row.")]
    if queue_rows:
        q_unit = time_unit([v for r in queue_rows if r[2] == "time" for v in (r[3], r[4])])
        q_per = {"days": 1440.0, "hours": 60.0, "minutes": 1.0}[q_unit]
        tables.append(Table(
            "comparisons-queues", "Redesigns against today with queues: averages per arriving case",
            ("redesign", "figure", "unit", "today", "redesign", "difference", "95 % CI (batch means)"),
            tuple((r[0], r[1], q_unit if r[2] == "time" else "share", *(round(v / (q_per if r[2] == "time" else 1), 4)
                   for v in (r[3], r[4], r[5])),
                   (f"{r[6][0] / (q_per if r[2] == 'time' else 1):+.3g} to {r[6][1] / (q_per if r[2] == 'time' else 1):+.3g}"
                    if r[6] else f"none: under {MIN_BATCH_CASES} cases")) for r in queue_rows),
            note=f"Times in {q_unit}."))
    if scale_rows:
        tables.append(Table("redesign-savings", "What the redesigns save (positive: saved)",
                            ("redesign", "saving", "per case", "per employer or worker a year", "for the country a year",
                             "scaled by"), tuple(scale_rows),
                            note="Times in hours, as the saving's name says; large numbers are rounded."))
    return ExtraSection("comparisons", "Redesigns compared with today", tuple(paragraphs), tuple(tables),
                        tuple(figures), appendix_figures=tuple(appendix), blocks=tuple(blocks))


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
