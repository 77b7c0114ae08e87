"""Choosing and running a simulation: Monte Carlo of independent cases, or queueing.

A journey with ``arrivals`` and at least one step that uses a resource is simulated as a queue
(:func:`~nssf_journey.simulation.queueing.queueing`); any other journey as independent cases
(:func:`~nssf_journey.simulation.montecarlo.monte_carlo`). ``mode`` forces one: Monte Carlo of a queueing journey
ignores its resources, calendars and patience (as the exact analysis does); queueing needs ``arrivals``.
"""

from __future__ import annotations

from typing import Callable

from ..model import Journey
from .results import EventSink, SimulationResult

MODES: tuple[str, ...] = ("montecarlo", "queueing")


def default_mode(journey: Journey) -> str:
    """``"queueing"`` when customers queue at a counter (arrivals and a step that uses a ``counter``), else
    ``"montecarlo"``. A journey whose only resource is a back office is simulated as independent cases unless
    queueing is asked for: its backlog is the subject of capacity planning."""
    if journey.has_counter_queues:
        return "queueing"
    return "montecarlo"


def simulate(journey: Journey, cases: int = 10_000, *, seed: int | None = None, mode: str | None = None,
             events: bool | EventSink = False, progress: Callable[[int, int], None] | None = None,
             max_steps: int | None = None) -> SimulationResult:
    """Simulate ``cases`` cases of ``journey`` (see the module docstring for the choice of ``mode``).

    ``events``: ``True`` keeps the event log, a callable receives it block by block; ``max_steps``: the cap on
    steps per case (default :data:`~nssf_journey.simulation.limits.MAX_STEPS`).

    Raises ``ValueError`` for ``cases <= 0``, an unknown ``mode``, or queueing without ``arrivals``.

    Examples
    --------
    >>> from nssf_journey.examples import one_step
    >>> j = one_step(duration="{dist: uniform, min: 0, max: 120}", deadline="1 h")
    >>> r = simulate(j, 100_000, seed=7)
    >>> r.mode, round(r.deadline_breach, 2)
    ('montecarlo', 0.5)
    """
    mode = mode or default_mode(journey)
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got '{mode}'")
    if mode == "queueing":
        from .queueing import queueing

        return queueing(journey, cases, seed=seed, events=events, progress=progress, max_steps=max_steps)
    from .montecarlo import monte_carlo

    return monte_carlo(journey, cases, seed=seed, events=events, progress=progress, max_steps=max_steps)
