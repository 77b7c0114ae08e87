"""nssf-journey: map, measure, simulate and redesign journeys through a social security institution.

The library works without the command line:

>>> from nssf_journey import analyze, load_journey
>>> a = analyze(load_journey("journeys/worker_registration.yaml"))   # doctest: +SKIP
>>> from nssf_journey.examples import one_step                        # a small journey for examples
>>> analyze(one_step(duration="20 min")).lead_time_mean
20.0

Names are imported from their modules when first used, so that a command pays only for what it needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(["Distribution", "Empirical", "Exponential", "Fixed", "Lognormal", "Normal", "Quantiles",
                     "Triangular", "Uniform"], "distributions"),
    "json_schema": "loading.format",
    **dict.fromkeys(["critical_path", "journey_graph", "loop_edges", "most_likely_path"], "analysis.graph"),
    **dict.fromkeys(["check_files", "journey_files", "load_journey", "load_journeys", "parse_journey"], "loading.loader"),
    **dict.fromkeys(["JourneyAnalysis", "analyze"], "analysis.metrics"),
    **dict.fromkeys(["Actor", "Branch", "Journey", "Step"], "model"),
    **dict.fromkeys(["JourneyError", "Problem"], "loading.problems"),
    **dict.fromkeys(["EventLog", "LogError", "discover", "read_log", "summarize", "to_yaml"], "eventlog"),
    "simulate": "simulation",
    "monte_carlo": "simulation",
    "compare_journeys": "compare",
    **dict.fromkeys(["critical_junctures", "rank_junctures"], "analysis.junctures"),
    **dict.fromkeys(["awareness_funnel", "funnel_what_if"], "analysis.funnel"),
    "sensitivity": "analysis.sensitivity",
    "journey_dot": "render.diagram",
    "make_report": "report",
    "make_pack": "infopack",
}

#: The public names (those of :data:`_EXPORTS`), written out so that tools see them.
__all__ = ["Actor", "Branch", "Distribution", "Empirical", "EventLog", "Exponential", "Fixed", "Journey",
           "JourneyAnalysis", "JourneyError", "LogError", "Lognormal", "Normal", "Problem", "Quantiles", "Step",
           "Triangular", "Uniform", "analyze", "awareness_funnel", "check_files", "compare_journeys",
           "critical_junctures", "critical_path", "discover", "funnel_what_if", "journey_dot", "journey_files",
           "journey_graph", "json_schema", "load_journey", "load_journeys", "loop_edges", "make_pack", "make_report",
           "monte_carlo", "most_likely_path", "parse_journey", "rank_junctures", "read_log", "sensitivity",
           "simulate", "summarize", "to_yaml"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nssf_journey' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only; tests/test_exports.py checks it
    from .analysis.funnel import awareness_funnel, funnel_what_if
    from .analysis.graph import critical_path, journey_graph, loop_edges, most_likely_path
    from .analysis.junctures import critical_junctures, rank_junctures
    from .analysis.metrics import JourneyAnalysis, analyze
    from .analysis.sensitivity import sensitivity
    from .compare import compare_journeys
    from .distributions import (Distribution, Empirical, Exponential, Fixed, Lognormal, Normal, Quantiles, Triangular,
                                Uniform)
    from .eventlog import EventLog, LogError, discover, read_log, summarize, to_yaml
    from .infopack import make_pack
    from .loading.format import json_schema
    from .loading.loader import check_files, journey_files, load_journey, load_journeys, parse_journey
    from .loading.problems import JourneyError, Problem
    from .model import Actor, Branch, Journey, Step
    from .render.diagram import journey_dot
    from .report import make_report
    from .simulation import monte_carlo, simulate
