"""Simulation of journeys: Monte Carlo of independent cases, and queueing when cases compete for capacity.

- :func:`monte_carlo` draws many independent cases at once (NumPy, chunked, bounded memory);
- :func:`queueing` runs a discrete-event simulation in which cases arrive over time and queue FIFO for
  resources with a capacity, opening hours and impatient customers;
- :func:`simulate` picks one: queueing when the journey declares ``arrivals`` and a step uses a resource,
  Monte Carlo otherwise.

Both return a :class:`SimulationResult`: figures as data, per-case records and an event log as DataFrames.
"""

from .compiled import ABANDONED, CompiledJourney, compile_journey
from .load import offered_loads, overload_warnings
from .montecarlo import monte_carlo
from .queueing import queueing
from .results import EventLog, ResourceStats, SimulationResult, StepStats
from .run import MODES, default_mode, simulate
from .stats import Summary

__all__ = [
    "ABANDONED", "CompiledJourney", "EventLog", "MODES", "ResourceStats", "SimulationResult", "StepStats",
    "Summary", "compile_journey", "default_mode", "monte_carlo", "offered_loads", "overload_warnings",
    "queueing", "simulate",
]
