"""Assemble the whole management report from journeys: everything ``nssf-journey report`` makes, as one call.

:func:`make_report` takes journey files or folders (or journeys already loaded) and does what the command does:
it keeps the as-is journeys (redesigns are compared with the journey they redesign instead of being reported as
today's service), reads the data folder, simulates lead times, ranks the critical junctures, simulates queues
where a journey has arrivals and counters, compares each redesign with today, and builds the
:class:`~nssf_journey.report.document.Report`. It returns the report and the warnings that a reader should know
about (what could not be done, and why); writing the files is :func:`~nssf_journey.report.output.write_report`.

>>> from nssf_journey.report import make_report, write_report        # doctest: +SKIP
>>> report, warnings = make_report(["journeys/"], cases=20_000, seed=1)  # doctest: +SKIP
>>> write_report(report, "reports/")                                  # doctest: +SKIP

:func:`make_comparison_report` does the same for one redesign against today (``nssf-journey compare --out``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Union

from ..loading.data import DataSet
from ..loading.problems import JourneyError, Problem
from ..model import Journey
from .document import ExtraSection, Report, Simulation

if TYPE_CHECKING:  # pragma: no cover
    from ..compare import Comparison
    from ..loading.institution import Institution
    from ..simulation.results import SimulationResult

Progress = Callable[[str], None]
#: What :func:`make_report` accepts for each journey: a journey, or a journey file or folder of them.
JourneySource = Union[Journey, str, "os.PathLike[str]"]

#: Shown where the lead-time distributions would be when the report is made without simulation.
NO_SIMULATION = "Simulation was switched off for this report (--no-simulate): no lead-time distribution is shown."


def load_sources(journeys: Iterable[JourneySource]) -> list[Journey]:
    """The journeys given, with every file or folder among them loaded, in the order given.

    Raises :class:`~nssf_journey.loading.problems.JourneyError` with the problems of every file that is not valid,
    and ``FileNotFoundError`` for a path that does not exist.
    """
    from ..loading.loader import load_journeys

    out: list[Journey] = []
    problems: list[Problem] = []
    for item in journeys:
        if isinstance(item, Journey):
            out.append(item)
            continue
        try:
            out.extend(load_journeys([item]))
        except JourneyError as exc:
            problems.extend(exc.problems)
    if problems:
        raise JourneyError(problems)
    return out


def read_data(data: DataSet | str | os.PathLike[str] | None, journeys: Iterable[Journey]
              ) -> tuple[DataSet | None, list[str]]:
    """The data set to report with, and a warning when there is none or it cannot be used.

    ``data`` may be a data set already read, a folder, or ``None`` for the journeys' data folder
    (:func:`~nssf_journey.loading.data.data_dir_of`: the nearest ``data/`` with a ``sources.yaml`` beside them).
    """
    from ..loading.data import SOURCES_FILE, data_dir_of, load_data

    if isinstance(data, DataSet):
        return data, []
    folder = Path(data) if data is not None else data_dir_of(j.file for j in journeys)
    if folder is None:
        return None, [f"no data folder beside the journeys (a data/ folder with {SOURCES_FILE} in their folder or "
                      "above it; --data names one); the report has no critical junctures section and no bibliography"]
    try:
        return load_data(folder), []
    except JourneyError as exc:
        return None, [f"{folder}: data unusable ({exc.problems[0]}); the report has no critical junctures section "
                      "and no bibliography"]


def make_report(
    journeys: Iterable[JourneySource],
    *,
    data: DataSet | str | os.PathLike[str] | None = None,
    simulate: bool = True,
    cases: int = 20_000,
    seed: int = 1,
    diagrams: bool = True,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
    lang: str = "en",
    logs: Mapping[str, str] | None = None,
) -> tuple[Report, tuple[str, ...]]:
    """The management report of ``journeys``, and its warnings: what ``nssf-journey report`` writes.

    Parameters
    ----------
    journeys
        Journeys, or journey files and folders (loaded and validated here), in the order the report shows them.
        Redesigns (``redesign_of``) are not reported as today's service: each is compared with the journey it
        redesigns when that journey is among them, and left out with a warning otherwise.
    data
        The data folder (``sources.yaml``, ``personas.yaml``, ``survey.yaml``, ``scale.yaml``) or a data set
        already read; by default ``data/`` beside the journeys' folder. Without usable data the report has no
        critical junctures section and no bibliography, and says so in a warning.
    simulate
        Simulate lead times (Monte Carlo, ``cases`` per journey, ``seed``), the queues of journeys with arrivals
        and resources, and the paired comparisons of redesigns. Without it the report shows exact figures only.
    diagrams
        Draw process diagrams with Graphviz; when its ``dot`` program is missing the report says how to install
        it, and a warning says so.
    progress
        Called with a short message at each stage (simulating, drawing a journey, comparing), for long runs.
    now
        The time the report says it was generated (default: now).
    lang
        The language of the page: ``en``, or ``km`` for Khmer (a draft until reviewed; the page says so).
    logs
        Event logs to hold journeys against, by journey id (a file each), besides the logs journeys name in their
        own ``event_log``: the section "model against reality" (with ``simulate``).

    Returns
    -------
    (Report, warnings)
        The report (its :attr:`~nssf_journey.report.document.Report.warnings` are the same warnings) and the
        warnings as one-line texts.

    Raises
    ------
    JourneyError
        A journey file is not valid (every problem of every file).
    FileNotFoundError
        A journey path does not exist.
    ValueError
        No journey is an as-is journey (all are redesigns), or ``cases`` is below 1.
    """
    from .build import build_report
    from .inputs import simulate_lead_times, sources_and_personas

    from ..i18n import LANGUAGES

    if cases < 1:
        raise ValueError(f"cases must be at least 1, got {cases}")
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got '{lang}'")
    loaded = load_sources(journeys)
    as_is = [j for j in loaded if j.redesign_of is None]
    redesigns = [j for j in loaded if j.redesign_of is not None]
    if not as_is:
        raise ValueError("no as-is journey to report on: every journey given is a redesign (redesign_of)")
    say = progress or (lambda _message: None)
    warnings: list[str] = []
    simulations: dict[str, Simulation] = {}
    queued = [j for j in as_is if j.has_counter_queues] if simulate else []
    if simulate:
        # a journey with queues is simulated once, with them: all its figures come from that run
        simulations, failed = simulate_lead_times([j for j in as_is if j not in queued], cases=cases, seed=seed,
                                                  progress=say)
        warnings += failed
    if diagrams:
        from ..render.diagram import DOT_INSTALL_HINT, dot_available

        if not dot_available():
            warnings.append(f"{DOT_INSTALL_HINT}; the report has no process diagrams")
    dataset, unusable = read_data(data, as_is)
    warnings += unusable
    institution, bad_settings = read_institution(dataset)
    warnings += bad_settings
    extra: list[ExtraSection] = []
    if dataset is not None:
        from .sections import junctures_section

        say("critical junctures")
        extra.append(junctures_section(as_is, dataset))
    if queued:
        from ..simulation.queueing import queueing
        from .sections import queues_section

        say(f"simulating queues of {', '.join(j.id for j in queued)}")
        runs = [(j, queueing(j, cases, seed=seed)) for j in queued]
        simulations.update({j.id: queued_simulation(j, r) for j, r in runs})
        extra.append(queues_section(runs))
    if simulate:
        reality, failed = reality_checks(as_is, logs or {}, cases=cases, seed=seed, progress=say)
        warnings += failed
        if reality:
            from .reality_section import reality_section

            extra.append(reality_section(reality))
    elif logs:
        warnings.append("--no-simulate: the journeys are not held against their event logs")
    if simulate:
        from .capacity_section import report_capacity

        capacity = report_capacity(as_is, dataset, seed=seed, progress=say)
        if capacity is not None:
            extra.append(capacity)
    by_id = {j.id: j for j in as_is}
    comparable = [r for r in redesigns if r.redesign_of in by_id]
    warnings += [f"redesign '{r.id}' extends '{r.redesign_of}', which is not among the journeys reported on; it is "
                 "left out" for r in redesigns if r.redesign_of not in by_id]
    comparisons = []
    if comparable:
        from ..compare import compare_journeys
        from .sections import comparisons_section

        say(f"comparing {len(comparable)} redesign{'s' if len(comparable) != 1 else ''} with today")
        comparisons = [compare_journeys(by_id[r.redesign_of], r, cases=cases if simulate else 0, seed=seed,
                                        data=dataset) for r in comparable]
        extra.append(comparisons_section(comparisons, diagrams=diagrams))
    scale = {}
    if dataset is not None:
        from ..compare.scale import load_scale

        try:
            scale = load_scale(dataset)
        except JourneyError as exc:
            warnings.append(f"{exc.problems[0]}; changes are ranked per case, not per year")
    sources, personas = sources_and_personas(dataset)
    report = build_report(as_is, simulations=simulations, sources=sources, personas=personas, diagrams=diagrams,
                          simulation_note=None if simulate else NO_SIMULATION, progress=say, extra_sections=extra,
                          now=now, institution=institution, comparisons=comparisons, scale=scale)
    from .build import default_title

    report = replace(report, warnings=tuple(warnings), lang=lang, title=default_title(institution, lang))
    return report, tuple(warnings)


def reality_checks(journeys: Iterable[Journey], logs: Mapping[str, str], *, cases: int, seed: int,
                   progress: Progress) -> tuple[list, list[str]]:
    """Each journey with an event log (``logs`` by journey id, else its ``event_log``) held against it
    (:func:`~nssf_journey.reality.conformance.conform`, with a simulation), and warnings for the logs that cannot
    be read or used."""
    from ..eventlog import LogError, read_log
    from ..reality.conformance import conform

    by_id = {j.id: j for j in journeys}
    warnings = [f"--log: no journey '{k}' among the journeys reported on" for k in logs if k not in by_id]
    out: list = []
    for j in by_id.values():
        options: dict[str, str] = {}
        if j.id in logs:
            path = logs[j.id]
        elif j.event_log is not None:
            path, options = j.event_log.path(j.file), j.event_log.read_options()
        else:
            if measured_logs(j):  # calibrated or discovered, its log not at hand: say from which log anyway
                out.append((j, None))
            continue
        progress(f"holding {j.id} against its event log")
        try:
            log = read_log(path, read_resource=False, **options)
            out.append((j, (conform(j, log, cases=cases, seed=seed), Path(path).name)))
        except LogError as exc:
            warnings.append(f"{j.id}: event log {path}: {exc.problems[0]}; not held against it")
            if measured_logs(j):
                out.append((j, None))
        except ValueError as exc:
            warnings.append(f"{j.id}: event log {path}: {exc}")
    return out, warnings


def measured_logs(journey: Journey) -> list:
    """The entries of the journey's bibliography that its measured numbers cite (event logs, time studies)."""
    cited = {s.source_id for _, s in journey.parameter_sources() if s.evidence == "measured"}
    return [b for b in journey.bibliography if b.id in cited]


def read_institution(dataset: DataSet | None) -> tuple["Institution", list[str]]:
    """The institution of the data folder (:mod:`nssf_journey.loading.institution`), and a warning when its
    settings file is not valid (the report then names no institution)."""
    from ..loading.institution import GENERIC, load_institution

    if dataset is None:
        return GENERIC, []
    try:
        return load_institution(dataset.folder, dataset.sources), []
    except JourneyError as exc:
        return GENERIC, [f"{exc.problems[0]}; the report names no institution"]


def queued_simulation(journey: Journey, result: "SimulationResult") -> Simulation:
    """The journey's figures from its queueing run: lead times, their summary, the share that ends in success
    and the share that gives up in a queue."""
    from ..simulation.compiled import ABANDONED

    success = sum(share for outcome, share in result.outcomes.items()
                  if outcome != ABANDONED and journey.outcome(outcome).is_success)
    return Simulation(result.case_records["lead_time"],
                      f"Queueing simulation of {result.cases:,} arriving cases (seed {result.seed}), with opening "
                      "hours, servers and customers who give up", summary=result.lead_time, success=success,
                      gave_up=result.outcomes.get(ABANDONED, 0.0))


def make_comparison_report(comparison: "Comparison", *, diagrams: bool = True,
                           now: dt.datetime | None = None) -> Report:
    """The report of one redesign against today (``nssf-journey compare --out``): both journeys, each with the
    lead times of the paired simulation when there is one, and the comparison section."""
    from .build import build_report
    from .sections import comparisons_section

    c = comparison
    simulations = {}
    if c.records is not None:
        method = f"paired Monte Carlo simulation of {c.cases:,} cases (seed {c.seed}); no queues"
        simulations = {c.base.id: Simulation(c.records[0].lead_time, method),
                       c.redesign.id: Simulation(c.records[1].lead_time, method)}
    return build_report([c.base, c.redesign], simulations=simulations, diagrams=diagrams, now=now,
                        extra_sections=[comparisons_section([c], diagrams=diagrams)],
                        title=f"{c.redesign.title} compared with today", comparisons=[c])


def comparison_report_files(comparison: "Comparison", report: Report | None = None, *,
                            unit: str | None = None) -> dict[str, bytes]:
    """Every file of the comparison report (:func:`make_comparison_report` unless ``report`` is given), and
    ``comparison.json``: the comparison's :meth:`~nssf_journey.compare.Comparison.to_dict` in ``unit`` (default:
    the as-is journey's)."""
    from ..output.json_text import json_text
    from .output import report_files

    files = report_files(report or make_comparison_report(comparison))
    unit = unit or comparison.base.time_unit
    files["comparison.json"] = (json_text(comparison.to_dict(unit)) + "\n").encode("utf-8")
    return files


__all__ = ["NO_SIMULATION", "comparison_report_files", "load_sources", "make_comparison_report", "make_report",
           "read_data"]
