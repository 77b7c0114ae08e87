"""The report's "model against reality" section: for each journey that has an event log, how far its model and
its simulation are from what really happened (:mod:`nssf_journey.reality`).

Management must never read a simulated figure without knowing how far the simulation is from reality. For each
journey with a log (its ``event_log``, or ``report --log ID=FILE``) the section says which log (file, cases,
period), how many of the journey's numbers are measured on it, the share of real cases that follow a path of
the journey and the moves real cases make that it lacks, and compares a simulation with the log: the mean,
median, 90th and 95th percentiles of the case duration with the log's own 95 % intervals, the mean per outcome,
the share of simulated cases that follow a real variant, and the earth mover's distance.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Sequence

from .document import ExtraSection, Table

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Journey
    from ..reality.conformance import Conformance


def _pct(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"{x:+.0%}"


def reality_section(items: Sequence[tuple["Journey", tuple["Conformance", str] | None]]) -> ExtraSection:
    """The section for each journey with a log: ``(journey, (conformance with fidelity, the log's file name))``, or
    ``(journey, None)`` for a journey whose numbers were measured on a log that is not at hand (the section then
    says from which log, which period and how many cases)."""
    from ..render.style import human_time
    from ..reality.fidelity import MIN_OUTCOME_SHARE, TARGETS

    paragraphs = [
        "Where a journey has an event log of real cases, the model is held against it: how many real cases follow "
        "a path of the journey, and how far a simulation of the journey is from what really happened. The log is a "
        "sample too, so each of its figures comes with its 95 % interval; a simulated figure inside it is as close "
        "as the log can tell."]
    figure_rows, fit_rows, summary = [], [], []
    for j, held in items:
        measured = sum(1 for _, s in j.parameter_sources() if s.evidence == "measured")
        total = len(j.parameter_sources())
        if held is None:
            cited = {s.source_id for _, s in j.parameter_sources() if s.evidence == "measured"}
            logs = "; ".join(b.notes or b.title for b in j.bibliography if b.id in cited)
            paragraphs.append(f"{j.title}: {measured} of its {total} numbers are measured, on {logs}. The log is not "
                              "at hand, so the journey is not held against it here (name it with event_log, or "
                              "report --log).")
            continue
        c, named = held
        f = c.fidelity
        cited = [b for b in j.bibliography if b.notes and named in b.notes]
        about = cited[0].notes if cited else named
        text = (f"{j.title}: held against the event log {about}. {measured} of its {total} numbers are measured"
                f"{' on it' if cited else ''}. {c.fitness:.0%} of the log's cases follow a path of the journey")
        if c.missing_arcs:
            top = c.missing_arcs[0]
            text += (f"; real cases make {len(c.missing_arcs)} moves the journey does not have, the most frequent "
                     f"{top.source} > {top.target} ({top.occurrences:,} times)")
        paragraphs.append(text + ".")
        if f is None:
            paragraphs.append(f"{j.title}: no simulated case passes a step the log records; nothing to compare.")
            continue
        median, p90 = f.figure("median"), f.figure("p90")
        met = f.targets()
        paragraphs.append(
            f"A simulation of {f.simulated_cases:,} cases (seed {f.seed}), seen as the log records cases: the median "
            f"case takes {human_time(median.simulated)} against {human_time(median.log)} in reality "
            f"({_pct(median.difference)}; {'inside' if median.within_log_interval else 'outside'} the log's 95 % "
            f"interval), the 90th percentile {human_time(p90.simulated)} against {human_time(p90.log)} "
            f"({_pct(p90.difference)}). {f.real_variant_share:.0%} of simulated cases record a sequence of activities "
            f"that real cases followed; the distributions of case durations are {human_time(f.earth_movers_distance)} "
            f"apart on average (earth mover's distance, {f.relative_distance:.0%} of the mean). Goals: median and "
            f"90th percentile within {TARGETS['median']:.0%}, mean per outcome within {TARGETS['outcome_mean']:.0%}, "
            f"{TARGETS['real_variant_share']:.0%} of simulated cases on a real variant: "
            + ", ".join(f"{k.replace('_', ' ')} {'met' if ok else 'not met'}" for k, ok in met.items()) + ".")
        if not (met["median"] and met["p90"]):
            summary.append(f"The simulated times of \u201c{j.title}\u201d are far from its event log (median "
                           f"{_pct(median.difference)}, 90th percentile {_pct(p90.difference)}): read its simulated "
                           "figures with care (model against reality).")
        for x in f.figures:
            figure_rows.append((j.title, f"case duration, {x.name}", x.log, x.simulated, x.difference, x.low, x.high))
        for o in f.outcomes:
            if o.log_share >= MIN_OUTCOME_SHARE:
                figure_rows.append((j.title, f"mean case duration, outcome {o.outcome}", o.log_mean,
                                    None if math.isnan(o.simulated_mean) else o.simulated_mean,
                                    None if math.isnan(o.difference) else o.difference, None, None))
        fit_rows.append((j.title, f.log_cases, c.fitness, f.real_variant_share, f.real_variants_covered,
                         f.earth_movers_distance, f.relative_distance))
    tables = (
        Table("reality", "The simulation against the event log",
              ("journey", "figure", "log (min)", "simulated (min)", "difference (share)", "log's 95 % from (min)",
               "log's 95 % to (min)"), tuple(figure_rows),
              note="Cases as the log records them: from their first to their last recorded step."),
        Table("reality-fit", "How well each journey describes its log",
              ("journey", "cases in the log", "cases on a path of the journey (share)",
               "simulated cases on a real variant (share)", "real variants the simulation makes (share)",
               "earth mover's distance (min)", "distance, of the mean (share)"), tuple(fit_rows)),
    )
    return ExtraSection("reality", "Model against reality", tuple(paragraphs), tables, summary=tuple(summary))
