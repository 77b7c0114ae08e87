"""nssf-journey: map, measure, simulate and redesign journeys through a social security institution.

The library works without the command line:

>>> from nssf_journey import parse_journey, analyze
>>> j = parse_journey('''
... journey: demo
... title: Demo
... actors: [{id: w, name: Worker, lane: customer}]
... start: ask
... steps:
...   - {id: ask, name: Ask the employer, actor: w, duration: "20 min", next: done, source: "assumption: demo"}
...   - {id: done, name: Answered, actor: w, outcome: success}
... ''')
>>> analyze(j).lead_time_mean
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
    **dict.fromkeys(["journey_graph", "loop_edges"], "analysis.graph"),
    **dict.fromkeys(["check_files", "journey_files", "load_journey", "load_journeys", "parse_journey"], "loading.loader"),
    **dict.fromkeys(["JourneyAnalysis", "analyze", "critical_path", "most_likely_path"], "analysis.metrics"),
    **dict.fromkeys(["Actor", "Branch", "Journey", "Step"], "model"),
    **dict.fromkeys(["JourneyError", "Problem"], "loading.problems"),
    **dict.fromkeys(["EventLog", "LogError", "discover", "read_log", "summarize", "to_yaml"], "eventlog"),
    "simulate": "simulation",
    "monte_carlo": "simulation",
    "compare_journeys": "compare",
    "rank_junctures": "analysis.junctures",
    "awareness_funnel": "analysis.funnel",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nssf_journey' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .compare import compare_journeys
    from .distributions import (Distribution, Empirical, Exponential, Fixed, Lognormal, Normal, Quantiles, Triangular,
                                Uniform)
    from .loading.format import json_schema
    from .analysis.funnel import awareness_funnel
    from .analysis.graph import journey_graph, loop_edges
    from .analysis.junctures import rank_junctures
    from .loading.loader import check_files, journey_files, load_journey, load_journeys, parse_journey
    from .analysis.metrics import JourneyAnalysis, analyze, critical_path, most_likely_path
    from .model import Actor, Branch, Journey, Step
    from .loading.problems import JourneyError, Problem
    from .eventlog import EventLog, LogError, discover, read_log, summarize, to_yaml
    from .simulation import monte_carlo, simulate
