"""Plain-text tables of analysis results, for the terminal.

Pure functions from results to strings; the CLI prints them. Times are shown in the unit asked for (default:
the journey's ``time_unit``) with its abbreviation (:data:`~nssf_journey.units.UNIT_SHORT`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..units import fmt_share, fmt_time
from .metrics import JourneyAnalysis

if TYPE_CHECKING:  # pragma: no cover
    from .junctures import JunctureRanking
    from .sensitivity import Sensitivity


def analysis_table(a: JourneyAnalysis, unit: str) -> str:
    """The human-readable report of ``nssf-journey analyze``."""
    j = a.journey
    lines = [
        f"{j.title}  [{j.id}]" + (f"  {j.file}" if j.file else ""),
        f"Exact expected values (absorbing Markov chain); times in {unit}; money in USD.",
        "",
        f"  Lead time (mean)        {fmt_time(a.lead_time_mean, unit)}   (sd {fmt_time(a.lead_time_sd, unit)})",
        f"  Active time (mean)      {fmt_time(a.active_time_mean, unit)}",
        f"  Waiting time (mean)     {fmt_time(a.wait_time_mean, unit)}",
        f"  Flow efficiency         {fmt_share(a.flow_efficiency)}",
        f"  Steps executed          {a.expected_steps:.2f} expected, of {a.distinct_steps} distinct steps",
        f"  Handoffs                {a.handoffs:.2f}",
        f"  Touchpoints             {a.touchpoints:.2f}",
        f"  In-person visits        {a.in_person_visits:.2f}",
        f"  Money spent             USD {a.customer_cost:,.2f}",
        "",
        "Outcomes",
    ]
    width = max((len(o.outcome) for o in a.outcomes), default=7)
    for o in a.outcomes:
        lines.append(
            f"  {o.outcome:<{width}}  {fmt_share(o.probability):>8}  {o.kind:<7}  lead time {fmt_time(o.lead_time_mean, unit)}"
        )
    lines += [
        "",
        f"Most likely path ({fmt_share(a.most_likely_path_probability)}): " + " -> ".join(a.most_likely_path),
        f"Critical path ({fmt_time(a.critical_path_time, unit)}, loops left out): " + " -> ".join(a.critical_path),
        "Loops (rework): " + (", ".join(f"{u} -> {w}" for u, w in a.loops) if a.loops else "none"),
        "",
        "Bottlenecks (share of the expected lead time)",
    ]
    ranked = a.bottlenecks
    sw = max((len(s.step) for s in ranked), default=4)
    for rank, s in enumerate(ranked, start=1):
        lines.append(
            f"  {rank:>2}. {s.step:<{sw}}  {fmt_share(s.share_of_lead_time):>8}  visits {s.expected_visits:5.2f}"
            f"  wait {fmt_time(s.mean_wait, unit):>10}  active {fmt_time(s.mean_duration, unit):>10}"
        )
    if not ranked:
        lines.append("  none: no step takes any time")
    return "\n".join(lines)


def junctures_table(ranking: "JunctureRanking") -> str:
    """The critical junctures shown by ``ranking``, with the factors behind each and the channels that reach there
    (the output of ``nssf-journey junctures``)."""
    redesigns = ranking.redesigns
    lines = [
        f"Critical junctures for communication and service delivery: {len(ranking.journeys)} journeys, "
        f"{len(ranking.junctures)} steps scored"
        + (f" ({len(redesigns)} redesigns left out: junctures are about today's service)" if redesigns else ""),
        f"score = {ranking.formula}",
        "(each factor is per journey started, from 0 to 1; assumed inputs are marked)",
    ]
    for rank, j in enumerate(ranking.shown, start=1):
        lines += ["", f"{rank:>2}. {j.journey} / {j.step}: {j.step_name}   score {j.score:.2f}",
                  f"    actor {j.actor} ({j.lane})" + (f"; persona {j.persona}" if j.persona else "")]
        for f in j.main_factors:
            mark = " (assumed)" if f.evidence == "assumed" and "assumed" not in f.detail else ""
            lines.append(f"    {f.name:<22} {f.contribution:5.2f} = {f.weight:g} x {f.value:.2f}  {f.detail}{mark}")
        for c in j.channels:
            lines.append(f"    reach via {c.channel}{' (persona uses it)' if c.persona_uses else ''}: {c.reason}")
    return "\n".join(lines)


#: The narrowest the parameter column of the sensitivity tables gets (it widens to the longest name shown).
PARAMETER_COLUMN = 44


def sensitivity_table(result: "Sensitivity", unit: str | None = None, top: int | None = None) -> str:
    """The parameters that move the lead time most (the first ``top``; all when ``None`` or 0), then, for a journey
    with queues, those that move the queues (the output of ``nssf-journey sensitivity``).

    Parameter names are never cut: the column is as wide as the longest name shown, so two parameters never look
    the same.
    """
    unit = unit or result.journey.time_unit
    ranked = result.by_lead_time()[: top or None]
    queues = result.queues
    labels = [e.parameter.label for e in ranked] + ([e.parameter.label for e in queues.effects] if queues else [])
    w = max([PARAMETER_COLUMN - 1, *map(len, labels)]) + 1
    journey = result.journey
    lines = [f"{journey.title}  [{journey.id}]",
             f"Mean lead time today {fmt_time(result.lead_time, unit)}; chance of success "
             f"{100 * result.success_probability:.1f} %",
             "Ranges: " + ", ".join(f"{k} x{lo:g}-{hi:g}" for k, (lo, hi) in result.ranges.items()), "",
             f"{'parameter':<{w}}{'evidence':<10}{'lead time low-high':>26}{'success low-high':>20}"]
    for e in ranked:
        lead = f"{fmt_time(e.lead_time_low, unit)} - {fmt_time(e.lead_time_high, unit)}"
        succ = f"{100 * e.success_low:.1f}-{100 * e.success_high:.1f} %"
        lines.append(f"{e.parameter.label:<{w}}{e.parameter.evidence:<10}{lead:>26}{succ:>20}")
    first = result.measure_first()
    if first:
        lines += ["", "Measure first (assumed numbers with the largest effect): "
                  + "; ".join(e.parameter.label for e in first)]
    if queues is not None:
        b = queues.base
        lines += ["", f"With queues (queueing simulation of {queues.cases:,} arrivals, seed {queues.seed}): today "
                  f"{100 * b.gave_up:.1f} % give up in a queue; mean queue wait {fmt_time(b.queue_wait, unit)}",
                  f"{'parameter':<{w}}{'evidence':<10}{'range':>20}{'gave up low-high':>20}{'queue wait low-high':>26}"]
        for q in queues.ranked():
            p = q.parameter
            rng = (f"{q.low:g}-{q.high:g}" if p.kind == "servers"
                   else f"{fmt_time(q.low, unit)} - {fmt_time(q.high, unit)}")
            gave = f"{100 * q.at_low.gave_up:.1f}-{100 * q.at_high.gave_up:.1f} %"
            wait = f"{fmt_time(q.at_low.queue_wait, unit)} - {fmt_time(q.at_high.queue_wait, unit)}"
            lines.append(f"{p.label:<{w}}{p.evidence:<10}{rng:>20}{gave:>20}{wait:>26}")
    return "\n".join(lines)
