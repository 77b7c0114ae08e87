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
"""

from .distributions import Distribution, Empirical, Exponential, Fixed, Lognormal, Normal, Triangular, Uniform
from .format import json_schema
from .graph import journey_graph, loop_edges
from .loader import check_files, discover, load_journey, load_journeys, parse_journey
from .metrics import JourneyAnalysis, analyze, critical_path, most_likely_path
from .model import Actor, Branch, Journey, Step
from .problems import JourneyError, Problem

__version__ = "0.1.0"

__all__ = [
    "Actor", "Branch", "Distribution", "Empirical", "Exponential", "Fixed", "Journey", "JourneyAnalysis",
    "JourneyError", "Lognormal", "Normal", "Problem", "Step", "Triangular", "Uniform", "analyze",
    "check_files", "critical_path", "discover", "journey_graph", "json_schema", "load_journey",
    "load_journeys", "loop_edges", "most_likely_path", "parse_journey",
]
