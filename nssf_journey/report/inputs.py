"""What the report reads besides journeys: simulated lead times, the bibliography and the personas.

Kept apart from :mod:`.build` so that the report can be built from data alone (tests, other front ends) and
the command line decides where these come from.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Callable, Iterable

from ..loading.data import DataSet
from ..model import Journey
from .document import Simulation

Progress = Callable[[str], None]


def simulate_lead_times(journeys: Iterable[Journey], *, cases: int = 20_000, seed: int = 1,
                        progress: Progress | None = None) -> tuple[dict[str, Simulation], list[str]]:
    """Monte Carlo lead times (minutes) of each journey, and warnings for journeys that could not be simulated.

    Uses :func:`nssf_journey.simulation.monte_carlo` (independent cases, no queues between them).
    """
    from ..simulation import monte_carlo

    say = progress or (lambda _m: None)
    out: dict[str, Simulation] = {}
    warnings: list[str] = []
    journeys = list(journeys)
    for k, j in enumerate(journeys, start=1):
        say(f"[{k}/{len(journeys)}] {j.id}: simulating {cases:,} cases")
        try:
            result = monte_carlo(j, cases, seed=seed)
            lead = result.case_records["lead_time"]
        except Exception as exc:  # the report goes on without this journey's distribution
            warnings.append(f"{j.id}: simulation failed ({type(exc).__name__}: {exc}); no lead-time distribution")
            continue
        out[j.id] = Simulation(lead, f"Monte Carlo simulation of {cases:,} independent cases (seed {seed}); "
                                     "queues between cases are not simulated")
    return out, warnings


def sources_and_personas(data: DataSet | None) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The bibliography (by id, as plain mappings) and persona names of a data set, for the report."""
    if data is None:
        return {}, {}
    sources = {sid: asdict(src) for sid, src in data.sources.items()}
    return sources, {pid: p.name for pid, p in data.personas.items()}
